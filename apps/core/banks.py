"""Reads shared by the two bank pages (mentors and mentees)."""

from django.db.models import Max, Prefetch, Q

from apps.consents.models import ConsentKind
from apps.schools.models import Teacher
from apps.surveys.models import Invitation


def teacher_name_matches(q: str, teacher: str = "teacher") -> Q:
    """Every word of `q` found in the surname, name or patronymic of the teacher at that path."""
    condition = Q()
    for word in q.split():
        condition &= (
            Q(**{f"{teacher}__last_name__icontains": word})
            | Q(**{f"{teacher}__first_name__icontains": word})
            | Q(**{f"{teacher}__patronymic__icontains": word})
        )
    return condition


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

