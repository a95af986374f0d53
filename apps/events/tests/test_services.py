"""The rules of events, through their services: who may register whom, places, deadline, attendance."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from apps.consents.models import Consent, ConsentKind
from apps.consents.services import consent_withdraw
from apps.events import services
from apps.events.models import Event, EventKind, Registration
from apps.mentors.models import MentorStatus
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.tests.factories import give_personal_data_consent

from .data import NOW, district_event

pytestmark = pytest.mark.django_db

AFTER = NOW + datetime.timedelta(days=8)  # the day after a district_event() begins


def register(event, school, *teachers, now=NOW):
    return services.registrations_create(event=event, school=school, teachers=teachers, now=now)


def test_a_curator_cannot_register_another_schools_teacher(district):
    event = district_event(district.municipality)
    with pytest.raises(ValidationError, match="педагог другой образовательной организации"):
        register(event, district.school_a, district.mentor_b.teacher)
    assert not Registration.objects.exists()


def test_a_school_of_another_municipality_cannot_register(district):
    event = district_event(district.municipality)
    stranger = TeacherFactory(school=district.other_school)
    with pytest.raises(ValidationError, match="другой муниципалитет"):
        register(event, district.other_school, stranger)


def test_a_teacher_without_consent_is_not_sent_to_the_district(district):
    event = district_event(district.municipality)
    consent = Consent.objects.get(teacher=district.mentor_a.teacher, kind=ConsentKind.PERSONAL_DATA)
    consent_withdraw(consent=consent)
    with pytest.raises(ValidationError, match="нет действующего согласия"):
        register(event, district.school_a, district.mentor_a.teacher)


def test_registration_closes_after_the_deadline_and_at_the_start(district):
    event = district_event(district.municipality, registration_deadline=(NOW + datetime.timedelta(days=2)).date())
    with pytest.raises(ValidationError, match="Регистрация на мероприятие закончена"):
        register(event, district.school_a, district.mentor_a.teacher, now=NOW + datetime.timedelta(days=3))
    event.registration_deadline = None
    event.save()
    with pytest.raises(ValidationError, match="закончена"):
        register(event, district.school_a, district.mentor_a.teacher, now=AFTER)
    register(event, district.school_a, district.mentor_a.teacher)
    assert Registration.objects.get().role == "наставник"


def test_places_are_counted_across_schools(district):
    event = district_event(district.municipality, capacity=2)
    register(event, district.school_a, district.mentor_a.teacher)
    colleague = TeacherFactory(school=district.school_b)
    give_personal_data_consent(colleague)
    with pytest.raises(ValidationError, match="осталось 1 место: выбрано 2"):
        register(event, district.school_b, district.mentor_b.teacher, colleague)
    register(event, district.school_b, district.mentor_b.teacher)
    with pytest.raises(ValidationError, match="свободных мест нет"):
        register(event, district.school_a, district.mentee_a.teacher)


def test_a_teacher_is_registered_once(district):
    event = district_event(district.municipality)
    register(event, district.school_a, district.mentor_a.teacher)
    with pytest.raises(ValidationError, match="уже зарегистрирован"):
        register(event, district.school_a, district.mentor_a.teacher, district.mentee_a.teacher)
    assert Registration.objects.count() == 1


def test_a_school_event_takes_only_its_own_school(district):
    event = district_event(district.municipality, school=district.school_a, kind=EventKind.FINAL_CONFERENCE)
    with pytest.raises(ValidationError, match="другой образовательной организации"):
        register(event, district.school_b, district.mentor_b.teacher)


def test_a_school_organises_only_its_kinds(district):
    event = Event(
        municipality=district.municipality, school=district.school_a, kind=EventKind.WEBINAR, title="Вебинар",
        starts_at=NOW, link="https://example.org/webinar",
    )
    with pytest.raises(ValidationError) as error:
        services.event_save(event=event)
    assert "kind" in error.value.message_dict


def test_capacity_cannot_go_below_the_registered(district):
    event = district_event(district.municipality, capacity=5)
    register(event, district.school_a, district.mentor_a.teacher, district.mentee_a.teacher)
    event.capacity = 1
    with pytest.raises(ValidationError) as error:
        services.event_save(event=event)
    assert error.value.message_dict["capacity"] == ["Уже зарегистрировано 2: мест не может быть меньше."]


def test_attendance_of_training_marks_the_mentor_trained_and_taking_it_back_undoes_it(district):
    event = district_event(district.municipality)
    (registration,) = register(event, district.school_a, district.mentor_a.teacher)
    with pytest.raises(ValidationError, match="ещё не началось"):
        services.attendance_mark(registration=registration, attended=True, now=NOW)

    services.attendance_mark(registration=registration, attended=True, now=AFTER)
    mentor = district.mentor_a
    mentor.refresh_from_db()
    assert mentor.trained_on == event.starts_on
    assert mentor.status == MentorStatus.TRAINED
    assert mentor.history.first().history_change_reason.startswith("обучение наставников")

    services.attendance_mark(registration=registration, attended=False, now=AFTER)
    mentor.refresh_from_db()
    assert (mentor.trained_on, mentor.status) == (None, MentorStatus.APPROVED)


def test_withdrawn_attendance_leaves_an_earlier_training_standing(district):
    first = district_event(district.municipality, days=1, title="Обучение, часть 1")
    second = district_event(district.municipality, days=3, title="Обучение, часть 2")
    later = NOW + datetime.timedelta(days=5)
    (r1,) = register(first, district.school_a, district.mentor_a.teacher)
    (r2,) = register(second, district.school_a, district.mentor_a.teacher)
    services.attendance_mark(registration=r1, attended=True, now=later)
    services.attendance_mark(registration=r2, attended=True, now=later)
    services.attendance_mark(registration=r2, attended=False, now=later)
    district.mentor_a.refresh_from_db()
    assert district.mentor_a.trained_on == first.starts_on


def test_attendance_of_a_seminar_does_not_train_anybody(district):
    event = district_event(district.municipality, kind=EventKind.YOUNG_TEACHER_SCHOOL)
    (registration,) = register(event, district.school_a, district.mentor_a.teacher)
    services.attendance_mark(registration=registration, attended=True, now=AFTER)
    district.mentor_a.refresh_from_db()
    assert district.mentor_a.trained_on is None


def test_a_marked_participant_is_not_taken_off(district):
    event = district_event(district.municipality)
    (registration,) = register(event, district.school_a, district.mentor_a.teacher)
    services.attendance_mark(registration=registration, attended=True, now=AFTER)
    with pytest.raises(ValidationError, match="Присутствие уже отмечено"):
        services.registration_cancel(registration=registration, now=NOW)


@pytest.mark.django_db(transaction=True)
def test_two_curators_racing_for_the_last_place_do_not_overfill(district):
    event = district_event(district.municipality, capacity=1)
    results = []

    def take(school, teacher):
        try:
            register(event, school, teacher)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=take, args=(district.school_a, district.mentor_a.teacher)),
        threading.Thread(target=take, args=(district.school_b, district.mentor_b.teacher)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert Registration.objects.filter(event=event).count() == 1
