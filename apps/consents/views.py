"""A teacher gives and withdraws their own consents on the portal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.schools.models import Teacher

from .forms import FORMS
from .models import Consent, ConsentKind, ConsentText
from .services import consent_give, consent_withdraw

# Consents a teacher gives alone; those about a pair are signed when the pair is formed.
SELF_SERVICE_KINDS = (ConsentKind.PERSONAL_DATA, ConsentKind.PUBLICATION)

# The printable form of each (apps/documents: "documents:my_consent_form").
PRINTABLE = {ConsentKind.PERSONAL_DATA: "consent_personal_data", ConsentKind.PUBLICATION: "consent_dissemination"}

WITHDRAWN_MESSAGES = {
    ConsentKind.PERSONAL_DATA: "Новые анкеты без согласия заполнить нельзя; ранее подписанные документы остаются в организации.",
    ConsentKind.PUBLICATION: "Сведения о вас больше не показываются в разделе «Наставничество» на сайте организации.",
}


def _own_teacher(request) -> Teacher:
    teacher = Teacher.objects.select_related("school").filter(user=request.user).first()
    if teacher is None:
        raise Http404("Учётная запись не связана с карточкой педагога.")
    return teacher


@login_required
def give(request, kind):
    if kind not in SELF_SERVICE_KINDS:
        raise Http404("Это согласие оформляется при закреплении пары.")
    teacher = _own_teacher(request)
    if Consent.objects.active().filter(teacher=teacher, kind=kind).exists():
        messages.info(request, "Это согласие уже дано.")
        return redirect("home")
    try:
        text = ConsentText.objects.current(kind)
    except ConsentText.DoesNotExist:
        raise Http404("Текст согласия ещё не утверждён.") from None
    form = FORMS[kind](request.POST if request.method == "POST" else None, kind=kind)
    if form.is_bound and form.is_valid():
        try:
            consent_give(teacher=teacher, kind=kind, **form.consent_kwargs())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Согласие дано: {ConsentKind(kind).label}.")
            return redirect("home")
    context = {
        "teacher": teacher,
        "school": teacher.school,
        "text": text,
        "form": form,
        "kind": kind,
        "printable": PRINTABLE[kind],
    }
    return render(request, "consents/give.html", context)


@require_POST
@login_required
def withdraw(request, pk):
    """Withdraw one of the teacher's own consents; anybody else's answers 404."""
    consent = get_object_or_404(Consent, pk=pk, teacher__user=request.user)
    if consent.withdrawn_at is not None:
        messages.info(request, "Это согласие уже отозвано.")
        return redirect("home")
    consent_withdraw(consent=consent, by=request.user)
    extra = WITHDRAWN_MESSAGES.get(consent.kind, "Куратор наставничества увидит отзыв в карточке согласия.")
    messages.success(request, f"Согласие отозвано: {consent.get_kind_display()}. {extra}")
    return redirect("home")
