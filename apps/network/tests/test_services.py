import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.core.dates import add_months
from apps.mentees.models import MenteeStatus
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.network.models import RequestStatus
from apps.network.services import (
    network_request_accept,
    network_request_create,
    network_request_decline,
    network_request_withdraw,
)
from apps.pairs.models import Pair
from apps.pairs.services import pair_update
from apps.pairs.tests.factories import make_pair
from apps.schools.tests.factories import SchoolFactory
from apps.surveys.models import QuestionnaireKind
from apps.surveys.services import invitation_create

from .data import make_network

START = datetime.date(2026, 10, 1)


@pytest.fixture
def net(db):
    return make_network()


def accept(net, request, **kwargs):
    return network_request_accept(
        request=request, decided_by=net.curator_b, started_on=START, planned_end_on=add_months(START, 9), **kwargs
    )


def test_a_mentor_of_the_same_school_is_not_a_network_request(net):
    own = MentorFactory(teacher__school=net.school_a)
    with pytest.raises(ValidationError, match="той же организации"):
        network_request_create(mentee=net.mentee, mentor=own, requested_by=net.curator_a)


def test_a_school_of_another_municipality_is_refused(net):
    stranger = MentorFactory(teacher__school=SchoolFactory())
    with pytest.raises(ValidationError, match="одного муниципалитета"):
        network_request_create(mentee=net.mentee, mentor=stranger, requested_by=net.coordinator)


def test_a_candidate_mentor_or_a_full_one_is_refused(net):
    candidate = MentorFactory(teacher__school=net.school_b, status="candidate")
    with pytest.raises(ValidationError, match="утвердите"):
        network_request_create(mentee=net.mentee, mentor=candidate, requested_by=net.coordinator)
    full = MentorFactory(teacher__school=net.school_b, capacity=1)
    make_pair(mentor=full, mentees=[MenteeFactory(teacher__school=net.school_b)])
    with pytest.raises(ValidationError, match="свободно мест: 0"):
        network_request_create(mentee=net.mentee, mentor=full, requested_by=net.coordinator)


def test_one_pending_request_per_mentee(net):
    network_request_create(mentee=net.mentee, mentor=net.mentor, requested_by=net.curator_a)
    other = MentorFactory(teacher__school=net.school_b)
    with pytest.raises(ValidationError, match="уже есть запрос"):
        network_request_create(mentee=net.mentee, mentor=other, requested_by=net.coordinator)


def test_accepting_forms_a_network_pair_in_the_mentees_school(net):
    request = network_request_create(mentee=net.mentee, mentor=net.mentor, requested_by=net.coordinator, note="  Срочно  ")
    assert request.note == "Срочно"
    accepted = accept(net, request)
    pair = accepted.pair
    assert accepted.status == RequestStatus.ACCEPTED and accepted.decided_by == net.curator_b and accepted.decided_at
    assert pair.school == net.school_a and pair.partner_school == net.school_b and pair.is_network
    assert pair.mentor == net.mentor and pair.form.code == "teacher-teacher"
    net.mentee.refresh_from_db()
    assert net.mentee.status == MenteeStatus.PAIRED
    with pytest.raises(ValidationError, match="уже рассмотрен"):
        accept(net, request)


def test_a_network_pair_keeps_its_mentor_of_the_partner_school(net):
    pair = accept(net, network_request_create(mentee=net.mentee, mentor=net.mentor, requested_by=net.curator_a)).pair
    # Handing it over to a mentor of a third school is refused by the same rule.
    third = MentorFactory(teacher__school=SchoolFactory(municipality=net.school_a.municipality))
    with pytest.raises(ValidationError, match="организации-партнёра"):
        pair_update(pair=Pair.objects.get(pk=pair.pk), mentor=third)


def test_without_an_accepted_request_a_mentor_of_another_school_is_refused(net):
    with pytest.raises(ValidationError, match="другой организации"):
        make_pair(mentor=net.mentor, mentees=[net.mentee])


def test_the_capacity_holds_across_schools(net):
    net.mentor.capacity = 1
    net.mentor.save()
    first = network_request_create(mentee=net.mentee, mentor=net.mentor, requested_by=net.curator_a)
    second_mentee = MenteeFactory(teacher__school=SchoolFactory(municipality=net.school_a.municipality))
    second = network_request_create(mentee=second_mentee, mentor=net.mentor, requested_by=net.coordinator)
    accept(net, first)
    with pytest.raises(ValidationError, match="свободно мест: 0 из 1"):
        accept(net, second)
    second.refresh_from_db()
    assert second.status == RequestStatus.PENDING


def test_declining_needs_a_reason_and_withdrawing_ends_the_request(net):
    request = network_request_create(mentee=net.mentee, mentor=net.mentor, requested_by=net.curator_a)
    with pytest.raises(ValidationError, match="причину отказа"):
        network_request_decline(request=request, decided_by=net.curator_b, reason="  ")
    declined = network_request_decline(request=request, decided_by=net.curator_b, reason="Наставник в отпуске")
    assert declined.status == RequestStatus.DECLINED and declined.decision_reason == "Наставник в отпуске"
    again = network_request_create(mentee=net.mentee, mentor=net.mentor, requested_by=net.curator_a)
    withdrawn = network_request_withdraw(request=again, withdrawn_by=net.curator_a)
    assert withdrawn.status == RequestStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="уже рассмотрен"):
        network_request_decline(request=again, decided_by=net.curator_b, reason="поздно")


def test_the_network_mentor_answers_the_pairs_questionnaires_and_a_stranger_cannot(net):
    pair = accept(net, network_request_create(mentee=net.mentee, mentor=net.mentor, requested_by=net.curator_a)).pair
    link = invitation_create(teacher=net.mentor.teacher, kind=QuestionnaireKind.MENTOR_SATISFACTION, pair=pair)
    assert link.pair == pair
    stranger = MentorFactory(teacher__school=net.school_b)
    with pytest.raises(ValidationError, match="не участвует"):
        invitation_create(teacher=stranger.teacher, kind=QuestionnaireKind.MENTOR_SATISFACTION, pair=pair)
