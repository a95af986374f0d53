"""The body the district's analytical report is issued by: set by the coordinator on /rayon/rekvizity/,
printed in the report's requisites; the report's table legible (11 pt, a landscape page)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from weasyprint.formatting_structure import boxes

from apps.district import report, views
from apps.documents import documents

from .data import TODAY, build_district, coordinator_of, report_from_worker

pytestmark = pytest.mark.django_db

BODY = "Отдел образования администрации Невского района Санкт-Петербурга"
URL = reverse("district:requisites")


@pytest.fixture
def district(school_a, school_b, monkeypatch):
    monkeypatch.setattr(views, "today", lambda: TODAY)
    return build_district(school_a, school_b)


@pytest.fixture
def coordinator(district):
    return coordinator_of(district.school_a.municipality)


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_an_empty_or_wordless_name_is_refused_with_a_field_error(client, coordinator, district):
    client.force_login(coordinator)
    response = client.post(URL, {"authority": "   "})
    assert response.status_code == 200
    assert "Укажите наименование органа управления образованием." in response.content.decode()
    response = client.post(URL, {"authority": "1234 — 56"})
    assert "Укажите наименование органа управления образованием словами." in response.content.decode()
    response = client.post(URL, {"authority": "О" * 301})
    assert response.status_code == 200 and "не более 300" in response.content.decode()
    district.school_a.municipality.refresh_from_db()
    assert district.school_a.municipality.authority == ""


def test_the_coordinator_names_the_body_and_the_report_is_issued_by_it(
    client, coordinator, district, django_assert_max_num_queries
):
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        page = client.get(URL)
    assert page.status_code == 200 and "Орган управления образованием" in page.content.decode()
    response = client.post(URL, {"authority": f"  {BODY}  "})
    assert response.status_code == 302 and response["Location"] == URL
    municipality = district.school_a.municipality
    municipality.refresh_from_db()
    assert municipality.authority == BODY
    assert BODY in client.get(URL).content.decode()

    text = pdf_text(report_from_worker(client))
    assert BODY.upper() in text.replace("- ", "-")  # the requisites, in capitals
    assert municipality.name.upper() not in text  # the territory is no longer the issuer
    assert "№ ________" in text


def test_the_coordinator_of_another_district_changes_only_their_own(client, district):
    other = coordinator_of(district.school_b.municipality, username="coordinator-b")
    client.force_login(other)
    client.post(URL, {"authority": "Управление образования района Б"})
    district.school_a.municipality.refresh_from_db()
    district.school_b.municipality.refresh_from_db()
    assert district.school_a.municipality.authority == ""
    assert district.school_b.municipality.authority == "Управление образования района Б"


@pytest.mark.parametrize("who", ["curator_a", "director_a", "teacher_user"])
def test_school_users_cannot_change_it(client, district, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(URL, {"authority": "Чужой орган"}).status_code == 403
    district.school_a.municipality.refresh_from_db()
    assert district.school_a.municipality.authority == ""


def test_the_reports_table_is_at_least_11_pt_on_a_landscape_page(coordinator, district):
    doc = report.district_report_data(municipality=district.school_a.municipality, today=TODAY)
    doc["signer"] = "О. Толмачева"
    document = documents.render_layout("documents/district_report.html", {"doc": doc})
    tables = [
        (page, box)
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, boxes.TableBox) and "district" in (box.element.get("class") or "")
    ]
    assert tables
    for page, table in tables:
        assert page.width > page.height  # landscape
        cells = [b for b in table.descendants() if isinstance(b, boxes.TableCellBox)]
        assert min(c.style["font_size"] for c in cells) >= 11 * 96 / 72
    # The text before and after the table stays on portrait pages.
    assert document.pages[0].width < document.pages[0].height
    assert document.pages[-1].width < document.pages[-1].height
