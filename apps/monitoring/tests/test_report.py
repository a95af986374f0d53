"""The analytical report (PDF) and the monitoring figures (XLSX) against hand-computed figures; who may download them."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from apps.documents.tests.factories import pdf_text
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.monitoring.documents import analytical_report_pdf
from apps.monitoring.models import AnnualReport
from apps.monitoring.report import report_data, report_rows
from apps.pairs.tests.factories import make_pair
from apps.practices.models import BestPractice
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.tests.factories import give_personal_data_consent

from .data import TODAY, build_school, consent_all, on

pytestmark = pytest.mark.django_db

TITLE = (
    "Аналитическая справка по итогам реализации системы (целевой модели) наставничества "
    f"педагогических работников в {on.school_year()} учебном году"
)


def one_line(text: str) -> str:
    return " ".join(text.replace("-\n", "-").split())


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr("apps.monitoring.views.today", lambda: TODAY)


def small_school(school):
    """
    Mentors 3: two in pairs (approved), one candidate.
    Mentees in the bank 4 (all consented, all of 0–3 years): 2 paired, 2 waiting.
    Young specialists 0–3 years: the 4 mentees and 4 teachers outside the bank → 4 из 8 = 50 %.
    Pairs «педагог — педагог»: 2. No programmes, no answers, no roadmap.
    Best practices: 2.
    """
    for _ in range(2):
        consent_all(make_pair(school=school, started_on=on(2026, 9, 1)))
    MentorFactory(teacher__school=school, status="candidate")
    for _ in range(2):
        give_personal_data_consent(MenteeFactory(teacher__school=school).teacher)
    for _ in range(4):
        TeacherFactory(school=school, birth_date=on(2001, 1, 1), teaching_since=on(2025, 9, 1))
    school.curator = TeacherFactory(school=school, position="заместитель директора по УВР")
    school.save(update_fields=["curator"])
    BestPractice.objects.create(school=school, title="Педагогическая мастерская молодого учителя")
    BestPractice.objects.create(school=school, title="Клуб наставников")


def test_figures_of_a_small_school(school_a):
    small_school(school_a)
    data = report_data(school=school_a, today=TODAY)
    assert data["mentors_total"] == 3
    mentors = {m["value"]: m["count"] for m in data["mentors"]}
    assert mentors["candidate"] == 1 and sum(mentors.values()) == 3
    c = data["figures"]["coverage"]
    assert c["mentees_total"] == 4
    assert {m["value"]: m["count"] for m in c["mentees"]}["paired"] == 2
    assert {m["value"]: m["count"] for m in c["mentees"]}["waiting"] == 2
    assert (c["young_in_bank"], c["young_total"], c["young_percent"]) == (4, 8, 50)
    assert data["practices"] == ["Клуб наставников", "Педагогическая мастерская молодого учителя"]


def test_pdf_has_title_figures_and_conclusions(school_a):
    small_school(school_a)
    AnnualReport.objects.create(school=school_a, year_start=on.year, conclusions="Охват молодых специалистов недостаточен.")
    text = one_line(pdf_text(analytical_report_pdf(school=school_a, today=TODAY)))
    assert "ПРИКАЗ" not in text.replace(" ", "")
    # One heading, not «СПРАВКА» and then «Аналитическая справка…»; a date and number line like a real справка.
    assert "СПРАВКА" not in text.replace(" ", "")
    assert one_line(TITLE) in text and text.count("Аналитическая справка") == 1
    assert "№ ________" in text
    assert "Наставников в базе наставников: 3" in text
    assert "Наставляемых в банке наставляемых: 4" in text
    assert "4 из 8 (охват 50 %)" in text
    assert "Наставники: анкетирование не проводилось." in text
    assert "Клуб наставников" in text
    assert "Охват молодых специалистов недостаточен." in text
    assert "Выводы не заполнены." not in text
    assert "Заместитель директора по УВР, куратор" in text
    assert f"20 ноября {TODAY.year} г." in text or f"{TODAY:%d.%m.%Y}" in text


def test_pdf_of_the_full_school(school_a):
    build_school(school_a)
    text = one_line(pdf_text(analytical_report_pdf(school=school_a, today=TODAY)))
    assert "5 из 7 (охват 71 %)" in text
    assert "1 из 2 (охват 50 %)" in text
    assert "Программ: 2, из них завершено: 1." in text
    assert "выполнено: 4, запланировано: 1, просрочено: 1" in text
    assert "Наставники: ответов 2, средний балл 8,50 из" in text
    assert "Наставляемые: ответов 1, средний балл 7,00 из" in text
    assert "Выводы не заполнены." in text


def test_xlsx_values_equal_the_figures(client, curator_a, school_a, fixed_today):
    small_school(school_a)
    AnnualReport.objects.create(school=school_a, year_start=on.year, conclusions="Всё хорошо.")
    client.force_login(curator_a)
    response = client.get("/monitoring/report.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Учебный год"] == on.school_year()
    assert rows["Дата расчёта показателей"].date() == TODAY
    assert rows["Наставники, всего"] == 3
    assert rows["Наставляемые в банке, всего"] == 4
    assert rows["Молодые специалисты (стаж до 3 лет), всего"] == 8
    assert rows["Молодые специалисты (стаж до 3 лет) в банке наставляемых"] == 4
    assert rows["Охват молодых специалистов (стаж до 3 лет), %"] == 50
    forms = {k: v for k, v in rows.items() if k.startswith("Пары и группы по форме")}
    assert sum(forms.values()) == 2 and 2 in forms.values()
    assert rows["Лучшие практики, внесённые в методическую копилку за учебный год"] == 2
    assert rows["Выводы"] == "Всё хорошо."
    data = report_data(school=school_a, today=TODAY)
    assert len(rows) == len(report_rows(data))


def test_conclusions_typed_on_the_dashboard(client, curator_a, director_a, school_a, fixed_today):
    client.force_login(curator_a)
    page = client.get("/monitoring/").content.decode()
    assert "Аналитическая справка (PDF)" in page and "Показатели мониторинга (XLSX)" in page
    response = client.post("/monitoring/conclusions/", {"conclusions": "Работа пар эффективна."})
    assert response.status_code == 302
    assert AnnualReport.objects.get(school=school_a, year_start=on.year).conclusions == "Работа пар эффективна."
    text = one_line(pdf_text(client.get("/monitoring/report.pdf").content))
    assert "Работа пар эффективна." in text
    client.force_login(director_a)
    assert client.post("/monitoring/conclusions/", {"conclusions": "x"}).status_code == 403
    assert "Работа пар эффективна." in client.get("/monitoring/").content.decode()
    assert client.get("/monitoring/report.pdf").status_code == 200


def test_access(client, curator_b, teacher_user, school_a, school_b, fixed_today):
    small_school(school_a)
    client.force_login(curator_b)
    response = client.get("/monitoring/report.xlsx")
    rows = {r[0]: r[1] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)}
    assert rows["Наставники, всего"] == 0  # always the user's own school
    text = one_line(pdf_text(client.get("/monitoring/report.pdf").content))
    assert school_b.short_name in text and "Наставников в базе наставников: 0" in text
    client.force_login(teacher_user)
    assert client.get("/monitoring/report.pdf").status_code == 403
    assert client.get("/monitoring/report.xlsx").status_code == 403
    assert client.post("/monitoring/conclusions/", {"conclusions": "x"}).status_code == 403
    client.logout()
    assert client.get("/monitoring/report.pdf").status_code == 302


def test_year_parameter(client, curator_a, school_a, fixed_today):
    client.force_login(curator_a)
    response = client.get(f"/monitoring/report.pdf?year={on.year - 1}")
    assert response.status_code == 200
    assert f"{on.school_year(-1)} учебном году" in one_line(pdf_text(response.content))
    assert client.get("/monitoring/report.pdf?year=abc").status_code == 404


def test_command_writes_a_pdf(school_a, tmp_path):
    small_school(school_a)
    out = tmp_path / "spravka.pdf"
    call_command("render_document", "analytical_report", "--school", school_a.slug, "-o", out, stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF")
    assert "Аналитическая справка" in pdf_text(out.read_bytes())
