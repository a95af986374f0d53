"""Staff import: the service and `manage.py import_staff`, on the files in tests/data/ (see make_files.py)."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.core.bench import fake_staff_rows
from apps.schools.models import Teacher
from apps.schools.staff_import import (
    DateProblem,
    StaffImportChanged,
    StaffImportError,
    parse_date,
    staff_import,
    staff_list_xlsx,
)
from apps.schools.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

DATA = settings.BASE_DIR / "tests" / "data"
TODAY = datetime.date(2026, 11, 23)


def run(school, name, **kwargs):
    return staff_import(school=school, content=(DATA / name).read_bytes(), filename=name, today=TODAY, **kwargs)


def snapshot():
    """Every teacher row, every column: what "the database is unchanged" compares."""
    return list(Teacher.objects.order_by("pk").values())


def import_errors(school, name) -> list[str]:
    with pytest.raises(StaffImportError) as caught:
        run(school, name)
    return caught.value.messages


# -- good files ---------------------------------------------------------------


def test_good_file_creates_every_teacher_with_clean_values(school_a):
    report = run(school_a, "staff_good.xlsx")

    assert (report.created, report.updated, report.unchanged) == (8, 0, 0)
    assert Teacher.objects.filter(school=school_a).count() == 8
    smirnova = Teacher.objects.get(last_name="Смирнова")  # "  Смирнова ", "Ольга  " in the file
    assert smirnova.first_name == "Ольга"
    assert smirnova.email == "smirnova@school34.example"
    assert smirnova.subjects == "русский язык, литература"
    assert smirnova.birth_date == datetime.date(1978, 4, 12)  # text 12.04.1978
    assert smirnova.teaching_since == datetime.date(2001, 9, 1)  # text 1.9.2001
    sidorov = Teacher.objects.get(last_name="Сидоров")
    assert sidorov.teaching_since == datetime.date(2024, 9, 2)  # text 2024-09-02
    assert (sidorov.patronymic, sidorov.email, sidorov.gender) == ("", "", "m")
    ivanova = Teacher.objects.get(last_name="Иванова")
    assert ivanova.birth_date == datetime.date(1985, 5, 17)  # an Excel date cell
    assert (ivanova.gender, ivanova.phone, ivanova.position) == ("f", "+7 911 123-45-67", "учитель")
    assert Teacher.objects.get(last_name="Фёдорова").birth_date == datetime.date(1980, 2, 29)


def test_reimporting_the_same_file_changes_nothing(school_a):
    run(school_a, "staff_good.xlsx")
    before = snapshot()

    report = run(school_a, "staff_good.xlsx")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 8)
    assert not report.has_changes
    assert snapshot() == before  # updated_at included


@pytest.mark.parametrize("name", ["staff_good_utf8.csv", "staff_good_cp1251.csv"])
def test_the_same_list_as_csv_in_either_encoding_changes_nothing(school_a, name):
    run(school_a, "staff_good.xlsx")
    before = snapshot()

    report = run(school_a, name)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 8)
    assert snapshot() == before


@pytest.mark.parametrize("name", ["staff_good_utf8.csv", "staff_good_cp1251.csv"])
def test_csv_alone_imports_like_the_workbook(school_a, name):
    report = run(school_a, name)
    assert report.created == 8
    assert Teacher.objects.get(last_name="Ковалёва").birth_date == datetime.date(1999, 11, 30)


def test_changed_file_updates_one_teacher_and_adds_one(school_a):
    run(school_a, "staff_good.xlsx")
    before = {t["id"]: t for t in snapshot()}

    report = run(school_a, "staff_changed.xlsx")

    assert (report.created, report.updated, report.unchanged) == (1, 1, 7)
    updated = next(r for r in report.rows if r.action == "update")
    assert (updated.row, updated.name) == (4, "Ковалёва Анна Дмитриевна")
    assert {(c.column, c.old, c.new) for c in updated.changes} == {
        ("Должность", "учитель начальных классов", "учитель начальных классов, классный руководитель"),
        ("Телефон", "+7 921 555-10-20", "+7 921 555-10-21"),
    }
    created = next(r for r in report.rows if r.action == "create")
    assert (created.row, created.name) == (10, "Белова Светлана Олеговна")
    after = {t["id"]: t for t in snapshot()}
    assert len(after) == 9
    changed = [pk for pk in before if before[pk] != after[pk]]
    assert changed == [updated.teacher_id]
    assert after[updated.teacher_id]["phone"] == "+7 921 555-10-21"


def test_matches_existing_teacher_by_email_whatever_its_case(school_a):
    teacher = TeacherFactory(school=school_a, last_name="Иванова", first_name="Мария", email="IVANOVA@School34.example", phone="")

    report = run(school_a, "staff_good.xlsx")

    assert report.created == 7
    teacher.refresh_from_db()
    assert teacher.email == "IVANOVA@School34.example"  # same address: not rewritten
    assert teacher.phone == "+7 911 123-45-67"


def test_matches_existing_teacher_by_name_and_birth_date_with_yo_as_ye(school_a):
    teacher = TeacherFactory(
        school=school_a, last_name="Ковалева", first_name="Анна", patronymic="Дмитриевна",
        birth_date=datetime.date(1999, 11, 30), teaching_since=datetime.date(2023, 9, 1), email="",
    )  # fmt: skip

    report = run(school_a, "staff_good.xlsx")

    assert report.created == 7
    teacher.refresh_from_db()
    assert teacher.last_name == "Ковалева"  # «ё» = «е»: the name is not a change
    assert teacher.email == "kovaleva@school34.example"
    row = next(r for r in report.rows if r.teacher_id == teacher.pk)
    assert {c.column for c in row.changes} == {"E-mail", "Должность", "Телефон"}  # empty «Предметы» keeps «математика»


def test_empty_optional_cells_keep_recorded_values_and_a_returning_teacher_is_employed(school_a):
    teacher = TeacherFactory(
        school=school_a, last_name="Сидоров", first_name="Пётр", patronymic="", position="педагог-психолог", subjects="",
        birth_date=datetime.date(2000, 1, 15), teaching_since=datetime.date(2024, 9, 2), email="sidorov@school34.example",
        phone="+7 900 000-00-00", is_employed=False, gender="m",
    )  # fmt: skip

    report = run(school_a, "staff_good.xlsx")

    teacher.refresh_from_db()
    assert (teacher.email, teacher.phone, teacher.is_employed) == ("sidorov@school34.example", "+7 900 000-00-00", True)
    row = next(r for r in report.rows if r.teacher_id == teacher.pk)
    assert [(c.column, c.new) for c in row.changes] == [("Работает в организации", "работает")]


def test_teachers_missing_from_the_file_are_left_alone_and_counted(school_a):
    absent = TeacherFactory(school=school_a)

    report = run(school_a, "staff_good.xlsx")

    assert report.not_in_file == 1
    assert "Ещё 1 педагог организации отсутствует в файле" in report.summary()
    assert Teacher.objects.filter(pk=absent.pk, is_employed=True).exists()


def test_other_schools_are_untouched(school_a, school_b):
    other = TeacherFactory(school=school_b, email="ivanova@school34.example", phone="")
    before = list(Teacher.objects.filter(school=school_b).values())

    report = run(school_a, "staff_good.xlsx")

    assert report.created == 8
    assert list(Teacher.objects.filter(school=school_b).values()) == before
    assert Teacher.objects.filter(email="ivanova@school34.example").count() == 2
    assert other.school_id == school_b.pk


def test_dry_run_writes_nothing_and_reports_what_would_happen(school_a):
    before = snapshot()
    report = run(school_a, "staff_good.xlsx", dry_run=True)
    assert report.created == 8 and report.dry_run
    assert snapshot() == before


def test_confirming_a_stale_preview_writes_nothing(school_a):
    preview = run(school_a, "staff_good.xlsx", dry_run=True)
    TeacherFactory(school=school_a, last_name="Иванова", first_name="Мария", email="ivanova@school34.example", phone="")
    before = snapshot()

    with pytest.raises(StaffImportChanged) as caught:
        run(school_a, "staff_good.xlsx", expect_digest=preview.digest())

    assert caught.value.report.created == 7
    assert snapshot() == before
    assert run(school_a, "staff_good.xlsx", expect_digest=caught.value.report.digest()).created == 7


def test_two_rows_that_match_one_existing_teacher_are_refused(school_a):
    # Матвеева is found by e-mail in row 2 and by name and birth date in row 3.
    TeacherFactory(
        school=school_a, last_name="Матвеева", first_name="Ирина", patronymic="Олеговна",
        birth_date=datetime.date(1990, 1, 1), teaching_since=datetime.date(2012, 9, 1), email="m@school.example",
    )  # fmt: skip
    rows = [
        {"last_name": "Матвеева", "first_name": "Ира", "position": "учитель", "birth_date": datetime.date(1991, 1, 1),
         "teaching_since": datetime.date(2013, 9, 1), "email": "m@school.example"},
        {"last_name": "Матвеева", "first_name": "Ирина", "patronymic": "Олеговна", "position": "учитель",
         "birth_date": datetime.date(1990, 1, 1), "teaching_since": datetime.date(2012, 9, 1), "email": ""},
    ]  # fmt: skip
    before = snapshot()

    with pytest.raises(StaffImportError) as caught:
        staff_import(school=school_a, content=staff_list_xlsx(rows), filename="x.xlsx", today=TODAY)

    assert caught.value.messages == [
        "Строка 3, столбцы «Фамилия», «Имя», «Отчество», «Дата рождения»: это тот же педагог организации "
        "(Матвеева Ирина Олеговна), что и в строке 2."
    ]
    assert snapshot() == before


# -- bad files: a clear Russian error naming row and column, nothing written --

BAD_ROWS = [
    ("bad_date_nonexistent.xlsx", "Строка 7, столбец «Дата рождения»: нет такой даты «31.02.1990»."),
    (
        "bad_date_format.csv",
        "Строка 3, столбец «Дата начала педагогической деятельности»: «01/09/2013» — не дата; "
        "запишите дату как ДД.ММ.ГГГГ, например 01.09.1990.",
    ),
    ("bad_date_format.csv", "Строка 8, столбец «Дата рождения»: «20.06.01» — не дата;"),
    ("bad_missing_value.xlsx", "Строка 5, столбец «Имя»: не заполнено."),
    ("bad_email.xlsx", "Строка 3, столбец «E-mail»: «petrov@school34» — введите адрес электронной почты целиком, например ivanova@school34.ru."),
    (
        "bad_teaching_before_birth.xlsx",
        "Строка 8, столбец «Дата начала педагогической деятельности»: 01.09.1999 — раньше даты рождения (20.06.2001).",
    ),
    ("bad_duplicate_email.xlsx", "Строка 9, столбец «E-mail»: e-mail «ivanova@school34.example» уже указан в строке 2."),
    (
        "bad_duplicate_person.xlsx",
        "Строка 10, столбцы «Фамилия», «Имя», «Отчество», «Дата рождения»: педагог Ковалева Анна Дмитриевна, "
        "30.11.1999 г. р., уже указан в строке 4.",
    ),
    ("bad_missing_header.xlsx", "Строка 1: нет столбца «Дата рождения»."),
    ("bad_unknown_header.xlsx", "Строка 1, столбец «Стаж»: заголовок не распознан (столбец J)."),
]
BAD_FILES = [
    ("bad_empty.xlsx", "Файл «bad_empty.xlsx» пустой."),
    ("bad_empty.csv", "Файл «bad_empty.csv» пустой."),
    ("bad_header_only.xlsx", "В файле нет ни одной строки с педагогами"),
    ("bad_pdf_renamed.xlsx", "Файл «bad_pdf_renamed.xlsx» не является таблицей XLSX или CSV."),
    ("bad_random_bytes.xlsx", "Файл «bad_random_bytes.xlsx» не является таблицей XLSX или CSV."),
    ("bad_random_bytes.csv", "Файл «bad_random_bytes.csv» не является таблицей XLSX или CSV."),
]


@pytest.mark.parametrize("name, expected", BAD_ROWS + BAD_FILES)
def test_bad_file_is_refused_with_a_clear_error_and_nothing_written(school_a, name, expected):
    run(school_a, "staff_good.xlsx")  # the school already has its teachers
    TeacherFactory(school=school_a)
    before = snapshot()

    messages = import_errors(school_a, name)

    assert any(m.startswith(expected) for m in messages), messages
    assert snapshot() == before


@pytest.mark.parametrize("name, expected", BAD_ROWS)
def test_bad_rows_are_refused_for_an_empty_school_too(school_a, name, expected):
    assert any(m.startswith(expected) for m in import_errors(school_a, name))
    assert not Teacher.objects.exists()


def test_every_error_of_a_file_is_reported_at_once(school_a):
    assert len(import_errors(school_a, "bad_date_format.csv")) == 2


def test_header_may_follow_a_title_and_headers_ignore_case_spaces_and_yo(school_a):
    content = "Список педагогов на 01.09.2026\n\nфамилия ; ИМЯ;Отчество;должность;Предметы;Дата  рождения;" \
        "Дата начала педагогической деятельности;e-mail;телефон\n" \
        "Белова;Светлана;Олеговна;учитель;биология;03.10.1996;02.09.2019;;\n"  # fmt: skip
    report = staff_import(school=school_a, content=content.encode(), filename="list.csv", today=TODAY)
    assert report.created == 1 and report.rows[0].row == 4


def test_a_numbering_column_is_skipped_and_excels_sep_line_is_understood(school_a):
    content = "sep=,\r\n№ п/п,Фамилия,Имя,Отчество,Должность,Предметы,Дата рождения," \
        "Дата начала педагогической деятельности,E-mail,Телефон\r\n" \
        "1,Белова,Светлана,Олеговна,учитель,биология,03.10.1996,31.02.2019,,\r\n"  # fmt: skip
    with pytest.raises(StaffImportError) as caught:
        staff_import(school=school_a, content=content.encode("cp1251"), filename="list.csv", today=TODAY)
    # Excel hides the sep= line, so the teacher is in row 2.
    assert caught.value.messages == ["Строка 2, столбец «Дата начала педагогической деятельности»: нет такой даты «31.02.2019»."]


def test_filled_cells_under_an_empty_header_are_refused(school_a):
    content = "Фамилия;Имя;Должность;Дата рождения;Дата начала педагогической деятельности;\nБелова;Светлана;учитель;03.10.1996;02.09.2019;ещё что-то\n"
    with pytest.raises(StaffImportError) as caught:
        staff_import(school=school_a, content=content.encode(), filename="list.csv", today=TODAY)
    assert caught.value.messages[0] == "Строка 1: у столбца F нет заголовка, а ячейки под ним заполнены."


def test_optional_columns_may_be_absent(school_a):
    content = "Фамилия;Имя;Должность;Дата рождения;Дата начала педагогической деятельности\nБелова;Светлана;учитель;03.10.1996;02.09.2019\n"
    report = staff_import(school=school_a, content=content.encode("cp1251"), filename="list.csv", today=TODAY)
    assert report.created == 1
    assert Teacher.objects.get().patronymic == ""


@pytest.mark.parametrize(
    "value, expected",
    [
        ("01.09.1990", datetime.date(1990, 9, 1)),
        ("1.9.1990", datetime.date(1990, 9, 1)),
        ("1990-09-01", datetime.date(1990, 9, 1)),
        (" 01.09.1990 ", datetime.date(1990, 9, 1)),
        (datetime.datetime(1990, 9, 1, 0, 0), datetime.date(1990, 9, 1)),
        (datetime.date(1990, 9, 1), datetime.date(1990, 9, 1)),
    ],
)
def test_accepted_date_forms(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["01/09/1990", "01.09.90", "1 сентября 1990", "1990.09.01", "33117", 33117, "31.02.1990", "00.01.1990"])
def test_refused_date_forms(value):
    with pytest.raises(DateProblem):
        parse_date(value)


def test_ten_thousand_rows_import_and_reimport(school_a):
    content = staff_list_xlsx(fake_staff_rows(10_000))

    first = staff_import(school=school_a, content=content, filename="big.xlsx")
    again = staff_import(school=school_a, content=content, filename="big.xlsx")

    assert first.created == 10_000
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10_000)
    assert Teacher.objects.filter(school=school_a).count() == 10_000


# -- the command ----------------------------------------------------------------


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_staff", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_and_prints_a_russian_summary(school_a):
    out, _ = command(str(DATA / "staff_good.xlsx"), "--school", "school-a")
    assert "В файле 8 педагогов: новых — 8, изменённых — 0, без изменений — 0." in out
    assert "Готово: добавлено педагогов — 8, обновлено — 0." in out
    assert Teacher.objects.filter(school=school_a).count() == 8

    out, _ = command(str(DATA / "staff_good.xlsx"), "--school", "school-a")
    assert "Изменений нет" in out


def test_command_dry_run_writes_nothing_and_says_so(school_a):
    out, _ = command(str(DATA / "staff_changed.xlsx"), "--school", "school-a", "--dry-run", "-v", "2")
    assert "новых — 9" in out
    assert "Пробный запуск (--dry-run): ничего не записано." in out
    assert "Строка 10: Белова Светлана Олеговна — новый." in out
    assert not Teacher.objects.exists()


def test_command_prints_every_error_and_fails_with_nothing_written(school_a):
    run(school_a, "staff_good.xlsx")
    before = snapshot()
    err = io.StringIO()
    with pytest.raises(CommandError, match="Импорт не выполнен: ошибок в файле — 2. Ничего не записано."):
        call_command("import_staff", str(DATA / "bad_date_format.csv"), "--school", "school-a", stdout=io.StringIO(), stderr=err)
    assert "Строка 3, столбец «Дата начала педагогической деятельности»" in err.getvalue()
    assert "Строка 8, столбец «Дата рождения»" in err.getvalue()
    assert snapshot() == before


def test_command_refuses_unknown_school_and_missing_file(school_a):
    with pytest.raises(CommandError, match="Организация с адресом «nope» не найдена."):
        command(str(DATA / "staff_good.xlsx"), "--school", "nope")
    with pytest.raises(CommandError, match="не найден"):
        command(str(DATA / "no-such-file.xlsx"), "--school", "school-a")
