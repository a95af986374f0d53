"""The district monitoring table as XLSX, laid out like the regional reporting form:
a title block, a two-level header, one row per school, the municipality's total."""

import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from apps.core.dates import SchoolYear
from apps.core.xlsx import HEADER_FILL, workbook_bytes

from .selectors import REQUIRED_ORDERS, monitoring_rows, monitoring_totals

TITLE = "Мониторинг реализации системы (целевой модели) наставничества педагогических работников"
LAG_FILL = PatternFill("solid", fgColor="FBE3C8")
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_ROW = 5  # the first of the two header rows

# (group title or None, column title, width, row attribute, lag key)
COLUMNS = [
    (None, "№ п/п", 6, None, None),
    (None, "Наименование образовательной организации", 40, "name", None),
    (None, "Педагогических работников, всего", 14, "teachers", None),
    ("Молодые специалисты до 35 лет со стажем 0–3 года", "всего", 10, "young_total", None),
    ("Молодые специалисты до 35 лет со стажем 0–3 года", "в банке наставляемых", 12, "young_in_bank", "young"),
    ("Молодые специалисты до 35 лет со стажем 0–3 года", "охват, %", 10, "young_percent", "young"),
    ("Педагоги до 35 лет со стажем 3–5 лет", "всего", 10, "early_total", None),
    ("Педагоги до 35 лет со стажем 3–5 лет", "в банке наставляемых", 12, "early_in_bank", None),
    ("Педагоги до 35 лет со стажем 3–5 лет", "охват, %", 10, "early_percent", None),
    (None, "Наставников", 12, "mentors", None),
    (None, "Наставляемых", 12, "mentees", None),
    (None, "из них ожидают наставника", 12, "mentees_waiting", "waiting"),
    (None, "Наставнических пар и групп", 12, "pairs", None),
    ("Персонализированные программы", "всего", 10, "programmes_total", None),
    ("Персонализированные программы", "завершено", 10, "programmes_completed", None),
    ("Персонализированные программы", "просрочено мероприятий", 12, "activities_overdue", "overdue"),
    (None, "Удовлетворённость участников, средний балл из 10", 14, "satisfaction", "satisfaction"),
    (None, "Дорожная карта: выполнено мероприятий, %", 14, "roadmap_percent", "roadmap"),
    (f"Обязательные приказы ({len(REQUIRED_ORDERS)})", "подписаны", 11, "documents_signed", "documents"),
    (f"Обязательные приказы ({len(REQUIRED_ORDERS)})", "размещены на сайте", 11, "documents_published", "published"),
    (None, "Отстающие показатели", 45, "lagging_text", None),
]


def _value(row, attribute):
    if attribute == "name":
        return row.school.short_name
    if attribute == "lagging_text":
        return "; ".join(row.lagging.values())
    return getattr(row, attribute)


def monitoring_xlsx_bytes(*, municipality, today: datetime.date, year: SchoolYear | None = None) -> bytes:
    """The table of school year `year` (the current one by default), counted on `today`."""
    year = year or SchoolYear.of(today)
    rows = monitoring_rows(municipality=municipality, year=year, today=today)
    totals = monitoring_totals(rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Мониторинг"
    last = get_column_letter(len(COLUMNS))

    sheet["A1"] = TITLE
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.merge_cells(f"A1:{last}1")
    sheet["A2"] = f"Муниципалитет: {municipality.name}; {year.label} учебный год"
    sheet["A3"] = "Дата заполнения:"
    sheet["C3"] = today
    sheet["C3"].number_format = "DD.MM.YYYY"
    sheet["C3"].alignment = Alignment(horizontal="left")

    top, sub = HEADER_ROW, HEADER_ROW + 1
    index = 1
    while index <= len(COLUMNS):
        group = COLUMNS[index - 1][0]
        span = 1
        while group and index - 1 + span < len(COLUMNS) and COLUMNS[index - 1 + span][0] == group:
            span += 1
        if group:
            sheet.cell(top, index, group)
            sheet.merge_cells(start_row=top, start_column=index, end_row=top, end_column=index + span - 1)
            for offset in range(span):
                sheet.cell(sub, index + offset, COLUMNS[index - 1 + offset][1])
        else:
            sheet.cell(top, index, COLUMNS[index - 1][1])
            sheet.merge_cells(start_row=top, start_column=index, end_row=sub, end_column=index)
        index += span
    # numbered columns under the header, as regional forms have
    for index, (_, _, width, _, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(sub + 1, index, index)
        for r in (top, sub, sub + 1):
            cell = sheet.cell(r, index)
            cell.font, cell.fill, cell.alignment, cell.border = Font(bold=r != sub + 1), HEADER_FILL, CENTER, BOX

    first = sub + 2
    for number, row in enumerate(rows, start=1):
        r = first + number - 1
        for index, (_, _, _, attribute, lag) in enumerate(COLUMNS, start=1):
            cell = sheet.cell(r, index, number if attribute is None else _value(row, attribute))
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if lag and lag in row.lagging:
                cell.fill = LAG_FILL
    total_row = first + len(rows)
    sheet.cell(total_row, 2, "Итого по муниципалитету")
    for index, (_, _, _, attribute, _) in enumerate(COLUMNS, start=1):
        if attribute in totals:
            sheet.cell(total_row, index, totals[attribute])
        if attribute == "documents_signed":
            sheet.cell(total_row, index, f"все — в {totals['documents_complete']} ОО из {totals['schools']}")
        if attribute == "documents_published":
            sheet.cell(total_row, index, f"все — в {totals['published_complete']} ОО из {totals['schools']}")
        if attribute == "lagging_text":
            sheet.cell(total_row, index, f"ОО с отстающими показателями: {totals['lagging_schools']}")
        cell = sheet.cell(total_row, index)
        cell.font, cell.border = Font(bold=True), BOX
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.cell(total_row + 2, 1, "Отстающие показатели выделены цветом и перечислены в последнем столбце.")

    sheet.freeze_panes = sheet.cell(first, 3)
    sheet.print_title_rows = f"{top}:{sub + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return workbook_bytes(workbook)
