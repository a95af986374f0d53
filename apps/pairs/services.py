import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.mentees.models import Mentee, MenteeStatus
from apps.mentors.models import Mentor, MentorStatus

from .models import Pair, PairMentee, PairStatus


@transaction.atomic
def pair_create(
    *, school, mentor, mentees, form, started_on: datetime.date, planned_end_on: datetime.date, kinds=()
) -> Pair:
    """Form a pair (one mentee) or group (several) as a draft, checking every rule."""
    if not mentees:
        raise ValidationError("Добавьте в пару хотя бы одного наставляемого.")
    # Lock the mentor row: two curators confirming at once cannot both take the last place.
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    pair = Pair(school=school, mentor=mentor, form=form, started_on=started_on, planned_end_on=planned_end_on)
    pair.full_clean()
    mentor.check_capacity(len(mentees))
    pair.save()
    pair.kinds.set(kinds)
    for mentee in mentees:
        pair_add_mentee(pair=pair, mentee=mentee, joined_on=started_on)
    return pair


@transaction.atomic
def pair_add_mentee(*, pair: Pair, mentee: Mentee, joined_on: datetime.date | None = None) -> PairMentee:
    mentor = Mentor.objects.select_for_update().get(pk=pair.mentor_id)
    mentor.check_capacity(1)
    membership = PairMentee(pair=pair, mentee=mentee, joined_on=joined_on or pair.started_on)
    membership.full_clean()
    membership.save()
    _set_mentee_status([mentee.pk], MenteeStatus.PAIRED)
    return membership


@transaction.atomic
def pair_activate(*, pair: Pair) -> Pair:
    """Start a pair's work: only once every participant's written consent is recorded."""
    if pair.status != PairStatus.DRAFT:
        raise ValidationError("Начать работу можно только у формирующейся пары.")
    missing = pair.missing_consents()
    if missing:
        raise ValidationError("Пара не может начать работу: нет согласий — " + "; ".join(missing) + ".")
    pair.status = PairStatus.ACTIVE
    pair.full_clean()
    pair.save()
    Mentor.objects.filter(pk=pair.mentor_id).exclude(status=MentorStatus.ACTIVE).update(
        status=MentorStatus.ACTIVE, updated_at=timezone.now()
    )
    return pair


@transaction.atomic
def pair_end(*, pair: Pair, status: str, ended_on: datetime.date, reason: str = "") -> Pair:
    """Complete or dissolve a pair, keeping its history: members get a leaving date."""
    if status not in (PairStatus.COMPLETED, PairStatus.DISSOLVED):
        raise ValueError(f"not a closing status: {status}")
    pair.status = status
    pair.ended_on = ended_on
    pair.end_reason = reason
    pair.full_clean()
    pair.save()
    mentee_ids = list(pair.memberships.filter(left_on__isnull=True).values_list("mentee_id", flat=True))
    pair.memberships.filter(left_on__isnull=True).update(left_on=ended_on)
    _set_mentee_status(mentee_ids, MenteeStatus.COMPLETED if status == PairStatus.COMPLETED else MenteeStatus.WAITING)
    return pair


def _set_mentee_status(mentee_ids, status) -> None:
    # A mentee's status follows their pairs; only these services change it.
    Mentee.objects.filter(pk__in=mentee_ids).update(status=status, updated_at=timezone.now())
