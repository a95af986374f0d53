import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.consents.models import ConsentKind
from apps.consents.selectors import has_active_consent
from apps.core.dates import add_years, school_year_start
from apps.mentees.selectors import mentee_bank_figures
from apps.mentors.models import Mentor, MentorStatus

from .models import Event, EventStatus, Roadmap, Stage
from .results import event_order_kind, fulfilling_order, status_refusal
from .standard import STANDARD_STAGES


def month_end(year_start: int, month_of_school_year: int) -> datetime.date:
    """Last day of the n-th month of the school year (0 = September)."""
    month = 9 + month_of_school_year
    year = year_start + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@transaction.atomic
def roadmap_create(*, school, year_start: int) -> Roadmap:
    """A new roadmap pre-filled with the seven standard stages and their events."""
    roadmap = Roadmap(school=school, year_start=year_start)
    roadmap.full_clean()
    roadmap.save()
    prefill_stages(roadmap)
    return roadmap


def prefill_stages(roadmap: Roadmap) -> None:
    stages = Stage.objects.bulk_create(
        Stage(roadmap=roadmap, number=number, title=title)
        for number, (title, _) in enumerate(STANDARD_STAGES, start=1)
    )
    Event.objects.bulk_create(
        Event(
            stage=stage,
            title=title,
            deadline=month_end(roadmap.year_start, month),
            responsible=responsible,
            result_document=document,
            order=order,
        )
        for stage, (_, events) in zip(stages, STANDARD_STAGES)
        for order, (title, month, responsible, document) in enumerate(events, start=1)
    )


# Titles (prefixes) of the standard events the portal's data can fulfil, with their stage numbers.
MENTEE_BANK_EVENT = (2, STANDARD_STAGES[1][1][1][0].split(",")[0])  # «Формирование банка наставляемых»
MENTOR_BANK_EVENT = (3, STANDARD_STAGES[2][1][1][0].split(",")[0])  # «Формирование банка наставников»
OPEN_STATUSES = (EventStatus.PLANNED, EventStatus.IN_PROGRESS)
DONE_ON_IN_FUTURE = "Дата выполнения не может быть позже сегодняшнего дня."


def event_done_on(*, event: Event, status: str, done_on: datetime.date | None = None) -> datetime.date | None:
    """The one rule for the date an event is done on, asked by every writer (the page, the admin's forms,
    signed orders, the automatic marks): a done event is dated — the date given, else the one it already
    has, else today; an event in any other status has no date."""
    if status != EventStatus.DONE:
        return None
    return done_on or event.done_on or timezone.localdate()


def validate_done_on(done_on: datetime.date | None) -> datetime.date | None:
    """A date typed by the curator: an event cannot be done later than today."""
    if done_on and done_on > timezone.localdate():
        raise ValidationError(DONE_ON_IN_FUTURE)
    return done_on


def _set_done(event: Event, *, on: datetime.date | None = None, mark: str = "") -> None:
    event.done_on = event_done_on(event=event, status=EventStatus.DONE, done_on=on)
    event.status = EventStatus.DONE
    if mark:
        event.note = f"{event.note}\n{mark}".strip() if event.note else mark


def event_update(*, event: Event, status: str, deadline: datetime.date, responsible: str, note: str,
                 done_on: datetime.date | None = None) -> Event:
    """The curator's edit of an event: a done event is dated (`event_done_on`), any other is not.

    An event fulfilled by an order is done only by a signed order (`results.status_refusal`); its date is the order's.
    """
    refusal = status_refusal(event=event, status=status)
    if refusal:
        raise ValidationError({"status": refusal})
    order = fulfilling_order(event)
    if order is not None:
        done_on = order.date
    event.done_on = event_done_on(event=event, status=status, done_on=done_on)
    event.status = status
    event.deadline = deadline
    event.responsible = responsible
    event.note = note
    event.full_clean()
    event.save(update_fields=["status", "deadline", "responsible", "note", "done_on"])
    return event


@transaction.atomic
def event_complete(*, event: Event, on: datetime.date | None = None, mark: str = "") -> Event:
    """Mark an event done on `on` (dated by `event_done_on`), adding `mark` to its note; a done event stays as it is.

    An event whose result is an order is done only once a signed order of its kind fulfils it (apps/roadmap/results.py).
    """
    if event.status == EventStatus.DONE:
        return event
    if event_order_kind(event) is not None and fulfilling_order(event) is None:
        raise ValidationError(f"Мероприятие «{event.title}» выполняется приказом: нет подписанного приказа в реестре.")
    _set_done(event, on=on, mark=mark)
    event.full_clean()
    event.save(update_fields=["status", "done_on", "note"])
    return event


def _mark_auto_done(event: Event, today: datetime.date, reason: str) -> None:
    _set_done(event, on=today, mark=f"Выполнено автоматически: {reason}")


def roadmap_refresh(*, roadmap: Roadmap, today: datetime.date | None = None) -> list[Event]:
    """Mark done the open events of the current school year that the data already fulfils.

    One query when nothing is open; otherwise at most four to count the mentee bank, one for
    the mentor bank and one to save, however many events there are. Returns the events marked.
    """
    today = today or timezone.localdate()
    if roadmap.year_start != school_year_start(today):
        return []  # the banks show today's state: it says nothing about another year
    candidates = Q()
    for number, prefix in (MENTEE_BANK_EVENT, MENTOR_BANK_EVENT):
        candidates |= Q(stage__number=number, title__startswith=prefix)
    events = list(
        Event.objects.filter(candidates, stage__roadmap=roadmap, status__in=OPEN_STATUSES)
        .select_related("stage")
        .order_by("stage__number", "order", "pk")
    )
    mentee_events = [e for e in events if e.stage.number == MENTEE_BANK_EVENT[0]]
    mentor_events = [e for e in events if e.stage.number == MENTOR_BANK_EVENT[0]]
    marked = []
    if mentee_events:
        figures = mentee_bank_figures(school=roadmap.school)
        if figures["young_total"] and figures["young_in_bank"] >= figures["young_total"]:
            reason = (
                f"в банке наставляемых все молодые специалисты ({figures['young_in_bank']} из "
                f"{figures['young_total']}, 100 %)."
            )
            for event in mentee_events:
                _mark_auto_done(event, today, reason)
            marked += mentee_events
    if mentor_events:
        count = (
            Mentor.objects.filter(
                school_id=roadmap.school_id,
                status__in=(MentorStatus.APPROVED, MentorStatus.TRAINED, MentorStatus.ACTIVE),
            )
            .filter(has_active_consent(ConsentKind.PERSONAL_DATA))
            .count()
        )
        if count:
            for event in mentor_events:
                _mark_auto_done(event, today, f"в банке наставников утверждённых наставников с согласием: {count}.")
            marked += mentor_events
    if marked:
        # Done with a date: valid by construction, saved in one query.
        Event.objects.bulk_update(marked, ["status", "done_on", "note"])
    return marked


@transaction.atomic
def roadmap_copy(*, roadmap: Roadmap, year_start: int) -> Roadmap:
    """The roadmap's stages and events for another school year: deadlines moved by whole years, all planned."""
    if Roadmap.objects.filter(school_id=roadmap.school_id, year_start=year_start).exists():
        raise ValidationError(f"Дорожная карта на {year_start}/{year_start + 1} учебный год уже есть.")
    years = year_start - roadmap.year_start
    copy = Roadmap(school_id=roadmap.school_id, year_start=year_start)
    copy.full_clean()
    copy.save()
    stages = list(roadmap.stages.order_by("number").prefetch_related("events"))
    new_stages = Stage.objects.bulk_create(Stage(roadmap=copy, number=s.number, title=s.title) for s in stages)
    Event.objects.bulk_create(
        Event(
            stage=new_stage,
            title=event.title,
            deadline=add_years(event.deadline, years),
            responsible=event.responsible,
            result_document=event.result_document,
            order=event.order,
            status=EventStatus.PLANNED,
        )
        for stage, new_stage in zip(stages, new_stages)
        for event in stage.events.all()
    )
    return copy
