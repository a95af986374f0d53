"""The monitoring dashboard for the curator and the director: the school's figures as server-rendered charts."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.access import school_staff_required
from apps.core.dates import SchoolYear
from apps.core.school_years import year_from_request, year_links
from apps.core.xlsx import Column, content_disposition, filename_part, table_xlsx, xlsx_response

from .charts import BLUE, GREEN, ORANGE, PALETTE, VERMILLION, Bar, bar_chart
from .documents import analytical_report_pdf
from .models import MonitoringRound
from .report import report_data, report_rows
from .rounds import SCHOOL_INDICATORS, compare, round_xlsx_bytes, school_indicators
from .selectors import years_with_data
from .services import annual_report_conclusions_save, school_round_fix


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


class RoundForm(forms.Form):
    name = forms.CharField(
        label="Название среза",
        max_length=200,
        help_text="Например: «входной — январь», «итоговый — май».",
        widget=forms.TextInput(attrs={"list": "round-names", "autocomplete": "off"}),
    )


ROUND_NAMES = ("входной — январь", "промежуточный", "итоговый — май")


def _round(request, school) -> MonitoringRound | None:
    """?round=<id>: a round of this school, else 404 (another school's round is not found, nor is garbage)."""
    value = request.GET.get("round", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise Http404("Срез не найден.")
    return get_object_or_404(MonitoringRound, pk=int(value), school=school)


def _year_and_round(request):
    """The school year asked for and the round to compare with; the round's year when only a round is given."""
    day = today()
    chosen = _round(request, request.school)
    if chosen is not None and not request.GET.get("year"):
        return SchoolYear(chosen.year_start), chosen, day
    return year_from_request(request, today=day), chosen, day


@school_staff_required("mentees.view_mentee")
def dashboard(request):
    year, chosen, day = _year_and_round(request)
    data = report_data(school=request.school, year_start=year.start, today=day, with_reflection=False)
    figures = data["figures"]
    form = ConclusionsForm(initial={"conclusions": data["conclusions"]})
    rounds = list(MonitoringRound.objects.filter(school=request.school).only("pk", "name", "year_start", "counted_on", "created_at", "created_by_name"))
    can_edit = request.user.has_perm("mentees.change_mentee")
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "school": request.school,
            "figures": figures,
            "charts": _charts(figures),
            "year": year,
            "is_current_year": year == SchoolYear.of(day),
            "years": year_links(request, years=years_with_data(today=day, school=request.school, round_years={r.year_start for r in rounds}), selected=year),
            "rounds": rounds,
            "chosen_round": chosen,
            "comparison": compare(SCHOOL_INDICATORS, now=school_indicators(data), before=chosen.figures.get("indicators", {}))
            if chosen
            else None,
            "round_form": RoundForm() if can_edit else None,
            "round_names": ROUND_NAMES,
            "conclusions_form": form,
            "can_edit_conclusions": can_edit,
        },
    )


def _year(request) -> int:
    """?year=2026 (the school year 2026/2027); the current one when not given; 404 for anything else."""
    return year_from_request(request, today=today()).start


@require_POST
@school_staff_required("mentees.change_mentee")
def conclusions(request):
    year = _year(request)
    form = ConclusionsForm(request.POST)
    if form.is_valid():
        annual_report_conclusions_save(school=request.school, year_start=year, conclusions=form.cleaned_data["conclusions"])
        messages.success(request, f"Выводы для аналитической справки за {SchoolYear(year).label} учебный год сохранены.")
    else:
        messages.error(request, "Выводы не сохранены: " + " ".join(form.errors["conclusions"]))
    return redirect(f"{reverse('monitoring:dashboard')}?year={year}")


@require_POST
@school_staff_required("mentees.change_mentee")
def round_fix(request):
    """The curator fixes the school's current figures of the chosen year as a round."""
    year = year_from_request(request, today=today())
    form = RoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Срез не зафиксирован: " + " ".join(form.errors["name"]))
        return redirect(f"{reverse('monitoring:dashboard')}?year={year.start}")
    try:
        fixed = school_round_fix(school=request.school, year=year, name=form.cleaned_data["name"], user=request.user, today=today())
    except ValidationError as error:
        messages.error(request, "Срез не зафиксирован: " + " ".join(error.messages))
        return redirect(f"{reverse('monitoring:dashboard')}?year={year.start}")
    messages.success(request, f"Срез «{fixed.name}» зафиксирован: показатели на {fixed.counted_on:%d.%m.%Y}.")
    return redirect(f"{reverse('monitoring:dashboard')}?year={year.start}&round={fixed.pk}")


@school_staff_required("mentees.view_mentee")
def round_xlsx(request, pk: int):
    fixed = get_object_or_404(MonitoringRound, pk=pk, school=request.school)
    return xlsx_response(
        round_xlsx_bytes(fixed),
        filename=f"Срез мониторинга {filename_part(fixed.name)} {fixed.year_start}-{fixed.year_start + 1}.xlsx",
        ascii_filename=f"monitoring-round-{fixed.pk}-{fixed.year_start}-{fixed.year_start + 1}.xlsx",
    )


@school_staff_required("mentees.view_mentee")
def report_pdf(request):
    year, chosen, day = _year_and_round(request)
    pdf = analytical_report_pdf(school=request.school, year_start=year.start, today=day, compare_with=chosen)
    start = year.start
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
