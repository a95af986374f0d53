"""Participants beyond the school's staff: the partner organisations and the person records of their students,
lecturers and employees, entered by the curator in the back-office; staff figures count the staff only."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.schools.models import Affiliation, PartnerKind, PartnerOrganisation, Teacher
from apps.schools.tests.factories import PartnerOrganisationFactory, SchoolFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

PARTNER_ADD = "/admin/schools/partnerorganisation/add/"
TEACHER_ADD = "/admin/schools/teacher/add/"


def test_an_outside_participant_needs_a_fitting_organisation_of_the_same_school(school_a, school_b):
    enterprise = PartnerOrganisationFactory(school=school_a, kind=PartnerKind.ENTERPRISE, short_name="АО «Завод»")
    other_college = PartnerOrganisationFactory(school=school_b)
    cases = [
        (dict(affiliation=Affiliation.STUDENT, organisation=None, course=2), "organisation", "Укажите организацию-партнёр"),
        (dict(affiliation=Affiliation.STUDENT, organisation=enterprise, course=2), "organisation", "здесь нужен вуз или колледж"),
        (dict(affiliation=Affiliation.STUDENT, organisation=other_college, course=2), "organisation", "у другой образовательной организации"),
        (dict(affiliation=Affiliation.STUDENT, organisation=PartnerOrganisationFactory(school=school_a)), "course", "Укажите курс"),
        (dict(affiliation=Affiliation.STAFF, organisation=enterprise), "organisation", "Работник организации не относится"),
        (dict(affiliation=Affiliation.PARTNER, organisation=enterprise, course=1), "course", "только для студента"),
    ]
    for fields, field, words in cases:
        teacher = TeacherFactory.build(school=school_a, **fields)
        with pytest.raises(ValidationError) as error:
            teacher.full_clean()
        assert any(words in message for message in error.value.message_dict[field]), (fields, error.value.message_dict)
    TeacherFactory.build(school=school_a, affiliation=Affiliation.PARTNER, organisation=enterprise).full_clean()


def test_staff_figures_count_the_staff_only():
    school = SchoolFactory()
    on = datetime.date(2026, 12, 1)
    young = TeacherFactory(school=school, birth_date=datetime.date(2000, 1, 1), teaching_since=datetime.date(2025, 9, 1))
    # A student of the same age, even with a date of practice entered, is no young specialist of the school.
    student = StudentFactory(school=school, birth_date=datetime.date(2004, 1, 1), teaching_since=datetime.date(2025, 9, 1))
    teachers = Teacher.objects.filter(school=school)
    assert set(teachers.staff()) == {young}
    assert list(teachers.young_specialists(on)) == [young]
    assert student in teachers
    assert young.is_young_specialist(on) and not student.is_young_specialist(on)


def test_the_curator_adds_a_college_and_its_student_in_the_back_office(client, curator_a, school_a, school_b):
    foreign = PartnerOrganisationFactory(school=school_b)
    client.force_login(curator_a)
    bad = client.post(PARTNER_ADD, {"kind": "college", "name": "", "short_name": "", "head_name": "", "head_position": "Директор", "head_basis": "Устава"})
    assert bad.status_code == 200 and "Обязательное поле." in bad.content.decode()

    response = client.post(
        PARTNER_ADD,
        {
            "kind": "college",
            "name": "Государственное бюджетное профессиональное образовательное учреждение «Педагогический колледж № 4»",
            "short_name": "ГБПОУ ПК № 4",
            "head_name": "Кузнецов Андрей Викторович",
            "head_position": "Директор",
            "head_basis": "Устава",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    college = PartnerOrganisation.objects.get(short_name="ГБПОУ ПК № 4")
    assert college.school == school_a

    card = {
        "last_name": "Орлов",
        "first_name": "Павел",
        "patronymic": "Сергеевич",
        "gender": "m",
        "position": "студент",
        "affiliation": "student",
        "organisation": str(foreign.pk),
        "course": "3",
        "speciality": "Преподавание в начальных классах",
        "is_employed": "on",
    }
    refused = client.post(TEACHER_ADD, card)  # another school's college is no choice
    assert refused.status_code == 200 and not Teacher.objects.filter(last_name="Орлов").exists()
    assert "Выберите корректный вариант" in refused.content.decode()
    response = client.post(TEACHER_ADD, {**card, "organisation": str(college.pk)})
    assert response.status_code == 302, response.content.decode()[:3000]
    student = Teacher.objects.get(last_name="Орлов")
    assert (student.affiliation, student.organisation, student.course, student.school) == (Affiliation.STUDENT, college, 3, school_a)


def test_partner_list_is_the_schools_own(client, curator_a, school_a, school_b, django_assert_max_num_queries):
    own = PartnerOrganisationFactory(school=school_a, short_name="ГБПОУ «Наш колледж»")
    PartnerOrganisationFactory(school=school_b, short_name="ГБПОУ «Чужой колледж»")
    client.force_login(curator_a)
    with django_assert_max_num_queries(12) as small:
        page = client.get("/admin/schools/partnerorganisation/").content.decode()
    assert "Наш колледж" in page and "Чужой колледж" not in page
    for n in range(10):
        StudentFactory(school=school_a, organisation=PartnerOrganisationFactory(school=school_a, short_name=f"Колледж {n}"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/admin/schools/partnerorganisation/")
    assert client.get(f"/admin/schools/partnerorganisation/{own.pk}/change/").status_code == 200
