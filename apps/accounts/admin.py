from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Logins are managed by the administrator only; a curator never grants access."""

    fieldsets = UserAdmin.fieldsets + (
        ("Организация", {"fields": ("school", "municipality")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        (
            "Кто это",
            {"fields": ("last_name", "first_name", "email", "school", "municipality", "is_staff", "groups")},
        ),
    )
    list_display = ["username", "full_name", "school", "municipality", "role_list", "is_staff", "is_active"]
    list_select_related = ["school", "municipality"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "school"]
    search_fields = ["username", "first_name", "last_name", "email"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="ФИО", ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description="роли")
    def role_list(self, obj):
        return ", ".join(g.name for g in obj.groups.all()) or "—"

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
