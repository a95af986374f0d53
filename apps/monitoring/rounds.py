"""Monitoring rounds («срезы»): which figures a round keeps, and how the current figures compare with them.

A round stores, as JSON, the indicators below (to compare) and the full «Показатель / Значение» table
(to download as it was). The district keeps the same kind of indicators per school and for the whole
municipality; apps.district builds them from its table and compares them with `compare` too.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from apps.core.xlsx import Column, table_xlsx

UP, DOWN = "up", "down"  # which way an indicator gets better


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    better: str | None = UP  # None: neither way is better (the size of the bank)
    percent: bool = False


SCHOOL_INDICATORS = (
    Indicator("young_percent", "Охват молодых специалистов (стаж до 3 лет), %", percent=True),
    Indicator("young_in_bank", "Молодые специалисты в банке наставляемых"),
    Indicator("early_percent", "Охват педагогов со стажем от 3 до 5 лет, %", percent=True),
    Indicator("mentors_total", "Наставники в базе наставников"),
    Indicator("mentees_total", "Наставляемые в банке наставляемых", better=None),
    Indicator("mentees_waiting", "Наставляемые, ожидающие наставника", better=DOWN),
    Indicator("pairs", "Пары и группы"),
    Indicator("programmes_total", "Персонализированные программы"),
    Indicator("programmes_completed", "Программы завершены"),
    Indicator("activities_done", "Мероприятия программ выполнены"),
    Indicator("activities_overdue", "Мероприятия программ просрочены", better=DOWN),
    Indicator("activities_percent", "Выполнение мероприятий программ, %", percent=True),
    Indicator("responses_mentor", "Анкеты удовлетворённости наставников"),
    Indicator("satisfaction_mentor", "Удовлетворённость наставников, средний балл"),
    Indicator("responses_mentee", "Анкеты удовлетворённости наставляемых"),
    Indicator("satisfaction_mentee", "Удовлетворённость наставляемых, средний балл"),
    Indicator("roadmap_done", "Мероприятия дорожной карты выполнены"),
    Indicator("roadmap_percent", "Выполнение дорожной карты, %", percent=True),
)


def json_value(value):
    """What a round's JSON keeps: numbers as numbers (Decimal as float), a date as ДД.ММ.ГГГГ, text as text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return value


def school_indicators(data: dict) -> dict:
    """The compared indicators of a school from report.report_data."""
    f = data["figures"]
    c, p, r = f["coverage"], f["programmes"], f["roadmap"]
    waiting = next((m["count"] for m in c["mentees"] if m["value"] == "waiting"), 0)
    values = {
        "young_percent": c["young_percent"],
        "young_in_bank": c["young_in_bank"],
        "early_percent": c["early_percent"],
        "mentors_total": data["mentors_total"],
        "mentees_total": c["mentees_total"],
        "mentees_waiting": waiting,
        "pairs": sum(row["count"] for row in f["pairs_by_form"]),
        "programmes_total": p["programmes_total"],
        "programmes_completed": p["programmes_completed"],
        "activities_done": p["activities_done"],
        "activities_overdue": p["activities_overdue"],
        "activities_percent": p["percent_done"] if p["activities_total"] else None,
        "roadmap_done": r.get("done") if r["exists"] else None,
        "roadmap_percent": r.get("percent") if r["exists"] else None,
    }
    for group in f["satisfaction"]:
        values[f"responses_{group['who']}"] = group["responses"]
        values[f"satisfaction_{group['who']}"] = group["overall"]
    return {key: json_value(value) for key, value in values.items()}


@dataclass
class Change:
    """One indicator now and in the round: the difference with its sign, an arrow and a word."""

    indicator: Indicator
    before: float | int | None
    now: float | int | None

    @property
    def before_text(self) -> str:
        return number_text(self.before)

    @property
    def now_text(self) -> str:
        return number_text(self.now)

    @property
    def delta(self):
        if self.before is None or self.now is None:
            return None
        delta = Decimal(str(self.now)) - Decimal(str(self.before))
        return int(delta) if delta == delta.to_integral_value() else delta

    @property
    def delta_text(self) -> str:
        """«+3», «−2», «+0,25», «0»; «—» when either side has no value."""
        delta = self.delta
        if delta is None:
            return "—"
        if delta == 0:
            return "0"
        sign = "+" if delta > 0 else "−"
        return sign + number_text(abs(delta)) + (" п. п." if self.indicator.percent else "")

    @property
    def arrow(self) -> str:
        delta = self.delta
        if delta is None:
            return ""
        return "↑" if delta > 0 else "↓" if delta < 0 else "→"

    @property
    def trend(self) -> str:
        """«рост», «снижение», «без изменений», «нет данных»."""
        delta = self.delta
        if delta is None:
            return "нет данных"
        return "рост" if delta > 0 else "снижение" if delta < 0 else "без изменений"

    @property
    def assessment(self) -> str:
        """«good», «bad» or «»: whether the change is for the better (for colour; the word says the same)."""
        delta = self.delta
        if not delta or self.indicator.better is None:
            return ""
        return "good" if (delta > 0) == (self.indicator.better == UP) else "bad"

    @property
    def assessment_text(self) -> str:
        return {"good": "улучшение", "bad": "ухудшение"}.get(self.assessment, "")


def number_text(value) -> str:
    """3 → «3», 8.5 → «8,5», 8.25 → «8,25»; None → «—»."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (float, Decimal)):
        value = Decimal(str(value)).quantize(Decimal("0.01")).normalize()
        text = format(value, "f")
    else:
        text = str(value)
    return text.replace(".", ",")


def compare(indicators, *, now: dict, before: dict) -> list[Change]:
    """Every indicator with its value in the round and now."""
    return [Change(indicator, before.get(indicator.key), now.get(indicator.key)) for indicator in indicators]


def round_heading_rows(monitoring_round) -> list[tuple[str, object]]:
    """Who fixed the round, when, for which year: the first rows of its XLSX."""
    return [
        ("Срез мониторинга", monitoring_round.name),
        ("Учебный год", monitoring_round.school_year),
        ("Показатели на дату", monitoring_round.counted_on),
        ("Зафиксирован", timezone.localtime(monitoring_round.created_at).strftime("%d.%m.%Y %H:%M")),
        ("Зафиксировал", monitoring_round.created_by_name or "—"),
    ]


def round_xlsx_bytes(monitoring_round) -> bytes:
    """A school's round as «Показатель / Значение», through the formula-safe writer: exactly the stored table."""
    rows = round_heading_rows(monitoring_round) + [tuple(row) for row in monitoring_round.figures.get("rows", [])]
    return table_xlsx(
        title=f"Срез {monitoring_round.name}",
        columns=[Column("Показатель", 70, wrap=True), Column("Значение", 40, wrap=True)],
        rows=rows,
    )
