"""The personalised programme's approval (methodical association / council, director) and the participants'
«Ознакомлен(а)» per version, through the real URLs: who may, bad input, a changed programme asks again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import login_for, make_active_pair
from apps.programmes.models import ProgrammeAcknowledgement, ProgrammeApproval
from apps.programmes.services import programme_acknowledge, programme_create_from_template
from apps.schools.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=45)


@pytest.fixture
def pair(school_a):
    mentor = MentorFactory(teacher__school=school_a, teacher__last_name="Лебедева", capacity=2)
    mentee = MenteeFactory(teacher__school=school_a, teacher__last_name="Гоголь")
    pair = make_active_pair(mentor=mentor, mentees=[mentee], started_on=STARTED, months=9)
    programme_create_from_template(pair=pair)
    return pair


@pytest.fixture
def mentor_user(pair):
    return login_for(pair.mentor.teacher)


@pytest.fixture
def mentee_user(pair):
    return login_for(pair.memberships.get().mentee.teacher)


def page(client, pair):
    return client.get(reverse("pairs:detail", args=[pair.pk])).content.decode()


def approval_url(pair):
    return reverse("programmes:programme_approval", args=[pair.pk])


def ack_url(pair):
    return reverse("programmes:programme_acknowledge", args=[pair.pk])


VALID = {
    "body": "mo",
    "body_name": "учителей начальных классов",
    "agreed_on": (TODAY - datetime.timedelta(days=10)).isoformat(),
    "protocol_number": "2",
    "approved_on": (TODAY - datetime.timedelta(days=8)).isoformat(),
}


# --- approval -------------------------------------------------------------------------------------


def test_approval_page_is_refused_to_a_teacher_and_to_another_school(client, pair, mentor_user, curator_b):
    client.force_login(mentor_user)
    assert client.get(approval_url(pair)).status_code == 403
    assert client.post(approval_url(pair), VALID).status_code == 403
    client.force_login(curator_b)
    assert client.get(approval_url(pair)).status_code == 404
    assert client.post(approval_url(pair), VALID).status_code == 404
    assert not ProgrammeApproval.objects.exists()


def test_bad_approval_input_gets_russian_field_errors(client, pair, curator_a):
    client.force_login(curator_a)
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    response = client.post(approval_url(pair), {**VALID, "agreed_on": future, "approved_on": "", "protocol_number": " "})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Дата заседания не может быть в будущем" in text
    assert "Укажите номер протокола." in text
    response = client.post(approval_url(pair), {**VALID, "approved_on": (TODAY - datetime.timedelta(days=20)).isoformat()})
    assert "Директор утверждает программу не раньше, чем её согласовали." in response.content.decode()
    response = client.post(approval_url(pair), {**VALID, "agreed_on": "32.13.2026"})
    assert "Введите дату заседания" in response.content.decode()
    assert not ProgrammeApproval.objects.exists()


def test_curator_records_approval_and_a_change_of_the_programme_voids_it(client, pair, curator_a, django_assert_max_num_queries):
    client.force_login(curator_a)
    assert "Программа ещё не согласована" in page(client, pair)
    response = client.post(approval_url(pair), VALID)
    assert response.status_code == 302
    approval = ProgrammeApproval.objects.get()
    assert approval.recorded_by == curator_a and approval.protocol_number == "2"
    text = page(client, pair)
    assert "Согласована на заседании методического объединения учителей начальных классов" in text
    assert "Утверждена директором" in text

    programme = pair.programme
    programme.goals += "\nНовая задача."
    programme.save()
    text = page(client, pair)
    assert "Программа изменена после согласования" in text
    assert "Внести согласование и утверждение" in text
    # Recording again makes it hold for the new version.
    client.post(approval_url(pair), {**VALID, "protocol_number": "3"})
    assert "Согласована на заседании" in page(client, pair)
    assert ProgrammeApproval.objects.get().protocol_number == "3"


# --- acknowledgement ------------------------------------------------------------------------------


def test_acknowledge_is_refused_to_staff_and_strangers(client, pair, curator_a, school_a):
    client.force_login(curator_a)
    assert client.post(ack_url(pair)).status_code == 404
    stranger = login_for(TeacherFactory(school=school_a))
    client.force_login(stranger)
    assert client.post(ack_url(pair)).status_code == 404
    assert client.get(ack_url(pair)).status_code == 405
    assert not ProgrammeAcknowledgement.objects.exists()


def test_participants_acknowledge_and_a_changed_programme_asks_again(client, pair, mentor_user, mentee_user, curator_a):
    client.force_login(mentee_user)
    assert "Ознакомлен(а) с программой" in page(client, pair)
    response = client.post(ack_url(pair))
    assert response.status_code == 302
    assert "Вы ознакомились с этой редакцией программы" in page(client, pair)
    client.post(ack_url(pair))  # twice: still one record for this version
    assert ProgrammeAcknowledgement.objects.count() == 1

    client.force_login(curator_a)
    text = page(client, pair)
    assert "Гоголь" in text and "ещё не ознакомлен(а)" in text  # the mentor has not yet

    programme = pair.programme
    activity = programme.activities.first()
    activity.title = "Посещение уроков наставника (изменено)"
    activity.save()

    client.force_login(mentee_user)
    text = page(client, pair)
    assert "Программа изменилась после того, как вы с ней ознакомились" in text
    client.post(ack_url(pair))
    assert ProgrammeAcknowledgement.objects.filter(teacher=pair.memberships.get().mentee.teacher).count() == 2

    client.force_login(curator_a)
    text = page(client, pair)
    assert "ознакомлен(а) с прежней редакцией" not in text


def test_done_marks_are_not_a_new_version(pair, mentor_user):
    teacher = pair.mentor.teacher
    programme_acknowledge(programme=pair.programme, teacher=teacher)
    activity = pair.programme.activities.first()
    activity.done, activity.done_on = True, TODAY
    activity.save()
    assert programme_acknowledge(programme=pair.programme, teacher=teacher) == ProgrammeAcknowledgement.objects.get()


def test_pair_page_query_count_does_not_grow_with_participants(client, school_a, curator_a, django_assert_max_num_queries):
    def build(n):
        mentor = MentorFactory(teacher__school=school_a, capacity=n)
        mentees = [MenteeFactory(teacher__school=school_a) for _ in range(n)]
        pair = make_active_pair(mentor=mentor, mentees=mentees, started_on=STARTED, months=9)
        programme_create_from_template(pair=pair)
        for m in pair.memberships.all():
            programme_acknowledge(programme=pair.programme, teacher=m.mentee.teacher)
        return pair

    small, large = build(1), build(4)
    client.force_login(curator_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        page(client, small)
    with django_assert_max_num_queries(len(small_queries)):
        text = page(client, large)
    assert text.count("ознакомлен(а) ") >= 4


def test_the_programme_card_in_the_back_office_shows_approval_and_readers(client, pair, curator_a, mentee_user):
    client.force_login(mentee_user)
    client.post(ack_url(pair))
    client.force_login(curator_a)
    client.post(approval_url(pair), {**VALID, "approved_on": ""})
    text = client.get(reverse("admin:programmes_programme_change", args=[pair.programme.pk])).content.decode()
    assert "Согласована на заседании методического объединения учителей начальных классов" in text
    assert "директор ещё не утвердил" in text
    assert "— ознакомлен(а) " in text  # the mentee
    assert "не ознакомлен(а) с этой редакцией" in text  # the mentor


def test_approval_page_query_count_is_pinned(client, pair, curator_a, django_assert_max_num_queries):
    client.force_login(curator_a)
    client.post(approval_url(pair), VALID)
    with django_assert_max_num_queries(12):
        response = client.get(approval_url(pair))
    assert response.status_code == 200
