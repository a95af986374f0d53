"""The district's monitoring rounds: the coordinator fixes the table's figures (every school and the total),
they never change, the table compares the current figures with them; a round downloads as XLSX."""

import datetime

from django.utils import timezone
from openpyxl import Workbook

from apps.core.dates import SchoolYear
from apps.core.xlsx import Column, add_table_sheet, workbook_bytes
from apps.monitoring.models import MonitoringRound
from apps.monitoring.rounds import DOWN, Indicator, compare, json_value, round_heading_rows
from apps.monitoring.services import round_save

from .selectors import monitoring_rows, monitoring_totals

# Indicators of a school's row and of the municipality's total alike.
DISTRICT_INDICATORS = (
    Indicator("young_percent", "Охват молодых специалистов (стаж до 3 лет), %", percent=True),
    Indicator("early_percent", "Охват педагогов со стажем от 3 до 5 лет, %", percent=True),
    Indicator("mentors", "Наставники"),
    Indicator("mentees", "Наставляемые", better=None),
    Indicator("mentees_waiting", "Наставляемые, ожидающие наставника", better=DOWN),
    Indicator("pairs", "Пары и группы"),
    Indicator("programmes_total", "Персонализированные программы"),
    Indicator("programmes_completed", "Программы завершены"),
    Indicator("activities_overdue", "Просроченные мероприятия программ", better=DOWN),
    Indicator("satisfaction", "Удовлетворённость участников, средний балл из 10"),
    Indicator("roadmap_percent", "Выполнение дорожной карты, %", percent=True),
)
TOTAL_INDICATORS = DISTRICT_INDICATORS + (
    Indicator("documents_complete", "Организации, подписавшие все обязательные приказы"),
    Indicator("lagging_schools", "Организации с отстающими показателями", better=DOWN),
)
# The few the per-school table shows side by side (the whole set is in the round's XLSX).
SCHOOL_COLUMNS = ("young_percent", "mentees_waiting", "pairs", "programmes_completed", "activities_overdue", "satisfaction", "roadmap_percent")


def _values(source, indicators) -> dict:
    get = source.get if isinstance(source, dict) else lambda key: getattr(source, key)
    return {i.key: json_value(get(i.key)) for i in indicators}


def district_figures(rows, totals) -> dict:
    """What a round keeps: the total and every school's indicators (with its name as it was)."""
    return {
        "totals": _values(totals, TOTAL_INDICATORS),
        "schools": {str(r.school.pk): {"name": r.school.short_name, **_values(r, DISTRICT_INDICATORS)} for r in rows},
    }


def district_round_fix(*, municipality, year: SchoolYear, name: str, user, today: datetime.date | None = None) -> MonitoringRound:
    """The coordinator fixes the district table of `year` as it is now."""
    today = today or timezone.localdate()
    rows = monitoring_rows(municipality=municipality, year=year, today=today)
    return round_save(
        municipality=municipality,
        year=year,
        name=name,
        user=user,
        figures=district_figures(rows, monitoring_totals(rows)),
        counted_on=year.counting_day(today),
    )


def district_comparison(rows, totals, monitoring_round) -> dict:
    """The total against the round, and for every school the key indicators with their Δ."""
    stored = monitoring_round.figures
    before_schools = stored.get("schools", {})
    columns = [i for i in DISTRICT_INDICATORS if i.key in SCHOOL_COLUMNS]
    schools = []
    for row in rows:
        before = before_schools.get(str(row.school.pk))
        changes = compare(columns, now=_values(row, columns), before=before or {})
        schools.append({"school": row.school, "in_round": before is not None, "changes": changes})
    return {
        "totals": compare(TOTAL_INDICATORS, now=_values(totals, TOTAL_INDICATORS), before=stored.get("totals", {})),
        "columns": columns,
        "schools": schools,
    }


def district_round_xlsx_bytes(monitoring_round) -> bytes:
    """Two sheets through the formula-safe writer: the round's heading and the total; every school as it was."""
    stored = monitoring_round.figures
    workbook = Workbook(write_only=True)
    totals = stored.get("totals", {})
    add_table_sheet(
        workbook,
        title="Срез",
        columns=[Column("Показатель", 70, wrap=True), Column("Значение", 30, wrap=True)],
        rows=round_heading_rows(monitoring_round) + [(f"Итого по муниципалитету: {i.label}", totals.get(i.key)) for i in TOTAL_INDICATORS],
    )
    add_table_sheet(
        workbook,
        title="По организациям",
        columns=[Column("Организация", 40, wrap=True)] + [Column(i.label, 16, wrap=True) for i in DISTRICT_INDICATORS],
        rows=(
            [school["name"]] + [school.get(i.key) for i in DISTRICT_INDICATORS]
            for school in sorted(stored.get("schools", {}).values(), key=lambda s: s["name"].lower())
        ),
    )
    return workbook_bytes(workbook)

