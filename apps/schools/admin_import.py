"""The curator's staff import in the back-office: upload → preview → confirm.

The page only moves the file between the steps; every rule is the import service's
(`apps.schools.staff_import`), which the `import_staff` command calls too. The preview is
a dry run; the uploaded file waits in a private folder (never served) under a random
token kept in the user's session; the confirm step imports it again from scratch,
atomically, and refuses to write if the result would differ from what was previewed.
Teachers always go to the user's own school.
"""

import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from apps.core.xlsx import xlsx_response

from .staff_import import (
    COLUMNS,
    MAX_FILE_SIZE,
    StaffImportChanged,
    StaffImportError,
    staff_import,
    staff_list_xlsx,
)

SESSION_KEY = "staff_import_pending"
PENDING_MAX_AGE = 24 * 60 * 60
PREVIEW_ROWS = 500  # rows shown per table; the summary always counts all
ERRORS_SHOWN = 300


def pending_dir() -> Path:
    """Uploaded files waiting for confirmation: outside MEDIA_ROOT and STATIC_ROOT, never served."""
    return Path(getattr(settings, "STAFF_IMPORT_DIR", settings.BASE_DIR / "var" / "staff_imports"))


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label="Файл со списком педагогов",
        help_text=f"Книга Excel (.xlsx) или CSV, не больше {MAX_FILE_SIZE // (1024 * 1024)} МБ.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(f"Файл больше {MAX_FILE_SIZE // (1024 * 1024)} МБ.")
        return upload


class StaffImportAdminMixin:
    """Adds «Импорт из Excel» to the Teacher admin (its button is in admin/schools/teacher/change_list.html)."""

    staff_import_template = "admin/schools/teacher/staff_import.html"
    staff_import_preview_template = "admin/schools/teacher/staff_import_preview.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("import/", self.admin_site.admin_view(self.staff_import_view), name="%s_%s_import" % info),
            path(
                "import/template.xlsx",
                self.admin_site.admin_view(self.staff_import_template_view),
                name="%s_%s_import_template" % info,
            ),
            *super().get_urls(),
        ]

    def has_staff_import_permission(self, request) -> bool:
        """Adding and changing teachers, with a school of one's own to import into."""
        return bool(
            request.user.school_id and self.has_add_permission(request) and self.has_change_permission(request)
        )

    # -- views -------------------------------------------------------------

    def staff_import_template_view(self, request):
        if not self.has_staff_import_permission(request):
            raise PermissionDenied
        return xlsx_response(staff_list_xlsx(), filename="Список педагогов — шаблон.xlsx", ascii_filename="staff-template.xlsx")

    def staff_import_view(self, request):
        if not self.has_staff_import_permission(request):
            raise PermissionDenied
        school = request.user.school
        action = request.POST.get("action")
        if request.method == "POST" and action == "confirm":
            return self._staff_import_confirm(request, school)
        if request.method == "POST" and action == "cancel":
            _drop_pending(request)
            messages.info(request, "Импорт отменён: ничего не изменено.")
            return HttpResponseRedirect(self._changelist_url())

        form = StaffImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                report = staff_import(school=school, content=content, filename=upload.name, dry_run=True)
            except StaffImportError as e:
                return self._render_form(request, school, form, errors=e.messages)
            token = _save_pending(request, school=school, filename=upload.name, content=content, digest=report.digest())
            return self._render_preview(request, school, report, token=token, filename=upload.name)
        return self._render_form(request, school, form)

    def _staff_import_confirm(self, request, school):
        pending = request.session.get(SESSION_KEY)
        token = request.POST.get("token", "")
        content = _read_pending(pending) if pending else None
        if not pending or not secrets.compare_digest(pending["token"], token) or pending["school"] != school.pk or content is None:
            messages.error(request, "Предпросмотр устарел или уже подтверждён: загрузите файл ещё раз.")
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        filename = pending["filename"]
        try:
            report = staff_import(school=school, content=content, filename=filename, expect_digest=pending["digest"])
        except StaffImportError as e:
            _drop_pending(request)
            return self._render_form(request, school, StaffImportForm(), errors=e.messages)
        except StaffImportChanged as e:
            # Someone changed the teachers meanwhile: show what the import would do now.
            pending["digest"] = e.report.digest()
            request.session[SESSION_KEY] = pending
            return self._render_preview(request, school, e.report, token=pending["token"], filename=filename, changed=True)
        _drop_pending(request)
        messages.success(
            request,
            f"Импорт выполнен: добавлено педагогов — {report.created}, обновлено — {report.updated}, "
            f"без изменений — {report.unchanged}.",
        )
        return HttpResponseRedirect(self._changelist_url())

    # -- rendering -----------------------------------------------------------

    def _changelist_url(self) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def _context(self, request, school, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "school": school,
            "has_view_permission": self.has_view_permission(request),
            "changelist_url": self._changelist_url(),
            "template_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import_template"),
            **extra,
        }

    def _render_form(self, request, school, form, errors=()):
        errors = list(errors)
        context = self._context(
            request,
            school,
            title="Импорт педагогов из Excel",
            form=form,
            errors=errors[:ERRORS_SHOWN],
            errors_hidden=max(len(errors) - ERRORS_SHOWN, 0),
            columns=[(header, value_required) for _, header, _, value_required in COLUMNS],
        )
        return TemplateResponse(request, self.staff_import_template, context, status=400 if errors else 200)

    def _render_preview(self, request, school, report, *, token, filename, changed=False):
        changed_rows = report.changed_rows()
        unchanged_rows = [r for r in report.rows if r.action == "unchanged"]
        context = self._context(
            request,
            school,
            title="Импорт педагогов: проверьте изменения",
            report=report,
            token=token,
            filename=filename,
            changed=changed,
            changed_rows=changed_rows[:PREVIEW_ROWS],
            changed_hidden=max(len(changed_rows) - PREVIEW_ROWS, 0),
            unchanged_rows=unchanged_rows[:PREVIEW_ROWS],
            unchanged_hidden=max(len(unchanged_rows) - PREVIEW_ROWS, 0),
        )
        return TemplateResponse(request, self.staff_import_preview_template, context)


# -- the file between preview and confirm ------------------------------------


def _save_pending(request, *, school, filename: str, content: bytes, digest: str) -> str:
    _drop_pending(request)
    folder = pending_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    _remove_stale(folder)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.upload").write_bytes(content)
    request.session[SESSION_KEY] = {"token": token, "school": school.pk, "filename": filename, "digest": digest}
    return token


def _read_pending(pending: dict) -> bytes | None:
    try:
        return (pending_dir() / f"{pending['token']}.upload").read_bytes()
    except (OSError, KeyError):
        return None


def _drop_pending(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        (pending_dir() / f"{pending['token']}.upload").unlink(missing_ok=True)


def _remove_stale(folder: Path) -> None:
    limit = time.time() - PENDING_MAX_AGE
    for file in folder.glob("*.upload"):
        try:
            if file.stat().st_mtime < limit:
                file.unlink()
        except OSError:
            pass
