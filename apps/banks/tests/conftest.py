"""The banks every export test reads: two mentors and two mentees of school A, with consents."""

import datetime

import pytest

from apps.catalogues.models import Competence, Request
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import make_pair

from .data import consent


@pytest.fixture
def bank(school_a):
    """A mentor with two competences leading Анна Смирнова; a waiting mentee; a mentor without a pair."""
    mentor = MentorFactory(
        teacher__school=school_a, teacher__last_name="Иванова", teacher__first_name="Мария", teacher__patronymic="Петровна",
        teacher__position="учитель математики", teacher__teaching_since=datetime.date(2008, 9, 1),
        qualification_category="highest",
    )  # fmt: skip
    mentor.competences.set(
        [Competence.objects.create(name="Подготовка к ОГЭ"), Competence.objects.create(name="Классное руководство")]
    )
    paired = MenteeFactory(
        teacher__school=school_a, teacher__last_name="Смирнова", teacher__first_name="Анна", teacher__patronymic="Олеговна",
        teacher__birth_date=datetime.date(2000, 3, 1), teacher__teaching_since=datetime.date(2024, 9, 1),  # young on TODAY
    )  # fmt: skip
    paired.requests.set([Request.objects.create(name="Дисциплина на уроке")])
    paired.requests_text = "Хочу научиться работать с родителями"
    paired.save()
    waiting = MenteeFactory(teacher__school=school_a, teacher__last_name="Орлов", teacher__first_name="Дмитрий", teacher__patronymic="Андреевич")
    make_pair(mentor=mentor, mentees=[paired])
    lone = MentorFactory(
        teacher__school=school_a, teacher__last_name="Петров", teacher__first_name="Иван", teacher__patronymic="Сергеевич"
    )
    consent(mentor.teacher)
    consent(paired.teacher, withdrawn=True)
    consent(lone.teacher, withdrawn=True)
    consent(lone.teacher)  # gave it again: active
    return {"mentor": mentor, "paired": paired, "waiting": waiting, "lone": lone}
