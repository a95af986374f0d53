"""«Заменить ссылку на календарь» on the teacher list: the curator voids a teacher's calendar links (one that
got into the wrong hands); the teacher finds the new one on their page. Programmes is above schools, so it
adds the action to the teacher admin itself (apps/core/admin_actions.py); apps/programmes/admin.py imports
this module."""

from django.contrib import admin, messages

from apps.core.admin_actions import add_action
from apps.core.admin_shared import user_scope
from apps.core.text import plural
from apps.schools.admin import TeacherAdmin

from .services import calendar_key_reset


@admin.action(description="Заменить ссылку на календарь (старая перестанет работать)", permissions=["change"])
def reset_calendar_links(modeladmin, request, queryset):
    scope = user_scope(request.user)
    if not scope.can_write:
        modeladmin.message_user(request, "Заменять ссылки на календарь может куратор школы.", messages.ERROR)
        return
    teachers = queryset if scope.everything else queryset.filter(school_id=scope.school_id)
    count = 0
    for teacher in teachers:
        calendar_key_reset(teacher=teacher)
        count += 1
    modeladmin.message_user(
        request,
        f"Ссылка на календарь заменена у {count} {plural(count, 'педагога', 'педагогов', 'педагогов')}: старые "
        "ссылки больше не работают, новую педагог найдёт на своей странице портала.",
        messages.SUCCESS,
    )


add_action(TeacherAdmin, reset_calendar_links)
