from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import LoginCodeDevice, User


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

    def changelist_view(self, request, extra_context=None):
        # A curator manages the logins of the school's teachers from the teacher list (apps/accounts/teacher_admin.py).
        user = request.user
        if not user.is_superuser and user.school_id and user.is_curator:
            self.message_user(
                request,
                "Входом педагогов своей организации куратор управляет в списке педагогов: столбец и фильтр "
                "«Вход в портал», действия «Пригласить в портал», «Распечатать коды первого входа», "
                "«Заблокировать вход в портал» — и кнопка «Вход в портал» в карточке педагога.",
                messages.INFO,
            )
            return HttpResponseRedirect(reverse("admin:schools_teacher_changelist"))
        return super().changelist_view(request, extra_context)


# The device admin that django-otp registers shows the secret key and lets anyone with the model's
# permissions add devices for others; here only the administrator sees the list, and only to remove
# a lost phone's device (the user then logs in with the password and may turn the code on again).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(LoginCodeDevice)
class LoginCodeDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_select_related = ["user"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__last_name", "user__email"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]
    readonly_fields = fields

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
