"""A person's iCalendar feed (RFC 5545): upcoming activities of their programmes and their logged meetings.

Written by hand: all-day events only, so no time zones are needed. The feed's address carries a
signed token naming the teacher and the school year (django.core.signing), so a calendar application
can subscribe without logging in; a forged or altered token names nobody. The signature's salt holds
the teacher's own secret (CalendarKey): replacing it voids that teacher's earlier links and nobody
else's. A link works in the school year it was given in: from 1 September the page shows a new one.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.core.dates import school_year_start
from apps.pairs.models import OPEN_STATUSES
from apps.pairs.selectors import pairs_of_teacher

from .models import Activity, CalendarKey, Meeting

SALT = "programmes.calendar"
PRODID = "-//Наставничество педагогов//Календарь программы//RU"


def _signer(secret: str) -> signing.Signer:
    return signing.Signer(salt=f"{SALT}:{secret}")


def _secret(teacher_id: int) -> str:
    return CalendarKey.objects.filter(teacher_id=teacher_id).values_list("secret", flat=True).first() or ""


def _secret_of(teacher) -> str:
    """The teacher's key: from `select_related("calendar_key")` when the page loaded it, else read now."""
    if type(teacher).calendar_key.is_cached(teacher):
        key = teacher.calendar_key if hasattr(teacher, "calendar_key") else None
        return key.secret if key else ""
    return _secret(teacher.pk)


def calendar_token(teacher, *, today: datetime.date | None = None) -> str:
    """«<teacher id>-<first year of the school year>:<signature>»."""
    year = school_year_start(today or timezone.localdate())
    return _signer(_secret_of(teacher)).sign(f"{teacher.pk}-{year}")


def calendar_valid_until(today: datetime.date | None = None) -> datetime.date:
    """The last day a link given today works: 31 August, the school year's end."""
    return datetime.date(school_year_start(today or timezone.localdate()) + 1, 8, 31)


@dataclass(frozen=True)
class TokenCheck:
    teacher_id: int | None  # None: forged, altered or revoked — names nobody
    expired_year: int | None = None  # the school year of a genuine link of a year gone by


def check_calendar_token(token: str, *, today: datetime.date | None = None) -> TokenCheck:
    value = token.rpartition(":")[0]
    teacher_part, _, year_part = value.partition("-")
    if not (teacher_part.isdigit() and year_part.isdigit() and len(teacher_part) <= 18 and len(year_part) == 4):
        return TokenCheck(None)
    teacher_id, year = int(teacher_part), int(year_part)
    try:
        _signer(_secret(teacher_id)).unsign(token)
    except signing.BadSignature:
        return TokenCheck(None)
    if year != school_year_start(today or timezone.localdate()):
        return TokenCheck(None, expired_year=year)
    return TokenCheck(teacher_id)


def calendar_path(teacher, *, today: datetime.date | None = None) -> str:
    return reverse("programmes:calendar", args=[calendar_token(teacher, today=today)])


# --- RFC 5545 text ---------------------------------------------------------------------------


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545, 3.3.11): backslash, semicolon, comma and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545, 3.1), never inside a UTF-8 character."""
    if len(line.encode("utf-8")) <= 75:
        return line
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not parts else 74  # a continuation line starts with a space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _event(*, uid: str, stamp: str, day: datetime.date, summary: str, description: str, url: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def teacher_calendar(teacher, *, base_url: str, today: datetime.date | None = None) -> str:
    """The feed of `teacher`: not-done activities due today or later, and meetings, of their open pairs.

    The mentor's notes never go into the feed: calendars are often shared.
    """
    today = today or timezone.localdate()
    pairs = pairs_of_teacher(teacher).filter(status__in=OPEN_STATUSES)
    activities = (
        Activity.objects.filter(programme__pair__in=pairs, done=False, due_date__gte=today)
        .select_related("programme__pair__mentor__teacher")
        .order_by("due_date", "order", "pk")
    )
    meetings = Meeting.objects.filter(Q(programme__pair__in=pairs)).select_related("programme__pair").order_by("held_on", "pk")
    host = urlsplit(base_url).hostname or "localhost"
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'Наставничество: {teacher.short_name}')}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]
    for activity in activities:
        pair = activity.programme.pair
        description = f"Мероприятие программы наставничества «{activity.programme.title}»."
        if activity.expected_result:
            description += f"\nОжидаемый результат: {activity.expected_result}"
        lines += _event(
            uid=f"activity-{activity.pk}@{host}",
            stamp=stamp,
            day=activity.due_date,
            summary=f"Срок: {activity.title}",
            description=description,
            url=base_url + reverse("pairs:detail", args=[pair.pk]),
        )
    for meeting in meetings:
        parts = [f"Встреча наставнической пары: {meeting.topic}"]
        if meeting.summary:
            parts.append(f"Что сделано: {meeting.summary}")
        if meeting.next_steps:
            parts.append(f"Следующие шаги: {meeting.next_steps}")
        lines += _event(
            uid=f"meeting-{meeting.pk}@{host}",
            stamp=stamp,
            day=meeting.held_on,
            summary=f"Встреча: {meeting.topic}",
            description="\n".join(parts),
            url=base_url + reverse("pairs:detail", args=[meeting.programme.pair_id]),
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
