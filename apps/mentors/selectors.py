"""Reads of the mentor bank for the curator's pages and exports."""

from django.db.models import Count, F, Prefetch

from apps.consents.models import ConsentKind
from apps.consents.selectors import has_active_consent
from apps.core.banks import teacher_name_matches
from apps.pairs.models import Pair
from apps.pairs.selectors import mentors_with_load

from .models import Mentor, MentorStatus


def mentor_bank(*, school):
    """The school's mentor bank with load and open pairs, in a fixed number of queries."""
    return (
        mentors_with_load(Mentor.objects.filter(school=school))
        .select_related("teacher")
        .prefetch_related(
            "competences",
            Prefetch(
                "pairs",
                queryset=Pair.objects.open().select_related("form").prefetch_related("memberships__mentee__teacher"),
                to_attr="open_pairs",
            ),
        )
        .annotate(has_consent=has_active_consent(ConsentKind.PERSONAL_DATA))
        .order_by("teacher__last_name", "teacher__first_name")
    )


def filter_mentor_bank(mentors, *, status="", competence=None, subject="", free_only=False, q=""):
    if status:
        mentors = mentors.filter(status=status)
    if competence:
        mentors = mentors.filter(competences=competence)
    if subject:
        mentors = mentors.filter(teacher__subjects__icontains=subject)
    if free_only:
        mentors = mentors.filter(load__lt=F("capacity")).exclude(status=MentorStatus.ARCHIVED)
    if q:
        mentors = mentors.filter(teacher_name_matches(q))
    return mentors


def mentor_bank_figures(*, school) -> dict:
    consented = Mentor.objects.filter(school=school).filter(has_active_consent(ConsentKind.PERSONAL_DATA))
    by_status = dict(consented.values_list("status").annotate(n=Count("pk")).order_by())
    places = mentors_with_load(consented.exclude(status=MentorStatus.ARCHIVED)).values_list("capacity", "load")
    return {
        "total": sum(by_status.values()),
        "by_status": [(label, by_status.get(value, 0), value) for value, label in MentorStatus.choices],
        "free_places": sum(max(capacity - load, 0) for capacity, load in places),
    }
