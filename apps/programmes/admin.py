from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from apps.core.admin_shared import SharedOrOwnAdminMixin, SharedOrOwnInlineMixin
from apps.schools.admin_scope import SchoolScopedAdmin, SchoolScopedTabularInline, ScopedExportMixin

from . import (
    pair_actions,  # noqa: F401  (adds «Создать программу по шаблону» to the pair list)
    teacher_actions,  # noqa: F401  (adds «Заменить ссылку на календарь» to the teacher list)
)
from .models import Activity, Meeting, Programme, ProgrammeTemplate, TemplateActivity
from .resources import ProgrammeResource
from .selectors import programme_reading
from .services import programme_template_copy


class ActivityForm(forms.ModelForm):
    """Ticking «выполнено» dates the item today unless a date is given; unticking clears the date."""

    class Meta:
        model = Activity
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if "done" in cleaned:
            if cleaned["done"] and not cleaned.get("done_on"):
                cleaned["done_on"] = timezone.localdate()
            elif not cleaned["done"]:
                cleaned["done_on"] = None
        return cleaned


class ActivityInline(SchoolScopedTabularInline):
    model = Activity
    form = ActivityForm
    fields = ["title", "due_date", "expected_result", "done", "done_on", "done_by", "comment", "order", "overdue_mark"]
    readonly_fields = ["done_by", "overdue_mark"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("done_by")

    @admin.display(description="просрочено")
    def overdue_mark(self, obj):
        if obj.pk and obj.is_overdue:
            return format_html('<strong style="color: var(--error-fg, #ba2121)">{}</strong>', "просрочено")
        return ""


class MeetingInline(SchoolScopedTabularInline):
    """The pair's meetings; the mentor's own notes are the mentor's and are not shown here."""

    model = Meeting
    fields = ["held_on", "topic", "summary", "next_steps", "created_by"]
    readonly_fields = ["created_by"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


@admin.register(Programme)
class ProgrammeAdmin(ScopedExportMixin, SchoolScopedAdmin):
    resource_classes = [ProgrammeResource]
    school_field = "pair__school"
    inlines = [ActivityInline, MeetingInline]
    list_display = ["title", "pair", "pair_status", "starts_on", "ends_on", "progress", "overdue_count"]
    list_select_related = ["pair__mentor__teacher", "pair__form"]
    list_filter = ["pair__status"]
    search_fields = ["title", "pair__mentor__teacher__last_name", "pair__memberships__mentee__teacher__last_name"]
    autocomplete_fields = ["pair"]
    date_hierarchy = "starts_on"
    ordering = ["-starts_on", "pk"]
    readonly_fields = ["created_at", "updated_at", "reading"]
    fieldsets = [
        (None, {"fields": ["pair", "title", "starts_on", "ends_on"]}),
        ("Согласование и ознакомление", {"fields": ["reading"]}),
        (
            "Содержание программы",
            {"fields": ["goals", "directions", "difficulties", "forms_of_work", "expected_outcome"]},
        ),
        ("Служебное", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        today = timezone.localdate()
        return (
            super()
            .get_queryset(request)
            .select_related("pair__mentor__teacher", "pair__form")
            .prefetch_related("pair__memberships__mentee__teacher")  # the pair column: «наставник → наставляемые»
            .annotate(
                activities_total=Count("activities"),
                activities_done=Count("activities", filter=Q(activities__done=True)),
                activities_overdue=Count(
                    "activities", filter=Q(activities__done=False, activities__due_date__lt=today)
                ),
            )
        )

    @admin.display(description="согласование, утверждение, ознакомление")
    def reading(self, obj):
        """Where the programme stands with the school and its participants; the record is made on its own page."""
        if not obj.pk:
            return "Появится после сохранения программы."
        pair = obj.pair
        teachers = [pair.mentor.teacher, *(m.mentee.teacher for m in pair.memberships.filter(left_on__isnull=True).select_related("mentee__teacher"))]
        state = programme_reading(obj, teachers=teachers)
        if state["approval_current"]:
            approval = state["approval"]
            agreed = f"Согласована на заседании {approval.body_words}, протокол от {approval.agreed_on:%d.%m.%Y} № {approval.protocol_number}"
            approved = f"; утверждена директором {approval.approved_on:%d.%m.%Y}." if approval.approved_on else "; директор ещё не утвердил."
        elif state["approval"] is not None:
            agreed, approved = "Программа изменена после согласования: согласуйте и утвердите новую редакцию", "."
        else:
            agreed, approved = "Не согласована и не утверждена", "."
        readers = ", ".join(
            f"{p['teacher'].short_name} — {'ознакомлен(а) ' + format(timezone.localtime(p['current'].acknowledged_at), '%d.%m.%Y %H:%M') if p['current'] else 'не ознакомлен(а) с этой редакцией'}"
            for p in state["people"]
        )
        return format_html(
            '{}{} <a href="{}">Внести согласование и утверждение</a><br>Ознакомление: {}',
            agreed,
            approved,
            reverse("programmes:programme_approval", args=[pair.pk]),
            readers,
        )

    @admin.display(description="статус пары", ordering="pair__status")
    def pair_status(self, obj):
        return obj.pair.get_status_display()

    @admin.display(description="выполнено", ordering="activities_done")
    def progress(self, obj):
        return f"{obj.activities_done} из {obj.activities_total}"

    @admin.display(description="просрочено", ordering="activities_overdue")
    def overdue_count(self, obj):
        if obj.activities_overdue:
            return format_html('<strong style="color: var(--error-fg, #ba2121)">{}</strong>', obj.activities_overdue)
        return 0

    def save_formset(self, request, form, formset, change):
        if formset.model is Meeting:
            for meeting_form in formset.forms:
                if meeting_form.instance._state.adding and meeting_form.instance.created_by_id is None:
                    meeting_form.instance.created_by = request.user
        super().save_formset(request, form, formset, change)


class TemplateActivityInline(SharedOrOwnInlineMixin, SchoolScopedTabularInline):
    """A common template's plan is read here; the school edits its own copy."""

    model = TemplateActivity
    fields = ["month", "title", "expected_result", "order"]
    extra = 0


@admin.register(ProgrammeTemplate)
class ProgrammeTemplateAdmin(SharedOrOwnAdminMixin, SchoolScopedAdmin):
    """Templates of programmes per mentoring form: the common ones (read-only for a school) and the school's own."""

    inlines = [TemplateActivityInline]
    list_display = ["title", "form", "owner", "months", "plan_size"]
    list_select_related = ["form", "school"]
    list_filter = ["form"]
    search_fields = ["title"]
    ordering = ["form__order", "school"]
    actions = ["copy_for_my_school"]
    fieldsets = [
        (None, {"fields": ["school", "form", "title", "months"]}),
        ("Содержание программы", {"fields": ["goals", "directions", "forms_of_work", "expected_outcome"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(activities_count=Count("activities"))

    @admin.display(description="чей", ordering="school")
    def owner(self, obj):
        return obj.school.short_name if obj.school_id else "общий"

    @admin.display(description="мероприятий", ordering="activities_count")
    def plan_size(self, obj):
        return obj.activities_count

    def copy_queryset(self, queryset):
        return queryset.select_related("form")

    def copy_item(self, *, item, school):
        return programme_template_copy(template=item, school=school)

    def copy_message(self, copy):
        return f"Создан шаблон организации «{copy}»: теперь программы этой формы строятся по нему."
