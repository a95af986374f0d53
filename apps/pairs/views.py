"""The pair page of its mentor and mentees («Мой наставник / Мои наставляемые»), also open to staff of the school."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.htmx import is_htmx
from apps.programmes.calendar import calendar_path
from apps.programmes.forms import ActivityDoneForm, MeetingFeedbackForm
from apps.programmes.models import Programme
from apps.programmes.selectors import meetings_for_viewer, programme_page_data

from .forms import FitForm
from .models import PairFeedback
from .selectors import current_member_q, pair_for_viewer
from .services import pair_feedback_give


def _fit_context(viewer, *, form=None, has_meeting: bool) -> dict:
    mine = None
    if viewer.teacher is not None and viewer.is_participant:
        mine = PairFeedback.objects.filter(pair=viewer.pair, teacher=viewer.teacher).first()
    if form is None and mine is not None:
        form = FitForm(initial={"answer": mine.answer, "comment": mine.comment})
    return {
        "viewer": viewer,
        "pair": viewer.pair,
        "fit_asked": viewer.can_act and has_meeting,
        "fit_mine": mine,
        "fit_form": form or FitForm(),
    }


@login_required
def detail(request, pk):
    viewer = pair_for_viewer(user=request.user, pk=pk)
    pair = viewer.pair
    members = list(pair.memberships.filter(current_member_q()).select_related("mentee__teacher").order_by("mentee__teacher__last_name"))
    programme = Programme.objects.filter(pair=pair).first()
    data = programme_page_data(programme) if programme else {"meetings": []}
    meetings = meetings_for_viewer(data["meetings"], viewer)
    context = {
        **_fit_context(viewer, has_meeting=bool(meetings)),
        "members": members,
        "programme": programme,
        "plan": data,
        "meetings": meetings,
        "done_form": ActivityDoneForm(),
        "feedback_form": MeetingFeedbackForm(),
        "calendar_path": calendar_path(viewer.teacher) if viewer.is_participant else None,
    }
    if viewer.role == "staff":
        context["fit_answers"] = pair.feedbacks.select_related("teacher").order_by("answered_at")
    return render(request, "pairs/detail.html", context)


@require_POST
@login_required
def fit(request, pk):
    viewer = pair_for_viewer(user=request.user, pk=pk)
    if not viewer.is_participant:
        raise Http404("Отвечают на этот вопрос только участники пары.")
    form = FitForm(request.POST)
    if form.is_valid():
        try:
            pair_feedback_give(pair=viewer.pair, teacher=viewer.teacher, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
    saved = form.is_valid()
    if is_htmx(request):
        context = _fit_context(viewer, form=None if saved else form, has_meeting=True)
        context["fit_saved"] = saved
        return render(request, "pairs/_fit.html", context)
    if saved:
        messages.success(request, "Спасибо, ответ сохранён.")
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    return redirect("pairs:detail", pk=viewer.pair.pk)
