"""Dates in documents, one style per school (ГОСТ Р 7.0.97 allows both): «05.06.2025» or «5 июня 2025 г.»."""

import datetime

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip


def _as_date(day) -> datetime.date | None:
    if day is None or day == "":
        return None
    if isinstance(day, datetime.datetime):
        return day.date()
    if isinstance(day, datetime.date):
        return day
    return datetime.date.fromisoformat(str(day))


def format_date(day, style: str = "numeric") -> str:
    """The one helper every document uses; `day` may be a date or an ISO string (frozen payloads keep those)."""
    day = _as_date(day)
    if day is None:
        return ""
    if style == "words":
        return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year} г."
    return f"{day:%d.%m.%Y}"


def format_period(start, end, style: str = "numeric") -> str:
    """«с 01.10.2025 по 31.05.2026»."""
    return f"с {format_date(start, style)} по {format_date(end, style)}"
