"""The district table of one school year, and the coordinator's monitoring rounds."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.dates import SchoolYear
from apps.district import views
from apps.district.selectors import monitoring_rows, monitoring_totals
from apps.documents.tests.factories import pdf_text
from apps.monitoring.models import MonitoringRound
from apps.monitoring.tests.data import on
from apps.monitoring.tests.two_years import build_two_years
from apps.programmes.models import Activity

from .data import TODAY, build_district, coordinator_of, report_from_worker

pytestmark = pytest.mark.django_db

LAST, CURRENT = on.year - 1, on.year
PAGE = reverse("district:monitoring")
FIX = reverse("district:round_fix")


@pytest.fixture
def district(school_a, school_b, monkeypatch):
    district = build_district(school_a, school_b)
    district.pairs = build_two_years(school_a, monkeypatch)
    monkeypatch.setattr(views, "today", lambda: TODAY)
    return district


@pytest.fixture
def coordinator_client(client, district):
    client.force_login(coordinator_of(district.school_a.municipality))
    return client


def row_of(rows, school):
    return next(r for r in rows if r.school == school)


def test_last_years_table_counts_none_of_this_years_data(district):
    municipality = district.school_a.municipality
    last = row_of(monitoring_rows(municipality=municipality, year=SchoolYear(LAST), today=TODAY), district.school_a)
    assert (last.pairs, last.programmes_total, last.programmes_completed, last.activities_overdue) == (2, 1, 1, 1)
    assert (last.satisfaction, last.satisfaction_responses, last.roadmap_total > 0) == (6.0, 1, True)
    current = row_of(monitoring_rows(municipality=municipality, today=TODAY), district.school_a)
    assert (current.pairs, current.programmes_total, current.programmes_completed, current.activities_overdue) == (2, 1, 0, 1)
    assert (current.satisfaction, current.satisfaction_responses) == (9.0, 1)


def test_the_year_selector_keeps_the_sort_and_the_exports_follow_the_year(coordinator_client, district):
    page = coordinator_client.get(PAGE, {"year": LAST, "sort": "-pairs"}).content.decode()
    assert f'<span data-figure="school-year">{LAST}/{LAST + 1}</span>' in page
    assert f'href="?year={CURRENT}&amp;sort=-pairs"' in page or f'href="?sort=-pairs&amp;year={CURRENT}"' in page
    assert f'href="?sort=pairs&amp;year={LAST}"' in page  # a sort link keeps the year
    workbook = load_workbook(io.BytesIO(coordinator_client.get(reverse("district:monitoring_xlsx"), {"year": LAST}).content))
    assert f"{LAST}/{LAST + 1} учебный год" in workbook.active["A2"].value
    text = " ".join(pdf_text(report_from_worker(coordinator_client, {"year": LAST})).split())
    assert f"{LAST}/{LAST + 1} учебном году" in text


@pytest.mark.parametrize("value", ["abc", "1999", "2025/2030"])
def test_a_bad_year_or_round_is_not_found(coordinator_client, value):
    for name in ("district:monitoring", "district:monitoring_xlsx", "district:report_pdf"):
        assert coordinator_client.get(reverse(name), {"year": value}).status_code == 404
    assert coordinator_client.get(PAGE, {"round": value}).status_code == 404


def test_only_the_districts_coordinator_fixes_and_sees_its_rounds(client, district, curator_a):
    client.force_login(curator_a)
    assert client.post(FIX, {"name": "входной — январь"}).status_code == 403
    coordinator = coordinator_of(district.school_a.municipality)
    client.force_login(coordinator)
    client.post(FIX, {"name": "входной — январь"})
    fixed = MonitoringRound.objects.get()
    assert fixed.municipality == district.school_a.municipality and fixed.school is None
    client.force_login(coordinator_of(district.school_b.municipality, username="coordinator-b"))
    assert client.get(PAGE, {"round": fixed.pk}).status_code == 404
    assert client.get(reverse("district:round_xlsx", args=[fixed.pk])).status_code == 404
    client.force_login(curator_a)
    assert client.get(reverse("district:round_xlsx", args=[fixed.pk])).status_code == 403
    assert client.get(reverse("monitoring:round_xlsx", args=[fixed.pk])).status_code == 404  # not a school's round


def test_a_district_rounds_figures_stay_and_the_table_compares(coordinator_client, district):
    response = coordinator_client.post(f"{FIX}?year={CURRENT}", {"name": "входной — январь"})
    fixed = MonitoringRound.objects.get()
    assert response["Location"] == f"{PAGE}?year={CURRENT}&round={fixed.pk}"
    stored = fixed.figures
    assert stored["totals"]["activities_overdue"] == 1
    assert stored["schools"][str(district.school_a.pk)]["activities_overdue"] == 1

    Activity.objects.filter(programme__pair=district.pairs["p2"], done=False).update(done=True, done_on=TODAY)
    fixed.refresh_from_db()
    assert fixed.figures == stored
    totals = monitoring_totals(monitoring_rows(municipality=district.school_a.municipality, today=TODAY))
    assert totals["activities_overdue"] == 0

    page = coordinator_client.get(PAGE, {"round": fixed.pk}).content.decode()
    row = page[page.index('data-indicator="activities_overdue"'):]
    row = row[: row.index("</tr>")]
    assert "↓" in row and "<span data-delta>−1</span>" in row and ">снижение, </span>" in row and "улучшение</span>" in row
    school = page[page.index(f'<tr data-school="{district.school_a.slug}"><th scope="row" class="fw-normal">'):]
    cell = school[school.index('data-cell="activities_overdue"'):]
    assert "<span data-delta>−1</span>" in cell[: cell.index("</td>")]

    text = " ".join(pdf_text(report_from_worker(coordinator_client, {"round": fixed.pk})).split())
    assert "Динамика показателей" in text and "↓ −1 (снижение, улучшение)" in text

    workbook = load_workbook(io.BytesIO(coordinator_client.get(reverse("district:round_xlsx", args=[fixed.pk])).content))
    heading = {row[0]: row[1] for row in workbook["Срез"].iter_rows(min_row=2, values_only=True)}
    assert heading["Срез мониторинга"] == "входной — январь"
    assert heading["Итого по муниципалитету: Просроченные мероприятия программ"] == 1
    schools = {row[0]: row for row in workbook["По организациям"].iter_rows(min_row=2, values_only=True)}
    assert set(schools) == {"Школа А", "Школа А-2"}


def test_the_table_with_a_comparison_keeps_its_query_count(coordinator_client, district, django_assert_max_num_queries):
    coordinator_client.post(FIX, {"name": "входной — январь"})
    pk = MonitoringRound.objects.get().pk
    coordinator_client.get(PAGE, {"round": pk})
    with django_assert_max_num_queries(22):
        assert coordinator_client.get(PAGE, {"round": pk}).status_code == 200
