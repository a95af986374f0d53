"""From a phone: a teacher opens the personal link, consents, fills the mentee questionnaire and submits it."""

import pytest

from apps.accounts.roles import Role
from apps.catalogues.models import Request
from apps.mentees.models import Mentee, MenteeStatus
from apps.schools.tests.factories import SchoolFactory, TeacherFactory, UserFactory

from .factories import link_of, make_invitation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_fills_the_mentee_questionnaire_from_a_phone(live_server, page, standard_data):
    teacher = TeacherFactory(school=SchoolFactory(), subjects="")
    invitation = make_invitation(teacher)
    chosen = ["Поддержание дисциплины на уроке", "Взаимодействие с родителями обучающихся"]

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + link_of(invitation))
    assert "Согласие на обработку персональных данных" in page.content(), page.inner_text("main")
    page.get_by_label("Я даю согласие на обработку персональных данных на условиях, изложенных выше").check()
    page.get_by_role("button", name="Дать согласие и перейти к анкете").click()

    page.get_by_role("heading", name="Анкета молодого педагога: профессиональные запросы").wait_for()
    page.get_by_label("Какие предметы вы преподаёте?").fill("русский язык, литература")
    page.get_by_label("В каких классах вы работаете?").fill("5–6 классы")
    page.get_by_label("от 1 до 3 лет").check()
    page.get_by_label("высшее педагогическое", exact=True).check()
    page.locator('input[name="class_teacher"][value="yes"]').check()
    for code in ("conf_planning", "conf_discipline", "conf_parents", "conf_assessment", "conf_documents", "conf_inclusion", "conf_ict"):
        page.locator(f'input[name="{code}"][value="2"]').check()
    for name in chosen:
        page.get_by_label(name, exact=True).check()
    page.get_by_label("Опишите своими словами, какая помощь вам нужна").fill("Шумно на уроках в 6 «А».")
    page.get_by_label("педагог – педагог", exact=True).check()
    page.get_by_label("раз в две недели").check()
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Отправить анкету").click()

    page.wait_for_url(live_server.url + "/anketa/spasibo/")
    assert "Спасибо! Анкета отправлена" in page.content()

    mentee = Mentee.objects.get(teacher=teacher)
    assert mentee.status == MenteeStatus.WAITING
    assert set(mentee.requests.values_list("name", flat=True)) == set(chosen)
    assert set(mentee.requests.all()) == set(Request.objects.filter(name__in=chosen))
    assert mentee.meeting_frequency == "раз в две недели"
    invitation.refresh_from_db()
    assert invitation.used_at is not None

    # The curator now finds the teacher in the mentee bank with exactly those requests.
    UserFactory(username="curator-x", school=teacher.school, is_staff=True, roles=[Role.CURATOR])
    page.goto(live_server.url + "/accounts/login/?next=/bank/nastavlyaemye/")
    page.get_by_label("Логин или e-mail").fill("curator-x")
    page.get_by_label("Пароль").fill("пароль-для-тестов")
    page.get_by_role("button", name="Войти").click()
    row = page.get_by_role("row").filter(has_text=teacher.full_name)
    row.wait_for()
    assert all(name in row.inner_text() for name in chosen)
    assert "ожидает наставника" in row.inner_text()
