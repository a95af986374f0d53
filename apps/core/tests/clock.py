"""Dates for tests that age well: every day relative to today, never a fixed year.

The code under test reads today from ``timezone.localdate()``, so test data that hard-codes a year
(a young specialist who started teaching on 1 September 2024) quietly stops meaning what the test
says once the calendar moves on. Build such data from these helpers; a test that needs one exact
day of the school year (say, nothing may cross 1 September) freezes the clock with ``freeze_today``.
A pure function checked on explicit dates (``add_months(31 January)``) may keep literal dates.
"""

import datetime

from django.utils import timezone

from apps.core import dates


def today() -> datetime.date:
    return timezone.localdate()


def school_year_start(years: int = 0) -> int:
    """The calendar year in which the current school year began (2026 from 1.09.2026 to 31.08.2027);
    ``years=-1`` gives last school year's, ``years=1`` next one's."""
    return dates.school_year_start(today()) + years


def this_school_year(month: int, day: int, *, years: int = 0) -> datetime.date:
    """That day of the current school year (or of the one ``years`` away): September to December
    fall in its first calendar year, January to August in its second."""
    start = school_year_start(years)
    return datetime.date(start if month >= 9 else start + 1, month, day)


def years_ago(years: int, month: int | None = None, day: int | None = None) -> datetime.date:
    """Today ``years`` years ago (29 February becomes 28); with ``month`` and ``day``, that day of the
    calendar year ``years`` before this one."""
    if month is None:
        return dates.add_years(today(), -years)
    return datetime.date(today().year - years, month, day)


def freeze_today(monkeypatch, day: datetime.date) -> datetime.date:
    """From now to the end of the test ``timezone.now()`` falls on ``day`` (in the portal's time zone),
    the clock still ticking; returns ``day``."""
    shift = day - timezone.localdate()
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + shift)
    return day


class Scenario:
    """A hand-built scenario written with readable dates for one school year, moved by whole years
    to the current one, so that every date keeps its place in the school year (an activity due in
    October is overdue on 20 November) and «this school year» stays this school year::

        on = Scenario(written_for=2026)  # the scenario reads as 2026/2027
        TODAY = on(2026, 11, 20)         # 20 November of the current school year
        on.year                          # the calendar year the current school year began in
    """

    def __init__(self, *, written_for: int):
        self.year = school_year_start()
        self.shift = self.year - written_for

    def __call__(self, year: int, month: int, day: int) -> datetime.date:
        return dates.add_years(datetime.date(year, month, day), self.shift)

    def school_year(self, years: int = 0) -> str:
        """«2026/2027» for the current school year, ``years=-1`` for the one before."""
        return f"{self.year + years}/{self.year + years + 1}"
