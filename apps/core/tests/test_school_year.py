"""core.dates.SchoolYear: the period of 1 September – 31 August and what a query string may say of it."""

import datetime

import pytest

from apps.core.dates import SchoolYear

DEFAULT = SchoolYear(2026)


@pytest.mark.parametrize("value", ["abc", "1999", "2101", "2025/2027", "2025-", "2025/", "25", "2025.5", "२०२५", " 2025/2026/2027"])
def test_anything_but_a_school_year_is_refused(value):
    with pytest.raises(ValueError):
        SchoolYear.parse(value, default=DEFAULT)


@pytest.mark.parametrize("value", ["2025", "2025/2026", "2025-2026", " 2025 "])
def test_a_school_year_is_read(value):
    assert SchoolYear.parse(value, default=DEFAULT) == SchoolYear(2025)


def test_empty_is_the_default():
    assert SchoolYear.parse("", default=DEFAULT) is DEFAULT and SchoolYear.parse(None, default=DEFAULT) is DEFAULT


def test_the_period_and_its_counting_day():
    year = SchoolYear(2025)
    assert (year.first_day, year.last_day, year.label) == (datetime.date(2025, 9, 1), datetime.date(2026, 8, 31), "2025/2026")
    assert SchoolYear.of(datetime.date(2026, 8, 31)) == year and SchoolYear.of(datetime.date(2026, 9, 1)) == SchoolYear(2026)
    assert year.counting_day(datetime.date(2026, 3, 15)) == datetime.date(2026, 3, 15)
    assert year.counting_day(datetime.date(2026, 11, 20)) == datetime.date(2026, 8, 31)
    assert year.counting_day(datetime.date(2025, 5, 1)) == datetime.date(2025, 9, 1)
