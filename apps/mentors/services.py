"""Writes of the mentor bank: approving candidates.

A teacher who fills the mentor questionnaire enters the bank as a candidate («кандидат»); the
matching proposes them, but a pair is formed only with a mentor the curator approved. Approving
is this module's alone: the mentor admin (one or many), the matching page and the curator's
to-do list all call it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.consents.models import ConsentKind
from apps.consents.selectors import has_active_consent

from .models import Mentor, MentorStatus

APPROVED_REASON = "утверждён куратором"


def approval_refusal(*, mentor: Mentor, consented: bool) -> str | None:
    """Why the mentor cannot be approved now, in words; None when they can.

    `consented`: the mentor's consent to the processing of personal data is in force
    (`has_active_consent(ConsentKind.PERSONAL_DATA)` annotated on the queryset).
    """
    name = mentor.teacher.short_name
    if mentor.status != MentorStatus.CANDIDATE:
        return f"{name}: статус «{mentor.get_status_display()}», утвердить можно только кандидата."
    if not consented:
        return f"{name}: нет действующего согласия на обработку персональных данных."
    return None


def with_consent(mentors):
    """`mentors` annotated with `consented`: what approval_refusal needs, in the same query."""
    return mentors.annotate(consented=has_active_consent(ConsentKind.PERSONAL_DATA))


@dataclass
class ApprovalResult:
    approved: list = field(default_factory=list)  # Mentor, as saved
    refused: list = field(default_factory=list)  # reasons in words, one per mentor left as they were


def _locked(mentor_ids):
    # Rows locked in id order: two curators approving overlapping selections wait, never deadlock.
    return list(
        with_consent(Mentor.objects.filter(pk__in=mentor_ids))
        .select_for_update(of=("self",))
        .select_related("teacher", "school")
        .order_by("pk")
    )


def _approve(mentor: Mentor, *, by) -> Mentor:
    mentor.status = MentorStatus.APPROVED
    mentor._history_user = by  # the audit trail names the curator and why
    mentor._change_reason = APPROVED_REASON
    mentor.full_clean()
    mentor.save()
    return mentor


@transaction.atomic
def mentor_approve(*, mentor: Mentor, by=None) -> Mentor:
    """Approve one candidate: from now on they may lead a pair. Anything else is refused in words."""
    locked = _locked([mentor.pk])
    if not locked:
        raise ValidationError("Наставник не найден: возможно, его уже удалили из банка.")
    (mentor,) = locked
    refusal = approval_refusal(mentor=mentor, consented=mentor.consented)
    if refusal:
        raise ValidationError(refusal)
    return _approve(mentor, by=by)


@transaction.atomic
def mentors_approve(*, mentors, by=None) -> ApprovalResult:
    """Approve the candidates among `mentors` at once; the others are left as they are, each with the reason.

    One transaction: a mentor whose card the rules refuse (say, more places than the school's
    regulations allow) stops the whole batch, so that nobody is half-approved.
    """
    result = ApprovalResult()
    for mentor in _locked({m.pk for m in mentors}):
        refusal = approval_refusal(mentor=mentor, consented=mentor.consented)
        if refusal:
            result.refused.append(refusal)
        else:
            result.approved.append(_approve(mentor, by=by))
    return result


TRAINING_REASON = "обучение наставников: отметка о посещении мероприятия"


@transaction.atomic
def mentor_training_set(*, mentor: Mentor, trained_on, by=None) -> Mentor:
    """Record the date the mentor completed mentor training (None: not trained) and the status it means.

    Called by apps/events when the organiser marks attendance of a training session: an approved
    mentor becomes «прошёл обучение», a trained one whose training is withdrawn goes back to
    «утверждён»; a candidate, an active or an archived mentor keeps the status, the date is recorded.
    """
    mentor = Mentor.objects.select_for_update().select_related("teacher", "school").get(pk=mentor.pk)
    mentor.trained_on = trained_on
    if trained_on is not None and mentor.status == MentorStatus.APPROVED:
        mentor.status = MentorStatus.TRAINED
    elif trained_on is None and mentor.status == MentorStatus.TRAINED:
        mentor.status = MentorStatus.APPROVED
    mentor._history_user = by
    mentor._change_reason = TRAINING_REASON
    mentor.full_clean()
    mentor.save()
    return mentor
