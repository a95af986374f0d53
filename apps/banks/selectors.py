"""Reads of the two banks, mentors and mentees, for the curator's pages and exports.

Each bank is annotated with `has_consent`: a teacher who withdrew (or never gave) consent to
the processing of personal data is not shown in the bank, only in a list for the curator.
"""

from django.db.models import Count, F, Max, Prefetch, Q

from apps.consents.models import ConsentKind
from apps.consents.selectors import has_active_consent
from apps.mentees.models import Mentee
from apps.mentors.models import Mentor, MentorStatus
from apps.pairs.models import Pair, PairMentee
from apps.pairs.selectors import mentors_with_load
from apps.schools.models import Teacher
from apps.schools.selectors import teacher_name_matches
from apps.surveys.models import Invitation


def with_open_pairs(mentors):
    """Mentors with `open_pairs`: their forming and working pairs, each with its form and mentees."""
    return mentors.select_related("teacher").prefetch_related(
        "competences",
        Prefetch(
            "pairs",
            queryset=Pair.objects.open().select_related("form").prefetch_related("memberships__mentee__teacher"),
            to_attr="open_pairs",
        ),
    )


def with_open_memberships(mentees):
    """Mentees with `open_memberships`: their places in forming and working pairs, with the mentor and the form."""
    return mentees.select_related("teacher").prefetch_related(
        "requests",
        Prefetch(
            "memberships",
            queryset=PairMentee.objects.open().select_related("pair__mentor__teacher", "pair__form"),
            to_attr="open_memberships",
        ),
    )


def mentor_bank(*, school):
    """The school's mentor bank with load and open pairs, in a fixed number of queries."""
    return (
        with_open_pairs(mentors_with_load(Mentor.objects.filter(school=school)))
        .annotate(has_consent=has_active_consent(ConsentKind.PERSONAL_DATA))
        .order_by("teacher__last_name", "teacher__first_name")
    )


def mentee_bank(*, school):
    """The school's mentee bank with what a list row shows, in a fixed number of queries."""
    return (
        with_open_memberships(Mentee.objects.filter(school=school))
        .select_related("preferred_form")
        .annotate(has_consent=has_active_consent(ConsentKind.PERSONAL_DATA))
        .order_by("teacher__last_name", "teacher__first_name")
    )


def filter_bank(
    entries, *, school, q="", status="", subject="", competence=None, free_only=False, request=None, band=""
):
    """The entries of either bank the filter form asks for: each kind's form sends its own criteria
    (mentors: competence, free places; mentees: request, young specialist band)."""
    if status:
        entries = entries.filter(status=status)
    if competence:
        entries = entries.filter(competences=competence)
    if request:
        entries = entries.filter(requests=request)
    if subject:
        entries = entries.filter(teacher__subjects__icontains=subject)
    if free_only:  # `load` is annotated by mentor_bank
        entries = entries.filter(load__lt=F("capacity")).exclude(status=MentorStatus.ARCHIVED)
    if band == "young":
        entries = entries.filter(teacher__in=Teacher.objects.filter(school=school).young_specialists())
    elif band == "early":
        entries = entries.filter(teacher__in=Teacher.objects.filter(school=school).early_career())
    if q:
        entries = entries.filter(teacher_name_matches(q))
    return entries


def mentor_bank_figures(*, school) -> dict:
    """Counts at the top of the mentor bank and the free places of the mentors who may take mentees."""
    consented = Mentor.objects.filter(school=school).filter(has_active_consent(ConsentKind.PERSONAL_DATA))
    by_status = dict(consented.values_list("status").annotate(n=Count("pk")).order_by())
    places = mentors_with_load(consented.exclude(status=MentorStatus.ARCHIVED)).values_list("capacity", "load")
    return {
        "total": sum(by_status.values()),
        "by_status": [(label, by_status.get(value, 0), value) for value, label in MentorStatus.choices],
        "free_places": sum(max(capacity - load, 0) for capacity, load in places),
    }


def not_answered(*, school, kind: str, include_young_specialists: bool):
    """Teachers the curator is still waiting for: invited but without answers, and (for the
    mentee bank) young specialists who are not in it yet. Each with their latest invitation."""
    staff = Teacher.objects.filter(school=school, is_employed=True)
    waiting = Q(pk__in=staff.filter(invitations__kind=kind).values("pk"))
    if include_young_specialists:
        waiting |= Q(pk__in=staff.young_specialists().filter(mentee__isnull=True).values("pk"))
    teachers = (
        staff.filter(waiting)
        .exclude(pk__in=staff.filter(survey_responses__questionnaire__kind=kind).values("pk"))
        .prefetch_related(
            Prefetch("invitations", queryset=Invitation.objects.filter(kind=kind).order_by("-created_at"), to_attr="kind_invitations")
        )
        .order_by("last_name", "first_name")
    )
    return teachers


def without_consent(bank_queryset):
    """Bank entries hidden for lack of consent, with the time of the latest withdrawal if any."""
    return (
        bank_queryset.filter(has_consent=False)
        .annotate(
            withdrawn_at=Max(
                "teacher__consents__withdrawn_at", filter=Q(teacher__consents__kind=ConsentKind.PERSONAL_DATA)
            )
        )
    )
