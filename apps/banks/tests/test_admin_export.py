"""The two banks' back-office lists leave for XLSX and CSV with the bank workbook's own columns."""

import datetime

import pytest
from django.utils import timezone

from apps.banks.exports import export_bank_xlsx
from apps.mentees.models import Mentee
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.models import Mentor
from apps.mentors.tests.factories import MentorFactory
from apps.schools.tests.list_export import csv_table, download, xlsx_sheet, xlsx_table

from .test_exports import MENTEE_HEADERS, MENTOR_HEADERS, rows_by_name, sheet_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("model", "slug", "headers"), [(Mentor, "mentors", MENTOR_HEADERS), (Mentee, "mentees", MENTEE_HEADERS)])
def test_the_list_export_has_the_bank_workbooks_columns_and_values(
    client, curator_a, bank, school_a, school_b, model, slug, headers
):
    MentorFactory(teacher__school=school_b)
    MenteeFactory(teacher__school=school_b)
    client.force_login(curator_a)
    got_headers, rows = xlsx_table(download(client, model))
    assert got_headers == headers[1:]  # the workbook's own «№ п/п» aside
    workbook = rows_by_name(sheet_of(export_bank_xlsx(slug, school=school_a, today=timezone.localdate()).content))
    for row in workbook.values():
        del row["№ п/п"]
    assert {row["ФИО"]: row for row in rows} == workbook


def test_a_filtered_mentor_list_exports_only_what_it_shows(client, curator_a, bank, school_b):
    MentorFactory(teacher__school=school_b, teacher__last_name="Чужой", status="candidate")
    MentorFactory(teacher__school=bank["lone"].school, teacher__last_name="Кандидатова", status="candidate")
    client.force_login(curator_a)
    _, rows = xlsx_table(download(client, Mentor, query="?status__exact=candidate"))
    assert [(row["ФИО"].split()[0], row["Статус"]) for row in rows] == [("Кандидатова", "кандидат")]
    _, rows = xlsx_table(download(client, Mentor, query="?free=no"))
    assert rows == []  # every mentor of school A has a free place
    _, rows = xlsx_table(download(client, Mentor, query="?free=yes&q=Иванова"))
    assert [row["ФИО"] for row in rows] == ["Иванова Мария Петровна"]


def test_a_filtered_mentee_list_with_dates_in_both_formats(client, curator_a, bank):
    client.force_login(curator_a)
    query = "?status__exact=paired"
    response = download(client, Mentee, query=query)
    headers, rows = xlsx_table(response)
    assert [row["ФИО"] for row in rows] == ["Смирнова Анна Олеговна"]
    assert rows[0]["Наставник"] == "Иванова Мария Петровна"
    assert rows[0]["Статус"] == "в паре"
    added = timezone.localdate(bank["paired"].created_at)
    cell = xlsx_sheet(response).cell(row=2, column=headers.index("Дата включения в банк") + 1)
    assert cell.is_date and cell.value.date() == added and cell.number_format == "DD.MM.YYYY"
    _, csv_rows = csv_table(download(client, Mentee, fmt="csv", query=query))
    assert csv_rows[0]["Дата включения в банк"] == f"{added:%d.%m.%Y}"
    assert csv_rows[0]["Профессиональные запросы"] == "Дисциплина на уроке\nХочу научиться работать с родителями"


def test_the_young_specialists_filter_of_the_mentee_list(client, curator_a, bank):
    client.force_login(curator_a)
    today = timezone.localdate()
    young = bank["paired"].teacher
    young.birth_date, young.teaching_since = datetime.date(today.year - 24, 1, 1), today - datetime.timedelta(days=400)
    young.save()
    senior = bank["waiting"].teacher
    senior.birth_date, senior.teaching_since = datetime.date(1970, 1, 1), datetime.date(1995, 9, 1)
    senior.save()
    _, rows = xlsx_table(download(client, Mentee, query="?young=0-3"))
    assert [(row["ФИО"], row["Молодой специалист"]) for row in rows] == [("Смирнова Анна Олеговна", "да")]
    _, rows = xlsx_table(download(client, Mentee, query="?young=no"))
    assert [(row["ФИО"], row["Молодой специалист"]) for row in rows] == [("Орлов Дмитрий Андреевич", "нет")]
