"""Which school year an answer counts in: the day it was submitted, in the portal's time zone."""

import datetime

import pytest
from django.utils import timezone

from apps.core.dates import SchoolYear
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.models import Questionnaire, QuestionnaireKind, Response

pytestmark = pytest.mark.django_db


def at(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def test_an_answer_counts_in_the_school_year_of_its_local_day():
    questionnaire = Questionnaire.objects.filter(kind=QuestionnaireKind.MENTOR, school=None).first()
    moments = {
        "last evening of August": at(2026, 8, 31, 23, 59, 59),
        "first minute of September": at(2026, 9, 1, 0, 0),
        "last evening of the year": at(2027, 8, 31, 23, 59, 59, 999999),
        "next year": at(2027, 9, 1, 0, 0),
    }
    for name, moment in moments.items():
        Response.objects.create(questionnaire=questionnaire, teacher=TeacherFactory(last_name=name), submitted_at=moment)
    in_2026 = Response.objects.of_school_year(SchoolYear(2026)).values_list("teacher__last_name", flat=True)
    assert sorted(in_2026) == ["first minute of September", "last evening of the year"]
    assert timezone.get_current_timezone_name() != "UTC"  # the boundary is the local midnight, not UTC's
