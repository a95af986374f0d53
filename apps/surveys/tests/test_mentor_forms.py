"""The mentor questionnaire's forms question is the mentor's own answer: it lands in `Mentor.forms`."""

import pytest

from apps.catalogues.models import MentoringForm
from apps.mentors.models import Mentor
from apps.mentors.tests.factories import MentorFactory
from apps.schools.tests.factories import TeacherFactory

from .factories import give_personal_data_consent, link_of, make_invitation, mentor_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(school_a):
    teacher = TeacherFactory(school=school_a)
    give_personal_data_consent(teacher)
    return teacher


def test_a_form_that_is_no_option_is_a_russian_field_error(client, teacher):
    response = client.post(link_of(make_invitation(teacher, "mentor")), mentor_answers(forms=["999999"]))
    assert response.status_code == 200
    assert response.context["form"].errors["forms"] == ["Выберите варианты из списка."]
    assert not Mentor.objects.exists()


def test_the_answer_lands_in_the_mentor_bank_and_replaces_the_old_one(client, teacher):
    forms = {f.code: f for f in MentoringForm.objects.all()}
    mentor = MentorFactory(teacher=teacher)
    mentor.forms.set([forms["head-teacher"]])
    chosen = [forms["teacher-teacher"], forms["employer-student"]]
    response = client.post(link_of(make_invitation(teacher, "mentor")), mentor_answers(forms=[str(f.pk) for f in chosen]))
    assert response.status_code == 302
    assert set(Mentor.objects.get(teacher=teacher).forms.all()) == set(chosen)
