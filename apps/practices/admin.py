"""The best practices library in the back-office: the school's practices with their files.

Files are downloaded only through this admin's own view, which checks the school:
the media address of a file is never shown. The programme admin gets its «лучшая практика»
action here: programmes sit below practices and do not know about them.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html

from apps.core.files import stored_file_response
from apps.programmes.admin import ProgrammeAdmin
from apps.programmes.models import Programme
from apps.schools.admin_scope import NOT_FOUND, SchoolScopedAdmin, SchoolScopedTabularInline, user_scope

from .files import validate_practice_file
from .models import BestPractice, BestPracticeFile
from .services import best_practice_from_programme


class BestPracticeFileForm(forms.ModelForm):
    class Meta:
        model = BestPracticeFile
        fields = ["file"]
        # A plain file input: the clearable one would print the file's media address.
        widgets = {"file": forms.FileInput}

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            validate_practice_file(file)
            self.instance.name = file.name[:255]
            self.instance.size = file.size
        return file


class BestPracticeFileInline(SchoolScopedTabularInline):
    model = BestPracticeFile
    form = BestPracticeFileForm
    fields = ["file", "download", "size_display", "uploaded_at"]
    readonly_fields = ["download", "size_display", "uploaded_at"]
    extra = 0

    @admin.display(description="скачать")
    def download(self, obj):
        if not obj.pk:
            return ""
        url = reverse("admin:practices_bestpractice_file", args=[obj.practice_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, str(obj))

    @admin.display(description="размер")
    def size_display(self, obj):
        if not obj.pk:
            return ""
        if obj.size >= 1024 * 1024:
            return f"{obj.size / (1024 * 1024):.1f} МБ".replace(".", ",")
        return f"{max(obj.size // 1024, 1)} КБ"


@admin.register(BestPractice)
class BestPracticeAdmin(SchoolScopedAdmin):
    inlines = [BestPracticeFileInline]
    list_display = ["title", "kind", "programme", "is_published", "files_count", "created_at"]
    list_select_related = ["programme"]
    list_filter = ["kind", "is_published", "form"]
    search_fields = ["title", "description", "authors", "programme__title"]
    autocomplete_fields = ["programme"]
    ordering = ["-created_at", "-pk"]
    readonly_fields = ["created_at", "published_at"]
    fieldsets = [
        (None, {"fields": ["school", "title", "kind", "description", "authors"]}),
        ("Откуда практика", {"fields": ["programme", "form"]}),
        ("Публикация", {"fields": ["is_published", "published_at", "created_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(files_total=Count("files"))

    @admin.display(description="файлов", ordering="files_total")
    def files_count(self, obj):
        return obj.files_total

    def get_urls(self):
        return [
            path(
                "<path:object_id>/fayly/<int:file_id>/",
                self.admin_site.admin_view(self.file_view),
                name="practices_bestpractice_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, object_id, file_id):
        """A practice's file, for the staff of its school only; another school's file is a missing one."""
        practice = self.get_reachable_object(request, object_id)
        if not self.has_view_or_change_permission(request, practice):
            raise PermissionDenied
        attachment = practice.files.filter(pk=file_id).first()
        if attachment is None:
            raise Http404(NOT_FOUND)
        return stored_file_response(attachment.file, filename=str(attachment), content_type=attachment.content_type)


class ProgrammeWithPracticeAdmin(ProgrammeAdmin):
    """The programme admin of apps/programmes with the action that puts a programme into the library."""

    actions = [*ProgrammeAdmin.actions, "mark_best_practice"]

    def has_best_practice_permission(self, request):
        return user_scope(request.user).can_write and request.user.has_perm("practices.add_bestpractice")

    @admin.action(description="Отметить как лучшую практику", permissions=["best_practice"])
    def mark_best_practice(self, request, queryset):
        for programme in queryset.select_related("pair__mentor__teacher"):
            practice, created = best_practice_from_programme(programme=programme)
            if created:
                self.log_addition(request, practice, [{"added": {}}])
                self.message_user(request, f"Программа «{programme}» добавлена в методическую копилку.", messages.SUCCESS)
            else:
                self.message_user(request, f"Программа «{programme}» уже есть в методической копилке.", messages.WARNING)


# Importing apps.programmes.admin above registered its ProgrammeAdmin: this one takes its place.
admin.site.unregister(Programme)
admin.site.register(Programme, ProgrammeWithPracticeAdmin)
