"""The curator logs in and opens the dashboard: the SVG charts are drawn with the school's numbers."""

import pytest

from apps.roadmap.standard import STANDARD_STAGES

from .data import TODAY, build_school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_curator_reads_the_dashboard_charts(
    live_server, page, standard_data, school_a, curator_a, monkeypatch
):
    monkeypatch.setattr("apps.monitoring.views.today", lambda: TODAY)
    build_school(school_a)

    page.goto(live_server.url + "/accounts/login/?next=/monitoring/")
    page.get_by_label("Логин или e-mail").fill(curator_a.username)
    page.get_by_label("Пароль").fill("пароль-для-тестов")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{live_server.url}/monitoring/")
    page.screenshot(path="/tmp/h10/dashboard.png", full_page=True)
    # Monitoring sits in the «Ещё» menu: that item, and only it, is marked current.
    assert page.locator("nav a.dropdown-item.active").text_content() == "Мониторинг"

    charts = page.locator("svg.monitoring-chart")
    assert charts.count() == 7
    assert page.get_by_role("img", name="Наставляемые по статусу").is_visible()
    assert page.get_by_role(
        "img", name="Пары и группы по формам наставничества"
    ).is_visible()

    def figure(name):
        return page.locator(f'svg [data-figure="{name}"]').text_content()

    assert figure("young-percent") == "71 % (5 из 7)"
    assert (
        figure("mentees-waiting"),
        figure("mentees-paired"),
        figure("mentees-completed"),
    ) == ("3", "1", "2")
    assert figure("form-teacher-teacher") == "3"
    assert (
        figure("activities-done"),
        figure("activities-planned"),
        figure("activities-overdue"),
    ) == ("4", "1", "1")
    assert figure("satisfaction-mentor-communication") == "8,50"
    assert figure("satisfaction-mentee-communication") == "7,00"
    assert (
        figure("roadmap-stage-1")
        == f"{len(STANDARD_STAGES[0][1])} из {len(STANDARD_STAGES[0][1])}"
    )
    # The bars are drawn to scale: «ожидает» (3) is the longest, «в паре» (1) a third of it.
    waiting = page.locator("#chart-mentees rect").nth(0).get_attribute("width")
    paired = page.locator("#chart-mentees rect").nth(1).get_attribute("width")
    assert (int(waiting), int(paired)) == (380, round(380 / 3))
    assert page.evaluate(
        "document.querySelector('#main').scrollWidth <= document.querySelector('#main').clientWidth"
    )
