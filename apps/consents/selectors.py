"""Reads about consents that other apps filter by: the banks, the public section, the survey pages.

    Mentor.objects.filter(has_active_consent(ConsentKind.PUBLICATION))            # teacher_ref="teacher"
    Teacher.objects.filter(has_active_consent(ConsentKind.PERSONAL_DATA, "pk"))
    Mentee.objects.annotate(pd=has_active_consent(ConsentKind.PERSONAL_DATA))
    PairMentee.objects.filter(has_active_consent(ConsentKind.MENTEE_ASSIGNMENT, "mentee__teacher", pair_ref="pair"))
"""

from django.db.models import Exists, OuterRef, Subquery

from apps.schools.models import Teacher

from .models import Consent, ConsentKind


def has_active_consent(kind, teacher_ref: str = "teacher", *, pair_ref: str | None = None, categories=()) -> Exists:
    """EXISTS(an active consent of `kind` by the teacher at `teacher_ref` of the outer query).

    `teacher_ref` leads from the outer model to the teacher's id ("teacher" for Mentor and
    Mentee, "pk" for Teacher, "mentor__teacher" for Pair). With `pair_ref`, the consent must
    be for that pair (the consents to an assignment and to mentor duties are per pair). With `categories`,
    a consent to dissemination must allow each of them.
    """
    consents = Consent.objects.filter(teacher=OuterRef(teacher_ref), kind=kind, withdrawn_at__isnull=True)
    if categories:
        consents = consents.filter(categories__contains=list(categories))
    if pair_ref is not None:
        consents = consents.filter(pair=OuterRef(pair_ref))
    return Exists(consents)


def published_categories(teacher_ref: str = "teacher") -> Subquery:
    """The categories the teacher's active consent to dissemination allows (NULL without one)."""
    consents = Consent.objects.filter(teacher=OuterRef(teacher_ref), kind=ConsentKind.PUBLICATION, withdrawn_at__isnull=True)
    return Subquery(consents.values("categories")[:1])


def published_conditions(teacher_ref: str = "teacher") -> Subquery:
    """The conditions and prohibitions the teacher set in that consent: the public section shows them."""
    consents = Consent.objects.filter(teacher=OuterRef(teacher_ref), kind=ConsentKind.PUBLICATION, withdrawn_at__isnull=True)
    return Subquery(consents.values("conditions")[:1])


def teachers_with_active_consent(kind):
    """Teachers whose consent of `kind` is given and not withdrawn."""
    return Teacher.objects.filter(has_active_consent(kind, "pk"))


def teacher_has_active_consent(teacher, kind, *, pair=None) -> bool:
    return Consent.objects.active().filter(teacher=teacher, kind=kind, pair=pair).exists()
