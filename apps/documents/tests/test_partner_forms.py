"""Documents for the forms beyond the staff: the pairs order words each pair by its form, and the
«Соглашение о сотрудничестве» with a partner organisation names both organisations and heads declined."""

import datetime

import pytest

from apps.catalogues.models import MentoringForm
from apps.documents import documents
from apps.documents.models import OrderKind
from apps.documents.services import order_create, order_sign
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.services import pair_create
from apps.schools.models import Affiliation, PartnerKind
from apps.schools.tests.factories import PartnerOrganisationFactory, StudentFactory

from .factories import give_consents, needs_pdf_tools, pair_of, pdf_text

pytestmark = [pytest.mark.django_db, needs_pdf_tools]

STARTED = datetime.date(2025, 10, 1)
COLLEGE_NAME = "Государственное бюджетное профессиональное образовательное учреждение «Педагогический колледж № 1»"


def partner_pair(mentor_teacher, mentee_teacher, code):
    mentor = getattr(mentor_teacher, "mentor", None) or MentorFactory(teacher=mentor_teacher, school=mentor_teacher.school)
    pair = pair_create(
        school=mentor_teacher.school,
        mentor=mentor,
        mentees=[MenteeFactory(teacher=mentee_teacher, school=mentee_teacher.school)],
        form=MentoringForm.objects.get(code=code),
        started_on=STARTED,
        planned_end_on=datetime.date(2026, 6, 1),
    )
    return give_consents(pair, on=datetime.date(2025, 9, 25))


def test_the_pairs_order_words_each_pair_by_its_form(school, people, appointed, contains):
    college = PartnerOrganisationFactory(school=school, short_name="ГБПОУ ПК № 1")
    student = StudentFactory(school=school, organisation=college, last_name="Орлов", first_name="Павел", patronymic="Сергеевич", gender="m", course=3)
    lecturer = StudentFactory(
        school=school, organisation=college, affiliation=Affiliation.LECTURER, course=None, speciality="",
        last_name="Лебедев", first_name="Олег", patronymic="Игоревич", gender="m", position="преподаватель",
    )
    staff = give_consents(pair_of(people.petrov, people.shevchenko, started_on=STARTED), on=datetime.date(2025, 9, 25))
    students = partner_pair(people.gogol, student, "employer-student")
    lecturers = partner_pair(lecturer, people.ilyin, "university-young")
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[staff, students, lecturers])
    assert not order.refused_pairs
    order = order_sign(order=order, number="46-од", date=datetime.date(2025, 10, 3))
    text = pdf_text(documents.pairs_order_pdf(order=order))

    contains(
        text,
        "Закрепить с письменного согласия участников (формы наставничества и сроки указаны в таблице):",
        "за Петровым Иваном Сергеевичем, учителем физики, — Шевченко Игоря Васильевича, учителя истории и обществознания;",
        "за студентом 3 курса ГБПОУ ПК № 1 Орловым Павлом Сергеевичем (специальность «Преподавание в начальных классах») "
        "— наставника Гоголь Анну Васильевну, учителя русского языка и литературы;",
        "за молодым педагогом Ильиным Ильёй Ильичом, учителем математики, — наставника Лебедева Олега Игоревича, "
        "преподавателя ГБПОУ ПК № 1.",
        "Возложить на наставников из числа работников организации с их письменного согласия",
        "Орлов Павел Сергеевич, студент 3 курса ГБПОУ ПК № 1",
        "работодатель – студент педагогического вуза/колледжа",
    )
    assert "наставляемых педагогических работников за наставниками" not in text


def test_an_order_of_staff_pairs_keeps_its_wording(school, pairs, contains):
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one])
    text = pdf_text(documents.pairs_order_pdf(order=order))
    contains(text, "Закрепить с письменного согласия участников наставляемых педагогических работников за наставниками")
    assert "из числа работников организации" not in text


AGREEMENT = "/dokumenty/partnery/{}/soglashenie/"


def test_only_the_schools_own_staff_download_the_agreement(client, school, curator_b, teacher_user):
    college = PartnerOrganisationFactory(school=school)
    url = AGREEMENT.format(college.pk)
    assert client.get(url).status_code == 302  # to the login
    client.force_login(curator_b)
    assert client.get(url).status_code == 404  # another school's partner looks like a missing one
    client.force_login(teacher_user)
    assert client.get(url).status_code == 403


def test_the_agreement_names_both_organisations_and_their_heads_declined(client, school, curator_a, contains, django_assert_max_num_queries):
    college = PartnerOrganisationFactory(
        school=school, name=COLLEGE_NAME, short_name="ГБПОУ ПК № 1", head_name="Кузнецова Ольга Викторовна", head_position="Директор",
        inn="7810134580", address="196084, Санкт-Петербург, Лиговский пр., д. 281",
    )
    client.force_login(curator_a)
    with django_assert_max_num_queries(8):
        response = client.get(AGREEMENT.format(college.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    contains(
        text,
        "СОГЛАШЕНИЕ №",
        "О сотрудничестве в реализации системы наставничества педагогических работников",
        f"{school.full_name} (далее — Школа) в лице директора Сергеевой Татьяны Александровны, действующей на основании Устава",
        f"{COLLEGE_NAME} (далее — Партнёр) в лице директора Кузнецовой Ольги Викторовны, действующей на основании Устава",
        f"наставничества педагогических работников {school.full_name_in('gen')}",
        "«работодатель – студент педагогического вуза/колледжа»",
        "ИНН 7810134580",
        "Т.А. Сергеева",
        "О.В. Кузнецова",
    )


def test_a_social_partner_agreement_speaks_of_its_employees(client, school, curator_a, contains):
    partner = PartnerOrganisationFactory(
        school=school, kind=PartnerKind.ENTERPRISE, name="Акционерное общество «Завод»", short_name="АО «Завод»",
        head_name="Смирнов Пётр Ильич", head_position="Генеральный директор",
    )
    client.force_login(curator_a)
    text = pdf_text(client.get(AGREEMENT.format(partner.pk)).content)
    contains(text, "в лице генерального директора Смирнова Петра Ильича, действующего на основании Устава", "«социальный партнёр – педагог")
    assert "студент" not in text


def test_no_employment_agreement_for_a_mentor_who_is_not_on_the_staff(client, school, curator_a):
    college = PartnerOrganisationFactory(school=school)
    lecturer = StudentFactory(school=school, organisation=college, affiliation=Affiliation.LECTURER, course=None, speciality="", position="преподаватель")
    client.force_login(curator_a)
    assert client.get(f"/dokumenty/pedagogi/{lecturer.pk}/employment_agreement/").status_code == 404
    assert client.get(f"/dokumenty/pedagogi/{lecturer.pk}/consent_mentor/").status_code == 200
