import calendar
import datetime


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
