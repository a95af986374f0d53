"""Actions for the teacher list (apps/schools/admin.py wires them): personal links to questionnaires in bulk.

    from apps.surveys.admin_actions import send_mentee_survey_links, send_mentor_survey_links
    class TeacherAdmin(SchoolScopedAdmin):
        actions = [send_mentee_survey_links, send_mentor_survey_links]
"""

import smtplib

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.admin import user_scope

from .admin import report_sending
from .models import QuestionnaireKind
from .services import invitation_create, invitations_send


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
