"""Issue 17, network mentoring end to end in Debian's Chromium: the coordinator finds a mentor of school B for a
request of school A, B's curator accepts, A's curator starts the pair, both curators see it, and the agreement
names both schools correctly declined."""

import re

import pytest

from apps.network.models import NetworkRequest, RequestStatus
from apps.pairs.models import Pair, PairStatus

from .data import make_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "пароль-для-тестов"


def login(browser, base, username, next_url="/"):
    page = browser.new_context(locale="ru-RU").new_page()
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    return page


def run_admin_action(page, base, action, confirm):
    page.goto(f"{base}/admin/pairs/pair/")
    page.check("#action-toggle")
    page.select_option("select[name=action]", action)
    page.get_by_role("button", name="Выполнить").click()
    page.wait_for_load_state()
    page.get_by_role("button", name=confirm).click()
    page.wait_for_load_state()


def flat(text: str) -> str:
    return re.sub(r"[\s\-\u00ad]", "", text)


def test_a_mentor_of_school_b_for_a_mentee_of_school_a(live_server, browser, standard_data):
    from apps.documents.tests.factories import pdf_text

    net = make_network()
    base = live_server.url

    # The coordinator filters the registry by the mentee's request and proposes the mentor of school B.
    coordinator = login(browser, base, net.coordinator.username, f"/rayon/nastavniki/?zapros={net.request.pk}")
    row = coordinator.locator("#district-mentors tr", has_text="Кузнецов Пётр Андреевич")
    row.get_by_role("link", name="Предложить").click()
    coordinator.wait_for_load_state()
    coordinator.get_by_label("Наставляемый другой организации").select_option(
        label="Смирнова Ольга Игоревна — ГБОУ СОШ № 41, учитель"
    )
    coordinator.get_by_label("Сообщение куратору школы наставника").fill("Прошу помочь молодому педагогу")
    coordinator.get_by_role("button", name="Предложить").click()
    coordinator.wait_for_load_state()
    assert "Предложение отправлено куратору ГБОУ гимназия № 7" in coordinator.inner_text("main")
    request = NetworkRequest.objects.get()

    # School B's curator sees it on the desk and accepts.
    curator_b = login(browser, base, net.curator_b.username, "/admin/")
    curator_b.get_by_role("link", name=re.compile("Рассмотреть запросы других школ на сетевое наставничество")).click()
    curator_b.wait_for_load_state()
    assert "Прошу помочь молодому педагогу" in curator_b.inner_text("main")
    curator_b.get_by_role("button", name="Принять и сформировать пару").click()
    curator_b.wait_for_load_state()
    assert "Запрос принят" in curator_b.inner_text("main")
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    pair = Pair.objects.get()
    assert pair.school == net.school_a and pair.partner_school == net.school_b

    # School A's curator records the consents and starts the pair: it works.
    curator_a = login(browser, base, net.curator_a.username, "/admin/")
    run_admin_action(curator_a, base, "record_paper_consents", "Внести согласия")
    run_admin_action(curator_a, base, "activate_pairs", "Начать работу")
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE

    # Both curators see it: A on its network page and the pair page, B read-only.
    curator_a.goto(f"{base}/setevoe/")
    assert "Кузнецов П.А. → Смирнова О.И." in curator_a.inner_text("#network-pairs")
    curator_b.goto(f"{base}/setevoe/")
    curator_b.get_by_role("link", name="Кузнецов П.А. → Смирнова О.И.").click()
    curator_b.wait_for_load_state()
    text = curator_b.inner_text("main")
    assert "работает" in text and "в сетевом взаимодействии" in text
    assert curator_b.get_by_role("link", name=re.compile("Страница пары для куратора")).count() == 0

    # The agreement names both schools, declined.
    response = curator_a.request.get(f"{base}/setevoe/{request.pk}/dogovor.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    agreement = flat(pdf_text(response.body()))
    assert (
        flat(
            "(ГБОУ СОШ № 41), именуемое в дальнейшем «Базовая организация», в лице директора Иванова Ивана Ивановича, действующего на основании Устава"
        )
        in agreement
    )
    assert (
        flat(
            "(ГБОУ гимназия № 7), именуемое в дальнейшем «Организация-партнёр», в лице директора Петровой Анны Сергеевны, действующей на основании Устава"
        )
        in agreement
    )
