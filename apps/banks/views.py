"""The bank page and its download, one view each for both banks: the URL conf names the kind."""

from functools import wraps

from django.shortcuts import render

from apps.core.access import school_staff_required
from apps.core.htmx import is_htmx

from .exports import export_bank_response
from .kinds import BANKS
from .selectors import filter_bank, not_answered, without_consent


def for_bank_kind(view):
    """`view(request, kind)` for the bank named by the URL's `kind`, behind that bank's permission."""
    guarded = {slug: school_staff_required(kind.permission)(view) for slug, kind in BANKS.items()}

    @wraps(view)
    def wrapped(request, kind: str):
        return guarded[kind](request, BANKS[kind])

    return wrapped


@for_bank_kind
def bank(request, kind):
    school = request.school
    form = kind.filter_form(request.GET or None, school=school)
    bank_entries = kind.entries(school=school)
    shown = bank_entries.filter(has_consent=True)
    if form.is_valid():
        shown = filter_bank(shown, school=school, **form.cleaned_data)
    context = {"kind": kind, "form": form, "entries": shown, "school": school}
    if is_htmx(request):
        return render(request, "banks/_bank_table.html", context)
    context.update(
        figures=kind.figures(school=school),
        not_answered=not_answered(
            school=school, kind=kind.questionnaire_kind, include_young_specialists=kind.include_young_specialists
        ),
        hidden=without_consent(bank_entries),
    )
    return render(request, "banks/bank.html", context)


@for_bank_kind
def export(request, kind):
    return export_bank_response(kind.slug, request.school)
