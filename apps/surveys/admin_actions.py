"""The questionnaires' actions on other apps' lists, added from here (surveys is above schools and
pairs, which do not import it; apps/core/admin_actions.py): personal links to the questionnaires on
the teacher list, the satisfaction questionnaires on the pair list. apps/surveys/admin.py imports
this module for `report_sending`.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
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
    """Tell the curator what was queued and whose links have to be handed over another way; to the job's
    page when there is one job to watch (the letters are sent by the worker, apps/jobs)."""
    if result.sent:
        modeladmin.message_user(
            request,
            f"Письма поставлены в очередь: {result.teachers_sent} (ссылок: {len(result.sent)}). "
            "Ход рассылки и ошибки — на странице задачи.",
            messages.SUCCESS,
        )
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
    return job_redirect(result.jobs)


def job_redirect(jobs):
    """The page of the one job just started (the admin action's response), or None to stay on the list."""
    return redirect("jobs:detail", pk=jobs[0].pk) if len(jobs) == 1 else None


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
        return None
    result = invitations_send(invitations=invitations, request_or_site_url=request, created_by=request.user)
    return report_sending(modeladmin, request, result)


@admin.action(description="Отправить ссылку на анкету наставляемого", permissions=["change"])
def send_mentee_survey_links(modeladmin, request, queryset):
    return _send_survey_links(modeladmin, request, queryset, QuestionnaireKind.MENTEE_REQUEST)


@admin.action(description="Отправить ссылку на анкету наставника", permissions=["change"])
def send_mentor_survey_links(modeladmin, request, queryset):
    return _send_survey_links(modeladmin, request, queryset, QuestionnaireKind.MENTOR)


@admin.action(description="Отправить анкеты удовлетворённости", permissions=["change"])
def send_satisfaction_surveys(modeladmin, request, queryset):
    if not request.user.has_perm("surveys.add_invitation"):
        modeladmin.message_user(request, "Нет права отправлять ссылки на анкеты.", messages.ERROR)
        return
    created, already = [], 0
    for pair in queryset:
        if pair.status != PairStatus.COMPLETED:
            modeladmin.message_user(request, f"«{pair}»: анкеты удовлетворённости отправляются только завершённым парам.", messages.WARNING)
            continue
        result = satisfaction_invite(pair=pair, created_by=request.user, send=False)
        for refusal in result.refused:
            modeladmin.message_user(request, f"«{pair}»: {refusal}", messages.WARNING)
        created += result.created
        already += result.already
    # The links of all the chosen pairs go out as one job.
    send = invitations_send(invitations=created, request_or_site_url=request, created_by=request.user)
    modeladmin.message_user(
        request,
        f"Создано ссылок: {len(created)}, поставлено в очередь на отправку по e-mail: {len(send.sent)}; "
        f"уже получили ссылку или ответили: {already}.",
        messages.SUCCESS if created else messages.INFO,
    )
    if send.without_email:
        modeladmin.message_user(
            request,
            f"Без e-mail — {len(send.without_email)} чел.: распечатайте их ссылки в разделе «Персональные ссылки на анкеты».",
            messages.WARNING,
        )
    return job_redirect(send.jobs)


# The teacher list: first the questionnaire links (apps/privacy/admin.py adds «Обезличить» after them).
add_action(TeacherAdmin, send_mentee_survey_links)
add_action(TeacherAdmin, send_mentor_survey_links)
# The pair list: after «Расформировать», as the last of its own actions.
add_action(PairAdmin, send_satisfaction_surveys, after="dissolve_pairs")
