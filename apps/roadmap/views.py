"""The roadmap page: a timeline of the school year for the curator (who edits it in place) and the director."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.access import school_staff_required
from apps.core.dates import school_year_start
from apps.core.htmx import is_htmx

from .forms import EventEditForm
from .models import Event, Roadmap
from .selectors import decorate_event, event_for_school, roadmap_timeline, school_year_months
from .services import event_update, roadmap_copy, roadmap_create, roadmap_refresh

MIN_YEAR, MAX_YEAR = 2020, 2100


def _year_or_404(year_start):
    if not MIN_YEAR <= year_start <= MAX_YEAR:
        raise Http404("Такого учебного года нет.")
    return year_start


def _can_edit(user) -> bool:
    return user.has_perm("roadmap.change_event")


@school_staff_required("roadmap.view_roadmap")
def page(request, year_start=None):
    school = request.school
    today = timezone.localdate()
    current_year = school_year_start(today)
    year_start = _year_or_404(current_year if year_start is None else year_start)
    roadmap = Roadmap.objects.select_related("school").filter(school=school, year_start=year_start).first()
    stages = []
    if roadmap is not None:
        roadmap_refresh(roadmap=roadmap, today=today)
        stages = roadmap_timeline(roadmap=roadmap, today=today)
    years = list(Roadmap.objects.filter(school=school).order_by("year_start").values_list("year_start", flat=True))
    can_edit = _can_edit(request.user)
    context = {
        "school": school,
        "roadmap": roadmap,
        "year_start": year_start,
        "school_year": f"{year_start}/{year_start + 1}",
        "next_year": year_start + 1,
        "next_school_year": f"{year_start + 1}/{year_start + 2}",
        "next_exists": year_start + 1 in years,
        "years": [(y, f"{y}/{y + 1}") for y in years],
        "is_current": year_start == current_year,
        "stages": stages,
        "months": school_year_months(year_start),
        "can_edit": can_edit,
        "can_create": request.user.has_perm("roadmap.add_roadmap"),
        "columns": 16 + can_edit,
        "events_total": sum(s.events_total for s in stages),
        "events_done": sum(s.events_done for s in stages),
        "events_overdue": sum(s.events_overdue for s in stages),
    }
    return render(request, "roadmap/page.html", context)


@require_POST
@school_staff_required("roadmap.add_roadmap")
def create(request, year_start):
    year_start = _year_or_404(year_start)
    try:
        roadmap = roadmap_create(school=request.school, year_start=year_start)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Дорожная карта на {roadmap.school_year} учебный год создана по типовой форме.")
    return redirect("roadmap:year", year_start=year_start)


@require_POST
@school_staff_required("roadmap.add_roadmap")
def copy(request, year_start):
    try:
        roadmap = Roadmap.objects.get(school=request.school, year_start=year_start)
    except Roadmap.DoesNotExist:
        raise Http404("Дорожной карты на этот учебный год нет.") from None
    try:
        new = roadmap_copy(roadmap=roadmap, year_start=year_start + 1)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("roadmap:year", year_start=year_start)
    messages.success(
        request,
        f"Дорожная карта скопирована на {new.school_year} учебный год: сроки перенесены на год вперёд, "
        "все мероприятия запланированы.",
    )
    return redirect("roadmap:year", year_start=new.year_start)


def _event(request, pk) -> Event:
    try:
        event = event_for_school(school=request.school, pk=pk)
    except Event.DoesNotExist:
        raise Http404("Мероприятие не найдено.") from None
    return decorate_event(event, year_start=event.stage.roadmap.year_start, today=timezone.localdate())


def _row(request, event):
    can_edit = _can_edit(request.user)
    context = {"event": event, "can_edit": can_edit, "columns": 16 + can_edit}
    return render(request, "roadmap/_event_row.html", context)


@school_staff_required("roadmap.view_roadmap")
def event_row(request, pk):
    """One row of the timeline (htmx: «Отмена» of the in-place form)."""
    event = _event(request, pk)
    if not is_htmx(request):
        return redirect(f"{_page_url(event)}#event-{event.pk}")
    return _row(request, event)


def _page_url(event):
    return reverse("roadmap:year", kwargs={"year_start": event.stage.roadmap.year_start})


@school_staff_required("roadmap.change_event")
def event_edit(request, pk):
    """The curator's in-place form: GET gives it, POST saves and gives the row back (or the form with errors)."""
    event = _event(request, pk)
    form = EventEditForm.for_event(event, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            event_update(event=event, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if not is_htmx(request):
                messages.success(request, "Мероприятие сохранено.")
                return redirect(f"{_page_url(event)}#event-{event.pk}")
            return _row(request, decorate_event(event, year_start=event.stage.roadmap.year_start, today=timezone.localdate()))
    context = {"event": event, "form": form, "columns": 17}
    template = "roadmap/_event_form.html" if is_htmx(request) else "roadmap/event_form.html"
    return render(request, template, context)
