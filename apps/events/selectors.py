"""Reads of events: lists for the coordinator, the curator, the teacher and the public page."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.core.dates import SchoolYear
from apps.mentors.models import Mentor
from apps.pairs.models import PairMentee, ran_in_school_year
from apps.schools.models import Teacher

from .models import FINAL_KINDS, Event, EventKind, Material, Registration


def _with_counts(events):
    return events.annotate(
        registered=Count("registrations", distinct=True),
        attended_count=Count("registrations", filter=Q(registrations__attended=True), distinct=True),
    )


def district_events(municipality):
    """The district's own events, newest first, with their numbers of participants."""
    return _with_counts(Event.objects.of_municipality(municipality).select_related("municipality"))


def school_events(school):
    """What the school's curator sees: the district's events and the school's own, with the school's numbers."""
    mine = Count("registrations", filter=Q(registrations__school=school), distinct=True)
    return (
        Event.objects.filter(Q(municipality_id=school.municipality_id, school__isnull=True) | Q(school=school))
        .select_related("municipality", "school")
        .annotate(registered=Count("registrations", distinct=True), mine=mine)
    )


def district_event_for_coordinator(*, municipality, pk: int) -> Event:
    """The district's event; another district's or a school's own event is a 404."""
    return get_object_or_404(Event.objects.select_related("municipality"), pk=pk, municipality=municipality, school__isnull=True)


def event_for_school(*, school, pk: int) -> Event:
    """An event the school may see: of its municipality's district, or its own; anything else is a 404."""
    return get_object_or_404(
        Event.objects.select_related("municipality", "school"),
        Q(municipality_id=school.municipality_id, school__isnull=True) | Q(school=school),
        pk=pk,
    )


def registrations_of(event, *, school=None):
    """The registration sheet's rows (of one school when given), in the sheet's order."""
    rows = Registration.objects.filter(event=event).select_related("teacher", "school")
    if school is not None:
        rows = rows.filter(school=school)
    return rows.order_by("school__short_name", "teacher__last_name", "teacher__first_name", "teacher__patronymic", "pk")


def teacher_registrations(teacher):
    """A teacher's own registrations, the upcoming first (their home page)."""
    return (
        Registration.objects.filter(teacher=teacher)
        .select_related("event__municipality", "event__school")
        .prefetch_related("event__materials")
        .order_by("-event__starts_at")
    )


def training_registrations(teacher_id):
    """The training sessions the teacher attended (the mentor's card)."""
    return (
        Registration.objects.filter(teacher_id=teacher_id, attended=True, event__kind=EventKind.MENTOR_TRAINING)
        .select_related("event__municipality", "event__school")
        .order_by("-event__starts_at")
    )


def school_final_event(*, school, year: SchoolYear):
    """The school's final event of school year `year` (the latest, if there are several), or None."""
    start = timezone.make_aware(datetime.datetime.combine(year.first_day, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(year.last_day, datetime.time.max))
    return (
        Event.objects.filter(school=school, kind__in=FINAL_KINDS, starts_at__range=(start, end))
        .order_by("-starts_at")
        .first()
    )


def public_events(municipality, *, now=None, past_limit: int = 10):
    """For the district public page: the upcoming district events (soonest first) and the latest past ones,
    each with its materials. No participant is named."""
    now = now or timezone.now()
    events = Event.objects.of_municipality(municipality).prefetch_related(
        Prefetch("materials", queryset=Material.objects.order_by("uploaded_at", "pk"))
    )
    return {
        "upcoming": list(events.upcoming(now).order_by("starts_at", "pk")),
        "past": list(events.past(now).order_by("-starts_at", "-pk")[:past_limit]),
    }


def registration_candidates(*, event, school):
    """The school's working teachers not yet registered for `event` (with what participant_role reads)."""
    return (
        Teacher.objects.filter(school=school, is_employed=True)
        .exclude(event_registrations__event=event)
        .select_related("school", "mentor", "mentee")
        .order_by("last_name", "first_name", "patronymic", "pk")
    )


def pair_member_teachers_for(*, event: Event, year):
    """The teachers of the school's pairs of school year `year`: mentors and their mentees (the final event's participants)."""
    mentors = Mentor.objects.filter(ran_in_school_year(year, "pairs__"), pairs__school=event.school).values("teacher_id")
    mentees = PairMentee.objects.filter(ran_in_school_year(year, "pair__"), pair__school=event.school).values(
        "mentee__teacher_id"
    )
    return (
        Teacher.objects.filter(school=event.school, is_employed=True)
        .filter(Q(pk__in=mentors) | Q(pk__in=mentees))
        .exclude(event_registrations__event=event)
        .order_by("last_name", "first_name", "pk")
    )
