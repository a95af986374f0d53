"""The mentor questionnaire puts the teacher in the mentor bank as a candidate; the school's capacity rule holds."""

import pytest

from apps.catalogues.models import Competence
from apps.mentors.models import Mentor, MentorStatus, QualificationCategory
from apps.mentors.tests.factories import MentorFactory
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.models import Invitation, Response

from .factories import give_personal_data_consent, link_of, make_invitation, mentor_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(school_a):
    teacher = TeacherFactory(school=school_a)
    give_personal_data_consent(teacher)
    return teacher


def test_submitting_creates_a_candidate_mentor(client, teacher):
    competences = list(Competence.objects.filter(school__isnull=True).order_by("order")[:2])
    response = client.post(link_of(make_invitation(teacher, "mentor")), mentor_answers(competences=competences))
    assert response.status_code == 302
    mentor = Mentor.objects.get(teacher=teacher)
    assert mentor.school == teacher.school
    assert mentor.status == MentorStatus.CANDIDATE
    assert set(mentor.competences.all()) == set(competences)
    assert mentor.capacity == 2
    assert mentor.qualification_category == QualificationCategory.HIGHEST
    assert mentor.has_mentoring_experience is True
    assert mentor.availability == "вторник и четверг после 15:00"
    assert mentor.interests == "Подготовка к ОГЭ по физике"
    assert mentor.achievements == "Победитель конкурса «Учитель года» 2019"
    teacher.refresh_from_db()
    assert teacher.subjects == "физика"
    answers = Response.objects.get().answers
    assert answers["competences"]["value"] == [{"id": c.pk, "name": c.name} for c in competences]
    assert answers["capacity"]["value"] == "2"


def test_capacity_over_the_school_limit_is_a_russian_field_error(client, teacher):
    school = teacher.school
    school.max_mentees_per_mentor = 1
    school.save()
    invitation = make_invitation(teacher, "mentor")
    response = client.post(link_of(invitation), mentor_answers(capacity="2"))
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "По положению организации у наставника может быть не более 1 наставляемого одновременно."
    ]
    page = response.content.decode()
    assert "вторник и четверг после 15:00" in page  # what was typed stays
    # Nothing half-stored: the whole submission is one transaction.
    assert not Mentor.objects.exists()
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None
    assert client.post(link_of(invitation), mentor_answers(capacity="1")).status_code == 302
    assert Mentor.objects.get().capacity == 1


def test_an_existing_mentor_keeps_status_and_is_updated(client, teacher):
    mentor = MentorFactory(teacher=teacher, status=MentorStatus.APPROVED, capacity=1)
    client.post(link_of(make_invitation(teacher, "mentor")), mentor_answers(qualification="первая", prior_mentoring="no"))
    mentor.refresh_from_db()
    assert Mentor.objects.count() == 1
    assert mentor.status == MentorStatus.APPROVED
    assert mentor.capacity == 2
    assert mentor.qualification_category == QualificationCategory.FIRST
    assert mentor.has_mentoring_experience is False


def test_a_mentor_link_is_not_a_mentee_link(client, teacher):
    invitation = make_invitation(teacher, "mentor")
    page = client.get(link_of(invitation)).content.decode()
    assert "Анкета потенциального наставника" in page
    assert Invitation.objects.get().kind == "mentor"
