from django.contrib import admin

from apps.core.admin_shared import SharedOrOwnAdminMixin
from apps.schools.admin_scope import SchoolScopedAdmin, SharedReferenceAdmin

from .models import Competence, MentoringForm, MentoringKind, Request


class OwnerFilter(admin.SimpleListFilter):
    title = "чей элемент"
    parameter_name = "owner"

    def lookups(self, request, model_admin):
        return [("common", "общий для всех"), ("own", "своей организации")]

    def queryset(self, request, queryset):
        if self.value() == "common":
            return queryset.filter(school__isnull=True)
        if self.value() == "own":
            return queryset.filter(school__isnull=False)
        return queryset


class CatalogueItemAdmin(SharedOrOwnAdminMixin, SchoolScopedAdmin):
    """Common items (no school) are read by every school; a school adds and edits only its own."""

    list_display = ["name", "owner_display", "order"]
    list_filter = [OwnerFilter]
    search_fields = ["name"]
    ordering = ["order", "name"]
    fields = ["school", "name", "order"]

    @admin.display(description="чей", ordering="school")
    def owner_display(self, obj):
        return "общий" if obj.school_id is None else "своей организации"


@admin.register(Competence)
class CompetenceAdmin(CatalogueItemAdmin):
    pass


@admin.register(Request)
class RequestAdmin(CatalogueItemAdmin):
    list_display = ["name", "competence_list", "owner_display", "order"]
    fields = ["school", "name", "competences", "order"]
    autocomplete_fields = ["competences"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("competences")

    @admin.display(description="закрывается компетенциями")
    def competence_list(self, obj):
        return ", ".join(c.name for c in obj.competences.all()) or "—"


@admin.register(MentoringForm)
class MentoringFormAdmin(SharedReferenceAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(MentoringKind)
class MentoringKindAdmin(SharedReferenceAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]
