"""Monitoring rounds of a school: fixed by the curator, never changed, compared with the current figures, downloaded."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.documents.tests.factories import pdf_text
from apps.monitoring.models import FixedRoundError, MonitoringRound
from apps.programmes.models import Activity

from .data import TODAY, on
from .two_years import build_two_years

pytestmark = pytest.mark.django_db

URL = reverse("monitoring:dashboard")
FIX = reverse("monitoring:round_fix")
CURRENT = on.year


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr("apps.monitoring.views.today", lambda: TODAY)


@pytest.fixture
def school(school_a, monkeypatch, fixed_today):
    return build_two_years(school_a, monkeypatch)


def fix(client, name="входной — январь", year=CURRENT):
    return client.post(f"{FIX}?year={year}", {"name": name})


def xlsx_rows(content: bytes) -> dict:
    sheet = load_workbook(io.BytesIO(content)).active
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_a_teacher_cannot_fix_or_see_rounds(client, teacher_user, curator_a, school):
    client.force_login(teacher_user)
    assert fix(client).status_code == 403
    assert not MonitoringRound.objects.exists()
    client.force_login(curator_a)
    fix(client)
    client.force_login(teacher_user)
    pk = MonitoringRound.objects.get().pk
    assert client.get(reverse("monitoring:round_xlsx", args=[pk])).status_code == 403
    assert client.get(URL, {"round": pk}).status_code == 403


def test_a_curator_of_another_school_neither_sees_nor_compares_with_this_schools_round(client, curator_a, curator_b, school):
    client.force_login(curator_a)
    fix(client)
    theirs = MonitoringRound.objects.get()
    client.force_login(curator_b)
    assert client.get(reverse("monitoring:round_xlsx", args=[theirs.pk])).status_code == 404
    assert client.get(URL, {"round": theirs.pk}).status_code == 404
    assert client.get(reverse("monitoring:report_pdf"), {"round": theirs.pk}).status_code == 404
    page = client.get(URL).content.decode()
    assert 'id="round-list"' not in page and "Срезов пока нет." in page
    fix(client)  # curator B fixes a round of their own school, never of A's
    assert MonitoringRound.objects.filter(school=curator_b.school).count() == 1
    assert MonitoringRound.objects.filter(school=curator_a.school).count() == 1


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", "1.5"])
def test_a_bad_round_is_not_found(client, curator_a, school, value):
    client.force_login(curator_a)
    assert client.get(URL, {"round": value}).status_code == 404


def test_bad_names_and_a_year_to_come_are_refused_in_words(client, curator_a, school):
    client.force_login(curator_a)
    response = fix(client, name="   ")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages and messages[0].startswith("Срез не зафиксирован")
    fix(client)
    response = client.post(f"{FIX}?year={CURRENT}", {"name": "входной —  январь"}, follow=True)
    assert "Срез с таким названием за этот учебный год уже зафиксирован." in response.content.decode()
    response = client.post(f"{FIX}?year={CURRENT + 1}", {"name": "входной"}, follow=True)
    assert "ещё не начался" in response.content.decode()
    assert client.post(f"{FIX}?year=abc", {"name": "входной"}).status_code == 404
    assert MonitoringRound.objects.count() == 1


def test_a_rounds_figures_stay_after_the_data_changes_and_the_comparison_shows_the_delta(client, curator_a, director_a, school):
    client.force_login(curator_a)
    response = fix(client)
    fixed = MonitoringRound.objects.get()
    assert response["Location"] == f"{URL}?year={CURRENT}&round={fixed.pk}"
    assert (fixed.created_by, fixed.counted_on, fixed.year_start) == (curator_a, TODAY, CURRENT)
    stored = dict(fixed.figures["indicators"])
    assert (stored["activities_done"], stored["activities_overdue"], stored["pairs"]) == (1, 1, 2)

    # after the round: the overdue activity of P2 is done
    Activity.objects.filter(programme__pair=school["p2"], done=False).update(done=True, done_on=TODAY)
    fixed.refresh_from_db()
    assert fixed.figures["indicators"] == stored
    rows = xlsx_rows(client.get(reverse("monitoring:round_xlsx", args=[fixed.pk])).content)
    assert rows["Срез мониторинга"] == "входной — январь" and rows["Мероприятия программ выполнены"] == 1

    page = client.get(URL, {"round": fixed.pk}).content.decode()
    assert "Сравнение со срезом «входной — январь»" in page
    done = page[page.index('data-indicator="activities_done"'):]
    done = done[: done.index("</tr>")]
    assert '<td class="text-end text-nowrap" data-cell="before">1</td>' in done
    assert '<td class="text-end text-nowrap" data-cell="now">2</td>' in done
    assert "↑" in done and "<span data-delta>+1</span>" in done and ">рост, </span>" in done and "улучшение</span>" in done
    overdue = page[page.index('data-indicator="activities_overdue"'):]
    overdue = overdue[: overdue.index("</tr>")]
    assert "↓" in overdue and "<span data-delta>−1</span>" in overdue and ">снижение, </span>" in overdue
    percent = page[page.index('data-indicator="activities_percent"'):]
    assert "<span data-delta>+50 п. п.</span>" in percent[: percent.index("</tr>")]
    pairs = page[page.index('data-indicator="pairs"'):]
    assert "без изменений" in pairs[: pairs.index("</tr>")]

    # the director sees the comparison and the справка compares too, but fixes nothing
    client.force_login(director_a)
    assert client.get(URL, {"round": fixed.pk}).status_code == 200
    text = " ".join(pdf_text(client.get(reverse("monitoring:report_pdf"), {"round": fixed.pk}).content).split()).replace("‐ ", "")
    assert "Динамика показателей" in text and "«входной — январь»" in text
    assert "Мероприятия программ выполнены 1 2 ↑ +1 (рост, улучшение)" in text
    assert fix(client, name="итоговый — май").status_code == 403


def test_a_fixed_round_never_changes(client, curator_a, school):
    client.force_login(curator_a)
    fix(client)
    fixed = MonitoringRound.objects.get()
    fixed.figures = {"indicators": {"pairs": 100}}
    with pytest.raises(FixedRoundError):
        fixed.save()
    with pytest.raises(FixedRoundError):
        MonitoringRound.objects.update(name="другое")
    fixed.refresh_from_db()
    assert fixed.figures["indicators"]["pairs"] == 2 and fixed.name == "входной — январь"


def test_a_round_of_last_year_compares_last_years_figures(client, curator_a, school):
    client.force_login(curator_a)
    fix(client, name="итоговый — май", year=CURRENT - 1)
    fixed = MonitoringRound.objects.get()
    assert fixed.counted_on == on(2026, 8, 31)
    assert fixed.figures["indicators"]["activities_done"] == 2  # P1's, not P2's
    page = client.get(URL, {"round": fixed.pk}).content.decode()  # the round's own year when none is asked
    assert f'<span data-figure="school-year">{CURRENT - 1}/{CURRENT}</span>' in page


def test_the_rounds_xlsx_writes_a_typed_formula_as_text(client, curator_a, school):
    client.force_login(curator_a)
    fix(client, name="=HYPERLINK(\"http://evil\")")
    fixed = MonitoringRound.objects.get()
    content = client.get(reverse("monitoring:round_xlsx", args=[fixed.pk])).content
    sheet = load_workbook(io.BytesIO(content)).active
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "Срез мониторинга")
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_the_dashboard_with_a_comparison_keeps_its_query_count(client, curator_a, school, django_assert_max_num_queries):
    client.force_login(curator_a)
    fix(client)
    pk = MonitoringRound.objects.get().pk
    client.get(URL, {"round": pk})
    with django_assert_max_num_queries(31):  # the dashboard's 30 and the chosen round
        assert client.get(URL, {"round": pk}).status_code == 200
