"""The monitoring dashboard: exact figures on hand-built data, who may open it, and a query bound."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.monitoring.selectors import dashboard_figures
from apps.roadmap.standard import STANDARD_STAGES

from .data import TODAY, build_school, grow_school, on

pytestmark = pytest.mark.django_db

URL = "/monitoring/"


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr("apps.monitoring.views.today", lambda: TODAY)


def figures_in(html: str) -> dict[str, str]:
    """Every number marked with data-figure on the page, by name."""
    return {
        key: value.strip()
        for key, value in re.findall(r'data-figure="([^"]+)"[^>]*>([^<]*)<', html)
    }


def test_url_name():
    assert reverse("monitoring:dashboard") == URL


def test_figures_on_hand_built_data(school_a, school_b):
    build_school(school_a)
    build_school(school_b, with_roadmap=False)  # another school's data never counts
    f = dashboard_figures(school=school_a, today=TODAY)

    c = f["coverage"]
    assert (c["young_in_bank"], c["young_total"], c["young_percent"]) == (5, 7, 71)
    assert (c["early_in_bank"], c["early_total"], c["early_percent"]) == (1, 2, 50)
    assert {row["value"]: row["count"] for row in c["mentees"]} == {
        "waiting": 3,
        "paired": 1,
        "completed": 2,
    }
    assert c["mentees_total"] == 6

    forms = {row["code"]: row["count"] for row in f["pairs_by_form"]}
    assert forms["teacher-teacher"] == 3
    assert sum(forms.values()) == 3

    p = f["programmes"]
    assert (
        p["activities_total"],
        p["activities_done"],
        p["activities_overdue"],
        p["activities_planned"],
    ) == (6, 4, 1, 1)
    assert (p["programmes_total"], p["programmes_completed"], p["percent_done"]) == (
        2,
        1,
        67,
    )

    mentor, mentee = f["satisfaction"]
    assert (mentor["who"], mentor["responses"], mentee["who"], mentee["responses"]) == (
        "mentor",
        2,
        "mentee",
        1,
    )
    assert len(mentor["questions"]) == 6 and len(mentee["questions"]) == 6
    assert {q["average"] for q in mentor["questions"]} == {Decimal("8.50")}
    assert {q["average"] for q in mentee["questions"]} == {Decimal("7.00")}

    r = f["roadmap"]
    assert r["exists"] and r["school_year"] == on.school_year()
    stage_sizes = [len(events) for _, events in STANDARD_STAGES]
    assert [(s["done"], s["total"]) for s in r["stages"]] == [
        (stage_sizes[0], stage_sizes[0]),
        (1, stage_sizes[1]),
    ] + [(0, n) for n in stage_sizes[2:]]
    assert (r["done"], r["total"]) == (stage_sizes[0] + 1, sum(stage_sizes))


def test_empty_school_says_no_answers_and_no_roadmap(
    client, school_a, curator_a, fixed_today
):
    f = dashboard_figures(school=school_a, today=TODAY)
    assert f["coverage"]["young_total"] == 0 and f["coverage"]["young_percent"] == 100
    assert f["programmes"]["activities_total"] == 0
    assert all(group["responses"] == 0 for group in f["satisfaction"])
    assert not f["roadmap"]["exists"]

    client.force_login(curator_a)
    html = client.get(URL).content.decode()
    assert html.count("Нет ответов.") == 2
    assert f"Нет дорожной карты на {on.school_year()} учебный год." in html
    assert "<svg" in html  # the bank and programme charts are drawn with zeros


@pytest.mark.parametrize("who", ["curator_a", "director_a"])
def test_curator_and_director_see_the_charts(
    client, school_a, who, request, fixed_today
):
    build_school(school_a)
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    figures = figures_in(html)
    assert figures["young-percent"] == "71 % (5 из 7)"
    assert figures["early-percent"] == "50 % (1 из 2)"
    assert (
        figures["mentees-waiting"],
        figures["mentees-paired"],
        figures["mentees-completed"],
    ) == ("3", "1", "2")
    assert figures["form-teacher-teacher"] == "3"
    assert (
        figures["activities-done"],
        figures["activities-planned"],
        figures["activities-overdue"],
    ) == ("4", "1", "1")
    assert (figures["programmes-total"], figures["programmes-completed"]) == ("2", "1")
    assert figures["satisfaction-mentor-programme_useful"] == "8,50"
    assert figures["satisfaction-mentee-confidence_grew"] == "7,00"
    assert figures["roadmap-stage-2"] == f"1 из {len(STANDARD_STAGES[1][1])}"
    for chart in (
        "coverage",
        "mentees",
        "forms",
        "programmes",
        "satisfaction-mentor",
        "satisfaction-mentee",
        "roadmap",
    ):
        assert (
            f'<svg class="monitoring-chart" id="chart-{chart}" role="img" aria-labelledby="chart-{chart}-title'
            in html
        )
        assert f'<title id="chart-{chart}-title">' in html
    assert 'href="/monitoring/"' in html  # the nav item


def test_curator_of_another_school_sees_only_their_figures(
    client, school_a, school_b, curator_b, fixed_today
):
    build_school(school_a)
    client.force_login(curator_b)
    figures = figures_in(client.get(URL).content.decode())
    assert figures["young-total"] == "0"
    assert (
        figures["mentees-waiting"],
        figures["mentees-paired"],
        figures["mentees-completed"],
    ) == ("0", "0", "0")
    assert figures["form-teacher-teacher"] == "0"
    assert figures["programmes-total"] == "0"
    assert "roadmap-empty" in figures


def test_teacher_gets_403(client, teacher_user):
    client.force_login(teacher_user)
    assert client.get(URL).status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# The figures, the years that have data (2), the rounds, the mentors' bank, the practices, the conclusions,
# the staff-only teacher counts and the year's final reflections (questionnaire, questions, answers).
MAX_QUERIES = 30


def test_query_count_does_not_grow_with_the_school(
    client,
    school_a,
    school_b,
    curator_a,
    curator_b,
    django_assert_max_num_queries,
    fixed_today,
):
    grow_school(school_a, 3)
    grow_school(school_b, 30)
    client.force_login(curator_a)
    client.get(URL)  # warm the session and content types
    with django_assert_max_num_queries(MAX_QUERIES):
        small = _count_queries(client, URL)
    client.force_login(curator_b)
    client.get(URL)
    with django_assert_max_num_queries(MAX_QUERIES):
        large = _count_queries(client, URL)
    assert small == large, (small, large)
