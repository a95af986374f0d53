"""A district of two schools with a coordinator, a curator each, mentors and a mentee, for the events' tests."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from apps.accounts.roles import Role
from apps.events.models import Event, EventKind
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.schools.tests.factories import MunicipalityFactory, SchoolFactory, UserFactory
from apps.surveys.tests.factories import give_personal_data_consent

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 12, 0))


@dataclass
class District:
    municipality: object
    school_a: object
    school_b: object
    other_school: object  # of another municipality
    coordinator: object
    curator_a: object
    curator_b: object
    director_a: object
    mentor_a: object
    mentee_a: object
    mentor_b: object


def build_district() -> District:
    municipality = MunicipalityFactory(name="Невский район", authority="Отдел образования администрации Невского района")
    school_a = SchoolFactory(municipality=municipality, short_name="Школа А", slug="ev-school-a")
    school_b = SchoolFactory(municipality=municipality, short_name="Школа Б", slug="ev-school-b")
    other = SchoolFactory(short_name="Чужая школа", slug="ev-other")
    mentor_a = MentorFactory(teacher__school=school_a, teacher__last_name="Алмазова")
    mentee_a = MenteeFactory(teacher__school=school_a, teacher__last_name="Берёзкина")
    mentor_b = MentorFactory(teacher__school=school_b, teacher__last_name="Васильева")
    for person in (mentor_a.teacher, mentee_a.teacher, mentor_b.teacher):
        give_personal_data_consent(person)
    return District(
        municipality=municipality,
        school_a=school_a,
        school_b=school_b,
        other_school=other,
        coordinator=UserFactory(username="coord", is_staff=True, municipality=municipality, roles=[Role.COORDINATOR]),
        curator_a=UserFactory(username="cur-a", is_staff=True, school=school_a, roles=[Role.CURATOR]),
        curator_b=UserFactory(username="cur-b", is_staff=True, school=school_b, roles=[Role.CURATOR]),
        director_a=UserFactory(username="dir-a", is_staff=True, school=school_a, roles=[Role.DIRECTOR]),
        mentor_a=mentor_a,
        mentee_a=mentee_a,
        mentor_b=mentor_b,
    )


def district_event(municipality, *, days=7, kind=EventKind.MENTOR_TRAINING, **fields) -> Event:
    values = {
        "municipality": municipality,
        "kind": kind,
        "title": "Обучение наставников: роль и задачи наставника",
        "starts_at": NOW + datetime.timedelta(days=days),
        "place": "ИМЦ Невского района, ул. Седова, 11",
        **fields,
    }
    return Event.objects.create(**values)
