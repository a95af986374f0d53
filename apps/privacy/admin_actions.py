"""«Обезличить (педагог уволился)» on the teacher list (apps/privacy/admin.py puts it there).

The first click shows a confirmation page that says what will happen to each selected
teacher and who cannot be anonymised yet; «Да, обезличить» posts the action again.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from apps.core.admin_shared import user_scope

from .services import is_anonymised, teacher_anonymise, teacher_anonymise_blockers


@admin.action(description="Обезличить (педагог уволился)", permissions=["change"])
def anonymise_teachers(modeladmin, request, queryset):
    scope = user_scope(request.user)
    teachers = queryset.select_related("school").order_by("last_name", "first_name")
    if not scope.everything:
        teachers = teachers.filter(school_id=scope.school_id)  # only the user's own school, whatever was posted
    teachers = [t for t in teachers if not is_anonymised(t)]
    if not teachers:
        modeladmin.message_user(request, "Выбранные педагоги уже обезличены.", messages.INFO)
        return None

    if request.POST.get("confirm") == "yes":
        done, refused = [], []
        for teacher in teachers:
            try:
                teacher_anonymise(teacher=teacher, by=request.user)
                done.append(teacher)
            except ValidationError as error:
                refused.append(" ".join(error.messages))
        if done:
            modeladmin.message_user(request, f"Обезличено педагогов: {len(done)}.", messages.SUCCESS)
        for reason in refused:
            modeladmin.message_user(request, reason, messages.ERROR)
        return None

    rows = [{"teacher": t, "blockers": teacher_anonymise_blockers(t)} for t in teachers]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Обезличить педагогов",
        "opts": modeladmin.model._meta,
        "rows": rows,
        "ready": [row for row in rows if not row["blockers"]],
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action": "anonymise_teachers",
    }
    return TemplateResponse(request, "privacy/anonymise_confirm.html", context)
