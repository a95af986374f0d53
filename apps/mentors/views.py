from django.shortcuts import render

from apps.core.access import school_staff_required
from apps.core.bank_export import export_bank_response
from apps.core.banks import not_answered, without_consent
from apps.core.htmx import is_htmx
from apps.surveys.models import QuestionnaireKind

from .forms import MentorBankFilter
from .selectors import filter_mentor_bank, mentor_bank, mentor_bank_figures


@school_staff_required("mentors.view_mentor")
def bank(request):
    school = request.school
    form = MentorBankFilter(request.GET or None, school=school)
    bank_entries = mentor_bank(school=school)
    shown = bank_entries.filter(has_consent=True)
    if form.is_valid():
        shown = filter_mentor_bank(shown, **form.cleaned_data)
    context = {"form": form, "mentors": shown, "school": school}
    if is_htmx(request):
        return render(request, "mentors/_bank_table.html", context)
    context.update(
        figures=mentor_bank_figures(school=school),
        not_answered=not_answered(school=school, kind=QuestionnaireKind.MENTOR, include_young_specialists=False),
        hidden=without_consent(bank_entries),
    )
    return render(request, "mentors/bank.html", context)


@school_staff_required("mentors.view_mentor")
def export(request):
    return export_bank_response("mentors", request.school)
