"""School-year scoping: a report of 2025/2026 counts none of 2026/2027's pairs, programmes, answers and events."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.core.dates import SchoolYear
from apps.documents.tests.factories import pdf_text
from apps.monitoring.report import report_data
from apps.monitoring.selectors import years_with_data

from .data import TODAY, on
from .two_years import build_two_years

pytestmark = pytest.mark.django_db

LAST, CURRENT = on.year - 1, on.year
URL = reverse("monitoring:dashboard")


def one_line(text: str) -> str:
    return " ".join(text.replace("-\n", "-").split())


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr("apps.monitoring.views.today", lambda: TODAY)


def figures_of(data):
    f = data["figures"]
    p = f["programmes"]
    mentor = next(g for g in f["satisfaction"] if g["who"] == "mentor")
    return {
        "pairs": sum(row["count"] for row in f["pairs_by_form"]),
        "programmes": (p["programmes_total"], p["programmes_completed"]),
        "activities": (p["activities_total"], p["activities_done"], p["activities_overdue"]),
        "mentor_answers": (mentor["responses"], mentor["overall"] and float(mentor["overall"])),
        "roadmap_year": f["roadmap"]["year_start"] if f["roadmap"]["exists"] else None,
        "practices": data["practices"],
    }


def test_last_years_report_counts_none_of_this_years_data(school_a, monkeypatch):
    build_two_years(school_a, monkeypatch)
    last = figures_of(report_data(school=school_a, year_start=LAST, today=TODAY))
    assert last == {
        "pairs": 2,  # P1 and P3 (P2 began in September 2026)
        "programmes": (1, 1),  # P1's, completed in May
        "activities": (3, 2, 1),  # P1's; P2's two are of this year
        "mentor_answers": (1, 6.0),  # the answer of May 2026 only
        "roadmap_year": LAST,
        "practices": ["Прошлогодняя практика"],
    }
    current = figures_of(report_data(school=school_a, today=TODAY))
    assert current == {
        "pairs": 2,  # P2 and P3 (P1 completed in May 2026)
        "programmes": (1, 0),
        "activities": (2, 1, 1),
        "mentor_answers": (1, 9.0),
        "roadmap_year": CURRENT,
        "practices": ["Практика этого года"],
    }


def test_the_command_renders_last_years_report(school_a, monkeypatch, tmp_path):
    build_two_years(school_a, monkeypatch)
    out = tmp_path / "report.pdf"
    call_command("render_document", "analytical_report", "--school", school_a.slug, "--year", str(LAST), "-o", str(out))
    text = one_line(pdf_text(out.read_bytes()))
    assert f"в {LAST}/{LAST + 1} учебном году" in text
    assert "Программ: 1, из них завершено: 1. Мероприятий программ: 3, из них выполнено: 2" in text
    assert "ответов 1, средний балл 6,00" in text or "ответов 1, средний балл 6.00" in text
    assert "Прошлогодняя практика" in text and "Практика этого года" not in text


def test_the_year_a_pair_ran_in_is_the_rule_of_the_pairs_model(school_a, monkeypatch):
    """P3 (March 2026 – open) is a pair of both years; P1 of last year only; P2 of this year only."""
    pairs = build_two_years(school_a, monkeypatch)
    from apps.pairs.models import Pair

    last = set(Pair.objects.of_school_year(SchoolYear(LAST)).values_list("pk", flat=True))
    current = set(Pair.objects.of_school_year(SchoolYear(CURRENT)).values_list("pk", flat=True))
    assert last == {pairs["p1"].pk, pairs["p3"].pk}
    assert current == {pairs["p2"].pk, pairs["p3"].pk}


def test_the_selector_lists_the_years_with_data_and_keeps_the_round(client, curator_a, school_a, monkeypatch, fixed_today):
    build_two_years(school_a, monkeypatch)
    assert years_with_data(today=TODAY, school=school_a) == [SchoolYear(CURRENT), SchoolYear(LAST)]
    client.force_login(curator_a)
    page = client.get(URL, {"year": LAST}).content.decode()
    assert f'<span data-figure="school-year">{LAST}/{LAST + 1}</span>' in page
    assert '<span data-figure="programmes-total">1</span>' in page and '<span data-figure="activities-total">3</span>' in page
    assert f'href="?year={CURRENT}"' in page and f'href="?year={LAST}"' in page
    assert f"report.pdf?year={LAST}" in page and f"report.xlsx?year={LAST}" in page
    page = client.get(URL).content.decode()
    assert f'<span data-figure="school-year">{CURRENT}/{CURRENT + 1}</span>' in page
    assert '<span data-figure="activities-total">2</span>' in page


@pytest.mark.parametrize("value", ["abc", "1999", "2025/2027", "2025-", "9" * 30, "2025.5"])
def test_a_bad_year_is_not_found_never_an_error(client, curator_a, school_a, fixed_today, value):
    client.force_login(curator_a)
    for name in ("monitoring:dashboard", "monitoring:report_pdf", "monitoring:report_xlsx"):
        assert client.get(reverse(name), {"year": value}).status_code == 404, (name, value)


def test_a_year_written_in_full_is_understood(client, curator_a, school_a, fixed_today):
    client.force_login(curator_a)
    page = client.get(URL, {"year": f"{LAST}/{LAST + 1}"}).content.decode()
    assert f'<span data-figure="school-year">{LAST}/{LAST + 1}</span>' in page


def test_conclusions_are_kept_for_the_year_shown(client, curator_a, school_a, fixed_today):
    client.force_login(curator_a)
    response = client.post(reverse("monitoring:conclusions") + f"?year={LAST}", {"conclusions": "Итоги прошлого года."})
    assert response.status_code == 302 and response["Location"].endswith(f"?year={LAST}")
    assert report_data(school=school_a, year_start=LAST, today=TODAY)["conclusions"] == "Итоги прошлого года."
    assert report_data(school=school_a, today=TODAY)["conclusions"] == ""
