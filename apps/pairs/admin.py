from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from apps.core.admin import NOT_FOUND, SchoolScopedAdmin, SchoolScopedTabularInline
from apps.schools.models import Teacher

from .models import (
    CONSENT_NAMES,
    OPEN_STATUSES,
    STALE_THRESHOLDS,
    Pair,
    PairMentee,
    PairStatus,
)
from .selectors import needs_review_q, with_stale_level
from .services import (
    check_capacity,
    pair_activate,
    pair_add_mentee,
    pair_consent_record_paper,
    pair_consents_record_paper,
    pair_delete,
    pair_end,
    pair_membership_delete,
    pair_remove_mentee,
    pair_reviews_close,
)

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
            if not adding and "left_on" in form.changed_data and pair.is_open:
                if form.initial.get("left_on") and not form.cleaned_data.get("left_on"):
                    form.add_error("left_on", "Вышедшего наставляемого нельзя вернуть в ту же пару: сформируйте новую пару.")
                elif form.cleaned_data.get("left_on") and not form.cleaned_data.get("left_reason", "").strip():
                    form.add_error("left_reason", "Укажите причину выхода наставляемого из пары.")
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
            check_capacity(pair.mentor, len(staying), pair=pair if pair.pk else None)
        except ValidationError as error:
            raise ValidationError(error.messages) from error


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
        return cleaned


@admin.register(Pair)
class PairAdmin(SchoolScopedAdmin):
    form = PairAdminForm
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
    actions = [
        "record_paper_consents",
        "activate_pairs",
        "create_programmes",
        "close_reviews",
        "complete_pairs",
        "dissolve_pairs",
        "send_satisfaction_surveys",
    ]
    readonly_fields = ["missing_consents_display", "missing_consents_text", "fit_answers_display", "created_at", "updated_at"]

    def get_fieldsets(self, request, obj=None):
        main = ["school", "mentor", "form", "kinds", "status", "started_on", "planned_end_on"]
        if obj is None:
            return [(None, {"fields": main})]
        return [
            (None, {"fields": main}),
            ("Согласия участников", {"fields": [self._consents_field(request, obj)]}),
            ("Подходит ли пара участникам", {"fields": ["fit_answers_display"]}),
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

    def get_urls(self):
        record = self.admin_site.admin_view(self.record_consent_view)
        return [path("<path:object_id>/consent/", record, name="pairs_pair_record_consent"), *super().get_urls()]

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
        """With the right to record consents, the missing ones come with a button each."""
        can_record = self.has_change_permission(request, obj) and request.user.has_perm("consents.add_consent")
        return "missing_consents_display" if can_record else "missing_consents_text"

    @admin.display(description="нет согласий")
    def missing_consents_text(self, obj):
        if obj is None or obj.pk is None or not obj.is_open:
            return "—"
        missing = obj.missing_consents()
        return "; ".join(missing) if missing else "все согласия получены"

    @admin.display(description="нет согласий")
    def missing_consents_display(self, obj):
        if obj is None or obj.pk is None or not obj.is_open:
            return "—"
        missing = obj.missing_consent_items()
        if not missing:
            return "все согласия получены"
        # Each button posts the change form to the consent view (formaction), which records that one consent.
        url = reverse("admin:pairs_pair_record_consent", args=[obj.pk])
        rows = format_html_join(
            "",
            '<li style="margin-bottom: 4px">{} — {} <button type="submit" class="button" formaction="{}" formnovalidate '
            'name="record_consent" value="{}:{}">Внести: подписано на бумаге</button></li>',
            ((teacher.short_name, CONSENT_NAMES[kind], url, teacher.pk, kind) for teacher, kind in missing),
        )
        return format_html('<ul style="margin: 0; padding-left: 1em">{}</ul>', rows)

    def record_consent_view(self, request, object_id):
        """Record one participant's paper consent to the pair, from a button on the pair's page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        pair = self.get_object(request, unquote(object_id))
        if pair is None:
            raise Http404(NOT_FOUND)
        if not (self.has_change_permission(request, pair) and request.user.has_perm("consents.add_consent")):
            raise PermissionDenied
        teacher_id, _, kind = request.POST.get("record_consent", "").partition(":")
        teacher = Teacher.objects.filter(pk=teacher_id if teacher_id.isdecimal() else None, school_id=pair.school_id).first()
        if teacher is None:
            self.message_user(request, "Педагог не найден в этой организации.", messages.ERROR)
        else:
            try:
                pair_consent_record_paper(pair=pair, teacher=teacher, kind=kind, recorded_by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.log_change(request, pair, f"Внесено согласие на бумаге: {teacher.short_name} — {CONSENT_NAMES[kind]}")
                self.message_user(request, f"Внесено согласие на бумаге: {teacher.short_name} — {CONSENT_NAMES[kind]}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:pairs_pair_change", args=[pair.pk]))

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
        for membership in formset.deleted_objects:
            pair_membership_delete(membership=membership)
        left_before = dict(PairMentee.objects.filter(pair=pair).values_list("pk", "left_on"))
        for membership, _ in formset.changed_objects:
            if pair.is_open and membership.left_on and left_before.get(membership.pk) is None:
                # A mentee leaves a working group: the service keeps the date and reason and frees the mentee.
                pair_remove_mentee(pair=pair, mentee=membership.mentee, left_on=membership.left_on, reason=membership.left_reason)
                continue
            if not pair.is_open and membership.left_on is None:
                membership.left_on = pair.ended_on  # closed in this same save by pair_end
            membership.save()
        # New members go through the service: it locks the mentor and re-checks the capacity.
        for membership in formset.new_objects:
            pair_add_mentee(pair=pair, mentee=membership.mentee, joined_on=membership.joined_on)

    def delete_model(self, request, obj):
        pair_delete(pair=obj)

    def delete_queryset(self, request, queryset):
        for pair in queryset:
            pair_delete(pair=pair)

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

    @admin.action(description="Внести согласия участников, подписанные на бумаге", permissions=["change"])
    def record_paper_consents(self, request, queryset):
        if not request.user.has_perm("consents.add_consent"):
            self.message_user(request, "Нет права вносить согласия.", messages.ERROR)
            return
        recorded = 0
        for pair in queryset:
            try:
                with transaction.atomic():
                    consents = pair_consents_record_paper(pair=pair, recorded_by=request.user)
            except ValidationError as error:
                self.message_user(request, f"«{pair}»: {' '.join(error.messages)}", messages.ERROR)
                continue
            if consents:
                self.log_change(request, pair, f"Внесено согласий на бумаге: {len(consents)}")
            recorded += len(consents)
        self.message_user(request, f"Внесено согласий, подписанных на бумаге: {recorded}.", messages.SUCCESS if recorded else messages.INFO)

    @admin.action(description="Создать программу по шаблону", permissions=["change"])
    def create_programmes(self, request, queryset):
        from apps.programmes.models import Programme
        from apps.programmes.services import programme_create_from_template

        if not request.user.has_perm("programmes.add_programme"):
            self.message_user(request, "Нет права создавать программы.", messages.ERROR)
            return
        having = set(Programme.objects.filter(pair__in=queryset).values_list("pair_id", flat=True))
        created = 0
        for pair in queryset:
            if pair.pk in having:
                self.message_user(request, f"«{pair}»: программа уже есть.", messages.WARNING)
                continue
            try:
                with transaction.atomic():
                    programme = programme_create_from_template(pair=pair)
            except ValidationError as error:
                self.message_user(request, f"«{pair}»: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.log_addition(request, programme, [{"added": {}}])
            created += 1
        if created:
            self.message_user(request, f"Создано программ по шаблону: {created}. Проверьте их вместе с наставниками.", messages.SUCCESS)

    @admin.action(description="Пересмотр проведён: убрать из списка на пересмотр", permissions=["change"])
    def close_reviews(self, request, queryset):
        closed = pair_reviews_close(pairs=queryset)
        self.message_user(request, f"Ответов «не подходит» отмечено рассмотренными: {closed}.", messages.SUCCESS if closed else messages.INFO)

    @admin.action(description="Отправить анкеты удовлетворённости", permissions=["change"])
    def send_satisfaction_surveys(self, request, queryset):
        import smtplib

        from apps.surveys.services import satisfaction_invite

        if not request.user.has_perm("surveys.add_invitation"):
            self.message_user(request, "Нет права отправлять ссылки на анкеты.", messages.ERROR)
            return
        created = sent = already = without_email = 0
        for pair in queryset:
            if pair.status != PairStatus.COMPLETED:
                self.message_user(request, f"«{pair}»: анкеты удовлетворённости отправляются только завершённым парам.", messages.WARNING)
                continue
            try:
                result = satisfaction_invite(pair=pair, created_by=request.user, request_or_site_url=request)
            except (smtplib.SMTPException, OSError) as error:
                self.message_user(request, f"«{pair}»: ссылки созданы, но письма не отправлены ({error}).", messages.ERROR)
                continue
            for refusal in result.refused:
                self.message_user(request, f"«{pair}»: {refusal}", messages.WARNING)
            created += len(result.created)
            sent += len(result.send.sent)
            already += result.already
            without_email += len(result.send.without_email)
        self.message_user(
            request,
            f"Создано ссылок: {created}, отправлено по e-mail: {sent}; уже получили ссылку или ответили: {already}.",
            messages.SUCCESS if created else messages.INFO,
        )
        if without_email:
            self.message_user(
                request,
                f"Без e-mail — {without_email} чел.: распечатайте их ссылки в разделе «Персональные ссылки на анкеты».",
                messages.WARNING,
            )
