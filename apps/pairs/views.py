"""«Подходит ли вам пара?» on the pair page; the page itself, with the pair's programme, is
apps/programmes/views.py:pair_detail (programmes is the layer above pairs)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.htmx import is_htmx

from .forms import FitForm
from .models import PairFeedback
from .selectors import pair_for_viewer
from .services import pair_feedback_give


def fit_context(viewer, *, form=None, has_meeting: bool) -> dict:
    """What the pair page's «Подходит ли вам пара?» block (pairs/_fit.html) shows to `viewer`."""
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
        context = fit_context(viewer, form=None if saved else form, has_meeting=True)
        context["fit_saved"] = saved
        return render(request, "pairs/_fit.html", context)
    if saved:
        messages.success(request, "Спасибо, ответ сохранён.")
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    return redirect("pairs:detail", pk=viewer.pair.pk)
