from django.contrib import admin

from apps.core.admin import SchoolScopedAdmin
from apps.schools.admin import YoungSpecialistFilter

from .models import Mentee


class MenteeYoungSpecialistFilter(YoungSpecialistFilter):
    teacher_path = "teacher"


@admin.register(Mentee)
class MenteeAdmin(SchoolScopedAdmin):
    list_display = [
        "teacher_name",
        "status",
        "request_list",
        "experience_display",
        "young_specialist",
        "preferred_form",
        "created_at",
    ]
    list_select_related = ["teacher", "preferred_form"]
    list_filter = [
        "status",
        MenteeYoungSpecialistFilter,
        ("requests", admin.RelatedOnlyFieldListFilter),
        "preferred_form",
    ]
    search_fields = ["teacher__last_name", "teacher__first_name", "teacher__patronymic", "requests_text"]
    autocomplete_fields = ["teacher", "requests"]
    ordering = ["teacher__last_name", "teacher__first_name"]
    # The status follows the pairs: pairs.services sets it when a mentee joins or leaves.
    readonly_fields = ["status", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["school", "teacher", "status"]}),
        ("Анкета наставляемого", {"fields": ["requests", "requests_text", "preferred_form", "meeting_frequency"]}),
        ("Куратору", {"fields": ["notes", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("teacher").prefetch_related("requests")

    @admin.display(description="ФИО", ordering="teacher__last_name")
    def teacher_name(self, obj):
        return obj.teacher.full_name

    @admin.display(description="запросы")
    def request_list(self, obj):
        # The free-text part is on the record's page; the list stays scannable.
        return "; ".join(r.name for r in obj.requests.all()) or obj.requests_text[:60] or "—"

    @admin.display(description="стаж, лет", ordering="-teacher__teaching_since")
    def experience_display(self, obj):
        return obj.teacher.experience_years()

    @admin.display(description="молодой специалист", boolean=True)
    def young_specialist(self, obj):
        return obj.teacher.is_young_specialist()
