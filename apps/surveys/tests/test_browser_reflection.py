"""In the browser: a mentee answers the final reflection from their own page; the curator reads it per pair."""

import pytest

from apps.accounts.roles import Role
from apps.pairs.tests.factories import make_active_pair
from apps.schools.tests.factories import SchoolFactory, UserFactory

from .factories import give_personal_data_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username, next_url="/"):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill("пароль-для-тестов")
    page.get_by_role("button", name="Войти").click()


def test_a_mentee_reflects_and_the_curator_reads_it(live_server, page, standard_data):
    school = SchoolFactory()
    pair = make_active_pair(school=school)
    mentee = pair.memberships.get().mentee.teacher
    give_personal_data_consent(mentee)
    mentee.user = UserFactory(username="mentee-x", school=school, roles=[Role.TEACHER])
    mentee.save(update_fields=["user"])
    UserFactory(username="curator-x", school=school, is_staff=True, roles=[Role.CURATOR])

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "mentee-x")
    offers = page.locator("#reflection-offers")
    offers.get_by_role("link", name="Ответить").click()
    page.get_by_role("heading", name="Итоговая рефлексия участника наставнической пары (группы)").wait_for()
    page.get_by_role("button", name="Отправить анкету").click()
    assert "Обязательное поле." in page.inner_text("main")  # nothing typed: told, nothing stored
    page.get_by_label("Что удалось достичь за время работы пары (группы)?").fill("Провела открытый урок для района.")
    page.get_by_label("Что помогло в работе?").fill("Разбор уроков с наставником.")
    page.get_by_label("Что стоит изменить в следующий раз?").fill("Больше встреч в первой четверти.")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Отправить анкету").click()
    page.wait_for_url(live_server.url + "/anketa/spasibo/")

    page.goto(live_server.url + "/")
    assert page.locator("#reflection-offers").get_by_role("link", name="Изменить ответы").is_visible()

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "curator-x", next_url="/anketa/itogi/")
    page.get_by_role("link", name="Итоговая рефлексия").click()
    card = page.locator(f"#reflection-pair-{pair.pk}")
    assert "Провела открытый урок для района." in card.inner_text()
    assert "ответили 1 из 2" in card.inner_text()
