"""The monitoring dashboard for the curator and the director: the school's figures as server-rendered charts."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.access import school_staff_required
from apps.core.dates import school_year_start
from apps.core.xlsx import Column, content_disposition, table_xlsx, xlsx_response

from .charts import BLUE, GREEN, ORANGE, PALETTE, VERMILLION, Bar, bar_chart
from .documents import analytical_report_pdf
from .report import conclusions_of, report_data, report_rows
from .selectors import dashboard_figures
from .services import annual_report_conclusions_save


class ConclusionsForm(forms.Form):
    conclusions = forms.CharField(
        label="Выводы для аналитической справки",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


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
    year_start = figures["roadmap"]["year_start"]
    form = ConclusionsForm(initial={"conclusions": conclusions_of(request.school, year_start)})
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "school": request.school,
            "figures": figures,
            "charts": _charts(figures),
            "conclusions_form": form,
            "can_edit_conclusions": request.user.has_perm("mentees.change_mentee"),
        },
    )


def _year(request) -> int | None:
    """?year=2026 (the school year 2026/2027), or None for the current one."""
    value = request.GET.get("year", "").strip()
    if not value:
        return None
    try:
        year = int(value.split("/")[0])
    except ValueError as error:
        raise Http404("Неверно указан учебный год.") from error
    if not 2000 <= year <= 2100:
        raise Http404("Неверно указан учебный год.")
    return year


@require_POST
@school_staff_required("mentees.change_mentee")
def conclusions(request):
    form = ConclusionsForm(request.POST)
    if form.is_valid():
        annual_report_conclusions_save(
            school=request.school, year_start=school_year_start(today()), conclusions=form.cleaned_data["conclusions"]
        )
        messages.success(request, "Выводы для аналитической справки сохранены.")
    else:
        messages.error(request, "Выводы не сохранены: " + " ".join(form.errors["conclusions"]))
    return redirect("monitoring:dashboard")


@school_staff_required("mentees.view_mentee")
def report_pdf(request):
    year = _year(request)
    pdf = analytical_report_pdf(school=request.school, year_start=year, today=today())
    start = year if year is not None else school_year_start(today())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        f"Аналитическая справка {start}-{start + 1}.pdf", f"analytical-report-{start}-{start + 1}.pdf"
    )
    return response


@school_staff_required("mentees.view_mentee")
def report_xlsx(request):
    data = report_data(school=request.school, year_start=_year(request), today=today())
    content = table_xlsx(
        title=f"Мониторинг {data['year_start']}-{data['year_start'] + 1}",
        columns=[Column("Показатель", 70, wrap=True), Column("Значение", 40, wrap=True)],
        rows=report_rows(data),
    )
    start = data["year_start"]
    return xlsx_response(
        content,
        filename=f"Показатели мониторинга {start}-{start + 1}.xlsx",
        ascii_filename=f"monitoring-{start}-{start + 1}.xlsx",
    )
