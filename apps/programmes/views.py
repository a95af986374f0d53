"""Pages of the programmes: the pair page with its programme and what the participants write there, the curator's
overview, the calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.core.access import school_staff_required
from apps.core.htmx import is_htmx
from apps.pairs.models import Pair
from apps.pairs.selectors import current_member_q, pair_for_viewer
from apps.pairs.views import fit_context
from apps.schools.models import Teacher

from .calendar import calendar_path, calendar_valid_until, check_calendar_token, teacher_calendar
from .forms import (
    ActivityDoneForm,
    MeetingFeedbackForm,
    MeetingForm,
    ProgrammeApprovalForm,
    ProgrammeOverviewFilter,
)
from .models import Activity, Meeting, Programme, ProgrammeApproval
from .selectors import (
    meetings_for_viewer,
    open_pairs_without_programme,
    pairs_for_review,
    programme_overview,
    programme_page_data,
    programme_progress,
    programme_reading,
    stale_counts,
)
from .services import (
    activity_mark_done,
    activity_mark_undone,
    calendar_key_reset,
    meeting_feedback_give,
    meeting_log,
    programme_acknowledge,
    programme_approval_record,
    programme_create_from_template,
)


@login_required
def pair_detail(request, pk):
    """The pair page of its mentor and mentees («Мой наставник / Мои наставляемые»), also open to staff of the school."""
    viewer = pair_for_viewer(user=request.user, pk=pk)
    pair = viewer.pair
    members = list(pair.memberships.filter(current_member_q()).select_related("mentee__teacher").order_by("mentee__teacher__last_name"))
    programme = Programme.objects.filter(pair=pair).first()
    data = programme_page_data(programme) if programme else {"meetings": []}
    meetings = meetings_for_viewer(data["meetings"], viewer)
    context = {
        **fit_context(viewer, has_meeting=bool(meetings)),
        "members": members,
        "programme": programme,
        "plan": data,
        "meetings": meetings,
        "done_form": ActivityDoneForm(),
        "feedback_form": MeetingFeedbackForm(),
        "calendar_path": calendar_path(viewer.teacher) if viewer.is_participant else None,
        "calendar_until": calendar_valid_until(),
    }
    if viewer.role == "staff":
        context["fit_answers"] = pair.feedbacks.select_related("teacher").order_by("answered_at")
    if programme is not None:
        reading = programme_reading(programme, teachers=[pair.mentor.teacher, *(m.mentee.teacher for m in members)])
        context["reading"] = reading
        context["my_reading"] = next((p for p in reading["people"] if viewer.teacher and p["teacher"].pk == viewer.teacher.pk), None)
        context["may_record_approval"] = viewer.role == "staff" and _may_record_approval(request.user, pair)
    return render(request, "programmes/pair_detail.html", context)


def _may_record_approval(user, pair) -> bool:
    return user.is_staff and user.school_id == pair.school_id and user.has_perm("programmes.change_programme")


@require_POST
@login_required
def programme_acknowledge_view(request, pair_pk):
    """«Ознакомлен(а)» under the programme: its mentor or a current mentee, for the version they read."""
    viewer = pair_for_viewer(user=request.user, pk=pair_pk)
    if not viewer.is_participant:
        raise Http404("С программой знакомятся участники пары.")
    programme = get_object_or_404(Programme, pair=viewer.pair)
    try:
        programme_acknowledge(programme=programme, teacher=viewer.teacher)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, "Отмечено: вы ознакомились с программой. Если программа изменится, портал попросит ознакомиться снова.")
    return redirect(f"{viewer.pair.get_absolute_url()}#reading")


@school_staff_required("programmes.change_programme")
def programme_approval(request, pair_pk):
    """The curator records the agreement by the methodical association or a council and the director's approval."""
    pair = get_object_or_404(Pair.objects.select_related("mentor__teacher", "form"), pk=pair_pk, school=request.school)
    programme = get_object_or_404(Programme, pair=pair)
    approval = ProgrammeApproval.objects.filter(programme=programme).first()
    # The form validates a copy through the model's own rules; the service records it for the current version.
    instance = ProgrammeApproval.objects.get(pk=approval.pk) if approval else ProgrammeApproval(programme=programme)
    form = ProgrammeApprovalForm(request.POST if request.method == "POST" else None, instance=instance)
    if form.is_bound and form.is_valid():
        try:
            programme_approval_record(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Согласование и утверждение программы внесены: они напечатаны в программе вместо пустых строк.")
            return redirect(f"{pair.get_absolute_url()}#reading")
    reading = programme_reading(programme, teachers=[pair.mentor.teacher])
    context = {"pair": pair, "programme": programme, "form": form, "approval": approval, "approval_current": reading["approval_current"]}
    return render(request, "programmes/approval_form.html", context)


def _participant(request, pair_pk):
    """The pair page's writer: its mentor or a current mentee; anybody else gets 404."""
    viewer = pair_for_viewer(user=request.user, pk=pair_pk)
    if not viewer.is_participant:
        raise Http404("Записи в программе делают только участники пары.")
    return viewer


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _activity_response(request, viewer, activity, *, error=None, form=None):
    if is_htmx(request):
        context = {
            "activity": activity,
            "viewer": viewer,
            "pair": viewer.pair,
            "done_form": form or ActivityDoneForm(),
            "activity_error": error,
            "plan": programme_progress(activity.programme),
        }
        return render(request, "programmes/_activity_swap.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Отмечено: «{activity.title}».")
    return redirect("pairs:detail", pk=viewer.pair.pk)


@require_POST
@login_required
def activity_done(request, pair_pk, pk):
    viewer = _participant(request, pair_pk)
    activity = get_object_or_404(Activity, pk=pk, programme__pair=viewer.pair)
    form = ActivityDoneForm(request.POST)
    if not form.is_valid():
        return _activity_response(request, viewer, activity, error="Комментарий слишком длинный.", form=form)
    try:
        activity = activity_mark_done(activity=activity, teacher=viewer.teacher, comment=form.cleaned_data["comment"])
    except ValidationError as error:
        return _activity_response(request, viewer, activity, error=_error_text(error), form=form)
    return _activity_response(request, viewer, activity)


@require_POST
@login_required
def activity_undone(request, pair_pk, pk):
    viewer = _participant(request, pair_pk)
    activity = get_object_or_404(Activity, pk=pk, programme__pair=viewer.pair)
    try:
        activity = activity_mark_undone(activity=activity, teacher=viewer.teacher)
    except ValidationError as error:
        return _activity_response(request, viewer, activity, error=_error_text(error))
    if not is_htmx(request):
        messages.info(request, f"Отметка снята: «{activity.title}».")
        return redirect("pairs:detail", pk=viewer.pair.pk)
    return _activity_response(request, viewer, activity)


@login_required
def meeting_add(request, pair_pk):
    viewer = _participant(request, pair_pk)
    programme = Programme.objects.filter(pair=viewer.pair).first()
    if programme is None:
        messages.error(request, "У пары ещё нет программы: встречи записываются в программу. Обратитесь к куратору.")
        return redirect("pairs:detail", pk=viewer.pair.pk)
    form = MeetingForm(
        request.POST if request.method == "POST" else None, instance=Meeting(programme=programme), is_mentor=viewer.is_mentor
    )
    if form.is_bound and form.is_valid():
        try:
            meeting_log(programme=programme, teacher=viewer.teacher, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Встреча записана.")
            return redirect("pairs:detail", pk=viewer.pair.pk)
    return render(request, "programmes/meeting_form.html", {"form": form, "viewer": viewer, "pair": viewer.pair})


@require_POST
@login_required
def meeting_feedback(request, pair_pk, pk):
    viewer = _participant(request, pair_pk)
    meeting = get_object_or_404(Meeting, pk=pk, programme__pair=viewer.pair)
    form = MeetingFeedbackForm(request.POST)
    if form.is_valid():
        try:
            meeting_feedback_give(meeting=meeting, teacher=viewer.teacher, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
    if form.is_valid():
        messages.success(request, "Спасибо за отзыв о встрече.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(f"{viewer.pair.get_absolute_url()}#meeting-{meeting.pk}")


@require_POST
@school_staff_required("programmes.add_programme")
def pair_programme_create(request, pair_pk):
    """«Создать программу по шаблону», the next step on the curator's pair page (the pair admin's strip)."""
    pair = get_object_or_404(Pair, pk=pair_pk, school=request.school)
    try:
        programme = programme_create_from_template(pair=pair)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, f"Программа создана по шаблону, мероприятий: {programme.activities.count()}. Проверьте её вместе с наставником."
        )
    return redirect("admin:pairs_pair_change", pair.pk)


@school_staff_required("programmes.view_programme")
def overview(request):
    school = request.school
    form = ProgrammeOverviewFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else ProgrammeOverviewFilter.DEFAULTS
    context = {
        "school": school,
        "form": form,
        "programmes": programme_overview(school=school, **filters),
        "review": pairs_for_review(school=school),
        "without_programme": open_pairs_without_programme(school=school),
        "stale": stale_counts(school=school),
    }
    return render(request, "programmes/overview.html", context)


def calendar(request, token):
    """The iCalendar feed of one teacher, for a calendar application to subscribe to (no login)."""
    check = check_calendar_token(token)
    if check.expired_year is not None:
        # A calendar application shows nothing of it; whoever opens the address reads why.
        return HttpResponse(
            f"Ссылка на календарь действовала в {check.expired_year}/{check.expired_year + 1} учебном году. "
            "Новая ссылка — на вашей странице портала.",
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    teacher = Teacher.objects.filter(pk=check.teacher_id).first() if check.teacher_id else None
    if teacher is None:
        raise Http404("Календарь не найден.")
    body = teacher_calendar(teacher, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nastavnichestvo.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


CALENDAR_RESET = (
    "Ссылка на календарь заменена: старая больше не работает. Если вы подписывались на календарь, удалите "
    "старую подписку и подпишитесь заново по новой ссылке."
)


@login_required
@require_POST
def calendar_reset(request):
    """«Заменить ссылку» beside the calendar link: the teacher's own links only."""
    teacher = Teacher.objects.filter(user=request.user).first()
    if teacher is None:
        raise Http404("Учётная запись не связана с карточкой педагога.")
    calendar_key_reset(teacher=teacher)
    messages.success(request, CALENDAR_RESET)
    return redirect(_back(request))


def _back(request) -> str:
    url = request.POST.get("next") or ""
    # Only a path of this site: redirect() would take a bare word for a URL name.
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return reverse("home")
