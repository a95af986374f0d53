"""The order register in the back-office: prepare, download, sign, attach the scan, enter an order signed
outside the portal.

A draft's page lists what the rule (apps/documents/rules.py) keeps out of it — «не включены», with why and
links to the pair and the people — and what keeps it from being signed. Also adds to the pairs list the
action that puts the selected pairs into the draft order о закреплении (the strip's «Включить в приказ»).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from apps.core.admin_actions import add_action
from apps.core.site import site_url
from apps.pairs.admin import PairAdmin
from apps.roadmap.models import Event
from apps.schools.admin_scope import SchoolScopedAdmin, ScopedExportMixin, user_scope
from apps.schools.models import Teacher

from . import pair_flow, rules  # noqa: F401  (pair_flow adds «Включить в приказ о закреплении» to the pair's flow)
from .awards_admin import MentorAwardInline
from .models import DocumentSettings, Order, OrderKind
from .resources import OrderResource
from .scans import validate_scan
from .services import (
    document_settings_save,
    order_attach_scan,
    order_create,
    order_include_pairs,
    order_kind_for_event,
    order_publish,
    order_register_outside,
    order_sign,
    suggest_order_number,
)

KIND_FIELDS = {
    OrderKind.IMPLEMENTATION: ["responsible", "members"],
    OrderKind.REGULATIONS: ["roadmap"],
    OrderKind.CURATOR: ["responsible"],
    OrderKind.PAIRS: ["pairs"],
    OrderKind.FINAL_EVENT: ["event_date", "event_format", "responsible", "pairs"],
    OrderKind.COMPLETION: ["pairs"],
    OrderKind.PROGRAMME: ["roadmap"],
    OrderKind.AWARDS: [],  # the mentors: the inline (awards_admin.py)
}
ALL_KIND_FIELDS = ["responsible", "members", "roadmap", "pairs", "event_date", "event_format"]


class OrderForm(forms.ModelForm):
    class Meta:
        model = Order
        fields = "__all__"

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan and "scan" in self.changed_data:
            validate_scan(scan)
        return scan

    def clean(self):
        """Pairs the curator picks are asked the rule, with why for each one it keeps out."""
        cleaned = super().clean()
        kind = cleaned.get("kind") or self.instance.kind
        pairs = cleaned.get("pairs")
        if self.instance.is_signed or not pairs or kind not in rules.PAIR_KINDS:
            return cleaned
        refusals = rules.pair_refusals(kind=kind, pairs=pairs, on=timezone.localdate(), exclude_order=self.instance)
        if refusals:
            self.add_error("pairs", [f"Нельзя включить пару {r.text}." for r in refusals])
        return cleaned


class OutsideOrderForm(forms.Form):
    """An order signed on paper outside the portal: its kind, number, date and scan."""

    kind = forms.ChoiceField(label="Вид приказа", choices=OrderKind.choices, error_messages={"required": "Выберите вид приказа."})
    number = forms.CharField(label="Номер приказа", max_length=30, error_messages={"required": "Укажите номер приказа."})
    date = forms.DateField(
        label="Дата приказа",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Укажите дату приказа.", "invalid": "Введите дату в формате ДД.ММ.ГГГГ."},
    )
    scan = forms.FileField(
        label="Скан подписанного приказа",
        help_text="PDF, JPEG или PNG с подписью руководителя.",
        error_messages={"required": "Загрузите скан подписанного приказа.", "empty": "Файл пустой."},
    )
    responsible = forms.ModelChoiceField(
        label="Назначен куратором",
        queryset=Teacher.objects.none(),
        required=False,
        help_text="Только для приказа о назначении куратора. Пусто — куратор из карточки организации.",
    )
    event = forms.ModelChoiceField(
        label="Мероприятие дорожной карты",
        queryset=Event.objects.none(),
        required=False,
        help_text="Пусто — открытое мероприятие этого вида в дорожной карте учебного года приказа.",
    )

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        if school is not None:
            self.fields["responsible"].queryset = Teacher.objects.staff().filter(school=school, is_employed=True).order_by("last_name", "first_name")
            self.fields["event"].queryset = (
                Event.objects.filter(stage__roadmap__school=school, result_document__istartswith="приказ")
                .select_related("stage__roadmap")
                .order_by("-stage__roadmap__year_start", "stage__number", "order")
            )
            self.fields["event"].label_from_instance = lambda e: f"{e.stage.roadmap.school_year}: {e.title}"


class SchoolDocumentsAdminMixin:
    """Orders and their settings belong to the school: its curator and director (and the administrator) see them,
    a district coordinator does not."""

    def _school_or_admin(self, request) -> bool:
        scope = user_scope(request.user)
        return scope.everything or scope.school_id is not None

    def has_module_permission(self, request):
        return self._school_or_admin(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._school_or_admin(request) and super().has_view_permission(request, obj)


class OrderSignForm(forms.Form):
    number = forms.CharField(label="Номер приказа", max_length=30, help_text="Предложен следующий номер года; можно изменить.")
    date = forms.DateField(label="Дата приказа", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


@admin.register(Order)
class OrderAdmin(ScopedExportMixin, SchoolDocumentsAdminMixin, SchoolScopedAdmin):
    resource_classes = [OrderResource]
    form = OrderForm
    list_display = ["kind_display", "number_display", "date", "status", "event_short", "pdf_link", "scan_mark", "published_mark"]
    actions = ["publish", "unpublish"]
    list_display_links = ["kind_display"]
    list_filter = ["status", "kind", "date"]
    list_select_related = ["event"]
    search_fields = ["number"]
    date_hierarchy = "date"
    ordering = ["-date", "-pk"]
    autocomplete_fields = ["pairs", "members", "responsible"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (None, {"fields": ["school", "kind", "event"]}),
                ("Содержание", {"fields": ALL_KIND_FIELDS, "description": "Заполните поля, которые нужны выбранному виду приказа."}),
                ("Основания", {"fields": ["extra_grounds"], "classes": ["collapse"]}),
            ]
        if obj.is_signed:
            return [
                (None, {"fields": ["school", "kind", "number", "date", "status", "made_outside", "event", "content_display"]}),
                ("Подпись", {"fields": ["signed_by", "signed_at", "file_sha256_display", "verification_link"]}),
                ("Скан бумажного экземпляра с подписью", {"fields": ["scan", "scan_uploaded_at"]}),
                (
                    "На сайте",
                    {
                        "fields": ["published_at"],
                        "description": "Опубликовать приказ в нормативной базе раздела «Наставничество» можно "
                        "действием «Опубликовать на сайте» в списке приказов. На сайте показывается скан, "
                        "если он загружен, иначе PDF.",
                    },
                ),
            ]
        review = ["problems_display"] + (["excluded_display"] if obj.kind in rules.PAIR_KINDS else [])
        return [
            (None, {"fields": ["school", "kind", "status", "event"]}),
            ("Содержание", {"fields": KIND_FIELDS[obj.kind]}),
            ("Проверка перед подписанием", {"fields": review}),
            ("Основания", {"fields": ["extra_grounds"], "classes": ["collapse"]}),
        ]

    def get_inlines(self, request, obj):
        return [MentorAwardInline] if obj is not None and obj.kind == OrderKind.AWARDS else []

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.is_signed:
            # A signed order is a record: only the scan may be added.
            return [
                "school", "kind", "number", "date", "status", "made_outside", "event", "content_display", "signed_by", "signed_at",
                "file_sha256_display", "verification_link", "scan_uploaded_at", "published_at",
            ]  # fmt: skip
        return ["kind", "status", "problems_display", "excluded_display"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_signed:
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "pairs" and field is not None:
            field.queryset = field.queryset.with_names()  # the picker names each pair «наставник → наставляемые»
        return field

    @admin.display(description="вид", ordering="kind")
    def kind_display(self, obj):
        return f"Приказ {obj.get_kind_display()}"

    @admin.display(description="номер", ordering="number")
    def number_display(self, obj):
        return obj.number or "—"

    @admin.display(description="мероприятие дорожной карты")
    def event_short(self, obj):
        if obj.event is None:
            return "—"
        title = obj.event.title
        return title if len(title) <= 60 else title[:59] + "…"

    @admin.display(description="PDF")
    def pdf_link(self, obj):
        label = "Скачать PDF" if obj.is_signed else "Проект (PDF)"
        return format_html('<a href="{}">{}</a>', reverse("documents:order_pdf", args=[obj.pk]), label)

    @admin.display(description="скан")
    def scan_mark(self, obj):
        if obj.scan:
            return format_html('<a href="{}">есть</a>', reverse("documents:order_scan", args=[obj.pk]))
        return "нет" if obj.is_signed else "—"

    @admin.display(description="на сайте", boolean=True)
    def published_mark(self, obj):
        return obj.is_published

    @admin.action(description="Опубликовать на сайте (только подписанные)", permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description="Снять с сайта", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published: bool):
        done, refused = 0, 0
        for order in queryset:
            try:
                order_publish(order=order, published=published)
            except ValidationError:
                refused += 1
            else:
                done += 1
        verb = "опубликовано на сайте" if published else "снято с сайта"
        self.message_user(request, f"Приказов {verb}: {done}.", messages.SUCCESS)
        if refused:
            self.message_user(request, f"Не опубликовано проектов приказов: {refused} — сначала их подписывает директор.", messages.WARNING)

    @admin.display(description="о ком приказ")
    def content_display(self, obj):
        """Who the signed order names, from its frozen data."""
        payload = obj.payload or {}
        pairs = payload.get("pairs") or []
        if pairs:
            return format_html_join(
                "", "<div>{} — {}</div>", ((p["mentor"]["short"]["nom"], ", ".join(m["short"]["nom"] for m in p["mentees"])) for p in pairs)
            )
        people = [p["full"] for p in payload.get("acquaintance") or []]
        return ", ".join(people) or "—"

    @admin.display(description="можно ли подписать")
    def problems_display(self, obj):
        """What keeps the draft from being signed today, by the rule the signing asks (apps/documents/rules.py)."""
        problems = rules.order_problems(obj, on=timezone.localdate())
        if not problems:
            return mark_safe('<span class="order-ready">Препятствий нет: приказ можно передать директору на подпись.</span>')
        return format_html(
            '<ul class="order-problems errorlist" style="margin: 0; padding: 0">{}</ul>', format_html_join("", "<li>{}</li>", ((p,) for p in problems))
        )

    @admin.display(description="не включены")
    def excluded_display(self, obj):
        """The pairs the rule keeps out of the draft, each with why, linked to the pair and the people named."""
        refusals = rules.draft_exclusions(obj)
        if not refusals:
            return "—"
        rows = []
        for refusal in refusals:
            people = format_html_join(
                ", ", '<a href="{}">{}</a>', ((reverse("admin:schools_teacher_change", args=[t.pk]), t.short_name) for t in refusal.teachers)
            )
            rows.append(
                format_html(
                    '<li style="margin: 0 0 .4em; padding: 0; list-style: none"><a href="{}">{}</a> — <strong>не включена:</strong> {}{}</li>',
                    reverse("admin:pairs_pair_change", args=[refusal.pair.pk]),
                    str(refusal.pair),
                    "; ".join(refusal.reasons),
                    format_html(" (карточки: {})", people) if refusal.teachers else "",
                )
            )
        return format_html('<ul class="order-excluded" style="margin: 0; padding: 0">{}</ul>', format_html_join("", "{}", ((row,) for row in rows)))

    @admin.display(description="контрольная сумма SHA-256")
    def file_sha256_display(self, obj):
        return format_html("<code>{}</code>", obj.file_sha256) if obj.file_sha256 else "—"

    @admin.display(description="страница проверки (QR-код)")
    def verification_link(self, obj):
        url = reverse("documents:verify", args=[obj.token])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)

    # --- saving through the services

    def save_model(self, request, obj, form, change):
        self.assign_school(request, obj)
        if not change:
            created = order_create(
                school=obj.school,
                kind=obj.kind,
                responsible=obj.responsible,
                roadmap=obj.roadmap,
                event=obj.event,
                event_date=obj.event_date,
                event_format=obj.event_format,
                extra_grounds=obj.extra_grounds,
                pairs=form.cleaned_data.get("pairs") or (),
                members=form.cleaned_data.get("members") or (),
                by=request.user,
            )
            obj.pk, obj.token, obj.created_at = created.pk, created.token, created.created_at
            obj.roadmap, obj.event = created.roadmap, created.event
            obj._state.adding = False
            return
        if obj.is_signed:
            if "scan" in form.changed_data and form.cleaned_data.get("scan"):
                order_attach_scan(order=obj, file=form.cleaned_data["scan"])
            return
        obj.save()

    def save_related(self, request, form, formsets, change):
        if form.instance.is_signed:
            return  # nothing but the scan changes on a signed order
        super().save_related(request, form, formsets, change)

    # --- signing

    def get_urls(self):
        return [
            path("outside/", self.admin_site.admin_view(self.outside_view), name="documents_order_outside"),
            path("<path:object_id>/sign/", self.admin_site.admin_view(self.sign_view), name="documents_order_sign"),
            *super().get_urls(),
        ]

    def has_sign_permission(self, request):
        return request.user.has_perm("documents.sign_order") and user_scope(request.user).can_write

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_sign": self.has_sign_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_enter_outside": self.may_enter_outside(request)}
        return super().changelist_view(request, extra_context)

    def may_enter_outside(self, request) -> bool:
        return self.has_add_permission(request) and user_scope(request.user).school_id is not None

    def outside_view(self, request):
        """Enter an order signed on paper outside the portal: number, date, scan; it fulfils its roadmap event."""
        if not self.may_enter_outside(request):
            raise PermissionDenied("Приказы вносит куратор или руководитель организации.")
        school = request.user.school
        event = None
        event_id = request.GET.get("event", "")
        if event_id.isdecimal():
            event = Event.objects.filter(pk=event_id, stage__roadmap__school=school).first()
        if request.method == "POST":
            form = OutsideOrderForm(request.POST, request.FILES, school=school)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    order = order_register_outside(school=school, by=request.user, **data)
                except ValidationError as error:
                    for field, errors in _error_items(error):
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    self.log_addition(request, order, "Внесён приказ, подписанный вне портала")
                    done = f" Мероприятие «{order.event.title}» отмечено выполненным." if order.event_id else ""
                    self.message_user(request, f"Приказ {order.designation} внесён в реестр со сканом.{done}", messages.SUCCESS)
                    return redirect(reverse("admin:documents_order_change", args=[order.pk]))
        else:
            initial = {"date": timezone.localdate()}
            if event is not None:
                initial.update(event=event, kind=order_kind_for_event(event) or "")
            form = OutsideOrderForm(initial=initial, school=school)
        context = {
            **self.admin_site.each_context(request),
            "title": "Внести приказ, подписанный вне портала",
            "opts": self.opts,
            "form": form,
            "changelist_url": reverse("admin:documents_order_changelist"),
        }
        return TemplateResponse(request, "admin/documents/order/outside.html", context)

    def sign_view(self, request, object_id):
        order = self.get_reachable_object(request, object_id)
        if not self.has_sign_permission(request):
            raise PermissionDenied("Подписывает приказы руководитель организации.")
        change_url = reverse("admin:documents_order_change", args=[order.pk])
        if order.is_signed:
            self.message_user(request, "Приказ уже подписан.", messages.WARNING)
            return redirect(change_url)
        today = timezone.localdate()
        if request.method == "POST":
            form = OrderSignForm(request.POST)
            if form.is_valid():
                try:
                    order_sign(order=order, by=request.user, site_url=site_url(request), **form.cleaned_data)
                except ValidationError as error:
                    for field, errors in _error_items(error):
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    self.log_change(request, order, [{"changed": {"fields": ["статус"]}}])
                    self.message_user(
                        request, "Приказ подписан: PDF сформирован, мероприятие дорожной карты отмечено выполненным.", messages.SUCCESS
                    )
                    return redirect(change_url)
        else:
            form = OrderSignForm(initial={"number": suggest_order_number(school=order.school, on=today), "date": today})
        context = {
            **self.admin_site.each_context(request),
            "title": f"Подписание приказа {order.get_kind_display()}",
            "opts": self.opts,
            "original": order,
            "form": form,
            "problems": [] if request.method == "POST" else rules.order_problems(order, on=form.initial.get("date") or today),
            "change_url": change_url,
            "pdf_url": reverse("documents:order_pdf", args=[order.pk]),
        }
        return TemplateResponse(request, "admin/documents/order/sign.html", context)


def _error_items(error: ValidationError):
    if hasattr(error, "error_dict"):
        return [(field, errors) for field, errors in error.message_dict.items()]
    return [(None, error.messages)]


@admin.register(DocumentSettings)
class DocumentSettingsAdmin(SchoolDocumentsAdminMixin, SchoolScopedAdmin):
    list_display = ["school", "order_index", "mentor_allowance"]
    fieldsets = [
        (None, {"fields": ["school"]}),
        ("Приказы", {"fields": ["order_index", "verb_style", "regional_grounds", "school_grounds", "final_event_format"]}),
        ("Наставники", {"fields": ["mentor_allowance", "allowance_source", "meeting_frequency"]}),
    ]

    def has_add_permission(self, request):
        # One set of settings per school.
        scope = user_scope(request.user)
        if scope.school_id and DocumentSettings.objects.filter(school_id=scope.school_id).exists():
            return False
        return super().has_add_permission(request)

    def save_model(self, request, obj, form, change):
        self.assign_school(request, obj)
        document_settings_save(settings=obj)


# --- an action on the pairs list: the selected pairs into the draft order о закреплении


@admin.action(description="Включить в приказ о закреплении", permissions=["change"])
def include_in_pairs_order(modeladmin, request, queryset):
    """The selected pairs into the draft order о закреплении (the strip's «Включить в приказ», for many)."""
    if not (request.user.has_perm("documents.add_order") and user_scope(request.user).can_write):
        modeladmin.message_user(request, "Нет права готовить приказы.", messages.ERROR)
        return None
    try:
        with transaction.atomic():
            order, added, refused = order_include_pairs(pairs=queryset.select_related("school"), by=request.user)
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return None
    for refusal in refused:
        modeladmin.message_user(request, f"Не включена пара {refusal.text}.", messages.WARNING)
    if order is None:
        modeladmin.message_user(request, "Ни одна из выбранных пар не включена в приказ о закреплении.", messages.ERROR)
        return None
    modeladmin.message_user(
        request,
        f"В проект приказа о закреплении включено пар и групп: {len(added)} (всего в нём: {order.pairs.count()}).",
        messages.SUCCESS,
    )
    return redirect(reverse("admin:documents_order_change", args=[order.pk]))


add_action(PairAdmin, include_in_pairs_order)  # last on the pair list
