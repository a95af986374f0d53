from django.shortcuts import render

from apps.core.access import school_staff_required
from apps.core.bank_export import export_bank_response
from apps.core.banks import not_answered, without_consent
from apps.core.htmx import is_htmx
from apps.surveys.models import QuestionnaireKind

from .forms import MenteeBankFilter
from .selectors import filter_mentee_bank, mentee_bank, mentee_bank_figures


@school_staff_required("mentees.view_mentee")
def bank(request):
    school = request.school
    form = MenteeBankFilter(request.GET or None, school=school)
    bank_entries = mentee_bank(school=school)
    shown = bank_entries.filter(has_consent=True)
    if form.is_valid():
        shown = filter_mentee_bank(shown, school=school, **form.cleaned_data)
    context = {"form": form, "mentees": shown, "school": school}
    if is_htmx(request):
        return render(request, "mentees/_bank_table.html", context)
    context.update(
        figures=mentee_bank_figures(school=school),
        not_answered=not_answered(school=school, kind=QuestionnaireKind.MENTEE_REQUEST, include_young_specialists=True),
        hidden=without_consent(bank_entries),
    )
    return render(request, "mentees/bank.html", context)


@school_staff_required("mentees.view_mentee")
def export(request):
    return export_bank_response("mentees", request.school)
