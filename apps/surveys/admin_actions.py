"""The questionnaires' actions on other apps' lists, added from here (surveys is above schools and
pairs, which do not import it; apps/core/admin_actions.py): personal links to the questionnaires on
the teacher list, the satisfaction questionnaires on the pair list. apps/surveys/admin.py imports
this module for `report_sending`.
"""

import smtplib

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html

from apps.core.admin_actions import add_action
from apps.core.admin_shared import user_scope
from apps.pairs.admin import PairAdmin
from apps.pairs.models import PairStatus
from apps.schools.admin import TeacherAdmin

from .models import QuestionnaireKind
from .services import invitation_create, invitations_send, satisfaction_invite


def report_sending(modeladmin, request, result):
    """Tell the curator what was sent and whose links have to be handed over another way."""
    modeladmin.message_user(request, f"Отправлено писем: {result.teachers_sent} (ссылок: {len(result.sent)}).", messages.SUCCESS)
    if result.without_email:
        names = ", ".join(teacher.short_name for teacher in result.without_email)
        modeladmin.message_user(
            request,
            format_html(
                "Без e-mail — {} чел.: {}. Их ссылки не отправлены: распечатайте их в разделе "
                '<a href="{}">«Персональные ссылки на анкеты»</a> (действие «Распечатать ссылки»).',
                len(result.without_email),
                names,
                reverse("admin:surveys_invitation_changelist") + "?sent=no&state=ok",
            ),
            messages.WARNING,
        )
    if result.not_usable:
        modeladmin.message_user(
            request, f"Пропущено недействующих ссылок (заполнены, истекли или отозваны): {len(result.not_usable)}.", messages.WARNING
        )


def _send_survey_links(modeladmin, request, queryset, kind):
    scope = user_scope(request.user)
    if not scope.can_write or not request.user.has_perm("surveys.add_invitation"):
        modeladmin.message_user(request, "Недостаточно прав, чтобы отправлять ссылки на анкеты.", messages.ERROR)
        return
    teachers = queryset.select_related("school").order_by("last_name", "first_name")
    if not scope.everything:
        teachers = teachers.filter(school_id=scope.school_id)  # only the user's own school, whatever was posted

    invitations, refused = [], []
    with transaction.atomic():
        for teacher in teachers:
            try:
                invitations.append(invitation_create(teacher=teacher, kind=kind, created_by=request.user))
            except ValidationError as error:
                refused.append(f"{teacher.short_name}: {' '.join(error.messages)}")
    if refused:
        modeladmin.message_user(request, "Ссылки не созданы — " + "; ".join(refused), messages.WARNING)
    if not invitations:
        return
    try:
        result = invitations_send(invitations=invitations, request_or_site_url=request)
    except (smtplib.SMTPException, OSError) as error:
        modeladmin.message_user(
            request,
            f"Ссылки созданы ({len(invitations)}), но письма не отправлены: почтовый сервер ответил ошибкой ({error}). "
            "Отправьте их позже из раздела «Персональные ссылки на анкеты».",
            messages.ERROR,
        )
        return
    report_sending(modeladmin, request, result)


@admin.action(description="Отправить ссылку на анкету наставляемого", permissions=["change"])
def send_mentee_survey_links(modeladmin, request, queryset):
    _send_survey_links(modeladmin, request, queryset, QuestionnaireKind.MENTEE_REQUEST)


@admin.action(description="Отправить ссылку на анкету наставника", permissions=["change"])
def send_mentor_survey_links(modeladmin, request, queryset):
    _send_survey_links(modeladmin, request, queryset, QuestionnaireKind.MENTOR)


@admin.action(description="Отправить анкеты удовлетворённости", permissions=["change"])
def send_satisfaction_surveys(modeladmin, request, queryset):
    if not request.user.has_perm("surveys.add_invitation"):
        modeladmin.message_user(request, "Нет права отправлять ссылки на анкеты.", messages.ERROR)
        return
    created = sent = already = without_email = 0
    for pair in queryset:
        if pair.status != PairStatus.COMPLETED:
            modeladmin.message_user(request, f"«{pair}»: анкеты удовлетворённости отправляются только завершённым парам.", messages.WARNING)
            continue
        try:
            result = satisfaction_invite(pair=pair, created_by=request.user, request_or_site_url=request)
        except (smtplib.SMTPException, OSError) as error:
            modeladmin.message_user(request, f"«{pair}»: ссылки созданы, но письма не отправлены ({error}).", messages.ERROR)
            continue
        for refusal in result.refused:
            modeladmin.message_user(request, f"«{pair}»: {refusal}", messages.WARNING)
        created += len(result.created)
        sent += len(result.send.sent)
        already += result.already
        without_email += len(result.send.without_email)
    modeladmin.message_user(
        request,
        f"Создано ссылок: {created}, отправлено по e-mail: {sent}; уже получили ссылку или ответили: {already}.",
        messages.SUCCESS if created else messages.INFO,
    )
    if without_email:
        modeladmin.message_user(
            request,
            f"Без e-mail — {without_email} чел.: распечатайте их ссылки в разделе «Персональные ссылки на анкеты».",
            messages.WARNING,
        )


# The teacher list: first the questionnaire links (apps/privacy/admin.py adds «Обезличить» after them).
add_action(TeacherAdmin, send_mentee_survey_links)
add_action(TeacherAdmin, send_mentor_survey_links)
# The pair list: after «Расформировать», as the last of its own actions.
add_action(PairAdmin, send_satisfaction_surveys, after="dissolve_pairs")
