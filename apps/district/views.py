"""The municipal coordinator's pages: read-only views over every school of their municipality."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.access import coordinator_required
from apps.core.dates import SchoolYear
from apps.core.school_years import year_from_request, year_links
from apps.core.xlsx import filename_part, xlsx_response
from apps.monitoring.models import MonitoringRound
from apps.monitoring.selectors import years_with_data

from .exports import monitoring_xlsx_bytes
from .forms import AuthorityForm, MenteeRegistryFilter, MentorRegistryFilter
from .report_jobs import district_report_job
from .rounds import district_comparison, district_round_fix, district_round_xlsx_bytes
from .selectors import (
    REQUIRED_ORDERS,
    SORTS,
    curator_registry,
    mentee_registry,
    mentor_registry,
    monitoring_rows,
    monitoring_totals,
    registration_table,
    sort_rows,
)
from .services import municipality_authority_set

PER_PAGE = 50
# The monitoring table of a city district with hundreds of schools pages (measured: 500 schools on one page
# were 1.1 MB of HTML and ~0.3 s quiet); the district totals always count every school.
SCHOOLS_PER_PAGE = 100


def today():
    """The date the figures are counted on (a function, so tests can fix it)."""
    return timezone.localdate()


def _sort_links(current: str) -> dict:
    """For each column: the ?sort= value a click asks for, and the current direction if sorted by it."""
    links = {}
    for key in SORTS:
        if current == key:
            links[key] = {"next": f"-{key}", "state": "ascending"}
        elif current == f"-{key}":
            links[key] = {"next": key, "state": "descending"}
        else:
            links[key] = {"next": key, "state": ""}
    return links


class RoundForm(forms.Form):
    name = forms.CharField(label="Название среза", max_length=200)


ROUND_NAMES = ("входной — январь", "промежуточный", "итоговый — май")


def _year_and_round(request):
    """The school year asked for (404 for a bad one) and the district's round to compare with (404 for another's)."""
    day = today()
    chosen = None
    value = request.GET.get("round", "").strip()
    if value:
        if not value.isdigit():
            raise Http404("Срез не найден.")
        chosen = get_object_or_404(MonitoringRound, pk=int(value), municipality=request.municipality)
        if not request.GET.get("year"):
            return SchoolYear(chosen.year_start), chosen, day
    return year_from_request(request, today=day), chosen, day


def _year_query(year, chosen) -> str:
    return f"year={year.start}" + (f"&round={chosen.pk}" if chosen else "")


@coordinator_required
def monitoring(request):
    year, chosen, day = _year_and_round(request)
    rows = monitoring_rows(municipality=request.municipality, year=year, today=day)
    totals = monitoring_totals(rows)
    comparison = district_comparison(rows, totals, chosen) if chosen else None
    rows, sort = sort_rows(rows, request.GET.get("sort", ""))
    page = Paginator(rows, SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
    shown = {row.school.pk: i for i, row in enumerate(page)}  # this page's schools, in the table's order
    if comparison:
        comparison["schools"] = sorted((s for s in comparison["schools"] if s["school"].pk in shown), key=lambda s: shown[s["school"].pk])
    registrations = registration_table(rows, municipality=request.municipality, year=year)  # its totals: every school
    registrations["schools"] = [s for s in registrations["schools"] if s["school"].pk in shown]
    rounds = list(MonitoringRound.objects.filter(municipality=request.municipality))
    return render(
        request,
        "district/monitoring.html",
        {
            "municipality": request.municipality,
            "rows": page.object_list,
            "page": page,
            "query": _query_without_page(request),
            "totals": totals,
            "sort": sort,
            "sorts": _sort_links(sort),
            "sort_query": _year_query(year, chosen),
            "required_count": len(REQUIRED_ORDERS),
            "required_orders": [kind.label for kind in REQUIRED_ORDERS],
            "today": year.counting_day(day),
            "year": year,
            "is_current_year": year == SchoolYear.of(day),
            "years": year_links(
                request,
                years=years_with_data(today=day, municipality=request.municipality, round_years={r.year_start for r in rounds}),
                selected=year,
            ),
            "rounds": rounds,
            "chosen_round": chosen,
            "comparison": comparison,
            "round_names": ROUND_NAMES,
            "registrations": registrations,
        },
    )


@require_POST
@coordinator_required
def round_fix(request):
    year = year_from_request(request, today=today())
    back = f"{reverse('district:monitoring')}?year={year.start}"
    form = RoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Срез не зафиксирован: " + " ".join(form.errors["name"]))
        return redirect(back)
    try:
        fixed = district_round_fix(
            municipality=request.municipality, year=year, name=form.cleaned_data["name"], user=request.user, today=today()
        )
    except ValidationError as error:
        messages.error(request, "Срез не зафиксирован: " + " ".join(error.messages))
        return redirect(back)
    messages.success(request, f"Срез «{fixed.name}» зафиксирован: показатели на {fixed.counted_on:%d.%m.%Y}.")
    return redirect(f"{back}&round={fixed.pk}")


@coordinator_required
def round_xlsx(request, pk: int):
    fixed = get_object_or_404(MonitoringRound, pk=pk, municipality=request.municipality)
    return xlsx_response(
        district_round_xlsx_bytes(fixed),
        filename=f"Срез мониторинга {filename_part(fixed.name)} {fixed.year_start}-{fixed.year_start + 1}.xlsx",
        ascii_filename=f"district-round-{fixed.pk}-{fixed.year_start}-{fixed.year_start + 1}.xlsx",
    )


@coordinator_required
def monitoring_xlsx(request):
    year, _, day = _year_and_round(request)
    day = year.counting_day(day)
    content = monitoring_xlsx_bytes(municipality=request.municipality, year=year, today=day)
    return xlsx_response(
        content,
        filename=f"Мониторинг наставничества {year.start}-{year.start + 1} на {day:%d.%m.%Y}.xlsx",
        ascii_filename=f"district-monitoring-{year.start}-{year.start + 1}-{day:%Y-%m-%d}.xlsx",
    )


@coordinator_required
def report_pdf(request):
    """«Аналитическая справка»: made by the worker (report_jobs.py); the coordinator lands on the job's page."""
    year, chosen, day = _year_and_round(request)
    job = district_report_job(municipality=request.municipality, coordinator=request.user, year=year, today=day, compare_with=chosen)
    return redirect("jobs:detail", pk=job.pk)


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _registry(request, *, form_class, selector, template):
    form = form_class(request.GET or None, municipality=request.municipality)
    page = _page(request, selector(municipality=request.municipality, **form.filters()))
    return render(
        request,
        template,
        {"municipality": request.municipality, "form": form, "page": page, "query": _query_without_page(request)},
    )


@coordinator_required
def mentors(request):
    return _registry(request, form_class=MentorRegistryFilter, selector=mentor_registry, template="district/mentors.html")


@coordinator_required
def curators(request):
    return render(
        request,
        "district/curators.html",
        {"municipality": request.municipality, "rows": curator_registry(municipality=request.municipality)},
    )


@coordinator_required
def mentees(request):
    return _registry(request, form_class=MenteeRegistryFilter, selector=mentee_registry, template="district/mentees.html")


@coordinator_required
def requisites(request):
    """The body the district's analytical report is issued by, set by the coordinator."""
    municipality = request.municipality
    form = AuthorityForm(
        request.POST or None,
        initial={"authority": municipality.authority, "head_name": municipality.head_name, "head_position": municipality.head_position},
    )
    if request.method == "POST" and form.is_valid():
        municipality_authority_set(municipality=municipality, **form.cleaned_data)
        messages.success(request, "Наименование органа сохранено: от его имени выпускается аналитическая справка.")
        return redirect("district:requisites")
    return render(request, "district/requisites.html", {"municipality": municipality, "form": form})
