from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from apps.core.admin import SchoolScopedAdmin, SchoolScopedTabularInline
from apps.mentees.models import Mentee, MenteeStatus

from .models import OPEN_STATUSES, Pair, PairMentee, PairStatus
from .services import pair_activate, pair_add_mentee, pair_end

CLOSED_STATUSES = (PairStatus.COMPLETED, PairStatus.DISSOLVED)


class PairMenteeFormSet(BaseInlineFormSet):
    """The pair's whole membership, checked at once against the mentor's capacity."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        pair = self.instance
        if not pair.mentor_id:
            return  # the pair's own form reports the missing mentor
        staying = []
        for form in self.forms:
            if not form.has_changed() and form.instance._state.adding:
                continue  # an empty extra row
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            mentee = form.cleaned_data.get("mentee")
            if mentee is None:
                continue
            adding = form.instance._state.adding
            if not adding and "mentee" in form.changed_data:
                form.add_error("mentee", "Чтобы заменить наставляемого, отметьте дату выхода и добавьте новую строку.")
            if adding and form.cleaned_data.get("left_on"):
                form.add_error("left_on", "Новый наставляемый не может сразу выйти из пары.")
            if mentee.teacher_id == pair.mentor.teacher_id:
                form.add_error("mentee", "Наставник не может быть наставляемым в своей же паре.")
            if form.cleaned_data.get("left_on") is None:
                staying.append(form)
        if any(self.errors):
            return
        if pair.status not in OPEN_STATUSES:
            if any(form.instance._state.adding for form in staying):
                raise ValidationError("В завершённую или расформированную пару нельзя добавлять наставляемых.")
            return
        if not staying:
            raise ValidationError("В паре или группе должен быть хотя бы один наставляемый.")
        try:
            pair.mentor.check_capacity(len(staying), pair=pair if pair.pk else None)
        except ValidationError as error:
            raise ValidationError(error.messages) from error


class PairMenteeInline(SchoolScopedTabularInline):
    model = PairMentee
    formset = PairMenteeFormSet
    fields = ["mentee", "joined_on", "left_on"]
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
        return (obj is None or obj.is_open) and super().has_delete_permission(request, obj)


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
        return cleaned


@admin.register(Pair)
class PairAdmin(SchoolScopedAdmin):
    form = PairAdminForm
    inlines = [PairMenteeInline]
    list_display = ["mentor_name", "mentee_list", "form", "status", "started_on", "planned_end_on", "ended_on"]
    list_select_related = ["mentor__teacher", "form"]
    list_filter = ["status", "form", "kinds"]
    search_fields = [
        "mentor__teacher__last_name",
        "mentor__teacher__first_name",
        "memberships__mentee__teacher__last_name",
    ]
    autocomplete_fields = ["mentor"]
    date_hierarchy = "started_on"
    ordering = ["-started_on", "pk"]
    actions = ["activate_pairs", "complete_pairs", "dissolve_pairs"]
    readonly_fields = ["missing_consents_display", "created_at", "updated_at"]

    def get_fieldsets(self, request, obj=None):
        main = ["school", "mentor", "form", "kinds", "status", "started_on", "planned_end_on"]
        if obj is None:
            return [(None, {"fields": main})]
        return [
            (None, {"fields": main}),
            ("Согласия участников", {"fields": ["missing_consents_display"]}),
            ("Окончание", {"fields": ["ended_on", "end_reason"]}),
            ("Служебное", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None:
            readonly.append("status")  # a new pair is always formed as a draft
        elif not obj.is_open:
            # A closed pair keeps its history; only the reason may be completed.
            readonly += ["mentor", "form", "status", "started_on", "planned_end_on", "ended_on"]
        return readonly

    def get_queryset(self, request):
        return (
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

    @admin.display(description="наставник", ordering="mentor__teacher__last_name")
    def mentor_name(self, obj):
        return obj.mentor.teacher.short_name

    @admin.display(description="нет согласий")
    def missing_consents_display(self, obj):
        if obj is None or obj.pk is None or not obj.is_open:
            return "—"
        missing = obj.missing_consents()
        return "; ".join(missing) if missing else "все согласия получены"

    @admin.display(description="наставляемые")
    def mentee_list(self, obj):
        current = [m.mentee.teacher.short_name for m in obj.memberships.all() if m.left_on is None]
        return ", ".join(current) or "—"

    def save_model(self, request, obj, form, change):
        self.assign_school(request, obj)
        closing = change and obj.status in CLOSED_STATUSES and form.initial.get("status") in OPEN_STATUSES
        if closing:
            pair_end(pair=obj, status=obj.status, ended_on=obj.ended_on, reason=obj.end_reason)
        else:
            obj.save()

    def save_formset(self, request, form, formset, change):
        if formset.model is not PairMentee:
            return super().save_formset(request, form, formset, change)
        pair = form.instance
        formset.save(commit=False)
        touched = set()
        for membership in formset.deleted_objects:
            touched.add(membership.mentee_id)
            membership.delete()
        for membership, _ in formset.changed_objects:
            if not pair.is_open and membership.left_on is None:
                membership.left_on = pair.ended_on  # closed in this same save by pair_end
            touched.add(membership.mentee_id)
            membership.save()
        # New members go through the service: it locks the mentor and re-checks the capacity.
        for membership in formset.new_objects:
            pair_add_mentee(pair=pair, mentee=membership.mentee, joined_on=membership.joined_on)
        self._release_mentees(touched)

    def delete_model(self, request, obj):
        mentee_ids = list(obj.memberships.values_list("mentee_id", flat=True))
        super().delete_model(request, obj)
        self._release_mentees(mentee_ids)

    def delete_queryset(self, request, queryset):
        mentee_ids = list(PairMentee.objects.filter(pair__in=queryset).values_list("mentee_id", flat=True))
        super().delete_queryset(request, queryset)
        self._release_mentees(mentee_ids)

    @staticmethod
    def _release_mentees(mentee_ids):
        """Mentees removed from a pair, or marked as left, wait for a mentor again."""
        still_paired = PairMentee.objects.open().filter(mentee_id__in=mentee_ids).values("mentee_id")
        Mentee.objects.filter(pk__in=mentee_ids, status=MenteeStatus.PAIRED).exclude(pk__in=still_paired).update(
            status=MenteeStatus.WAITING, updated_at=timezone.now()
        )

    def _end_pairs(self, request, queryset, status, done_message):
        today = timezone.localdate()
        ended = 0
        for pair in queryset:
            if not pair.is_open:
                self.message_user(request, f"«{pair}»: пара уже {pair.get_status_display()}.", messages.WARNING)
                continue
            try:
                with transaction.atomic():
                    pair_end(pair=pair, status=status, ended_on=today)
            except ValidationError as error:
                self.message_user(request, f"«{pair}»: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.log_change(request, pair, [{"changed": {"fields": ["статус"]}}])
            ended += 1
        if ended:
            self.message_user(request, f"{done_message}: {ended}.", messages.SUCCESS)

    @admin.action(description="Начать работу (нужны согласия всех участников)", permissions=["change"])
    def activate_pairs(self, request, queryset):
        started = 0
        for pair in queryset:
            try:
                pair_activate(pair=pair)
            except ValidationError as error:
                self.message_user(request, f"«{pair}»: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.log_change(request, pair, [{"changed": {"fields": ["статус"]}}])
            started += 1
        if started:
            self.message_user(request, f"Начали работу пар и групп: {started}.", messages.SUCCESS)

    @admin.action(description="Завершить (сегодняшней датой)", permissions=["change"])
    def complete_pairs(self, request, queryset):
        self._end_pairs(request, queryset, PairStatus.COMPLETED, "Завершено пар и групп")

    @admin.action(description="Расформировать (сегодняшней датой)", permissions=["change"])
    def dissolve_pairs(self, request, queryset):
        self._end_pairs(request, queryset, PairStatus.DISSOLVED, "Расформировано пар и групп")
