"""In Chromium: the coordinator creates a contest and names the jury, the curators of two schools apply,
the jury scores, the coordinator publishes the results, and the winners appear on the district's public page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.municipal.models import Application, Contest
from apps.municipal.services import district_page_save

from .data import build_district

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "пароль-для-тестов"


def login(browser, base, username, next_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"**{next_url}")
    return page


def apply(browser, base, username, title):
    page = login(browser, base, username, "/konkurs/")
    page.get_by_role("link", name="Подать заявку").click()
    page.get_by_label("Номинация").select_option(label="Лучшая наставническая пара")
    page.get_by_label("Пара / группа").select_option(index=1)
    page.get_by_label("Название работы").fill(title)
    page.get_by_label("Описание работы команды").fill("Как пара прошла путь от цели к результату.")
    page.get_by_role("button", name="Подать заявку").click()
    page.wait_for_url("**/konkurs/")
    assert f"«{title}»" in page.locator("main").inner_text()
    page.context.close()


def score(browser, base, username, points: dict[str, int]):
    page = login(browser, base, username, "/konkurs/")
    page.get_by_role("link", name="Оценить заявки").click()
    page.wait_for_url("**/ocenka/")
    for title, value in points.items():
        # count() does not wait: the row must be on the page before its inputs are counted.
        row = page.locator("#scores tbody tr", has_text=title)
        row.first.wait_for()
        inputs = row.locator("input[type=number]")
        assert inputs.count() == 2
        for i in range(inputs.count()):
            inputs.nth(i).fill(str(value))
    page.get_by_role("button", name="Сохранить оценки").click()
    expect(page.locator("main")).to_contain_text("Оценки сохранены: 4.")
    page.context.close()


def test_a_contest_from_creation_to_the_winners_on_the_district_page(live_server, browser, standard_data, school_a):
    district = build_district(school_a)
    district_page_save(municipality=district.municipality, slug="nevsky", intro="", embed_origins="")
    base = live_server.url
    today = timezone.localdate()

    # The coordinator creates the contest (a bad date first) and names the jury.
    page = login(browser, base, "coordinator", "/rayon/konkurs/")
    page.get_by_role("link", name="Новый конкурс").click()
    page.get_by_label("Приём заявок с").fill((today - datetime.timedelta(days=5)).isoformat())
    page.get_by_label("Приём заявок по").fill((today - datetime.timedelta(days=10)).isoformat())
    page.get_by_label("Подведение итогов").fill((today + datetime.timedelta(days=20)).isoformat())
    page.get_by_label("Номинации").fill("Лучшая наставническая пара\nЛучшая практика")
    page.get_by_label("Критерии оценки").fill("Результативность\nОригинальность")
    page.get_by_role("button", name="Сохранить").click()
    assert page.get_by_text("Приём заявок не может закончиться раньше, чем начался.").is_visible()
    page.get_by_label("Приём заявок по").fill((today + datetime.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url(re.compile(r"/rayon/konkurs/\d+/$"))
    jury = page.locator("#jury-form")
    jury.get_by_label("Ольга Районова — муниципальный координатор").check()
    jury.get_by_label("curator-a2 — Школа А-2").check()
    jury.get_by_role("button", name="Сохранить жюри").click()
    page.wait_for_load_state()
    assert "Состав жюри сохранён." in page.locator("main").inner_text()
    contest = Contest.objects.get()
    assert set(contest.jury.all()) == {district.coordinator, district.neighbour_curator}

    # The curators of two schools apply.
    apply(browser, base, "curator-a", "Вместе к цели")
    apply(browser, base, "curator-a2", "Шаг за шагом")
    assert Application.objects.count() == 2

    # Every jury member scores every application.
    for juror in contest.jury.all():
        score(browser, base, juror.username, {"Вместе к цели": 9, "Шаг за шагом": 7})

    # The coordinator publishes the results.
    page.reload()
    page.get_by_role("button", name="Подвести итоги").click()
    page.wait_for_load_state()
    assert "Итоги подведены и опубликованы на странице района." in page.locator("main").inner_text()
    page.context.close()

    # The district's public page shows the winners, no login needed.
    public = browser.new_context().new_page()
    public.goto(f"{base}/nastavnichestvo/rayon/nevsky/")
    winners = public.locator(".district-contest").inner_text()
    assert "Вместе к цели" in winners and "1 место" in winners
    assert "Шаг за шагом" in winners and "2 место" in winners
    assert district.school.short_name in winners and district.neighbour.short_name in winners
    public.context.close()
