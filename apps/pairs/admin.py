from dataclasses import dataclass, field

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from apps.schools.admin_scope import SchoolScopedAdmin, SchoolScopedTabularInline, ScopedExportMixin

from .admin_flow import PairFlowAdminMixin
from .models import (
    CONSENT_NAMES,
    OPEN_STATUSES,
    STALE_THRESHOLDS,
    Pair,
    PairMentee,
    PairStatus,
)
from .resources import PairResource
from .selectors import needs_review_q, with_stale_level
from .services import (
    PAIR_TERMS,
    check_correction,
    check_joining,
    check_leaving,
    check_members,
    check_mentor,
    pair_create,
    pair_delete,
    pair_end,
    pair_reviews_close,
    pair_update,
)

CLOSED_STATUSES = (PairStatus.COMPLETED, PairStatus.DISSOLVED)


@dataclass
class MembersChange:
    """The inline's rows sorted into what pair_create / pair_update are asked to do."""

    joining: list = field(default_factory=list)
    leaving: list = field(default_factory=list)
    corrections: list = field(default_factory=list)
    deleting: list = field(default_factory=list)
    staying: int = 0  # mentees in the pair after the change

    def as_kwargs(self) -> dict:
        return {"joining": self.joining, "leaving": self.leaving, "corrections": self.corrections, "deleting": self.deleting}


class PairMenteeFormSet(BaseInlineFormSet):
    """The pair's mentees, row by row: each row is checked with the services' own rules (apps/pairs/services.py)
    before anything is saved, and the whole membership against the mentor's capacity."""

    def clean(self):
        super().clean()
        self.change = None
        if any(self.errors):
            return
        pair = self.instance
        if not pair.mentor_id:
            return  # the pair's own form reports the missing mentor
        stored_pair = Pair.objects.filter(pk=pair.pk).first() if pair.pk else None
        stored = {m.pk: m for m in PairMentee.objects.filter(pair=stored_pair)} if stored_pair else {}
        change = MembersChange(staying=sum(1 for m in stored.values() if m.left_on is None))
        for form in self.forms:
            row = form.instance
            try:
                if row.pk is None:
                    if not form.has_changed() or self._should_delete_form(form):
                        continue  # an empty extra row, or a new one taken back
                    check_joining(membership=row)
                    change.joining.append(row)
                    change.staying += 1
                elif self._should_delete_form(form):
                    change.deleting.append(row)
                    change.staying -= stored[row.pk].left_on is None
                elif form.has_changed():
                    if stored[row.pk].left_on is None and row.left_on:
                        check_leaving(membership=row)
                        change.leaving.append(row)
                        change.staying -= 1
                    else:
                        check_correction(stored=stored[row.pk], membership=row)
                        change.corrections.append(row)
            except ValidationError as error:
                form.add_error(None, error)
        if any(self.errors):
            return
        handed_over = stored_pair is not None and stored_pair.mentor_id != pair.mentor_id
        if stored_pair is None or handed_over or change.joining or change.leaving:  # as pair_create, pair_update
            check_members(pair=stored_pair or pair, mentor=pair.mentor, staying=change.staying)
        self.change = change


class PairMenteeInline(SchoolScopedTabularInline):
    model = PairMentee
    formset = PairMenteeFormSet
    fields = ["mentee", "joined_on", "left_on", "left_reason"]
    autocomplete_fields = ["mentee"]
    verbose_name = "наставляемый"
    verbose_name_plural = "наставляемые"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mentee__teacher")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0

    # A closed pair is history: its members are shown, not edited.
    def has_add_permission(self, request, obj=None):
        return (obj is None or obj.is_open) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.is_open) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Only a forming pair's rows may be deleted; a working pair keeps who left, when and why.
        return (obj is None or obj.status == PairStatus.DRAFT) and super().has_delete_permission(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "left_reason":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 1, "cols": 30})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ReviewListFilter(admin.SimpleListFilter):
    title = "на пересмотр"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("yes", "Пары на пересмотр (ответ «не подходит»)")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(needs_review_q(), status__in=OPEN_STATUSES)
        return queryset


class StaleListFilter(admin.SimpleListFilter):
    title = "активность"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [(str(days), f"нет активности {days}+ дней") for days in STALE_THRESHOLDS]

    def queryset(self, request, queryset):
        if self.value() in {str(days) for days in STALE_THRESHOLDS}:
            return queryset.filter(stale_days__gte=int(self.value()))
        return queryset


class ProgrammeListFilter(admin.SimpleListFilter):
    title = "программа"
    parameter_name = "programme"

    def lookups(self, request, model_admin):
        return [("yes", "составлена"), ("none", "не составлена")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(programme__isnull=False)
        if self.value() == "none":
            return queryset.filter(programme__isnull=True)
        return queryset


class PairAdminForm(forms.ModelForm):
    class Meta:
        model = Pair
        fields = "__all__"
        widgets = {"kinds": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and not self.instance._state.adding:
            # Starting work needs the consents (action «Начать работу»); here a pair can only be closed.
            allowed = (self.instance.status, *CLOSED_STATUSES)
            status.choices = [c for c in status.choices if c[0] in allowed]
        if "ended_on" in self.fields:
            self.fields["ended_on"].help_text = "Заполняется при завершении или расформировании."

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status in CLOSED_STATUSES and "ended_on" in self.fields and not cleaned.get("ended_on"):
            self.add_error("ended_on", "Укажите дату завершения или расформирования.")
        if status in OPEN_STATUSES and cleaned.get("ended_on"):
            self.add_error("ended_on", "Дата окончания ставится только при завершении или расформировании.")
        mentor = cleaned.get("mentor")
        if mentor is not None and (self.instance._state.adding or "mentor" in self.changed_data):
            try:
                check_mentor(mentor=mentor)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Pair)
class PairAdmin(PairFlowAdminMixin, ScopedExportMixin, SchoolScopedAdmin):
    resource_classes = [PairResource]
    form = PairAdminForm
    # The pair's page, with the flow's strip (pairs/admin/change_form.html); apps above pairs may add to it
    # by overriding admin/pairs/pair/change_form.html and extending this one (apps/documents does).
    change_form_template = ["admin/pairs/pair/change_form.html", "pairs/admin/change_form.html"]
    inlines = [PairMenteeInline]
    list_display = ["mentor_name", "mentee_list", "form", "status", "started_on", "planned_end_on", "ended_on", "activity_display"]
    list_select_related = ["mentor__teacher", "form"]
    list_filter = ["status", ReviewListFilter, StaleListFilter, ProgrammeListFilter, "form", "kinds"]
    search_fields = [
        "mentor__teacher__last_name",
        "mentor__teacher__first_name",
        "memberships__mentee__teacher__last_name",
    ]
    autocomplete_fields = ["mentor"]
    date_hierarchy = "started_on"
    ordering = ["-started_on", "pk"]
    # Apps above pairs add theirs from their own admin modules (apps/core/admin_actions.py):
    # programmes «Создать программу по шаблону» after «Начать работу», surveys the satisfaction
    # questionnaires and documents the order at the end.
    actions = [
        "record_paper_consents",
        "activate_pairs",
        "close_reviews",
        "complete_pairs",
        "dissolve_pairs",
    ]
    readonly_fields = ["consents_display", "consents_text", "fit_answers_display", "created_at", "updated_at"]

    def get_fieldsets(self, request, obj=None):
        main = ["school", "mentor", "form", "kinds", "status", "started_on", "planned_end_on"]
        if obj is None:
            return [(None, {"fields": main})]
        ending = {"fields": ["ended_on", "end_reason"]}
        if obj.is_open:
            ending["description"] = (
                "Завершить или расформировать пару можно кнопкой «Завершить» в ходе работы пары или действием в списке пар: "
                "страница перед этим покажет невыполненные мероприятия программы."
            )
        return [
            (None, {"fields": main}),
            ("Согласия участников", {"fields": [self._consents_field(request, obj)]}),
            ("Подходит ли пара участникам", {"fields": ["fit_answers_display"]}),
            ("Окончание", ending),
            ("Служебное", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None:
            readonly.append("status")  # a new pair is always formed as a draft
        elif obj.is_open:
            # A pair is closed by «Завершить» (or the list's actions), whose page warns about the programme's
            # open activities: the form would close it without a word.
            readonly += ["status", "ended_on", "end_reason"]
        else:
            # A closed pair keeps its history; only the reason may be completed.
            readonly += ["mentor", "form", "status", "started_on", "planned_end_on", "ended_on"]
        if obj is not None and obj.is_network and "mentor" not in readonly:
            readonly.append("mentor")  # the partner school's mentor, agreed through the network request
        return readonly

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .select_related("mentor__teacher", "form")
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=PairMentee.objects.select_related("mentee__teacher").order_by("left_on", "pk"),
                )
            )
        )
        return with_stale_level(queryset)

    @admin.display(description="последняя активность", ordering="last_activity_on")
    def activity_display(self, obj):
        if obj.status != PairStatus.ACTIVE:
            return "—"
        day = f"{obj.last_activity_on:%d.%m.%Y}"
        if obj.stale_days:
            return format_html('{} <strong style="color: var(--error-fg, #ba2121)">нет активности {}+ дней</strong>', day, obj.stale_days)
        return day

    @admin.display(description="наставник", ordering="mentor__teacher__last_name")
    def mentor_name(self, obj):
        return obj.mentor.teacher.short_name

    @admin.display(description="ответы участников")
    def fit_answers_display(self, obj):
        """The answers to «Подходит ли вам пара?», given on the participants' page."""
        answers = list(obj.feedbacks.select_related("teacher").order_by("answered_at")) if obj and obj.pk else []
        if not answers:
            return "ещё не отвечали (вопрос задаётся после первой встречи)"
        return format_html_join(
            "",
            "<div>{}: <strong>{}</strong> ({}){}{}</div>",
            (
                (
                    a.teacher.short_name,
                    a.get_answer_display(),
                    f"{timezone.localtime(a.answered_at):%d.%m.%Y}",
                    f" — «{a.comment}»" if a.comment else "",
                    " · рассмотрено куратором" if a.reviewed_at else (" · на пересмотр" if a.needs_review else ""),
                )
                for a in answers
            ),
        )

    def _consents_field(self, request, obj) -> str:
        """With the right to record consents, each missing one links to the page that records it."""
        return "consents_display" if obj.is_open and self.can_record_consents(request, obj) else "consents_text"

    def _consent_rows(self, obj, *, links: bool):
        if obj is None or obj.pk is None:
            return "—"
        rows = []
        for teacher, kind, consent in obj.consent_items():
            if consent is not None:
                how = "на бумаге" if consent.source == consent.Source.PAPER else "на портале"
                rows.append(format_html("<li>{} — {}: получено {} ({})</li>", teacher.short_name, CONSENT_NAMES[kind], f"{timezone.localtime(consent.given_at):%d.%m.%Y}", how))
            elif not obj.is_open:
                rows.append(format_html("<li>{} — {}: не вносилось</li>", teacher.short_name, CONSENT_NAMES[kind]))
            elif links:
                url = reverse("admin:pairs_pair_record_consent", args=[obj.pk]) + f"?teacher={teacher.pk}"
                rows.append(
                    format_html(
                        '<li><strong>нет</strong>: {} — {} <a class="button" href="{}">Внести: подписано на бумаге</a></li>',
                        teacher.short_name,
                        CONSENT_NAMES[kind],
                        url,
                    )
                )
            else:
                rows.append(format_html("<li><strong>нет</strong>: {} — {}</li>", teacher.short_name, CONSENT_NAMES[kind]))
        return format_html('<ul class="pair-consents">{}</ul>', format_html_join("", "{}", ((row,) for row in rows)))

    @admin.display(description="согласия")
    def consents_text(self, obj):
        return self._consent_rows(obj, links=False)

    @admin.display(description="согласия")
    def consents_display(self, obj):
        return self._consent_rows(obj, links=True)

    @admin.display(description="наставляемые")
    def mentee_list(self, obj):
        current = [m.mentee.teacher.short_name for m in obj.memberships.all() if m.left_on is None]
        return ", ".join(current) or "—"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # The forms asked the rules first; this is another curator who took the same mentor's place
            # or the same mentee in between. Nothing was saved: the transaction rolled back.
            self.message_user(request, "Изменения не сохранены: " + " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        # Nothing is written yet: the pair is saved with its mentees in save_related, through the services.
        self.assign_school(request, obj)

    def save_related(self, request, form, formsets, change):
        """The pair and its mentees through apps/pairs/services.py: pair_create, pair_update, pair_end."""
        members = next(formset for formset in formsets if formset.model is PairMentee)
        members.save(commit=False)  # sorts the rows for the change message; writes nothing
        pair = form.instance
        if not change:
            created = pair_create(
                school=pair.school,
                mentor=pair.mentor,
                mentees=[row.mentee for row in members.change.joining],
                joined_on={row.mentee_id: row.joined_on for row in members.change.joining if row.joined_on},
                form=pair.form,
                started_on=pair.started_on,
                planned_end_on=pair.planned_end_on,
                kinds=form.cleaned_data.get("kinds", ()),
            )
            # The admin goes on with its own object: the log entry and the redirect need the id.
            pair.pk, pair._state.adding, pair._state.db = created.pk, False, created._state.db
            return
        closing = pair.status in CLOSED_STATUSES and form.initial.get("status") in OPEN_STATUSES
        terms = {name: form.cleaned_data[name] for name in form.changed_data if name in PAIR_TERMS}
        if closing:
            terms.pop("end_reason", None)  # pair_end records it
        if terms or any(members.change.as_kwargs().values()):
            pair_update(pair=pair, **members.change.as_kwargs(), **terms)
        if closing:
            pair_end(pair=pair, status=pair.status, ended_on=pair.ended_on, reason=pair.end_reason)

    def delete_model(self, request, obj):
        pair_delete(pair=obj)

    def delete_queryset(self, request, queryset):
        for pair in queryset:
            pair_delete(pair=pair)

    @admin.action(description="Пересмотр проведён: убрать из списка на пересмотр", permissions=["change"])
    def close_reviews(self, request, queryset):
        closed = pair_reviews_close(pairs=queryset)
        self.message_user(request, f"Ответов «не подходит» отмечено рассмотренными: {closed}.", messages.SUCCESS if closed else messages.INFO)
