"""Spreadsheets the curator downloads: one plain table per sheet, ready to print and to filter.

The header row is bold, frozen and filtered; every column has its width; dates are real
date cells shown as DD.MM.YYYY (so Excel sorts and filters them as dates).
"""

import datetime
import io
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD.MM.YYYY"
SHEET_TITLE_MAX = 31  # Excel's limit
SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
WRAP_ALIGNMENT = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    title: str
    width: float = 15
    wrap: bool = False  # long text (lists of competences, requests) wraps inside the cell


def cell_value(value):
    """What openpyxl can store: aware datetimes become the local date, None an empty cell."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


# What makes Excel or LibreOffice read a cell as a formula (CSV/formula injection, OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Characters a file name may not have on Windows (and the quotes that read badly in one).
FILENAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|«»]+')


def is_formula_like(value) -> bool:
    """Text a teacher typed that Excel would run as a formula («=cmd|…», «+7 …», «-», «@», a tab, a CR)."""
    return isinstance(value, str) and value[:1] in FORMULA_STARTS


def as_text(cell):
    """The one guard every cell we write passes: formula-like text is stored as text, never as a formula.

    (openpyxl itself makes a formula of any string that starts with «=».)"""
    if is_formula_like(cell.value):
        cell.data_type = "s"
    return cell


def filename_part(text: str) -> str:
    """`text` (a school's name, say) made fit for a part of a file name."""
    return FILENAME_FORBIDDEN.sub(" ", text).strip()


def add_table_sheet(workbook: Workbook, *, title: str, columns: list[Column], rows):
    """Append a sheet with a header row and `rows` to a write-only workbook (fast for thousands of rows)."""
    sheet = workbook.create_sheet(title=title.translate(SHEET_TITLE_FORBIDDEN)[:SHEET_TITLE_MAX])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column.title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
        header.append(cell)
    sheet.append(header)

    row_count = 0
    for row_count, row in enumerate(rows, start=1):
        cells = []
        for column, value in zip(columns, row, strict=True):
            value = cell_value(value)
            formula_like = is_formula_like(value)
            if isinstance(value, datetime.date) or column.wrap or formula_like:
                cell = as_text(WriteOnlyCell(sheet, value))
                if isinstance(value, datetime.date):
                    cell.number_format = DATE_FORMAT
                if column.wrap:
                    cell.alignment = WRAP_ALIGNMENT
                value = cell
            cells.append(value)
        sheet.append(cells)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{row_count + 1}"
    return sheet


def table_xlsx(*, title: str, columns: list[Column], rows) -> bytes:
    """A one-sheet workbook as bytes."""
    workbook = Workbook(write_only=True)
    add_table_sheet(workbook, title=title, columns=columns, rows=rows)
    return workbook_bytes(workbook)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The file of `workbook`, the only way our workbooks are saved. A write-only workbook's cells were
    guarded as they were appended (add_table_sheet); a workbook built cell by cell (the district's form)
    is guarded here, every cell of every sheet, so no export can forget it."""
    if not workbook.write_only:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    as_text(cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def content_disposition(filename: str, ascii_filename: str, *, inline: bool = False) -> str:
    """`attachment` (or `inline`) with the Russian name for browsers (RFC 6266) and a Latin one for the rest."""
    fallback = ascii_filename.replace("\\", "_").replace('"', "_")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def xlsx_response(content: bytes, *, filename: str, ascii_filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename, ascii_filename)
    return response
