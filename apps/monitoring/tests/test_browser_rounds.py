"""The year selector and a round's comparison in Chromium at 1280×800 and 390×844: the curator fixes a round
on /monitoring/, the coordinator on /rayon/; the pages never scroll sideways (wide tables scroll in their box)."""

import pytest
from django.urls import reverse

from apps.district import views as district_views
from apps.district.tests.data import coordinator_of
from apps.programmes.models import Activity
from tests.test_browser_pages import logged_in_tab, widest_elements

from .data import TODAY, on
from .two_years import build_two_years

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = ((1280, 800), (390, 844))


def fits(tab, width) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth") <= width


def fix_round_and_compare(tab, url, name):
    """Fix a round through the form, change the data, then choose the round in the «Сравнить со срезом» select."""
    tab.goto(url)
    tab.get_by_label(f"Название среза за {on.school_year()} учебный год").fill(name)
    tab.get_by_role("button", name="Зафиксировать срез").click()
    tab.wait_for_url("**round=*")
    assert tab.get_by_role("heading", name=f"Сравнение со срезом «{name}»").is_visible()


def test_the_curator_fixes_a_round_and_reads_the_comparison(live_server, browser, standard_data, school_a, curator_a, monkeypatch):
    monkeypatch.setattr("apps.monitoring.views.today", lambda: TODAY)
    pairs = build_two_years(school_a, monkeypatch)
    tab = logged_in_tab(browser, live_server, curator_a)
    url = live_server.url + reverse("monitoring:dashboard")
    fix_round_and_compare(tab, url, "входной — январь")
    Activity.objects.filter(programme__pair=pairs["p2"], done=False).update(done=True, done_on=TODAY)
    tab.reload()
    row = tab.locator('#round-comparison tr[data-indicator="activities_done"]')
    assert row.locator('[data-cell="delta"]').inner_text().split() == ["↑", "+1", "рост,", "улучшение"]

    # the year selector: last year, the round's comparison kept
    tab.get_by_role("navigation", name="Учебный год").get_by_role("link", name=on.school_year(-1)).click()
    assert tab.locator('[data-figure="school-year"]').inner_text() == on.school_year(-1)
    assert "round=" in tab.url and tab.locator("#round-comparison").is_visible()
    for width, height in SIZES:
        tab.set_viewport_size({"width": width, "height": height})
        tab.goto(url + "?round=" + tab.url.split("round=")[1].split("&")[0])
        tab.screenshot(path=f"/tmp/i15years/monitoring-{width}.png", full_page=True)
        assert fits(tab, width), widest_elements(tab)
    tab.context.close()


def test_the_coordinator_fixes_a_district_round(live_server, browser, standard_data, school_a, monkeypatch):
    monkeypatch.setattr(district_views, "today", lambda: TODAY)
    pairs = build_two_years(school_a, monkeypatch)
    tab = logged_in_tab(browser, live_server, coordinator_of(school_a.municipality))
    url = live_server.url + reverse("district:monitoring")
    fix_round_and_compare(tab, url, "входной — январь")
    Activity.objects.filter(programme__pair=pairs["p2"], done=False).update(done=True, done_on=TODAY)
    tab.reload()
    cell = tab.locator(f'#round-comparison-schools tr[data-school="{school_a.slug}"] [data-cell="activities_overdue"]')
    assert cell.inner_text().split() == ["0", "↓", "−1", "(снижение)"]  # the last for screen readers
    for width, height in SIZES:
        tab.set_viewport_size({"width": width, "height": height})
        tab.reload()
        tab.screenshot(path=f"/tmp/i15years/rayon-{width}.png", full_page=True)
        assert fits(tab, width), widest_elements(tab)
    tab.context.close()
