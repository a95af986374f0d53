"""Teachers fill questionnaires: by a personal link (no login) or from their own page.

Both ways go through the same steps: the consent to the processing of personal data
first (nothing is stored before it), then the questionnaire, then a thank-you page.
"""

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from apps.consents.models import ConsentKind, ConsentText
from apps.consents.selectors import teacher_has_active_consent
from apps.consents.services import consent_give
from apps.core.access import school_staff_required
from apps.pairs.models import Pair, PairMentee
from apps.schools.models import Teacher

from .forms import PersonalDataConsentForm, QuestionnaireForm
from .models import Invitation, QuestionnaireKind
from .selectors import (
    SELF_SERVICE_KINDS,
    current_questionnaire,
    pair_label,
    previous_answers,
    reflection_overview,
    reflection_pairs,
    satisfaction_overview,
    satisfaction_pair_results,
)
from .services import response_submit

# A signed token is URL-safe base64 with ':' separators and an optional leading '.'; about 105 characters.
TOKEN_RE = re.compile(r"[A-Za-z0-9_\-:.]{1,300}")

LINK_PAGES = {
    "invalid": (
        404,
        "Ссылка недействительна",
        "Проверьте, что ссылка скопирована из письма полностью, без пробелов и переносов. "
        "Если это не помогает, попросите куратора наставничества прислать новую ссылку.",
    ),
    "expired": (
        410,
        "Срок действия ссылки истёк — попросите куратора прислать новую",
        "Персональные ссылки на анкеты действуют ограниченное время. Куратор наставничества вашей "
        "организации может отправить вам новую ссылку.",
    ),
    "used": (
        410,
        "Анкета по этой ссылке уже заполнена",
        "Спасибо, ваши ответы сохранены. Изменить их можно в личном кабинете на портале "
        "или по новой ссылке от куратора наставничества.",
    ),
    "revoked": (
        410,
        "Ссылка отозвана",
        "Куратор наставничества отозвал эту ссылку. Если анкету всё же нужно заполнить, попросите прислать новую.",
    ),
    "missing": (
        404,
        "Анкета пока не подготовлена",
        "Куратор наставничества ещё не подготовил эту анкету для вашей организации. Попробуйте позже.",
    ),
}


def _invitation_for(token: str) -> Invitation | None:
    if not TOKEN_RE.fullmatch(token):
        return None
    return Invitation.from_token(token)


def _state_page(request, state, teacher=None):
    """`teacher`: whose used or expired link it was — the page offers her an account (apps.accounts)."""
    status, title, text = LINK_PAGES[state]
    context = {"title": title, "text": text, "state": state, "teacher": teacher}
    return render(request, "surveys/link_state.html", context, status=status)


@never_cache
def link(request, token):
    """The personal link from the e-mail: signed, expiring, single-use."""
    invitation = _invitation_for(token)
    if invitation is None:
        return _state_page(request, "invalid")
    if invitation.state != "ok":
        offer_to = invitation.teacher if invitation.state in ("used", "expired") else None
        return _state_page(request, invitation.state, teacher=offer_to)
    return _survey(request, teacher=invitation.teacher, kind=invitation.kind, invitation=invitation, pair=invitation.pair)


@never_cache
@login_required
def fill(request, kind):
    """A logged-in teacher fills the mentee or mentor questionnaire of their school."""
    if kind not in SELF_SERVICE_KINDS:
        raise Http404("Такую анкету заполняют по персональной ссылке.")
    teacher = Teacher.objects.select_related("school").filter(user=request.user).first()
    if teacher is None:
        raise Http404("Учётная запись не связана с карточкой педагога.")
    return _survey(request, teacher=teacher, kind=kind)


@never_cache
@login_required
def reflection(request, pk):
    """A member of a working or completed pair answers the final reflection about it; anybody else: not found."""
    teacher = Teacher.objects.select_related("school").filter(user=request.user).first()
    if teacher is None:
        raise Http404("Учётная запись не связана с карточкой педагога.")
    pair = get_object_or_404(reflection_pairs(teacher).select_related("mentor__teacher"), pk=pk)
    return _survey(request, teacher=teacher, kind=QuestionnaireKind.REFLECTION, pair=pair)


@never_cache
def thanks(request):
    title = request.session.pop("survey_submitted", "")
    # Sent by a personal link: the page offers that teacher an account (apps.accounts).
    teacher_id = request.session.pop("survey_teacher", None)
    teacher = Teacher.objects.select_related("user").filter(pk=teacher_id).first() if teacher_id else None
    return render(request, "surveys/thanks.html", {"questionnaire_title": title, "teacher": teacher})


def _survey(request, *, teacher, kind, invitation=None, pair=None):
    questionnaire = current_questionnaire(school=teacher.school, kind=kind)
    if questionnaire is None:
        return _state_page(request, "missing")
    if not teacher_has_active_consent(teacher, ConsentKind.PERSONAL_DATA):
        return _consent_step(request, teacher=teacher, questionnaire=questionnaire)

    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None,
        questionnaire=questionnaire,
        school=teacher.school,
        previous_answers=previous_answers(teacher=teacher, kind=kind, pair=pair),
    )
    if form.is_bound and form.is_valid():
        try:
            response_submit(teacher=teacher, questionnaire=questionnaire, answers=form.answers(), invitation=invitation, pair=pair)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            request.session["survey_submitted"] = questionnaire.title
            if invitation is not None:
                request.session["survey_teacher"] = teacher.pk
            return redirect("surveys:thanks")
    context = {"teacher": teacher, "questionnaire": questionnaire, "form": form, "is_update": bool(form.initial)}
    return render(request, "surveys/questionnaire.html", context)


def _consent_step(request, *, teacher, questionnaire):
    """Show today's consent text; store the consent, then come back to the questionnaire."""
    try:
        text = ConsentText.objects.current(ConsentKind.PERSONAL_DATA)
    except ConsentText.DoesNotExist:
        return _state_page(request, "missing")
    is_consent_post = request.method == "POST" and request.POST.get("step") == "consent"
    form = PersonalDataConsentForm(request.POST if is_consent_post else None)
    if form.is_bound and form.is_valid():
        try:
            consent_give(teacher=teacher, kind=ConsentKind.PERSONAL_DATA)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(request.path)
    context = {"teacher": teacher, "questionnaire": questionnaire, "consent_text": text, "form": form}
    return render(request, "surveys/consent_step.html", context)


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


@school_staff_required("surveys.view_response")
def results(request):
    """The school's satisfaction results: both questionnaires aggregated, the response rate, pair by pair."""
    context = {"school": request.school, **satisfaction_overview(school=request.school)}
    return render(request, "surveys/results.html", context)


@school_staff_required("surveys.view_response")
def pair_results(request, pk):
    """One pair's satisfaction answers; another school's pair is not found."""
    pair = get_object_or_404(
        Pair.objects.select_related("school", "mentor__teacher", "form").prefetch_related(
            Prefetch("memberships", queryset=PairMentee.objects.select_related("mentee__teacher").order_by("pk"))
        ),
        pk=pk,
        school=request.school,
    )
    context = {"school": request.school, "pair": pair, "label": pair_label(pair), **satisfaction_pair_results(pair=pair)}
    return render(request, "surveys/pair_results.html", context)


@school_staff_required("surveys.view_response")
def reflection_results(request):
    """The school's pairs with each member's final reflection: what was achieved, what helped, what to change."""
    rows = reflection_overview(school=request.school)
    context = {
        "school": request.school,
        "rows": rows,
        "answered": sum(row["answered"] for row in rows),
        "total": sum(row["total"] for row in rows),
    }
    return render(request, "surveys/reflection_results.html", context)
