"""The teacher gives and withdraws the consent to dissemination in Chromium, through the real form."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from apps.consents.models import Consent, ConsentKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_teacher_allows_the_name_but_not_the_photo_then_withdraws(live_server, browser, standard_data, teacher_user):
    client = Client()
    client.force_login(teacher_user)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ru-RU")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    tab = context.new_page()
    tab.goto(live_server.url + reverse("consents:give", args=[ConsentKind.PUBLICATION]))
    assert "2. Оператор и его информационные ресурсы" in tab.inner_text("main")
    tab.get_by_label("фамилия, имя, отчество").check()
    tab.get_by_label("должность").check()
    tab.get_by_label("Условия и запреты (по желанию)").fill("Запрещаю копирование сведений.")
    tab.get_by_label("Я даю согласие на распространение").check()
    tab.get_by_role("button", name="Дать согласие").click()
    tab.wait_for_url(live_server.url + reverse("home"))
    main = tab.inner_text("main")
    assert "Разрешено показывать: фамилия, имя, отчество, должность; условия и запреты: Запрещаю копирование сведений." in main
    consent = Consent.objects.get(teacher=teacher_user.teacher, kind=ConsentKind.PUBLICATION)
    assert (consent.text.version, consent.categories) == ("2", ["name", "position"])

    tab.get_by_text("Отозвать", exact=True).click()
    tab.get_by_role("button", name="Да, отозвать согласие").click()
    tab.wait_for_url(live_server.url + reverse("home"))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    context.close()
