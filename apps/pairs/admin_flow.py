"""The curator's pair page as one flow, and the list actions that ask before they write.

The pair's change page shows the strip «сформирована → согласия → работает → завершена» with the one
next action (apps/pairs/flow.py); the pages behind it ask first and name who and what: the paper
consents (per person, dated) and «Завершить» (with the programme's open activities). The list
actions for many pairs show per pair what will happen, and what is skipped and why, before they do it.
PairAdmin (apps/pairs/admin.py) mixes this in; every write goes through apps/pairs/services.py.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from apps.consents.models import Consent

from .flow import FlowAction, PairFlow, stages, working_action
from .models import CONSENT_NAMES, Pair, PairStatus
from .selectors import open_activities
from .services import pair_activate, pair_consents_record_paper, pair_end

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "Укажите дату подписи.", "invalid": "Введите дату в формате ДД.ММ.ГГГГ."}
END_CHOICES = [
    (PairStatus.COMPLETED, "Завершить: программа пройдена"),
    (PairStatus.DISSOLVED, "Расформировать: пара не сложилась"),
]
END_DONE = {PairStatus.COMPLETED: "завершена", PairStatus.DISSOLVED: "расформирована"}


def consent_words(teacher, kind) -> str:
    return f"{teacher.short_name} — {CONSENT_NAMES[kind]}"


# --- forms ---------------------------------------------------------------------------------------


class SignedOnForm(forms.Form):
    signed_on = forms.DateField(
        label="Дата подписи на бумаге",
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text="День, которым датированы подписанные согласия.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"signed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class PaperConsentsForm(SignedOnForm):
    """The missing consents of one pair: the curator ticks the ones whose signed paper they hold."""

    items = forms.MultipleChoiceField(
        label="Подписанные согласия",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Отметьте, чьи подписанные согласия у вас на руках.",
            "invalid_choice": "Этого согласия нет среди недостающих: обновите страницу.",
        },
    )
    field_order = ["items", "signed_on"]

    def __init__(self, *args, missing, **kwargs):
        super().__init__(*args, **kwargs)
        self.missing = {f"{teacher.pk}:{kind}": (teacher, kind) for teacher, kind in missing}
        self.fields["items"].choices = [
            (key, f"{teacher.full_name} — {CONSENT_NAMES[kind]}") for key, (teacher, kind) in self.missing.items()
        ]

    def chosen(self) -> list[tuple]:
        return [self.missing[key] for key in self.cleaned_data["items"]]


class EndForm(forms.Form):
    reason = forms.CharField(
        label="Итог или причина (необязательно)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"max_length": "Не длиннее %(limit_value)d знаков."},
    )


class PairEndForm(EndForm):
    status = forms.ChoiceField(
        label="Как заканчивается работа",
        choices=END_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Выберите: завершить или расформировать.", "invalid_choice": "Выберите один из вариантов."},
    )
    field_order = ["status", "reason"]


def add_service_errors(form, error: ValidationError) -> None:
    """A service's refusal on the form: a field's error under that field, the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- a list action's confirmation page --------------------------------------------------------------


@dataclass
class PlanRow:
    """What a list action will do to one pair, or why it skips it."""

    pair: object
    does: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    skipped: str = ""


def action_confirmed(request) -> bool:
    """The confirmation page's own POST (`post=yes`), not the first one from the list."""
    return request.POST.get("post") == "yes"


def confirm_action(modeladmin, request, *, action: str, title: str, rows, submit: str, intro: str = "", form=None):
    """The page between a list action and its writes: per pair what will happen, what is skipped and why.

    Its form posts the action again for the pairs that will be acted on, with `post=yes`.
    """
    acting = [row for row in rows if not row.skipped]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "opts": modeladmin.opts,
        "rows": rows,
        "acting": acting,
        "skipped": [row for row in rows if row.skipped],
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "submit": submit,
        "form": form,
        "changelist_url": reverse("admin:pairs_pair_changelist"),
    }
    return TemplateResponse(request, "admin/pairs/pair/action_confirm.html", context)


# --- the mixin ---------------------------------------------------------------------------------------


class PairFlowAdminMixin:
    """The flow's pages and actions on PairAdmin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/consent/", view(self.consents_view), name="pairs_pair_record_consent"),
            path("<path:object_id>/start/", view(self.start_view), name="pairs_pair_start"),
            path("<path:object_id>/end/", view(self.end_view), name="pairs_pair_end"),
            *super().get_urls(),
        ]

    # --- who may do what

    def can_record_consents(self, request, pair=None) -> bool:
        return self.has_change_permission(request, pair) and request.user.has_perm("consents.add_consent")

    def flow_pair(self, request, object_id, *, consents: bool = False):
        """The pair of the user's school (404 otherwise) that the user may change (403 otherwise)."""
        pair = self.get_reachable_object(request, object_id)
        allowed = self.can_record_consents(request, pair) if consents else self.has_change_permission(request, pair)
        if not allowed:
            raise PermissionDenied("Это делает куратор наставничества.")
        return pair

    def flow_queryset(self, queryset):
        """The list's pairs with what the plans read: active consents, open and all activities (as subqueries, so
        that a search across the mentees cannot multiply the counts)."""
        the_pair = Pair.objects.filter(pk=OuterRef("pk")).order_by().values("pk")
        activities = "programme__activities"
        open_count = the_pair.annotate(n=Count(activities, filter=Q(programme__activities__done=False))).values("n")
        all_count = the_pair.annotate(n=Count(activities)).values("n")
        return queryset.prefetch_related(Prefetch("consents", queryset=Consent.objects.filter(withdrawn_at__isnull=True))).annotate(
            activities_open=Subquery(open_count, output_field=IntegerField()),
            activities_all=Subquery(all_count, output_field=IntegerField()),
        )

    def change_url(self, pair) -> str:
        return reverse("admin:pairs_pair_change", args=[pair.pk])

    # --- the strip

    def pair_flow(self, request, pair) -> PairFlow:
        """Where the pair stands and the one next action, for the strip on its page."""
        items = pair.consent_items()
        missing = [(teacher, kind) for teacher, kind, consent in items if consent is None]
        if pair.is_open:
            missing += pair.missing_personal_data()
        has_mentees = len(items) > 1
        can_change = pair.is_open and self.has_change_permission(request, pair)
        action, note = None, ""
        if pair.status == PairStatus.DRAFT and not has_mentees:
            note = "В паре нет наставляемых: добавьте наставляемого в таблице «Наставляемые» ниже и сохраните пару."
        elif pair.is_open and missing:
            note = "Нет согласий: " + "; ".join(consent_words(teacher, kind) for teacher, kind in missing) + "."
            url = reverse("admin:pairs_pair_record_consent", args=[pair.pk]) if self.can_record_consents(request, pair) else ""
            action = FlowAction("Внести согласия, подписанные на бумаге", url=url)
        elif pair.status == PairStatus.DRAFT:
            note = "Согласия получены от всех участников: пара может начать работу."
            action = FlowAction("Начать работу", url=reverse("admin:pairs_pair_start", args=[pair.pk]) if can_change else "", post=True)
        elif pair.status == PairStatus.ACTIVE:
            note = f"Пара работает с {pair.started_on:%d.%m.%Y}, плановое окончание — {pair.planned_end_on:%d.%m.%Y}."
            action = working_action(pair, request) or FlowAction(
                "Завершить",
                note="Программа составлена, пара включена в приказ о закреплении. Когда работа по программе закончится, завершите пару.",
                url=reverse("admin:pairs_pair_end", args=[pair.pk]) if can_change else "",
            )
        else:
            note = f"Пара {pair.get_status_display()} {pair.ended_on:%d.%m.%Y}."
        return PairFlow(stages=stages(pair, missing_consents=len(missing)), action=action, note=note)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["pair_flow"] = self.pair_flow(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- the pages behind the strip

    def consents_view(self, request, object_id):
        """Record paper consents of one pair: the page names each missing one; the curator ticks the signed ones."""
        pair = self.flow_pair(request, object_id, consents=True)
        missing = pair.missing_consent_items() + pair.missing_personal_data() if pair.is_open else []
        if not missing:
            self.message_user(request, "Все согласия участников этой пары уже внесены.", messages.INFO)
            return HttpResponseRedirect(self.change_url(pair))
        if request.method == "POST":
            form = PaperConsentsForm(request.POST, missing=missing)
            if form.is_valid():
                signed_on = form.cleaned_data["signed_on"]
                try:
                    with transaction.atomic():
                        consents = pair_consents_record_paper(pair=pair, recorded_by=request.user, items=form.chosen(), signed_on=signed_on)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    words = "; ".join(consent_words(c.teacher, c.kind) for c in consents)
                    self.log_change(request, pair, f"Внесены согласия, подписанные на бумаге {signed_on:%d.%m.%Y}: {words}")
                    self.message_user(request, f"Внесены согласия, подписанные на бумаге {signed_on:%d.%m.%Y}: {words}.", messages.SUCCESS)
                    return HttpResponseRedirect(self.change_url(pair))
        else:
            chosen = [key for key in (f"{teacher.pk}:{kind}" for teacher, kind in missing) if key.partition(":")[0] == request.GET.get("teacher")]
            form = PaperConsentsForm(missing=missing, initial={"items": chosen, "signed_on": timezone.localdate()})
        return self.flow_page(request, pair, "admin/pairs/pair/consents_confirm.html", "Внести согласия, подписанные на бумаге", form=form)

    def start_view(self, request, object_id):
        """«Начать работу» from the strip (a POST; the strip has said that everybody consented)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        pair = self.flow_pair(request, object_id)
        try:
            pair_activate(pair=pair)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.log_change(request, pair, [{"changed": {"fields": ["статус"]}}])
            self.message_user(request, f"Пара «{pair}» начала работу.", messages.SUCCESS)
        return HttpResponseRedirect(self.change_url(pair))

    def end_view(self, request, object_id):
        """«Завершить»: the page names the pair and warns about the programme's activities not done."""
        pair = self.flow_pair(request, object_id)
        if not pair.is_open:
            self.message_user(request, f"Пара уже {pair.get_status_display()}.", messages.INFO)
            return HttpResponseRedirect(self.change_url(pair))
        if request.method == "POST":
            form = PairEndForm(request.POST)
            if form.is_valid():
                status = form.cleaned_data["status"]
                try:
                    pair_end(pair=pair, status=status, ended_on=timezone.localdate(), reason=form.cleaned_data["reason"])
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    self.log_change(request, pair, [{"changed": {"fields": ["статус"]}}])
                    self.message_user(request, f"Пара «{pair}» {END_DONE[status]} {timezone.localdate():%d.%m.%Y}.", messages.SUCCESS)
                    return HttpResponseRedirect(self.change_url(pair))
        else:
            status = request.GET.get("status")
            form = PairEndForm(initial={"status": status if status in dict(END_CHOICES) else PairStatus.COMPLETED})
        return self.flow_page(
            request, pair, "admin/pairs/pair/end_confirm.html", "Завершение работы пары", form=form, open_activities=open_activities(pair)
        )

    def flow_page(self, request, pair, template, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "original": pair,
            "pair": pair,
            "change_url": self.change_url(pair),
            "today": timezone.localdate(),
            **context,
        }
        return TemplateResponse(request, template, context)

    # --- the list actions for many pairs, each with its confirmation page

    def _consents_row(self, pair) -> PlanRow:
        if not pair.is_open:
            return PlanRow(pair, skipped=f"пара {pair.get_status_display()}")
        missing = [(teacher, kind) for teacher, kind, consent in pair.consent_items() if consent is None]
        if not missing:
            return PlanRow(pair, skipped="все согласия уже внесены")
        return PlanRow(pair, does=[f"будет внесено: {consent_words(teacher, kind)}" for teacher, kind in missing])

    @admin.action(description="Внести согласия участников, подписанные на бумаге", permissions=["change"])
    def record_paper_consents(self, request, queryset):
        if not request.user.has_perm("consents.add_consent"):
            self.message_user(request, "Нет права вносить согласия.", messages.ERROR)
            return None
        rows = [self._consents_row(pair) for pair in self.flow_queryset(queryset)]
        form = SignedOnForm(request.POST if action_confirmed(request) else None)
        if not form.is_bound or not form.is_valid():
            return confirm_action(
                self,
                request,
                action="record_paper_consents",
                title="Внести согласия, подписанные на бумаге",
                intro="Проверьте: согласия будут внесены как подписанные участниками на бумаге, с датой подписи ниже. "
                "Вносите только те, бумажные экземпляры которых у вас на руках.",
                rows=rows,
                submit="Внести согласия",
                form=form,
            )
        signed_on = form.cleaned_data["signed_on"]
        recorded = 0
        for row in rows:
            if row.skipped:
                continue
            try:
                with transaction.atomic():
                    consents = pair_consents_record_paper(pair=row.pair, recorded_by=request.user, signed_on=signed_on)
            except ValidationError as error:
                self.message_user(request, f"«{row.pair}»: {' '.join(error.messages)}", messages.ERROR)
                continue
            words = "; ".join(consent_words(c.teacher, c.kind) for c in consents)
            self.log_change(request, row.pair, f"Внесены согласия, подписанные на бумаге {signed_on:%d.%m.%Y}: {words}")
            recorded += len(consents)
        self.message_user(request, f"Внесено согласий, подписанных на бумаге: {recorded}.", messages.SUCCESS if recorded else messages.INFO)
        return None

    def _start_row(self, pair) -> PlanRow:
        if pair.status != PairStatus.DRAFT:
            return PlanRow(pair, skipped=f"пара уже {pair.get_status_display()}")
        items = pair.consent_items()
        if len(items) < 2:
            return PlanRow(pair, skipped="в паре нет наставляемых")
        missing = [consent_words(teacher, kind) for teacher, kind, consent in items if consent is None]
        if missing:
            return PlanRow(pair, skipped="нет согласий: " + "; ".join(missing))
        return PlanRow(pair, does=[f"начнёт работу; срок — с {pair.started_on:%d.%m.%Y} по {pair.planned_end_on:%d.%m.%Y}"])

    @admin.action(description="Начать работу (нужны согласия всех участников)", permissions=["change"])
    def activate_pairs(self, request, queryset):
        rows = [self._start_row(pair) for pair in self.flow_queryset(queryset)]
        if not action_confirmed(request):
            return confirm_action(
                self,
                request,
                action="activate_pairs",
                title="Начать работу пар и групп",
                intro="Работу начинают пары, у которых внесены согласия всех участников.",
                rows=rows,
                submit="Начать работу",
            )
        started = 0
        for row in rows:
            if row.skipped:
                continue
            try:
                pair_activate(pair=row.pair)
            except ValidationError as error:
                self.message_user(request, f"«{row.pair}»: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.log_change(request, row.pair, [{"changed": {"fields": ["статус"]}}])
            started += 1
        self.message_user(request, f"Начали работу пар и групп: {started}.", messages.SUCCESS if started else messages.INFO)
        return None

    def _end_row(self, pair, status) -> PlanRow:
        if not pair.is_open:
            return PlanRow(pair, skipped=f"пара уже {pair.get_status_display()}")
        row = PlanRow(pair, does=[f"будет {END_DONE[status]} {timezone.localdate():%d.%m.%Y}"])
        if pair.activities_open:
            row.warnings.append(f"не выполнено мероприятий программы: {pair.activities_open} из {pair.activities_all}")
        elif not pair.activities_all:
            row.warnings.append("у пары нет программы")
        return row

    def _end_pairs(self, request, queryset, status):
        rows = [self._end_row(pair, status) for pair in self.flow_queryset(queryset)]
        form = EndForm(request.POST if action_confirmed(request) else None)
        verb = "Завершить" if status == PairStatus.COMPLETED else "Расформировать"
        if not form.is_bound or not form.is_valid():
            return confirm_action(
                self,
                request,
                action="complete_pairs" if status == PairStatus.COMPLETED else "dissolve_pairs",
                title=f"{verb} пары и группы",
                intro="Наставляемые выйдут из пар сегодняшней датой; закрытая пара остаётся в истории и не меняется. "
                "Проверьте пары с невыполненными мероприятиями.",
                rows=rows,
                submit=verb,
                form=form,
            )
        ended = 0
        for row in rows:
            if row.skipped:
                continue
            try:
                with transaction.atomic():
                    pair_end(pair=row.pair, status=status, ended_on=timezone.localdate(), reason=form.cleaned_data["reason"])
            except ValidationError as error:
                self.message_user(request, f"«{row.pair}»: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.log_change(request, row.pair, [{"changed": {"fields": ["статус"]}}])
            ended += 1
        done = "Завершено" if status == PairStatus.COMPLETED else "Расформировано"
        self.message_user(request, f"{done} пар и групп: {ended}.", messages.SUCCESS if ended else messages.INFO)
        return None

    @admin.action(description="Завершить (сегодняшней датой)", permissions=["change"])
    def complete_pairs(self, request, queryset):
        return self._end_pairs(request, queryset, PairStatus.COMPLETED)

    @admin.action(description="Расформировать (сегодняшней датой)", permissions=["change"])
    def dissolve_pairs(self, request, queryset):
        return self._end_pairs(request, queryset, PairStatus.DISSOLVED)
