"""The municipal coordinator's pages: read-only views over every school of their municipality."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.core.access import coordinator_required
from apps.core.xlsx import content_disposition, xlsx_response

from .exports import monitoring_xlsx_bytes
from .forms import AuthorityForm, MenteeRegistryFilter, MentorRegistryFilter
from .report import district_report_pdf
from .selectors import (
    REQUIRED_ORDERS,
    SORTS,
    curator_registry,
    mentee_registry,
    mentor_registry,
    monitoring_rows,
    monitoring_totals,
    sort_rows,
)
from .services import municipality_authority_set

PER_PAGE = 50


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


@coordinator_required
def monitoring(request):
    day = today()
    rows = monitoring_rows(municipality=request.municipality, today=day)
    totals = monitoring_totals(rows)
    rows, sort = sort_rows(rows, request.GET.get("sort", ""))
    return render(
        request,
        "district/monitoring.html",
        {
            "municipality": request.municipality,
            "rows": rows,
            "totals": totals,
            "sort": sort,
            "sorts": _sort_links(sort),
            "required_count": len(REQUIRED_ORDERS),
            "required_orders": [kind.label for kind in REQUIRED_ORDERS],
            "today": day,
        },
    )


@coordinator_required
def monitoring_xlsx(request):
    day = today()
    content = monitoring_xlsx_bytes(municipality=request.municipality, today=day)
    return xlsx_response(
        content,
        filename=f"Мониторинг наставничества {day:%d.%m.%Y}.xlsx",
        ascii_filename=f"district-monitoring-{day:%Y-%m-%d}.xlsx",
    )


@coordinator_required
def report_pdf(request):
    day = today()
    pdf = district_report_pdf(municipality=request.municipality, coordinator=request.user, today=day)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        f"Аналитическая справка муниципалитета {day:%d.%m.%Y}.pdf", f"district-report-{day:%Y-%m-%d}.pdf"
    )
    return response


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
    form = AuthorityForm(request.POST or None, initial={"authority": municipality.authority})
    if request.method == "POST" and form.is_valid():
        municipality_authority_set(municipality=municipality, authority=form.cleaned_data["authority"])
        messages.success(request, "Наименование органа сохранено: от его имени выпускается аналитическая справка.")
        return redirect("district:requisites")
    return render(request, "district/requisites.html", {"municipality": municipality, "form": form})
