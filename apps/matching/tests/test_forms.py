"""The five forms in the matching: a mentor's forms are their own answer, a college student is proposed only a
school mentor who works in «работодатель – студент», the pair keeps that form, and a form that does not fit
the people is refused by the pair's service."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.catalogues.models import MentoringForm
from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.matching import algorithm
from apps.matching.selectors import school_matching
from apps.matching.tests.test_pages import PROPOSE, available, confirm_data, requests
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.models import Mentor
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import Pair
from apps.pairs.services import pair_create, pair_update
from apps.schools.models import Affiliation
from apps.schools.tests.factories import PartnerOrganisationFactory, StudentFactory

pytestmark = pytest.mark.django_db

DISCIPLINE = "Поддержание дисциплины на уроке"


def form(code):
    return MentoringForm.objects.get(code=code)


def student_mentee(school, last_name="Орлов"):
    mentee = MenteeFactory(teacher=StudentFactory(school=school, last_name=last_name, first_name="Павел", patronymic="Сергеевич", gender="m"))
    mentee.requests.set(requests(DISCIPLINE))
    consent_give(teacher=mentee.teacher, kind=ConsentKind.PERSONAL_DATA)
    return mentee


def test_a_mentor_who_does_not_work_with_students_is_no_candidate_for_one():
    mentee = algorithm.MenteeData(id=1, request_ids=frozenset({7}), allowed_form_ids=frozenset({3}))
    staff_only = algorithm.MentorData(id=10, competence_ids=frozenset({70}), form_ids=frozenset({1}))
    with_students = algorithm.MentorData(id=11, competence_ids=frozenset({70}), form_ids=frozenset({1, 3}))
    closers = {7: {70}}
    assert not algorithm.is_candidate(mentee, staff_only, closers)
    assert algorithm.is_candidate(mentee, with_students, closers)
    ranked = algorithm.rank(mentee, [staff_only, with_students], request_closers=closers)
    assert [c.mentor_id for c in ranked] == [11]
    assert algorithm.assign([mentee], [staff_only, with_students], request_closers=closers).as_dict() == {1: 11}


def test_the_student_is_proposed_the_mentor_who_takes_students_in_their_form(client, curator_a, school_a):
    student = student_mentee(school_a)
    staff_only = available(school_a, "Штатная", DISCIPLINE)
    staff_only.forms.set([form("teacher-teacher")])
    takes_students = available(school_a, "Опытная", DISCIPLINE)
    takes_students.forms.set([form("teacher-teacher"), form("employer-student")])
    client.force_login(curator_a)

    response = client.get(PROPOSE)
    (line,) = response.context["lines"]
    assert line.mentee == student
    assert line.form.initial["mentor"] == takes_students.pk
    assert line.form.initial["form"] == form("employer-student").pk
    assert set(line.candidates) == {takes_students.pk}

    data = confirm_data((student, takes_students))
    data[f"r{student.pk}-form"] = str(form("employer-student").pk)
    assert client.post(PROPOSE, data).status_code == 302
    pair = Pair.objects.get()
    assert (pair.mentor, pair.form.code, list(pair.mentees.all())) == (takes_students, "employer-student", [student])


def test_the_mentors_forms_are_their_answer_not_their_position(school_a):
    director = MentorFactory(teacher__school=school_a, teacher__position="заместитель директора")
    answered = MentorFactory(teacher__school=school_a)
    answered.forms.set([form("head-teacher")])
    for mentor in (director, answered):
        consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)
    matching = school_matching(school=school_a, weights=algorithm.Weights())
    forms_of = {m.id: m.form_ids for m in matching.problem.mentors}
    # No answer: the base form of the staff; the position's words no longer add «руководитель ОО – педагог».
    assert forms_of[director.pk] == frozenset({form("teacher-teacher").pk})
    assert forms_of[answered.pk] == frozenset({form("head-teacher").pk})


def test_a_lecturer_mentors_a_young_teacher_in_their_own_form(school_a):
    college = PartnerOrganisationFactory(school=school_a)
    lecturer = MentorFactory(
        teacher__school=school_a, teacher__affiliation=Affiliation.LECTURER, teacher__organisation=college, teacher__position="преподаватель"
    )
    mentee = MenteeFactory(teacher__school=school_a)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        pair_create(school=school_a, mentor=lecturer, mentees=[mentee], form=form("teacher-teacher"), started_on=today, planned_end_on=today.replace(year=today.year + 1))
    assert "наставник — преподаватель вуза/колледжа" in error.value.message_dict["form"][0]
    pair = pair_create(
        school=school_a, mentor=lecturer, mentees=[mentee], form=form("university-young"), started_on=today, planned_end_on=today.replace(year=today.year + 1)
    )
    assert pair.form.code == "university-young"


def test_a_student_cannot_be_a_mentor(school_a):
    mentor = Mentor(school=school_a, teacher=StudentFactory(school=school_a))
    with pytest.raises(ValidationError) as error:
        mentor.full_clean()
    assert "не может быть наставником" in error.value.message_dict["teacher"][0]


def test_a_pair_keeps_a_form_that_fits_its_people(school_a):
    mentor = MentorFactory(teacher__school=school_a)
    mentor.forms.set([form("employer-student")])
    student = MenteeFactory(teacher=StudentFactory(school=school_a))
    today = timezone.localdate()
    pair = pair_create(
        school=school_a, mentor=mentor, mentees=[student], form=form("employer-student"), started_on=today, planned_end_on=today.replace(year=today.year + 1)
    )
    with pytest.raises(ValidationError) as error:
        pair_update(pair=pair, form=form("teacher-teacher"))
    assert "наставляемый" in error.value.message_dict["form"][0] and "студент вуза/колледжа" in error.value.message_dict["form"][0]
    pair.refresh_from_db()
    assert pair.form.code == "employer-student"
