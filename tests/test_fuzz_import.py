"""The staff import under hostile files: hypothesis-made rows and cells, and random bytes as the file.

Whatever the file, the service (apps/schools/staff_import.py) either imports it or raises its own
StaffImportError with Russian messages — never another exception — and on error writes no Teacher
row (all or nothing). The back-office upload page answers without a server error and its preview
writes nothing; its confirm step writes the whole file or nothing.
"""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from openpyxl import Workbook

from apps.schools.admin_import import SESSION_KEY
from apps.schools.models import Teacher
from apps.schools.staff_import import COLUMNS, StaffImportError, staff_import

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
HEADER = [header for _, header, _, _ in COLUMNS]
GOOD_ROW = ["Иванова", "Мария", "Петровна", "учитель", "математика", "17.05.1985", "01.09.2008", "ivanova@school.example", "+7 900 000-00-00"]
CYRILLIC = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"

CELL_SNIPPETS = [
    "",
    " ",
    "\x00",
    "Ива\x00нова",
    "\u202eавонавИ",
    "Ива\u200bнова",
    "😀",
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "+1+1",
    "@SUM(A1)",
    "'; DROP TABLE schools_teacher; --",
    "<script>alert(1)</script>",
    "31.02.2020",
    "00.00.0000",
    "2020-13-45",
    "01.01.1000",
    "01.01.9999",
    "45000",
    "-1",
    "1e309",
    "NaN",
    "²",
    "not-an-email",
    "a@b",
    "ivanova@school.example",
    "17.05.1985",
    "01.09.2008",
]
safe_chars = st.characters(blacklist_categories=("Cs",))
text_cell = st.one_of(
    st.sampled_from(CELL_SNIPPETS),
    st.text(safe_chars, max_size=30),
    st.text(st.sampled_from(CYRILLIC), min_size=1, max_size=12),
    st.builds(lambda s, n: s * n, st.sampled_from(["Я", "ab", "😀"]), st.integers(200, 5000)),  # very long names
)
typed_cell = st.one_of(
    text_cell,
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)),
    st.datetimes(min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(9999, 12, 31)),
)


surname = st.text(st.sampled_from(CYRILLIC), min_size=3, max_size=12)


def row_of(cell):
    """A row: mostly a valid one (its own surname, no e-mail) with a cell or two replaced; sometimes
    all hostile, short or long."""
    mutated = st.builds(
        lambda name, changes: _apply([name, *GOOD_ROW[1:7], "", ""], changes),
        surname,
        st.lists(st.tuples(st.integers(0, len(GOOD_ROW) - 1), cell), max_size=2),
    )
    return st.one_of(mutated, mutated, st.lists(cell, min_size=0, max_size=len(GOOD_ROW) + 2))


def _apply(row, changes):
    row = list(row)
    for index, value in changes:
        row[index] = value
    return row


def header_of(cell):
    return st.one_of(st.just(HEADER), st.just(HEADER), st.lists(st.one_of(st.sampled_from(HEADER), cell), max_size=len(HEADER) + 1))


def csv_bytes(header, rows, *, delimiter=";", encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(header, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append([_xlsx_value(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(value):
    # openpyxl itself refuses control characters and out-of-range numbers: it cannot write such a file.
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")[:32767]
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    if isinstance(value, datetime.date) and value.year < 1900:
        return value.isoformat()
    return value


def run_import(school, content, filename, **kwargs):
    """The service on one file, in a savepoint rolled back afterwards: all or nothing, and only its own errors."""
    with transaction.atomic():
        before = Teacher.objects.filter(school=school).count()
        try:
            report = staff_import(school=school, content=content, filename=filename, **kwargs)
        except StaffImportError as error:
            assert error.messages and all(isinstance(m, str) and m for m in error.messages)
            assert Teacher.objects.filter(school=school).count() == before, "a refused file wrote teachers"
            outcome = "refused"
        else:
            after = Teacher.objects.filter(school=school).count()
            expected = before if kwargs.get("dry_run") else before + report.created
            assert after == expected, "the import wrote only part of the file"
            outcome = "imported"
        transaction.set_rollback(True)
    if currently_in_test_context():
        event(outcome)  # `pytest --hypothesis-show-statistics` shows how many examples got through
    return outcome


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_generators_start_from_a_row_that_imports(school_a, kind):
    """The mutated rows start from GOOD_ROW: it must import, or the fuzzing would only ever test refusals."""
    content = csv_bytes(HEADER, [GOOD_ROW]) if kind == "csv" else xlsx_bytes(HEADER, [GOOD_ROW])
    assert run_import(school_a, content, f"staff.{kind}") == "imported"


@settings(FUZZ, max_examples=100)
@given(header=header_of(text_cell), rows=st.lists(row_of(text_cell), min_size=0, max_size=6), delimiter=st.sampled_from([";", ",", "\t"]))
@example(header=HEADER, rows=[GOOD_ROW], delimiter=";")
@example(header=HEADER, rows=[_apply(GOOD_ROW, [(0, "Ива\x00нова")])], delimiter=";")
@example(header=HEADER, rows=[GOOD_ROW, _apply(GOOD_ROW, [(5, "31.02.2020")])], delimiter=";")
@example(header=HEADER, rows=[_apply(GOOD_ROW, [(0, "=cmd|' /C calc'!A0"), (1, "Я" * 5000)])], delimiter=",")
def test_csv_rows(school_a, header, rows, delimiter):
    run_import(school_a, csv_bytes(header, rows, delimiter=delimiter), "staff.csv")


@FUZZ
@given(header=header_of(text_cell), rows=st.lists(row_of(text_cell), min_size=1, max_size=4))
def test_csv_in_windows_1251(school_a, header, rows):
    run_import(school_a, csv_bytes(header, rows, encoding="cp1251"), "staff.csv")


@settings(FUZZ, max_examples=40)
@given(header=header_of(typed_cell), rows=st.lists(row_of(typed_cell), min_size=0, max_size=5))
@example(header=HEADER, rows=[_apply(GOOD_ROW, [(5, datetime.date(1985, 5, 17)), (6, 45000)])])
@example(header=HEADER, rows=[_apply(GOOD_ROW, [(5, 1e308), (6, True), (0, 12345)])])
def test_xlsx_cells_of_every_type(school_a, header, rows):
    run_import(school_a, xlsx_bytes(header, rows), "staff.xlsx")


@settings(FUZZ, max_examples=100)
@given(content=st.binary(min_size=0, max_size=2000), filename=st.sampled_from(["staff.xlsx", "staff.csv", "staff.txt", "staff", "staff.xls"]))
@example(content=b"PK\x03\x04" + b"\x00" * 100, filename="staff.xlsx")
@example(content=b"\xff\xfe\x00\x00garbage", filename="staff.csv")
@example(content=b"\x00\x00\x00", filename="staff.csv")
def test_random_bytes_as_the_file(school_a, content, filename):
    run_import(school_a, content, filename)


@FUZZ
@given(header=header_of(text_cell), rows=st.lists(row_of(text_cell), min_size=1, max_size=4))
def test_dry_run_never_writes(school_a, header, rows):
    run_import(school_a, csv_bytes(header, rows), "staff.csv", dry_run=True)


# --- the back-office page: upload (preview), then confirm ------------------------------------


@pytest.fixture
def curator_client(curator_a, settings, tmp_path):
    settings.STAFF_IMPORT_DIR = tmp_path / "staff_imports"
    client = Client()
    client.force_login(curator_a)
    return client


@settings(FUZZ, max_examples=15)
@given(
    content=st.one_of(
        st.binary(max_size=500),
        st.builds(csv_bytes, header_of(text_cell), st.lists(row_of(text_cell), min_size=1, max_size=3)),
    ),
    filename=st.sampled_from(["staff.csv", "staff.xlsx", "список.csv", "a\u202eslx.csv", "..\\..\\x.csv"]),
)
@example(content=csv_bytes(HEADER, [GOOD_ROW]), filename="staff.csv")
def test_admin_upload_and_confirm(curator_client, school_a, content, filename):
    url = reverse("admin:schools_teacher_import")
    with transaction.atomic():
        before = Teacher.objects.filter(school=school_a).count()
        response = curator_client.post(url, {"file": SimpleUploadedFile(filename, content)})
        assert response.status_code in (200, 400), response.status_code
        assert Teacher.objects.filter(school=school_a).count() == before, "the preview wrote teachers"
        pending = curator_client.session.get(SESSION_KEY)
        if pending:
            response = curator_client.post(url, {"action": "confirm", "token": pending["token"]})
            assert response.status_code in (200, 302, 400)
            after = Teacher.objects.filter(school=school_a).count()
            assert after == before or response.status_code == 302
        transaction.set_rollback(True)
    session = curator_client.session
    session.pop(SESSION_KEY, None)
    session.save()


@settings(FUZZ, max_examples=10)
@given(data=st.fixed_dictionaries({}, optional={"action": st.sampled_from(["confirm", "cancel", "\x00", ""]), "token": st.text(safe_chars, max_size=40), "file": st.text(safe_chars, max_size=20)}))
def test_admin_import_post_without_a_file(curator_client, school_a, data):
    with transaction.atomic():
        before = Teacher.objects.filter(school=school_a).count()
        response = curator_client.post(reverse("admin:schools_teacher_import"), data)
        assert response.status_code in (200, 302, 400)
        assert Teacher.objects.filter(school=school_a).count() == before
        transaction.set_rollback(True)


# --- what an imported formula becomes in the portal's own XLSX downloads -------------------------


def test_an_imported_formula_comes_out_of_the_bank_export_as_text(school_a):
    from openpyxl import load_workbook

    from apps.banks.exports import export_bank_response
    from apps.mentors.tests.factories import MentorFactory

    formula = "=cmd|' /C calc'!A0"
    content = csv_bytes(HEADER[:7], [[formula, "Мария", "Петровна", "учитель", "=1+1", "17.05.1985", "01.09.2008"]])
    staff_import(school=school_a, content=content, filename="staff.csv")  # the import keeps the text as it is
    MentorFactory(teacher=Teacher.objects.get(school=school_a, last_name=formula))
    response = export_bank_response("mentors", school_a)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    formulas = [
        cell.coordinate
        for row in load_workbook(io.BytesIO(body)).active.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert not formulas, f"cells exported as formulas: {formulas}"
