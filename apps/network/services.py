"""Writes of network mentoring: a request is asked, then accepted (the pair is formed), declined or withdrawn.

Locks, always in this order: the request row, then (inside pair_create) the mentor and the mentee. Two curators
of the mentor's school accepting two requests for the mentor's last place at once: the second waits for the
first's mentor lock and then meets the capacity rule.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.catalogues.models import MentoringForm
from apps.mentees.models import Mentee, MenteeStatus
from apps.mentors.models import Mentor
from apps.pairs.services import check_capacity, check_mentor, pair_create

from .models import NetworkRequest, RequestStatus

# The form of a network pair between two schools' teachers (catalogues, migration 0002).
NETWORK_FORM_CODE = "teacher-teacher"

NOT_PENDING = "Запрос уже рассмотрен или отозван."


def check_request(*, mentee: Mentee, mentor: Mentor) -> None:
    """A request may be made: a waiting mentee, an approved mentor with a free place, two schools of one municipality."""
    if mentee.school_id == mentor.school_id:
        raise ValidationError(
            {
                "mentor": "Наставник работает в той же организации, что и наставляемый: такую пару куратор формирует сам, без запроса."
            }
        )
    if mentee.school.municipality_id != mentor.school.municipality_id:
        raise ValidationError({"mentor": "Сетевое взаимодействие возможно только между организациями одного муниципалитета."})
    if mentee.status != MenteeStatus.WAITING:
        raise ValidationError({"mentee": f"{mentee.teacher.short_name} не ожидает наставника ({mentee.get_status_display()})."})
    if mentor.teacher_id == mentee.teacher_id:
        raise ValidationError({"mentor": "Наставник не может быть наставляемым в своей же паре."})
    check_mentor(mentor=mentor)
    check_capacity(mentor, 1)


@transaction.atomic
def network_request_create(*, mentee: Mentee, mentor: Mentor, requested_by, note: str = "") -> NetworkRequest:
    """Ask the mentor's school to give `mentee` their mentor (the mentee's curator or the coordinator asks)."""
    mentee = Mentee.objects.select_for_update(no_key=True).select_related("school", "teacher").get(pk=mentee.pk)
    mentor = Mentor.objects.select_related("school", "teacher").get(pk=mentor.pk)
    check_request(mentee=mentee, mentor=mentor)
    # The mentee's row lock makes a second request for them wait, then meet the one-pending rule here.
    request = NetworkRequest(
        mentee=mentee, mentor=mentor, requested_by=requested_by, requested_at=timezone.now(), note=(note or "").strip()
    )
    request.full_clean()
    request.save()
    return request


def _locked_pending(request: NetworkRequest) -> NetworkRequest:
    stored = NetworkRequest.objects.select_for_update(of=("self",)).with_people().get(pk=request.pk)
    if not stored.is_pending:
        raise ValidationError(NOT_PENDING)
    return stored


def _decide(stored: NetworkRequest, *, status: str, decided_by, reason: str) -> NetworkRequest:
    stored.status = status
    stored.decided_by = decided_by
    stored.decided_at = timezone.now()
    stored.decision_reason = (reason or "").strip()
    stored.full_clean()
    stored.save()
    return stored


@transaction.atomic
def network_request_accept(
    *, request: NetworkRequest, decided_by, started_on: datetime.date, planned_end_on: datetime.date, reason: str = ""
) -> NetworkRequest:
    """The mentor's school agrees: the pair is formed (a draft) in the mentee's school, in «педагог – педагог»,
    recorded as a network pair; every rule of pairs holds (capacity, one open pair per mentee, the term)."""
    stored = _locked_pending(request)
    form = MentoringForm.objects.get(code=NETWORK_FORM_CODE)
    pair = pair_create(
        school=stored.mentee.school,
        mentor=stored.mentor,
        mentees=[stored.mentee],
        form=form,
        started_on=started_on,
        planned_end_on=planned_end_on,
        partner_school=stored.mentor.school,
    )
    stored.pair = pair
    return _decide(stored, status=RequestStatus.ACCEPTED, decided_by=decided_by, reason=reason)


@transaction.atomic
def network_request_decline(*, request: NetworkRequest, decided_by, reason: str) -> NetworkRequest:
    """The mentor's school refuses, saying why (the asking side reads the reason)."""
    if not (reason or "").strip():
        raise ValidationError({"decision_reason": "Укажите причину отказа: её увидит школа, которая просила наставника."})
    return _decide(_locked_pending(request), status=RequestStatus.DECLINED, decided_by=decided_by, reason=reason)


@transaction.atomic
def network_request_withdraw(*, request: NetworkRequest, withdrawn_by, reason: str = "") -> NetworkRequest:
    """The asking side takes the request back before it is decided."""
    return _decide(_locked_pending(request), status=RequestStatus.WITHDRAWN, decided_by=withdrawn_by, reason=reason)
