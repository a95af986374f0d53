"""The district's public page in Chromium: WCAG 2.1 AA by axe-core, with winners and the collection shown,
and the version for the visually impaired working as on a school's section."""

import pytest
from django.core.cache import cache

from apps.core.tests.clock import freeze_today
from apps.municipal.services import (
    application_submit,
    contest_jury_set,
    contest_results_publish,
    district_page_save,
    scores_save,
)
from apps.municipal.tests.data import TODAY, build_district, make_contest
from apps.practices.models import BestPractice
from tests.axe import axe_problems, describe

from .data import publish_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_district_page_passes_axe(live_server, browser, standard_data, school_a, monkeypatch):
    freeze_today(monkeypatch, TODAY)
    district = build_district(school_a)
    district_page_save(municipality=district.municipality, slug="nevsky", intro="Наставничество в районе.", embed_origins="")
    publish_section(district.school)
    BestPractice.objects.create(school=district.school, title="Адаптация молодого учителя", description="Описание.", is_published=True)
    contest = make_contest(district.municipality)
    a = application_submit(contest=contest, by=district.curator, nomination=contest.nominations.first(), pair=district.pair, title="Вместе к цели", description="…")
    contest_jury_set(contest=contest, by=district.coordinator, members=[district.coordinator])
    scores_save(contest=contest, juror=district.coordinator, values={(a.pk, c.pk): 7 for c in contest.criteria.all()})
    contest_results_publish(contest=contest, by=district.coordinator)
    cache.clear()

    context = browser.new_context(bypass_csp=True, locale="ru-RU")  # axe is injected as an inline script
    page = context.new_page()
    page.goto(f"{live_server.url}/nastavnichestvo/rayon/nevsky/")
    assert "Вместе к цели" in page.locator(".district-contest").inner_text()
    assert page.get_by_role("link", name="Сборник одним файлом (PDF)").is_visible()
    found = axe_problems(page)
    assert not found, describe({"district": found})
    # The version for the visually impaired, as on a school's section.
    page.get_by_role("button", name="Версия для слабовидящих").click()
    page.get_by_role("button", name="белым по чёрному", exact=True).click()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    context.close()
