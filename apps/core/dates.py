import calendar
import datetime
import re
from dataclasses import dataclass


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def full_years(start: datetime.date, on: datetime.date) -> int:
    """Completed years between two days, as age is counted."""
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def school_year_start(on: datetime.date) -> int:
    """The school year runs from 1 September: 15.03.2026 belongs to 2025/2026."""
    return on.year if on.month >= 9 else on.year - 1


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; 31 January + 1 month is 28 (29) February."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, order=True)
class SchoolYear:
    """One school year, 1 September `start` – 31 August `start + 1`: the period every report counts.

    What of a school year's data a report counts is said once, next to each model: a pair is of the year
    when it ran at any time within it (`PairQuerySet.of_school_year`), a programme and its activities with
    their pair (activities due within the year), an answer when it was submitted within the year
    (`ResponseQuerySet.of_school_year`), roadmap events of the roadmap drawn up for that year.
    """

    start: int

    @classmethod
    def of(cls, day: datetime.date) -> "SchoolYear":
        return cls(school_year_start(day))

    @classmethod
    def parse(cls, value: str | None, *, default: "SchoolYear") -> "SchoolYear":
        """«2025», «2025/2026» or «2025-2026» from a query string; `default` when empty.

        Raises ValueError for anything else (a view answers 404)."""
        value = (value or "").strip()
        if not value:
            return default
        match = YEAR_PATTERN.fullmatch(value)
        if match is None:
            raise ValueError(f"not a school year: {value!r}")
        start = int(match[1])
        if not MIN_YEAR <= start <= MAX_YEAR or (match[2] and int(match[2]) != start + 1):
            raise ValueError(f"not a school year: {value!r}")
        return cls(start)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.start, 9, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.start + 1, 8, 31)

    @property
    def label(self) -> str:
        """«2025/2026»."""
        return f"{self.start}/{self.start + 1}"

    def __str__(self):
        return self.label

    def contains(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day

    def counting_day(self, today: datetime.date) -> datetime.date:
        """The day the year's figures are counted on: today within the year, its last day once it is over,
        its first day before it begins."""
        if self.contains(today):
            return today
        return self.last_day if today > self.last_day else self.first_day


MIN_YEAR, MAX_YEAR = 2000, 2100
YEAR_PATTERN = re.compile(r"([0-9]{4})(?:[/-]([0-9]{4}))?")
