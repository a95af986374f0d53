from django.contrib import admin
from django.db.models import F

from apps.core.admin import SchoolScopedAdmin

from .models import Mentor


class FreePlacesFilter(admin.SimpleListFilter):
    title = "свободные места"
    parameter_name = "free"

    def lookups(self, request, model_admin):
        return [("yes", "есть"), ("no", "нет")]

    def queryset(self, request, queryset):
        # `load` is annotated by MentorAdmin.get_queryset (Mentor.objects.with_load()).
        if self.value() == "yes":
            return queryset.filter(load__lt=F("capacity"))
        if self.value() == "no":
            return queryset.filter(load__gte=F("capacity"))
        return queryset


@admin.register(Mentor)
class MentorAdmin(SchoolScopedAdmin):
    list_display = [
        "teacher_name",
        "status",
        "competence_list",
        "load_display",
        "qualification_category",
        "trained_on",
    ]
    list_select_related = ["teacher"]
    list_filter = [
        "status",
        FreePlacesFilter,
        "qualification_category",
        ("competences", admin.RelatedOnlyFieldListFilter),
        "has_mentoring_experience",
    ]
    search_fields = ["teacher__last_name", "teacher__first_name", "teacher__patronymic"]
    autocomplete_fields = ["teacher", "competences"]
    ordering = ["teacher__last_name", "teacher__first_name"]
    readonly_fields = ["load_display", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["school", "teacher", "status", "capacity", "load_display"]}),
        (
            "Анкета наставника",
            {
                "fields": [
                    "competences",
                    "qualification_category",
                    "has_mentoring_experience",
                    "trained_on",
                    "achievements",
                    "interests",
                    "availability",
                ]
            },
        ),
        ("Куратору", {"fields": ["notes", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_load().select_related("teacher").prefetch_related("competences")

    @admin.display(description="ФИО", ordering="teacher__last_name")
    def teacher_name(self, obj):
        return obj.teacher.full_name

    @admin.display(description="компетенции")
    def competence_list(self, obj):
        return ", ".join(c.name for c in obj.competences.all()) or "—"

    @admin.display(description="занято мест / ёмкость", ordering="load")
    def load_display(self, obj):
        load = getattr(obj, "load", None)
        if load is None:  # a mentor not yet saved
            return "—"
        return f"{load} / {obj.capacity}"
