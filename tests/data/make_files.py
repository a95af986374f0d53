"""Regenerate the staff-list files the import tests read: `.venv/bin/python tests/data/make_files.py`.

Every file is a small variation of one staff list of eight teachers (header = row 1,
teachers in rows 2–9). The bad files break one thing each, in a known row and column,
which the tests check the error names. Needs only openpyxl.
"""

import datetime
import random
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
D = datetime.date

HEADER = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Должность",
    "Предметы",
    "Дата рождения",
    "Дата начала педагогической деятельности",
    "E-mail",
    "Телефон",
]
LAST, FIRST, PATRONYMIC, POSITION, SUBJECTS, BIRTH, SINCE, EMAIL, PHONE = range(9)

# Dates are mostly real Excel date cells; row 5 has them as text in the accepted formats.
GOOD = [
    ["Иванова", "Мария", "Петровна", "учитель", "математика", D(1985, 5, 17), D(2008, 9, 1), "ivanova@school34.example", "+7 911 123-45-67"],
    ["Петров", "Иван", "Сергеевич", "учитель", "физика, информатика", D(1990, 3, 2), D(2013, 9, 1), "petrov@school34.example", ""],
    ["Ковалёва", "Анна", "Дмитриевна", "учитель начальных классов", "", D(1999, 11, 30), D(2023, 9, 1), "kovaleva@school34.example", "+7 921 555-10-20"],
    ["  Смирнова ", "Ольга  ", "Викторовна", "учитель", "русский язык; литература", "12.04.1978", "1.9.2001", "Smirnova@School34.example", ""],
    ["Сидоров", "Пётр", "", "педагог-психолог", "", D(2000, 1, 15), "2024-09-02", "", ""],
    ["Кузнецова", "Елена", "Александровна", "учитель", "английский язык", D(1972, 7, 8), D(1995, 9, 1), "kuznetsova@school34.example", "89115550011"],
    ["Орлов", "Дмитрий", "Андреевич", "учитель", "физическая культура", D(2001, 6, 20), D(2024, 9, 1), "orlov@school34.example", ""],
    ["Фёдорова", "Наталья", "Игоревна", "заместитель директора по УВР", "химия", D(1980, 2, 29), D(2003, 9, 1), "fedorova@school34.example", ""],
]


def row_number(index: int) -> int:
    """The Excel row of GOOD[index]."""
    return index + 2


def copy_rows():
    return [list(r) for r in GOOD]


def as_text(value) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def write_xlsx(name: str, rows, header=HEADER) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Педагоги"
    sheet.append(header)
    for row in rows:
        sheet.append([v if v != "" else None for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD.MM.YYYY"
    workbook.save(HERE / name)


def write_csv(name: str, rows, *, encoding: str, delimiter: str, header=HEADER) -> None:
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([as_text(v) for v in row] for row in rows)
    (HERE / name).write_bytes(buffer.getvalue().encode(encoding))


# A minimal one-page PDF: what a curator uploads when they pick the wrong file.
PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


def main() -> None:
    # Good files: the same eight teachers as XLSX, UTF-8 CSV (with BOM, «;») and cp1251 CSV («,»).
    write_xlsx("staff_good.xlsx", GOOD)
    write_csv("staff_good_utf8.csv", GOOD, encoding="utf-8-sig", delimiter=";")
    write_csv("staff_good_cp1251.csv", GOOD, encoding="cp1251", delimiter=",")

    # The same list a month later: Ковалёва (row 4) changed post and phone, Белова (row 10) is new.
    rows = copy_rows()
    rows[2][POSITION] = "учитель начальных классов, классный руководитель"
    rows[2][PHONE] = "+7 921 555-10-21"
    rows.append(["Белова", "Светлана", "Олеговна", "учитель", "биология", D(1996, 10, 3), D(2019, 9, 2), "belova@school34.example", ""])
    write_xlsx("staff_changed.xlsx", rows)

    # Bad files: one problem each.
    rows = copy_rows()
    rows[5][BIRTH] = "31.02.1990"  # row 7
    write_xlsx("bad_date_nonexistent.xlsx", rows)

    rows = copy_rows()
    rows[1][SINCE] = "01/09/2013"  # row 3
    rows[6][BIRTH] = "20.06.01"  # row 8: two-digit year
    write_csv("bad_date_format.csv", rows, encoding="utf-8", delimiter=";")

    rows = copy_rows()
    rows[3][FIRST] = "  "  # row 5
    write_xlsx("bad_missing_value.xlsx", rows)

    rows = copy_rows()
    rows[1][EMAIL] = "petrov@school34"  # row 3
    write_xlsx("bad_email.xlsx", rows)

    rows = copy_rows()
    rows[6][SINCE] = D(1999, 9, 1)  # row 8: born 20.06.2001
    write_xlsx("bad_teaching_before_birth.xlsx", rows)

    rows = copy_rows()
    rows[7][EMAIL] = "IVANOVA@school34.example"  # row 9 repeats row 2
    write_xlsx("bad_duplicate_email.xlsx", rows)

    rows = copy_rows()
    rows.append(["Ковалева", "Анна", "Дмитриевна", "учитель", "", D(1999, 11, 30), D(2023, 9, 1), "anna.k@school34.example", ""])  # row 10 repeats row 4
    write_xlsx("bad_duplicate_person.xlsx", rows)

    rows = [r[:BIRTH] + r[BIRTH + 1 :] for r in GOOD]
    write_xlsx("bad_missing_header.xlsx", rows, header=HEADER[:BIRTH] + HEADER[BIRTH + 1 :])

    rows = [[*r, 10] for r in GOOD]
    write_xlsx("bad_unknown_header.xlsx", rows, header=[*HEADER, "Стаж"])

    write_xlsx("bad_header_only.xlsx", [])
    (HERE / "bad_empty.xlsx").write_bytes(b"")
    (HERE / "bad_empty.csv").write_bytes(b"")
    (HERE / "bad_pdf_renamed.xlsx").write_bytes(PDF)
    (HERE / "bad_random_bytes.xlsx").write_bytes(random.Random(34).randbytes(2048))
    (HERE / "bad_random_bytes.csv").write_bytes(random.Random(35).randbytes(2048))


if __name__ == "__main__":
    main()
