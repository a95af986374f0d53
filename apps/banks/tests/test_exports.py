"""Bank exports: the workbook a district asks for, its download, the command, and a fixed number of queries."""

import datetime
import io
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from apps.banks.exports import export_bank_response, export_bank_xlsx
from apps.catalogues.models import Competence, Request
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import make_pair

from .data import consent

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
MENTOR_HEADERS = [
    "№ п/п", "ФИО", "Должность", "Педагогический стаж (лет)", "Квалификационная категория", "Компетенции", "Статус",
    "Наставляемые (пара / группа)", "Форма наставничества", "Дата включения в банк", "Согласие на обработку ПДн",
]  # fmt: skip
MENTEE_HEADERS = [
    "№ п/п", "ФИО", "Должность", "Педагогический стаж (лет)", "Профессиональные запросы", "Статус", "Молодой специалист",
    "Наставник", "Форма наставничества", "Дата включения в банк", "Согласие на обработку ПДн",
]  # fmt: skip


def sheet_of(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def rows_by_name(sheet):
    headers = [c.value for c in sheet[1]]
    return {row[1]: dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_mentor_bank_workbook(bank, school_a):
    export = export_bank_xlsx("mentors", school=school_a, today=TODAY)
    sheet = sheet_of(export.content)

    assert sheet.title == "Банк наставников"
    assert [c.value for c in sheet[1]] == MENTOR_HEADERS
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert export.rows == 2 and sheet.max_row == 3
    rows = rows_by_name(sheet)
    ivanova = rows["Иванова Мария Петровна"]
    assert ivanova["№ п/п"] == 1
    assert ivanova["Должность"] == "учитель математики"
    assert ivanova["Педагогический стаж (лет)"] == 18
    assert ivanova["Квалификационная категория"] == "высшая"
    assert set(ivanova["Компетенции"].split("\n")) == {"Подготовка к ОГЭ", "Классное руководство"}
    assert ivanova["Статус"] == "утверждён"
    assert ivanova["Наставляемые (пара / группа)"] == "Смирнова Анна Олеговна"
    assert ivanova["Форма наставничества"] == "педагог – педагог"
    assert ivanova["Согласие на обработку ПДн"] == "да"
    assert rows["Петров Иван Сергеевич"]["Согласие на обработку ПДн"] == "да"  # withdrawn, then given again
    assert rows["Петров Иван Сергеевич"]["Наставляемые (пара / группа)"] is None


def test_mentee_bank_workbook(bank, school_a):
    export = export_bank_xlsx("mentees", school=school_a, today=TODAY)
    sheet = sheet_of(export.content)

    assert sheet.title == "Банк наставляемых"
    assert [c.value for c in sheet[1]] == MENTEE_HEADERS
    rows = rows_by_name(sheet)
    smirnova = rows["Смирнова Анна Олеговна"]
    assert smirnova["Профессиональные запросы"] == "Дисциплина на уроке\nХочу научиться работать с родителями"
    assert smirnova["Статус"] == "в паре"
    assert smirnova["Молодой специалист"] == "да"  # born 2000, teaching since 2024
    assert smirnova["Педагогический стаж (лет)"] == 2
    assert smirnova["Наставник"] == "Иванова Мария Петровна"
    assert smirnova["Согласие на обработку ПДн"] == "отозвано"  # still listed: the curator's working file
    orlov = rows["Орлов Дмитрий Андреевич"]
    assert (orlov["Статус"], orlov["Наставник"], orlov["Согласие на обработку ПДн"]) == ("ожидает наставника", None, "нет")


def test_dates_are_real_date_cells_shown_as_dd_mm_yyyy(bank, school_a):
    sheet = sheet_of(export_bank_xlsx("mentees", school=school_a, today=TODAY).content)
    column = [c.value for c in sheet[1]].index("Дата включения в банк")
    cell = sheet.cell(row=2, column=column + 1)
    assert cell.is_date
    assert cell.value.date() == timezone.localdate(bank["paired"].created_at)
    assert cell.number_format == "DD.MM.YYYY"


def test_only_the_schools_own_bank_is_exported(bank, school_a, school_b):
    MentorFactory(teacher__school=school_b, teacher__last_name="Чужой")
    names = rows_by_name(sheet_of(export_bank_xlsx("mentors", school=school_a, today=TODAY).content))
    assert "Чужой" not in " ".join(names)


@pytest.mark.parametrize("kind", ["mentors", "mentees"])
def test_query_count_does_not_grow_with_the_bank(school_a, kind, django_assert_max_num_queries):
    def add_people(n):
        for _ in range(n):
            mentor = MentorFactory(teacher__school=school_a)
            mentor.competences.add(Competence.objects.get_or_create(name="Подготовка к ОГЭ")[0])
            mentee = MenteeFactory(teacher__school=school_a)
            mentee.requests.add(Request.objects.get_or_create(name="Дисциплина на уроке")[0])
            make_pair(mentor=mentor, mentees=[mentee])
            consent(mentor.teacher)
            consent(mentee.teacher, withdrawn=True)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            export_bank_xlsx(kind, school=school_a, today=TODAY)
        return len(captured)

    add_people(3)
    small = queries()
    add_people(27)
    with django_assert_max_num_queries(small):
        export = export_bank_xlsx(kind, school=school_a, today=TODAY)
    assert export.rows == 30
    assert small <= 8, small


def test_download_response_has_the_type_and_a_russian_file_name(bank, school_a):
    response = export_bank_response("mentors", school_a, today=TODAY)

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = "Банк наставников — Школа А — 23.11.2026.xlsx"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"mentors-school-a-2026-11-23.xlsx\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    assert sheet_of(response.content).max_row == 3


def test_unknown_bank_kind_is_refused(school_a):
    with pytest.raises(ValueError):
        export_bank_xlsx("pairs", school=school_a)


def test_command_writes_the_file(bank, school_a, tmp_path):
    target = tmp_path / "mentees.xlsx"
    out = io.StringIO()

    call_command("export_bank", "mentees", "--school", "school-a", "-o", str(target), stdout=out)

    assert "Банк наставляемых (Школа А): 2 строки записано" in out.getvalue()
    assert [c.value for c in sheet_of(target.read_bytes())[1]] == MENTEE_HEADERS


def test_command_refuses_an_unknown_school(tmp_path, db):
    with pytest.raises(CommandError, match="Организация с адресом «nope» не найдена."):
        call_command("export_bank", "mentors", "--school", "nope", "-o", str(tmp_path / "x.xlsx"))
