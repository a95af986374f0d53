from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html

from apps.core.admin import SchoolScopedAdmin, SchoolScopedTabularInline, user_scope

from . import pair_actions  # noqa: F401  (adds «Создать программу по шаблону» to the pair list)
from .models import Activity, Meeting, Programme, ProgrammeTemplate, TemplateActivity
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
class ProgrammeAdmin(SchoolScopedAdmin):
    school_field = "pair__school"
    inlines = [ActivityInline, MeetingInline]
    list_display = ["title", "pair", "pair_status", "starts_on", "ends_on", "progress", "overdue_count"]
    list_select_related = ["pair__mentor__teacher", "pair__form"]
    list_filter = ["pair__status"]
    search_fields = ["title", "pair__mentor__teacher__last_name", "pair__memberships__mentee__teacher__last_name"]
    autocomplete_fields = ["pair"]
    date_hierarchy = "starts_on"
    ordering = ["-starts_on", "pk"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["mark_best_practice"]
    fieldsets = [
        (None, {"fields": ["pair", "title", "starts_on", "ends_on"]}),
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
            .annotate(
                activities_total=Count("activities"),
                activities_done=Count("activities", filter=Q(activities__done=True)),
                activities_overdue=Count(
                    "activities", filter=Q(activities__done=False, activities__due_date__lt=today)
                ),
            )
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

    def has_best_practice_permission(self, request):
        from apps.core.admin import user_scope

        return user_scope(request.user).can_write and request.user.has_perm("practices.add_bestpractice")

    @admin.action(description="Отметить как лучшую практику", permissions=["best_practice"])
    def mark_best_practice(self, request, queryset):
        from apps.practices.services import best_practice_from_programme

        for programme in queryset.select_related("pair__mentor__teacher"):
            practice, created = best_practice_from_programme(programme=programme)
            if created:
                self.log_addition(request, practice, [{"added": {}}])
                self.message_user(request, f"Программа «{programme}» добавлена в методическую копилку.", messages.SUCCESS)
            else:
                self.message_user(request, f"Программа «{programme}» уже есть в методической копилке.", messages.WARNING)


class TemplateActivityInline(SchoolScopedTabularInline):
    model = TemplateActivity
    fields = ["month", "title", "expected_result", "order"]
    extra = 0

    # A common template is read here; the school edits its own copy.
    def _own(self, request, obj):
        return obj is None or obj.school_id is not None or request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return self._own(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._own(request, obj) and super().has_delete_permission(request, obj)


@admin.register(ProgrammeTemplate)
class ProgrammeTemplateAdmin(SchoolScopedAdmin):
    """Templates of programmes per mentoring form: the common ones (read-only for a school) and the school's own."""

    inlines = [TemplateActivityInline]
    list_display = ["title", "form", "owner", "months", "plan_size"]
    list_select_related = ["form", "school"]
    list_filter = ["form"]
    search_fields = ["title"]
    ordering = ["form__order", "school"]
    actions = ["copy_for_school"]
    fieldsets = [
        (None, {"fields": ["school", "form", "title", "months"]}),
        ("Содержание программы", {"fields": ["goals", "directions", "forms_of_work", "expected_outcome"]}),
    ]

    def scope_queryset(self, request, queryset):
        scope = user_scope(request.user)
        if scope.everything:
            return queryset
        if scope.school_id:
            return queryset.filter(Q(school__isnull=True) | Q(school=scope.school_id))
        if scope.municipality_id:
            return queryset.filter(Q(school__isnull=True) | Q(school__municipality=scope.municipality_id))
        return queryset.none()

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(activities_count=Count("activities"))

    @admin.display(description="чей", ordering="school")
    def owner(self, obj):
        return obj.school.short_name if obj.school_id else "общий"

    @admin.display(description="мероприятий", ordering="activities_count")
    def plan_size(self, obj):
        return obj.activities_count

    def _own(self, request, obj):
        return obj is None or obj.school_id is not None or request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return self._own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._own(request, obj) and super().has_delete_permission(request, obj)

    @admin.action(description="Сделать копию для своей организации (её можно изменить)", permissions=["add"])
    def copy_for_school(self, request, queryset):
        school_id = user_scope(request.user).school_id
        if school_id is None:
            self.message_user(request, "Копию делает куратор организации.", messages.ERROR)
            return
        from apps.schools.models import School

        school = School.objects.get(pk=school_id)
        for template in queryset.select_related("form"):
            try:
                copy = programme_template_copy(template=template, school=school)
            except ValidationError as error:
                self.message_user(request, f"«{template}»: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.log_addition(request, copy, [{"added": {}}])
            self.message_user(request, f"Создан шаблон организации «{copy}»: теперь программы этой формы строятся по нему.", messages.SUCCESS)
