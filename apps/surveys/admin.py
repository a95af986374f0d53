from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from apps.core.admin_shared import SharedOrOwnAdminMixin, SharedOrOwnInlineMixin
from apps.schools.admin_scope import SchoolScopedAdmin, SchoolScopedStackedInline, user_scope

from .admin_actions import report_sending
from .models import Invitation, Question, Questionnaire, Response
from .selectors import answers_for_display
from .services import invitation_revoke, invitation_url, invitations_send, questionnaire_copy


class QuestionInline(SharedOrOwnInlineMixin, SchoolScopedStackedInline):
    """A standard questionnaire's questions (no school) are read-only for everybody but the administrator."""

    model = Question
    extra = 0
    fieldsets = [
        (None, {"fields": [("order", "code"), "section", "text", "help_text", ("type", "required")]}),
        ("Варианты ответа", {"fields": ["choices", "choice_source", ("scale_min", "scale_max")]}),
        (None, {"fields": ["bank_field"]}),
    ]


@admin.register(Questionnaire)
class QuestionnaireAdmin(SharedOrOwnAdminMixin, SchoolScopedAdmin):
    """Standard questionnaires are shown to every school read-only; a school edits its own copy."""

    list_display = ["title", "kind", "owner_display", "version", "is_active", "question_count"]
    list_filter = ["kind", "is_active"]
    search_fields = ["title"]
    inlines = [QuestionInline]
    actions = ["copy_for_my_school"]
    fields = ["school", "kind", "version", "title", "intro", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("school").annotate(question_total=Count("questions"))

    @admin.display(description="чья", ordering="school__short_name")
    def owner_display(self, obj):
        return obj.school.short_name if obj.school_id else "типовая"

    @admin.display(description="вопросов", ordering="question_total")
    def question_count(self, obj):
        return obj.question_total

    def copy_queryset(self, queryset):
        return queryset.prefetch_related("questions")

    def copy_item(self, *, item, school):
        return questionnaire_copy(questionnaire=item, school=school)

    def copy_message(self, copy):
        return format_html(
            "Создана копия «{}», версия {}: теперь организация использует её. <a href=\"{}\">Изменить вопросы</a>",
            copy.title,
            copy.version,
            reverse("admin:surveys_questionnaire_change", args=[copy.pk]),
        )


@admin.register(Response)
class ResponseAdmin(SchoolScopedAdmin):
    """Submitted questionnaires: evidence, read-only."""

    school_field = "teacher__school"
    list_display = ["teacher", "questionnaire_title", "kind_display", "submitted_at", "updated_at"]
    list_select_related = ["teacher", "questionnaire"]
    list_filter = ["questionnaire__kind"]
    search_fields = ["teacher__last_name", "teacher__first_name", "teacher__patronymic"]
    date_hierarchy = "submitted_at"
    fields = ["teacher", "questionnaire", "pair", "submitted_at", "updated_at", "answers_display"]
    readonly_fields = fields

    @admin.display(description="анкета", ordering="questionnaire__title")
    def questionnaire_title(self, obj):
        return obj.questionnaire.title

    @admin.display(description="вид", ordering="questionnaire__kind")
    def kind_display(self, obj):
        return obj.questionnaire.get_kind_display()

    @admin.display(description="ответы")
    def answers_display(self, obj):
        rows = answers_for_display(obj.answers)
        if not rows:
            return "—"
        return format_html(
            '<dl class="survey-answers">{}</dl>',
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((row["question"], row["text"]) for row in rows)),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class InvitationStateFilter(admin.SimpleListFilter):
    title = "состояние"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("ok", "действует"), ("used", "анкета заполнена"), ("expired", "истекла"), ("revoked", "отозвана")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "ok":
            return queryset.usable()
        if self.value() == "used":
            return queryset.filter(used_at__isnull=False, revoked_at__isnull=True)
        if self.value() == "expired":
            return queryset.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


class SentFilter(admin.SimpleListFilter):
    title = "отправлена по e-mail"
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return [("yes", "да"), ("no", "нет")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(sent_at__isnull=True)
        return queryset


STATE_LABELS = {"ok": "действует", "used": "анкета заполнена", "expired": "истекла", "revoked": "отозвана"}


@admin.register(Invitation)
class InvitationAdmin(SchoolScopedAdmin):
    """Personal links are made by the actions on the teacher list; here they are watched, re-sent, revoked, printed."""

    list_display = ["teacher", "kind", "state_display", "created_at", "expires_at", "sent_at", "used_at"]
    list_select_related = ["teacher"]
    list_filter = [InvitationStateFilter, SentFilter, "kind"]
    search_fields = ["teacher__last_name", "teacher__first_name", "teacher__patronymic", "teacher__email"]
    date_hierarchy = "created_at"
    actions = ["send_again", "revoke", "print_links"]
    fields = ["teacher", "kind", "pair", "state_display", "link_display", "created_at", "created_by", "expires_at", "sent_at", "used_at", "revoked_at"]
    readonly_fields = fields

    @admin.display(description="состояние")
    def state_display(self, obj):
        return STATE_LABELS[obj.state]

    @admin.display(description="персональная ссылка")
    def link_display(self, obj):
        if obj.state != "ok":
            return "—"
        # Built on SITE_URL: a display method has no request (and admin instances are shared between threads).
        return format_html('<input type="text" readonly value="{}" style="width: 100%;" aria-label="Персональная ссылка">', invitation_url(obj))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_send_permission(self, request):
        return user_scope(request.user).can_write and request.user.has_perm("surveys.add_invitation")

    @admin.action(description="Отправить ссылки по e-mail ещё раз", permissions=["send"])
    def send_again(self, request, queryset):
        invitations = list(queryset.select_related("teacher__school"))
        result = invitations_send(invitations=invitations, request_or_site_url=request, created_by=request.user)
        return report_sending(self, request, result)

    @admin.action(description="Отозвать ссылки", permissions=["send"])
    def revoke(self, request, queryset):
        revoked = 0
        for invitation in queryset:
            try:
                invitation_revoke(invitation=invitation, by=request.user)
            except ValidationError:
                continue
            revoked += 1
        self.message_user(request, f"Отозвано ссылок: {revoked}.", messages.SUCCESS)

    @admin.action(description="Распечатать ссылки", permissions=["view"])
    def print_links(self, request, queryset):
        invitations = list(queryset.select_related("teacher__school").order_by("teacher__last_name", "teacher__first_name"))
        rows = [{"invitation": i, "url": invitation_url(i, request)} for i in invitations if i.state == "ok"]
        skipped = len(invitations) - len(rows)
        return render(request, "admin/surveys/invitation/print_links.html", {"rows": rows, "skipped": skipped, "title": "Персональные ссылки на анкеты"})
