"""The monitoring dashboard for the curator and the director: the school's figures as server-rendered charts."""

from django.shortcuts import render
from django.utils import timezone

from apps.core.access import school_staff_required

from .charts import BLUE, GREEN, ORANGE, PALETTE, VERMILLION, Bar, bar_chart
from .selectors import dashboard_figures


def today():
    """The date the figures are counted on (a function, so tests can fix it)."""
    return timezone.localdate()


MENTEE_COLOURS = {"waiting": ORANGE, "paired": BLUE, "completed": GREEN}


def _charts(figures: dict) -> dict:
    coverage, programmes, roadmap = (
        figures["coverage"],
        figures["programmes"],
        figures["roadmap"],
    )
    charts = {
        "coverage": bar_chart(
            chart_id="chart-coverage",
            title="Охват молодых специалистов банком наставляемых, %",
            maximum=100,
            bars=[
                Bar(
                    "young-percent",
                    "Молодые специалисты (стаж до 3 лет)",
                    coverage["young_percent"],
                    f"{coverage['young_percent']} % ({coverage['young_in_bank']} из {coverage['young_total']})",
                    BLUE,
                ),
                Bar(
                    "early-percent",
                    "Педагоги со стажем от 3 до 5 лет",
                    coverage["early_percent"],
                    f"{coverage['early_percent']} % ({coverage['early_in_bank']} из {coverage['early_total']})",
                    GREEN,
                ),
            ],
        ),
        "mentees": bar_chart(
            chart_id="chart-mentees",
            title="Наставляемые по статусу",
            bars=[
                Bar(
                    f"mentees-{row['value']}",
                    row["label"].capitalize(),
                    row["count"],
                    colour=MENTEE_COLOURS.get(row["value"], BLUE),
                )
                for row in coverage["mentees"]
            ],
        ),
        "forms": bar_chart(
            chart_id="chart-forms",
            title="Пары и группы по формам наставничества",
            bars=[
                Bar(
                    f"form-{row['code']}",
                    row["label"],
                    row["count"],
                    colour=PALETTE[i % len(PALETTE)],
                )
                for i, row in enumerate(figures["pairs_by_form"])
            ],
        ),
        "programmes": bar_chart(
            chart_id="chart-programmes",
            title="Мероприятия персонализированных программ",
            bars=[
                Bar(
                    "activities-done",
                    "Выполнено",
                    programmes["activities_done"],
                    colour=GREEN,
                ),
                Bar(
                    "activities-planned",
                    "Запланировано",
                    programmes["activities_planned"],
                    colour=BLUE,
                ),
                Bar(
                    "activities-overdue",
                    "Просрочено",
                    programmes["activities_overdue"],
                    colour=VERMILLION,
                ),
            ],
        ),
        "satisfaction": [],
        "roadmap": None,
    }
    for group in figures["satisfaction"]:
        group["chart"] = None
        if group["questions"]:
            group["chart"] = bar_chart(
                chart_id=f"chart-satisfaction-{group['who']}",
                title=f"{group['title']}: средний балл по вопросам (из {group['scale_max']})",
                maximum=group["scale_max"],
                bars=[
                    Bar(
                        f"satisfaction-{group['who']}-{q['code']}",
                        q["text"],
                        q["average"],
                        "нет ответов"
                        if q["average"] is None
                        else str(q["average"]).replace(".", ","),
                        BLUE if group["who"] == "mentor" else GREEN,
                    )
                    for q in group["questions"]
                ],
            )
        charts["satisfaction"].append(group)
    if roadmap["exists"]:
        charts["roadmap"] = bar_chart(
            chart_id="chart-roadmap",
            title=f"Дорожная карта на {roadmap['school_year']} учебный год: выполнено мероприятий по этапам, %",
            maximum=100,
            bars=[
                Bar(
                    f"roadmap-stage-{s['number']}",
                    f"{s['number']}. {s['title']}",
                    s["percent"],
                    f"{s['done']} из {s['total']}",
                    GREEN,
                )
                for s in roadmap["stages"]
            ],
        )
    return charts


@school_staff_required("mentees.view_mentee")
def dashboard(request):
    figures = dashboard_figures(school=request.school, today=today())
    return render(
        request,
        "monitoring/dashboard.html",
        {"school": request.school, "figures": figures, "charts": _charts(figures)},
    )
