"""In Chromium: the curator enters a pedagogical college and its student in the back-office, puts the student in
the mentee bank, the matching pairs them with the school mentor who takes students in «работодатель – студент»,
and the pairs order PDF says «за студентом … — наставника …»."""

import re

import pytest

from apps.accounts.roles import Role
from apps.catalogues.models import Competence, MentoringForm, Request
from apps.consents.models import Consent, ConsentKind
from apps.consents.services import consent_give
from apps.documents.models import Order, OrderKind
from apps.documents.tests.factories import needs_pdf_tools, pdf_text
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import Pair
from apps.pairs.services import pair_consents_record_paper
from apps.schools.models import Affiliation, Teacher
from apps.schools.tests.factories import SchoolFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_pdf_tools]
PASSWORD = "пароль-для-тестов"
DISCIPLINE = "Поддержание дисциплины на уроке"


def norm(text: str) -> str:
    return re.sub(r"[\s\-\u2010\u00ad]", "", text)


def pick(page, field_id: str, text: str):
    """Choose `text` in the admin's autocomplete (select2) field `field_id`."""
    page.locator(f"#{field_id}").locator("xpath=following-sibling::span[contains(@class, 'select2')]").first.click()
    page.locator(".select2-search__field").last.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_a_college_student_is_matched_in_the_employer_student_form_and_named_so_in_the_order(live_server, page, standard_data):
    school = SchoolFactory(director_name="Сергеева Татьяна Александровна")
    UserFactory(username="curator", school=school, is_staff=True, roles=[Role.CURATOR])
    discipline = Request.objects.get(school=None, name=DISCIPLINE)
    forms = {f.code: f for f in MentoringForm.objects.all()}
    # Two mentors close the request; only one answered that she takes students.
    for last_name, codes in (("Штатная", ["teacher-teacher"]), ("Лебедева", ["teacher-teacher", "employer-student"])):
        mentor = MentorFactory(teacher__school=school, teacher__last_name=last_name, teacher__first_name="Марина", teacher__patronymic="Петровна")
        mentor.competences.set(Competence.objects.filter(requests=discipline))
        mentor.forms.set([forms[c] for c in codes])
        consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/")
    page.locator("input[name=username]").fill("curator")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()

    # The college, then its student.
    page.goto(f"{live_server.url}/admin/schools/partnerorganisation/add/")
    page.locator("#id_kind").select_option(label="педагогический колледж")
    page.locator("#id_name").fill(
        "Государственное бюджетное профессиональное образовательное учреждение «Педагогический колледж № 1»"
    )
    page.locator("#id_short_name").fill("ГБПОУ ПК № 1")
    page.locator("#id_head_name").fill("Кузнецов Андрей Викторович")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/schools/partnerorganisation/")

    page.goto(f"{live_server.url}/admin/schools/teacher/add/")
    page.locator("#id_last_name").fill("Орлов")
    page.locator("#id_first_name").fill("Павел")
    page.locator("#id_patronymic").fill("Сергеевич")
    page.locator("#id_gender").select_option(label="мужской")
    page.locator("#id_position").fill("студент")
    page.locator("#id_affiliation").select_option(label="студент вуза/колледжа")
    page.locator("#id_organisation").select_option(label="ГБПОУ ПК № 1")
    page.locator("#id_course").fill("3")
    page.locator("#id_speciality").fill("Преподавание в начальных классах")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/schools/teacher/")
    student = Teacher.objects.get(last_name="Орлов")
    assert (student.affiliation, student.organisation.short_name, student.course) == (Affiliation.STUDENT, "ГБПОУ ПК № 1", 3)
    # His signed paper consent to the processing of personal data, as the curator records it.
    consent_give(teacher=student, kind=ConsentKind.PERSONAL_DATA, source=Consent.Source.PAPER)

    page.goto(f"{live_server.url}/admin/mentees/mentee/add/")
    pick(page, "id_teacher", "Орлов")
    pick(page, "id_requests", DISCIPLINE)
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/mentees/mentee/")

    # The matching: the student is offered only the mentor who takes students, in their form.
    page.goto(f"{live_server.url}/podbor/")
    card = page.locator("article[data-mentee]", has_text="Орлов Павел Сергеевич")
    assert "студент вуза/колледжа, 3 курс, ГБПОУ ПК № 1" in card.inner_text()
    assert "Лебедева" in card.inner_text() and "Штатная" not in card.inner_text()
    page.get_by_role("button", name="Предложить распределение").first.click()
    page.wait_for_load_state()
    row = page.locator("tr[data-mentee]", has_text="Орлов Павел Сергеевич")
    assert row.locator("select[name$=-mentor] option:checked").inner_text().startswith("Лебедева")
    assert row.locator("select[name$=-form] option:checked").inner_text() == forms["employer-student"].name
    page.get_by_role("button", name="Подтвердить и сформировать пары").click()
    page.wait_for_load_state()
    pair = Pair.objects.get()
    assert (pair.mentor.teacher.last_name, pair.form.code) == ("Лебедева", "employer-student")

    # The pairs order from the pairs list, then its PDF.
    pair_consents_record_paper(pair=pair, recorded_by=None)
    consent_give(teacher=pair.mentor.teacher, kind=ConsentKind.PERSONAL_DATA)
    page.goto(f"{live_server.url}/admin/pairs/pair/")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("include_in_pairs_order")
    page.get_by_role("button", name="Выполнить").click()
    page.wait_for_url("**/admin/documents/order/*/change/")
    order = Order.objects.get(kind=OrderKind.PAIRS)
    assert list(order.pairs.all()) == [pair]
    response = page.request.get(f"{live_server.url}/dokumenty/prikazy/{order.pk}/pdf/")
    assert response.status == 200
    text = pdf_text(response.body())
    assert "за студентом 3 курса ГБПОУ ПК № 1 Орловым Павлом Сергеевичем" in text
    assert "— наставника Лебедеву Марину Петровну" in text
    # The table's narrow column may break the form's name across lines: compared without spaces and hyphens.
    assert norm("работодатель – студент педагогического вуза/колледжа") in norm(text)
