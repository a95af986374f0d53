"""Reads of the roadmap for its page: stages, events and their results in a fixed number of queries."""

import datetime

from django.db.models import Prefetch

from .models import Event, EventStatus, Roadmap, Stage
from .results import event_order_kind, fulfilling_order, with_fulfilling_orders

MONTHS = ["сен", "окт", "ноя", "дек", "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг"]
MONTH_NAMES = [
    "сентябрь", "октябрь", "ноябрь", "декабрь", "январь", "февраль",
    "март", "апрель", "май", "июнь", "июль", "август",
]
OPEN_STATUSES = (EventStatus.PLANNED, EventStatus.IN_PROGRESS)


def school_year_months(year_start: int) -> list[dict]:
    """September … August of the school year: column labels."""
    return [
        {"short": short, "name": name, "year": year_start if index < 4 else year_start + 1}
        for index, (short, name) in enumerate(zip(MONTHS, MONTH_NAMES))
    ]


def month_column(year_start: int, day: datetime.date) -> int | None:
    """0 for September … 11 for August; None outside the school year."""
    if not datetime.date(year_start, 9, 1) <= day <= datetime.date(year_start + 1, 8, 31):
        return None
    return (day.month - 9) % 12


def events_with_results():
    """Events with their signed orders prefetched (apps/roadmap/results.py reads them)."""
    return with_fulfilling_orders(Event.objects.all())


def decorate_event(event: Event, *, year_start: int, today: datetime.date) -> Event:
    """What a row shows: the month column, overdue days, the signed order that fulfilled it (`results`)."""
    event.month = month_column(year_start, event.deadline)
    open_ = event.status in OPEN_STATUSES
    event.overdue_days = (today - event.deadline).days if open_ and event.deadline < today else 0
    event.signed_order = fulfilling_order(event)
    event.by_order = event_order_kind(event) is not None  # done only by a signed order (results.py)
    return event


def roadmap_timeline(*, roadmap: Roadmap, today: datetime.date) -> list[Stage]:
    """The seven stages with their decorated events and progress: three queries whatever the size."""
    stages = list(
        roadmap.stages.order_by("number").prefetch_related(
            Prefetch("events", queryset=events_with_results().order_by("order", "deadline", "pk"), to_attr="event_list")
        )
    )
    for stage in stages:
        for event in stage.event_list:
            decorate_event(event, year_start=roadmap.year_start, today=today)
        stage.events_total = len(stage.event_list)
        stage.events_done = sum(e.status == EventStatus.DONE for e in stage.event_list)
        stage.events_overdue = sum(bool(e.overdue_days) for e in stage.event_list)
        stage.percent_done = round(100 * stage.events_done / stage.events_total) if stage.events_total else 0
    return stages


def event_for_school(*, school, pk: int) -> Event:
    """An event of the school's roadmaps, decorated for its row; another school's is not found."""
    return events_with_results().select_related("stage__roadmap").get(pk=pk, stage__roadmap__school=school)
