import re

import pytest
from django.core import mail

from apps.jobs.tests.worker import run_worker
from apps.schools.tests.factories import TeacherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_logs_in_from_a_phone_and_reaches_the_back_office(live_server, page, standard_data, curator_a):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    assert page.title() == "Вход — Наставничество педагогов"
    page.get_by_label("Логин или e-mail").fill("curator-a")
    page.get_by_label("Пароль").fill("пароль-для-тестов")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(live_server.url + "/admin/")
    assert "Наставничество педагогов" in page.content()


def test_the_curator_invites_a_teacher_who_sets_a_password_on_her_phone(live_server, browser, standard_data, curator_a):
    teacher = TeacherFactory(school=curator_a.school, last_name="Синицына", email="sinitsyna@school.example")
    desk = browser.new_page(viewport={"width": 1280, "height": 800})
    desk.goto(live_server.url + "/admin/login/?next=/admin/schools/teacher/")
    desk.locator("#id_username").fill("curator-a")
    desk.locator("#id_password").fill("пароль-для-тестов")
    desk.locator("input[type=submit]").click()
    desk.wait_for_url(live_server.url + "/admin/schools/teacher/")
    desk.locator(f'input[name="_selected_action"][value="{teacher.pk}"]').check()
    desk.locator('select[name="action"]').select_option("invite_to_portal")
    desk.get_by_role("button", name="Выполнить").click()
    desk.get_by_role("heading", name="Получат письмо (1)").wait_for()
    desk.get_by_role("button", name="Отправить приглашения (1)").click()
    # The letter goes as a background job: the curator lands on its page, the worker sends it.
    desk.wait_for_url(re.compile(re.escape(live_server.url) + r"/zadachi/\d+/$"))
    assert "Приглашения поставлены в очередь: 1." in desk.content()
    assert run_worker() >= 1
    desk.reload()
    assert "отправлено 1 из 1" in desk.inner_text("body")
    desk.goto(live_server.url + "/admin/schools/teacher/")
    assert re.search(r"приглашён \d\d\.\d\d\.\d{4}", desk.inner_text("#result_list"))

    [message] = mail.outbox
    link = re.search(r"https?://\S+", message.body).group(0)
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(link)
    phone.get_by_role("heading", name="Добро пожаловать в портал наставничества").wait_for()
    phone.locator("#id_new_password1").fill("Надёжный-пароль-2026")
    phone.locator("#id_new_password2").fill("Надёжный-пароль-2026")
    phone.get_by_role("button", name="Задать пароль и войти").click()
    phone.wait_for_url(live_server.url + "/")
    assert "Пароль задан, вы вошли в портал" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    desk.close()
    phone.close()
