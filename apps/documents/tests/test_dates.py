import datetime

from apps.documents.dates import format_date, format_period


def test_both_styles_of_the_standard():
    day = datetime.date(2025, 6, 5)
    assert format_date(day, "numeric") == "05.06.2025"
    assert format_date(day, "words") == "5 июня 2025 г."
    assert format_date("2025-12-31", "words") == "31 декабря 2025 г."  # frozen payloads keep ISO strings
    assert format_date(None, "words") == ""


def test_period():
    assert format_period(datetime.date(2025, 10, 1), datetime.date(2026, 5, 31)) == "с 01.10.2025 по 31.05.2026"
