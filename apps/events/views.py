"""Event pages: the coordinator's (/rayon/meropriyatiya/) and the school's (/meropriyatiya/).

The organiser — the coordinator for a district event, the school's curator for the school's own —
edits the event, uploads materials, marks attendance and downloads the registration sheet; each
school's curator registers their own teachers. The rules are in services.py.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.access import coordinator_required, school_staff_required
from apps.core.dates import SchoolYear
from apps.core.files import stored_file_response
from apps.core.xlsx import content_disposition, xlsx_response

from . import services
from .exports import registration_sheet_pdf, registration_sheet_xlsx, sheet_filename
from .files import content_type
from .forms import EventForm, MaterialForm, RegistrationForm
from .models import FINAL_KINDS, Event, EventKind, Material, Registration
from .selectors import (
    district_event_for_coordinator,
    district_events,
    event_for_school,
    pair_member_teachers_for,
    registration_candidates,
    registrations_of,
    school_events,
    school_final_event,
)


def signature_name(user) -> str:
    """«О. Толмачева»: the initial and the surname, as a signature is written; the login if no name is set."""
    if user.first_name and user.last_name:
        return f"{user.first_name[0]}. {user.last_name}"
    return user.get_full_name() or user.username


def now():
    """The moment the pages count from (a function, so tests can fix it)."""
    return timezone.now()


def _split(events, moment):
    events = list(events)
    upcoming = sorted((e for e in events if e.starts_at >= moment), key=lambda e: (e.starts_at, e.pk))
    past = [e for e in events if e.starts_at < moment]
    return upcoming, past


def _form_errors(form, error: ValidationError):
    """A service's refusal shown on the form: by field when it names one, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _message_errors(request, error: ValidationError):
    for text in error.messages:
        messages.error(request, text)


# --- the coordinator ------------------------------------------------------------------------------


@coordinator_required
def district_list(request):
    upcoming, past = _split(district_events(request.municipality).order_by("-starts_at", "-pk"), now())
    return render(request, "events/district_list.html", {"municipality": request.municipality, "upcoming": upcoming, "past": past})


@coordinator_required
def district_edit(request, pk=None):
    event = district_event_for_coordinator(municipality=request.municipality, pk=pk) if pk else Event(municipality=request.municipality)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(event=form.save(commit=False), by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Мероприятие сохранено.")
            return redirect("district_events:detail", event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event if pk else None, "district": True})


@coordinator_required
def district_detail(request, pk):
    event = district_event_for_coordinator(municipality=request.municipality, pk=pk)
    return render(request, "events/detail.html", _organiser_context(request, event, district=True))


def _organiser_context(request, event, *, district: bool, extra=None):
    rows = list(registrations_of(event))
    context = {
        "event": event,
        "district": district,
        "organiser": True,
        "rows": rows,
        "attended": sum(1 for r in rows if r.attended),
        "started": event.starts_at <= now(),
        "materials": list(event.materials.all()),
        "material_form": MaterialForm(),
        "ns": "district_events" if district else "events",
    }
    context.update(extra or {})
    return context


def _attendance(request, event, ns):
    chosen = {int(v) for v in request.POST.getlist("attended") if v.isdecimal()}
    shown = {int(v) for v in request.POST.getlist("shown") if v.isdecimal()}
    registrations = Registration.objects.filter(event=event, pk__in=shown).order_by("pk")
    changed = 0
    try:
        for registration in registrations:
            attended = registration.pk in chosen
            if registration.attended is not attended:
                services.attendance_mark(registration=registration, attended=attended, by=request.user, now=now())
                changed += 1
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, f"Присутствие отмечено (изменено отметок: {changed}).")
    return redirect(f"{ns}:detail", event.pk)


def _material_add(request, event, ns):
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(event=event, title=form.cleaned_data["title"], file=form.cleaned_data["file"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Материал добавлен.")
            return redirect(f"{ns}:detail", event.pk)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for text in errors:
            messages.error(request, f"{label}: {text}" if label else text)
    return redirect(f"{ns}:detail", event.pk)


def _material_delete(request, event, material_pk, ns):
    material = get_object_or_404(Material, pk=material_pk, event=event)
    services.material_delete(material=material)
    messages.success(request, "Материал удалён.")
    return redirect(f"{ns}:detail", event.pk)


def _sheet_pdf(request, event):
    pdf = registration_sheet_pdf(event=event, signer=signature_name(request.user))
    filename, fallback = sheet_filename(event, "pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, fallback, inline=True)
    return response


def _sheet_xlsx(request, event):
    filename, fallback = sheet_filename(event, "xlsx")
    return xlsx_response(registration_sheet_xlsx(event=event), filename=filename, ascii_filename=fallback)


@require_POST
@coordinator_required
def district_attendance(request, pk):
    return _attendance(request, district_event_for_coordinator(municipality=request.municipality, pk=pk), "district_events")


@require_POST
@coordinator_required
def district_material_add(request, pk):
    return _material_add(request, district_event_for_coordinator(municipality=request.municipality, pk=pk), "district_events")


@require_POST
@coordinator_required
def district_material_delete(request, pk, material_pk):
    event = district_event_for_coordinator(municipality=request.municipality, pk=pk)
    return _material_delete(request, event, material_pk, "district_events")


@coordinator_required
def district_sheet_pdf(request, pk):
    return _sheet_pdf(request, district_event_for_coordinator(municipality=request.municipality, pk=pk))


@coordinator_required
def district_sheet_xlsx(request, pk):
    return _sheet_xlsx(request, district_event_for_coordinator(municipality=request.municipality, pk=pk))


# --- the school -----------------------------------------------------------------------------------

VIEW = "events.view_event"


def _may(request, permission: str):
    if not request.user.has_perm(permission):
        raise PermissionDenied("Это действие доступно куратору образовательной организации.")


def _own_event(request, pk):
    """The school's own event, for its organiser's actions; a district event or another school's is a 404."""
    event = event_for_school(school=request.school, pk=pk)
    if event.school_id != request.school.pk:
        raise Http404("Мероприятие не найдено.")
    return event


@school_staff_required(VIEW)
def school_list(request):
    upcoming, past = _split(school_events(request.school).order_by("-starts_at", "-pk"), now())
    return render(request, "events/school_list.html", {"school": request.school, "upcoming": upcoming, "past": past})


@school_staff_required(VIEW)
def school_edit(request, pk=None):
    _may(request, "events.change_event" if pk else "events.add_event")
    if pk:
        event = _own_event(request, pk)
    else:
        event = Event(municipality_id=request.school.municipality_id, school=request.school)
        kind = request.GET.get("kind")
        if kind in EventKind.values:
            event.kind = kind
        if request.GET.get("date"):
            try:
                day = datetime.date.fromisoformat(request.GET["date"])
                event.starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 0)))
            except ValueError:
                pass
    form = EventForm(request.POST or None, instance=event, for_school=True)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(event=form.save(commit=False), by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Мероприятие сохранено.")
            return redirect("events:detail", event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event if pk else None, "district": False})


@school_staff_required(VIEW)
def school_detail(request, pk):
    event = event_for_school(school=request.school, pk=pk)
    own = event.school_id == request.school.pk
    may_register = request.user.has_perm("events.add_registration")
    extra = {
        "my_rows": list(registrations_of(event, school=request.school)),
        "refusal": services.registration_refusal(event=event, school=request.school, now=now()),
        "may_register": may_register,
    }
    if may_register and extra["refusal"] is None:
        extra["form"] = RegistrationForm(teachers=registration_candidates(event=event, school=request.school))
        if own and event.kind in FINAL_KINDS:
            year = SchoolYear.of(event.starts_on)
            extra["pair_members"] = pair_member_teachers_for(event=event, year=year).count()
    if own:
        context = _organiser_context(request, event, district=False, extra=extra)
        context["organiser"] = request.user.has_perm("events.change_event")
    else:
        context = {"event": event, "district": False, "organiser": False, "materials": list(event.materials.all()), "ns": "events", **extra}
    return render(request, "events/detail.html", context)


@require_POST
@school_staff_required(VIEW)
def school_register(request, pk):
    _may(request, "events.add_registration")
    event = event_for_school(school=request.school, pk=pk)
    if request.POST.get("pair_members"):
        teachers = list(pair_member_teachers_for(event=event, year=SchoolYear.of(event.starts_on))) if event.school_id == request.school.pk else []
        if not teachers:
            messages.info(request, "Все участники наставнических пар уже зарегистрированы.")
            return redirect("events:detail", event.pk)
    else:
        form = RegistrationForm(request.POST, teachers=registration_candidates(event=event, school=request.school))
        if not form.is_valid():
            for errors in form.errors.values():
                for text in errors:
                    messages.error(request, text)
            return redirect("events:detail", event.pk)
        teachers = list(form.cleaned_data["teachers"])
    try:
        made = services.registrations_create(event=event, school=request.school, teachers=teachers, by=request.user, now=now())
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, f"Зарегистрировано участников: {len(made)}.")
    return redirect("events:detail", event.pk)


@require_POST
@school_staff_required(VIEW)
def school_unregister(request, pk, registration_pk):
    _may(request, "events.delete_registration")
    event = event_for_school(school=request.school, pk=pk)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event, school=request.school)
    try:
        services.registration_cancel(registration=registration, now=now())
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, f"{registration.teacher.short_name} снят(а) с регистрации.")
    return redirect("events:detail", event.pk)


@require_POST
@school_staff_required(VIEW)
def school_attendance(request, pk):
    _may(request, "events.change_registration")
    return _attendance(request, _own_event(request, pk), "events")


@require_POST
@school_staff_required(VIEW)
def school_material_add(request, pk):
    _may(request, "events.add_material")
    return _material_add(request, _own_event(request, pk), "events")


@require_POST
@school_staff_required(VIEW)
def school_material_delete(request, pk, material_pk):
    _may(request, "events.delete_material")
    return _material_delete(request, _own_event(request, pk), material_pk, "events")


@school_staff_required(VIEW)
def school_sheet_pdf(request, pk):
    return _sheet_pdf(request, _own_event(request, pk))


@school_staff_required(VIEW)
def school_sheet_xlsx(request, pk):
    return _sheet_xlsx(request, _own_event(request, pk))


@school_staff_required(VIEW)
def school_final(request):
    """The roadmap's «Итоговое мероприятие» row: the school's final event of that year, or a new one."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    event = school_final_event(school=request.school, year=SchoolYear.of(day))
    if event is not None:
        return redirect("events:detail", event.pk)
    if not request.user.has_perm("events.add_event"):
        messages.info(request, "Итоговое мероприятие этого учебного года ещё не запланировано.")
        return redirect("events:list")
    return redirect(f"{reverse('events:create')}?kind={EventKind.FINAL_CONFERENCE}&date={day.isoformat()}")


# --- materials: anybody for a district event (the public page lists them); the school's people for its own


def material_download(request, pk):
    material = get_object_or_404(Material.objects.select_related("event"), pk=pk)
    event = material.event
    if not event.is_district:
        user = request.user
        if not user.is_authenticated:
            raise Http404("Материал не найден.")
        staff = user.is_staff and user.school_id == event.school_id and user.has_perm(VIEW)
        participant = Registration.objects.filter(event=event, teacher__user=user).exists()
        if not (staff or participant):
            raise Http404("Материал не найден.")
    return stored_file_response(material.file, filename=material.name or material.title, content_type=content_type(material))
