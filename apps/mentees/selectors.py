"""Reads of the mentee bank for the curator's pages and exports."""

from django.db.models import Count, Prefetch

from apps.consents.models import ConsentKind
from apps.consents.selectors import has_active_consent
from apps.core.banks import teacher_name_matches
from apps.pairs.models import PairMentee
from apps.schools.models import Teacher

from .models import Mentee, MenteeStatus


def mentee_bank(*, school):
    """The school's mentee bank with what a list row shows, in a fixed number of queries.

    `has_consent` is annotated: a teacher who withdrew (or never gave) consent to the
    processing of personal data is not shown in the bank, only in a list for the curator.
    """
    return (
        Mentee.objects.filter(school=school)
        .select_related("teacher", "preferred_form")
        .prefetch_related(
            "requests",
            Prefetch(
                "memberships",
                queryset=PairMentee.objects.open().select_related("pair__mentor__teacher", "pair__form"),
                to_attr="open_memberships",
            ),
        )
        .annotate(has_consent=has_active_consent(ConsentKind.PERSONAL_DATA))
        .order_by("teacher__last_name", "teacher__first_name")
    )


def filter_mentee_bank(mentees, *, school, status="", request=None, subject="", band="", q=""):
    if status:
        mentees = mentees.filter(status=status)
    if request:
        mentees = mentees.filter(requests=request)
    if subject:
        mentees = mentees.filter(teacher__subjects__icontains=subject)
    if band == "young":
        mentees = mentees.filter(teacher__in=Teacher.objects.filter(school=school).young_specialists())
    elif band == "early":
        mentees = mentees.filter(teacher__in=Teacher.objects.filter(school=school).early_career())
    if q:
        mentees = mentees.filter(teacher_name_matches(q))
    return mentees


def mentee_bank_figures(*, school) -> dict:
    """Counts at the top of the bank and the control figure the seeds require to be 100 %."""
    consented = Mentee.objects.filter(school=school).filter(has_active_consent(ConsentKind.PERSONAL_DATA))
    by_status = dict(consented.values_list("status").annotate(n=Count("pk")).order_by())
    young = Teacher.objects.filter(school=school).young_specialists()
    young_total = young.count()
    young_in_bank = young.filter(mentee__in=consented).count()
    return {
        "total": sum(by_status.values()),
        "by_status": [(label, by_status.get(value, 0), value) for value, label in MenteeStatus.choices],
        "young_total": young_total,
        "young_in_bank": young_in_bank,
        "young_percent": round(100 * young_in_bank / young_total) if young_total else 100,
    }
