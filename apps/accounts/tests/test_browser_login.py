import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_logs_in_from_a_phone_and_reaches_the_back_office(live_server, page, standard_data, curator_a):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    assert page.title() == "Вход — Наставничество педагогов"
    page.get_by_label("Имя пользователя").fill("curator-a")
    page.get_by_label("Пароль").fill("пароль-для-тестов")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(live_server.url + "/admin/")
    assert "Наставничество педагогов" in page.content()
