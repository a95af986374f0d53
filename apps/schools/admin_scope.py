"""What every back-office page shares: a user reaches only the records of their school.

A curator or director is bound to `user.school`; a municipal coordinator to
`user.municipality` (all its schools, read-only); the administrator (superuser) sees
everything; anybody else sees nothing. Each admin names the lookup path from its model
to `School` in `school_field` ("school", "pair__school", "stage__roadmap__school";
"" for `School` itself), and this module applies it to lists, object URLs, choices
and new records alike.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from import_export.admin import ExportMixin
from import_export.signals import post_export
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from apps.core.admin_shared import user_scope
from apps.core.list_export import EXPORT_FORMATS, ListExportForm
from apps.core.xlsx import content_disposition, filename_part
from apps.schools.models import School

NOT_FOUND = "Запись не найдена или относится к другой организации."


def _lookup(path: str, name: str) -> str:
    return f"{path}__{name}" if path else name


def scope_queryset(queryset, user, school_field: str = "school"):
    """`queryset` cut to what `user` may see; `school_field` leads from the model to School."""
    scope = user_scope(user)
    if scope.everything:
        return queryset
    if scope.school_id:
        return queryset.filter(**{school_field or "pk": scope.school_id})
    if scope.municipality_id:
        return queryset.filter(**{_lookup(school_field, "municipality"): scope.municipality_id})
    return queryset.none()


def _has_school_fk(model) -> bool:
    return any(getattr(f, "related_model", None) is School and f.name == "school" for f in model._meta.concrete_fields)


class ScopedFormfieldsMixin:
    """Choices and permissions for an admin or inline of school-bound records."""

    def scoped_choices(self, request, model):
        """Choices of `model` the user may pick, or None when the model is shared by all schools."""
        try:
            related_admin = self.admin_site.get_model_admin(model)
        except NotRegistered:
            related_admin = None
        if isinstance(related_admin, SchoolScopedAdmin):
            return related_admin.scope_queryset(request, model._default_manager.all())
        if model is School:
            return scope_queryset(School.objects.all(), request.user, "")
        if _has_school_fk(model):
            return scope_queryset(model._default_manager.all(), request.user, "school")
        return None

    def _school_formfield(self, request, db_field):
        # Kept in the form (hidden, disabled) so that constraints naming the school
        # are validated; the value is the user's school and cannot be posted.
        school_id = user_scope(request.user).school_id
        return forms.ModelChoiceField(
            queryset=School.objects.filter(pk=school_id),
            initial=school_id,
            required=not db_field.null,
            disabled=True,
            widget=forms.HiddenInput,
            label=db_field.verbose_name,
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.name == "school" and db_field.related_model is School and db_field.model is self.model:
                return self._school_formfield(request, db_field)
            if "queryset" not in kwargs:
                choices = self.scoped_choices(request, db_field.related_model)
                if choices is not None:
                    kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser and "queryset" not in kwargs:
            choices = self.scoped_choices(request, db_field.related_model)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def assign_school(self, request, obj) -> None:
        """A new record of a school user belongs to their school, whatever was posted."""
        if request.user.is_superuser or not _has_school_fk(type(obj)) or not obj._state.adding:
            return
        obj.school_id = user_scope(request.user).school_id

    def has_add_permission(self, request, *args, **kwargs):
        return user_scope(request.user).can_write and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return user_scope(request.user).can_write and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return user_scope(request.user).can_write and super().has_delete_permission(request, obj)


class RussianTitlesMixin:
    """Page titles that read as Russian: Django's «Выберите %s для изменения» needs a case
    the verbose name does not have, so the name stands alone in the nominative."""

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": capfirst(self.opts.verbose_name_plural), **(extra_context or {})})

    def add_view(self, request, form_url="", extra_context=None):
        title = f"{capfirst(self.opts.verbose_name)}: добавление"
        return super().add_view(request, form_url, {"title": title, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        action = "изменение" if self.has_change_permission(request) else "просмотр"
        title = f"{capfirst(self.opts.verbose_name)}: {action}"
        return super().change_view(request, object_id, form_url, {"title": title, **(extra_context or {})})


class NotFoundOutsideQuerysetMixin:
    """An object the user may not see answers 404, like one that does not exist."""

    def get_reachable_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(NOT_FOUND)
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self.get_reachable_object(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self.get_reachable_object(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self.get_reachable_object(request, object_id)
        return super().history_view(request, object_id, extra_context)


def has_audit_trail(model) -> bool:
    """Whether `model` keeps its changes with django-simple-history (`history = HistoricalRecords()`)."""
    return hasattr(model._meta, "simple_history_manager_attribute")


class RussianDeltaHelper(HistoricalRecordContextHelper):
    """Field diffs as a curator reads them: choice labels, «да»/«нет», dates as ДД.ММ.ГГГГ."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "—"
        if getattr(field, "flatchoices", None) and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return "да" if value else "нет"
        if isinstance(value, datetime.datetime):
            return f"{timezone.localtime(value):%d.%m.%Y %H:%M}"
        if isinstance(value, datetime.date):
            return f"{value:%d.%m.%Y}"
        return super().prepare_delta_change_value(change, value)


class AuditTrailAdminMixin:
    """The «История» page of a record with an audit trail: each change with its user, time and field diffs.

    Records without an audit trail keep Django's own page (the admin's log). Old versions are
    only listed, never restored: every write goes through the services that check its rules.
    """

    object_history_list_template = "admin/_audit_trail_list.html"

    @property
    def object_history_template(self):
        # None: Django's own page for the records without an audit trail.
        return "admin/audit_trail.html" if has_audit_trail(self.model) else None

    def history_view(self, request, object_id, extra_context=None):
        if not has_audit_trail(self.model):
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        obj = self.get_reachable_object(request, object_id)
        title = f"История изменений: {obj}"
        return super().history_view(request, object_id, {"title": title, **(extra_context or {})})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        raise Http404(NOT_FOUND)

    def revert_disabled(self, request, obj=None):
        return True

    def get_historical_record_context_helper(self, request, historical_record):
        return RussianDeltaHelper(self.model, historical_record)


class SchoolScopedAdmin(RussianTitlesMixin, NotFoundOutsideQuerysetMixin, AuditTrailAdminMixin, ScopedFormfieldsMixin, SimpleHistoryAdmin):
    """Base admin of every school-bound model."""

    school_field = "school"

    def scope_queryset(self, request, queryset):
        return scope_queryset(queryset, request.user, self.school_field)

    def get_queryset(self, request):
        queryset = self.scope_queryset(request, super().get_queryset(request))
        # The changelist ignores list_select_related once a queryset has any
        # select_related, as subclasses' get_queryset often adds: apply it here.
        related = self.get_list_select_related(request)
        if related and related is not True:
            queryset = queryset.select_related(*related)
        return queryset

    # Users who see several schools get a school column and filter.
    def _shows_school(self, request) -> bool:
        return self.school_field == "school" and _has_school_fk(self.model) and user_scope(request.user).many_schools

    def get_list_display(self, request):
        list_display = list(super().get_list_display(request))
        if self._shows_school(request) and "school" not in list_display:
            list_display.append("school")
        return list_display

    def get_list_filter(self, request):
        list_filter = list(super().get_list_filter(request))
        if self._shows_school(request):
            list_filter.append(("school", admin.RelatedOnlyFieldListFilter))
        return list_filter

    def get_list_select_related(self, request):
        related = super().get_list_select_related(request)
        if self._shows_school(request) and related is not True:
            return [*(related or ()), "school"]
        return related

    def save_model(self, request, obj, form, change):
        self.assign_school(request, obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            self.assign_school(request, inline_form.instance)
        super().save_formset(request, form, formset, change)


class ScopedExportMixin(ExportMixin):
    """«Экспорт» on a list of school-bound records (django-import-export): the list as the user sees it —
    their school's records (the municipality's for a coordinator), with the list's filters, search and
    order — to XLSX or CSV, for whoever may view the list. The admin names its resource
    (`resource_classes = [TeacherResource]`, an `apps.core.list_export` resource); a user who sees
    several schools gets the school as the first column."""

    export_form_class = ListExportForm
    export_template_name = "admin/scoped_export/export.html"
    export_change_list_template = "admin/scoped_export/change_list.html"

    def init_change_list_template(self):
        # import-export swaps the list's template for its own, which extends Django's generic one: the
        # list's own (the teacher list's «Импорт из Excel») would be lost. Ours extends whichever the
        # list has: its admin's, or the one Django would look up for the model.
        app_label, model_name = self.model._meta.app_label, self.model._meta.model_name
        own = [self.change_list_template] if self.change_list_template else []
        self.base_change_list_templates = own or [
            f"admin/{app_label}/{model_name}/change_list.html",
            f"admin/{app_label}/change_list.html",
            "admin/change_list.html",
        ]
        self.change_list_template = self.export_change_list_template

    @property
    def ie_base_change_list_template(self):
        return select_template(self.base_change_list_templates)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def changelist_view(self, request, extra_context=None):
        # The export opens with the list's own query string: its filters, search and order.
        query = request.GET.urlencode()
        export_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_export")
        extra_context = {"export_url": f"{export_url}?{query}" if query else export_url, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_export_formats(self):
        return EXPORT_FORMATS

    def get_export_resource_classes(self, request):
        classes = super().get_export_resource_classes(request)
        if user_scope(request.user).many_schools and self.school_field:
            return [resource.with_school(self.school_field) for resource in classes]
        return classes

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            self.message_user(
                request, "Список с такими фильтрами не открывается: выберите фильтры заново и повторите экспорт.", messages.ERROR
            )
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    def init_request_context_data(self, request, form):
        context = super().init_request_context_data(request, form)
        query = request.GET.urlencode()
        changelist_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        context.update(
            title=f"Экспорт: {self.opts.verbose_name_plural}",
            changelist_url=f"{changelist_url}?{query}" if query else changelist_url,
            filtered=bool(query),
            rows=self.get_export_queryset(request).count(),
            many_schools=user_scope(request.user).many_schools,
        )
        return context

    def export_filenames(self, request, extension: str) -> tuple[str, str]:
        """The file's Russian name («Педагоги — Школа № 41 — 03.12.2026.xlsx») and its Latin fallback."""
        today = timezone.localdate()
        parts = [capfirst(self.opts.verbose_name_plural)]
        if user_scope(request.user).school_id:
            parts.append(filename_part(request.user.school.short_name))
        russian = " — ".join([*parts, f"{today:%d.%m.%Y}"])
        return f"{russian}.{extension}", f"{self.opts.model_name}-{today:%Y-%m-%d}.{extension}"

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        # import-export's own, with a Russian file name (RFC 6266) instead of «Teacher-2026-12-03.xlsx».
        content = self.get_export_data(file_format, request, queryset, encoding=self.to_encoding, export_form=export_form)
        response = HttpResponse(content, content_type=file_format.get_content_type())
        filename, ascii_filename = self.export_filenames(request, file_format.get_extension())
        response["Content-Disposition"] = content_disposition(filename, ascii_filename)
        post_export.send(sender=None, model=self.model)
        return response


class SchoolScopedTabularInline(ScopedFormfieldsMixin, admin.TabularInline):
    pass


class SchoolScopedStackedInline(ScopedFormfieldsMixin, admin.StackedInline):
    pass


class SharedReferenceAdmin(RussianTitlesMixin, NotFoundOutsideQuerysetMixin, admin.ModelAdmin):
    """Reference data common to all schools: everybody with a scope reads it, only the administrator edits it."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.none() if user_scope(request.user).is_empty else queryset

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)
