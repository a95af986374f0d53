"""«Аналитическая справка по итогам учебного года»: the dashboard's figures for one school year, as PDF data and XLSX rows."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone

from apps.core.dates import SchoolYear
from apps.mentors.models import Mentor, MentorStatus
from apps.practices.models import BestPractice
from apps.surveys.selectors import reflection_summary

from .models import AnnualReport
from .selectors import dashboard_figures

NO_CONCLUSIONS = "Выводы не заполнены."


def report_day(year_start: int | None, today: datetime.date) -> datetime.date:
    """The day the figures of school year `year_start` are counted on: today within the current year,
    the last day of a past year, the first day of a future one."""
    year = SchoolYear(year_start) if year_start is not None else SchoolYear.of(today)
    return year.counting_day(today)


def conclusions_of(school, year_start: int) -> str:
    report = AnnualReport.objects.filter(school=school, year_start=year_start).first()
    return report.conclusions.strip() if report else ""


def report_data(*, school, year_start: int | None = None, today: datetime.date | None = None, with_reflection: bool = True) -> dict:
    """The справка's figures of one school year (the current one by default): the dashboard's, the mentors' bank
    as it stands, the best practices added to the library within the year, the curator's conclusions, and the
    members' reflections (`with_reflection`: the dashboard shows none of their texts and goes without)."""
    today = today or timezone.localdate()
    year = SchoolYear(year_start) if year_start is not None else SchoolYear.of(today)
    figures = dashboard_figures(school=school, year=year, today=today)
    by_status = dict(Mentor.objects.filter(school=school).values_list("status").annotate(n=Count("pk")).order_by())
    mentors = [{"value": v, "label": label, "count": by_status.get(v, 0)} for v, label in MentorStatus.choices]
    practices = list(
        BestPractice.objects.filter(school=school, created_at__date__range=(year.first_day, year.last_day))
        .order_by("title", "pk")
        .values_list("title", flat=True)
    )
    return add_overall({
        "figures": figures,
        "day": figures["today"],
        "year": year,
        "year_start": year.start,
        "school_year": year.label,
        "mentors": mentors,
        "mentors_total": sum(by_status.values()),
        "practices": practices,
        "reflection": reflection_summary(school=school, year=year) if with_reflection else None,
        "conclusions": conclusions_of(school, year.start),
    })


def _number(value):
    return None if value is None else float(value)


def report_rows(data: dict) -> list[tuple[str, object]]:
    """«Показатель / Значение» rows: the same figures as the PDF."""
    f = data["figures"]
    c, p, r = f["coverage"], f["programmes"], f["roadmap"]
    rows: list[tuple[str, object]] = [
        ("Учебный год", data["school_year"]),
        ("Дата расчёта показателей", data["day"]),
        ("Наставники, всего", data["mentors_total"]),
    ]
    rows += [(f"Наставники: {m['label']}", m["count"]) for m in data["mentors"]]
    rows.append(("Наставляемые в банке, всего", c["mentees_total"]))
    rows += [(f"Наставляемые: {m['label']}", m["count"]) for m in c["mentees"]]
    rows += [
        ("Молодые специалисты (стаж до 3 лет), всего", c["young_total"]),
        ("Молодые специалисты (стаж до 3 лет) в банке наставляемых", c["young_in_bank"]),
        ("Охват молодых специалистов (стаж до 3 лет), %", c["young_percent"]),
        ("Педагоги со стажем от 3 до 5 лет, всего", c["early_total"]),
        ("Педагоги со стажем от 3 до 5 лет в банке наставляемых", c["early_in_bank"]),
        ("Охват педагогов со стажем от 3 до 5 лет, %", c["early_percent"]),
    ]
    rows += [(f"Пары и группы по форме «{row['label']}»", row["count"]) for row in f["pairs_by_form"]]
    rows += [
        ("Персонализированные программы, всего", p["programmes_total"]),
        ("Персонализированные программы завершены", p["programmes_completed"]),
        ("Мероприятия программ, всего", p["activities_total"]),
        ("Мероприятия программ выполнены", p["activities_done"]),
        ("Мероприятия программ запланированы", p["activities_planned"]),
        ("Мероприятия программ просрочены", p["activities_overdue"]),
    ]
    for group in f["satisfaction"]:
        who = "наставников" if group["who"] == "mentor" else "наставляемых"
        rows.append((f"Анкетирование {who}: ответов", group["responses"]))
        rows.append((f"Удовлетворённость {who}: средний балл", _number(group["overall"])))
    for stage in r["stages"]:
        rows.append((f"Дорожная карта, этап {stage['number']} «{stage['title']}»: выполнено мероприятий", stage["done"]))
        rows.append((f"Дорожная карта, этап {stage['number']}: всего мероприятий", stage["total"]))
    rows.append(("Лучшие практики, внесённые в методическую копилку за учебный год", len(data["practices"])))
    rows += [(f"Лучшая практика {i}", title) for i, title in enumerate(data["practices"], start=1)]
    rows.append(("Выводы", data["conclusions"] or NO_CONCLUSIONS))
    return rows


def add_overall(data: dict) -> dict:
    """The average of a group's question averages (two decimals), None without answers."""
    for group in data["figures"]["satisfaction"]:
        averages = [q["average"] for q in group["questions"] if q["average"] is not None]
        group["overall"] = (
            (sum(Decimal(a) for a in averages) / len(averages)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if group["responses"] and averages
            else None
        )
    return data
