"""The desk's figures of a chosen school year: the year's pairs and roadmap; a bad year shows the current one."""

import pytest
from django.urls import reverse

from apps.core.dates import SchoolYear
from apps.monitoring.tests.data import TODAY, on
from apps.monitoring.tests.two_years import build_two_years
from apps.roadmap.models import Event

pytestmark = pytest.mark.django_db

DESK = reverse("admin:index")
LAST, CURRENT = on.year - 1, on.year


def items(response) -> dict:
    return {item["label"]: item for item in response.context["dashboard"]["items"]}


def test_the_desk_counts_the_chosen_years_pairs_and_roadmap(client, curator_a, school_a, monkeypatch):
    build_two_years(school_a, monkeypatch)
    client.force_login(curator_a)
    response = client.get(DESK, {"year": LAST})
    assert response.context["dashboard"]["year"] == SchoolYear(LAST)
    figures = items(response)
    assert figures[f"Пар и групп, работавших в {LAST}/{LAST + 1} учебном году"]["value"] == 1  # P1 (P3 never left its draft)
    overdue = figures[f"Просроченных мероприятий дорожной карты на {LAST}/{LAST + 1} учебный год"]
    expected = Event.objects.overdue(SchoolYear(LAST).last_day).filter(stage__roadmap__school=school_a, stage__roadmap__year_start=LAST)
    assert overdue["value"] == expected.count() > 0 and overdue["url"] is None
    page = response.content.decode()
    assert f'<strong aria-current="page">{LAST}/{LAST + 1}</strong>' in page and f'href="?year={CURRENT}"' in page

    figures = items(client.get(DESK))
    this_year = Event.objects.overdue(TODAY).filter(stage__roadmap__school=school_a, stage__roadmap__year_start=CURRENT)
    assert figures[f"Просроченных мероприятий дорожной карты на {CURRENT}/{CURRENT + 1} учебный год"]["value"] == this_year.count()
    assert "Работающих пар и групп" in figures


@pytest.mark.parametrize("value", ["abc", "1999", "2025/2030"])
def test_a_bad_year_shows_the_current_one(client, curator_a, school_a, value):
    client.force_login(curator_a)
    response = client.get(DESK, {"year": value})
    assert response.status_code == 200
    assert response.context["dashboard"]["year"] == SchoolYear.of(TODAY)
