from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from apps.schools.admin_scope import SchoolScopedAdmin, SchoolScopedTabularInline

from .models import Event, EventStatus, Roadmap, Stage
from .results import fulfilling_order, result_change_refusal, status_refusal, with_fulfilling_orders
from .services import event_done_on, roadmap_create, validate_done_on

OPEN_EVENT_STATUSES = (EventStatus.PLANNED, EventStatus.IN_PROGRESS)


def _overdue_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}deadline__lt": timezone.localdate(), f"{prefix}status__in": OPEN_EVENT_STATUSES})


def _red(text):
    return format_html('<strong style="color: var(--error-fg, #ba2121)">{}</strong>', text)


class OverdueFilter(admin.SimpleListFilter):
    title = "просрочено"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "просрочено"), ("no", "в срок или закрыто")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.exclude(pk__in=Event.objects.overdue().values("pk"))
        return queryset


class SchoolYearFilter(admin.SimpleListFilter):
    """The roadmap's school year («2026/2027»): the desk's overdue count is of one year, and so is its list."""

    title = "учебный год"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).values_list("stage__roadmap__year_start", flat=True).distinct()
        return [(str(start), f"{start}/{start + 1}") for start in sorted(set(years), reverse=True)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(stage__roadmap__year_start=int(self.value()))
        return queryset


class EventForm(forms.ModelForm):
    """The admin's event form (change page, inline, list) asks the service for the date the event is done on:
    today unless given or already dated; reopening the event clears it (`event_done_on`)."""

    class Meta:
        model = Event
        fields = "__all__"

    def clean_done_on(self):
        return validate_done_on(self.cleaned_data.get("done_on"))

    def clean_result_document(self):
        result = self.cleaned_data.get("result_document", "")
        refusal = result_change_refusal(event=self.instance, result_document=result)
        if refusal:
            raise forms.ValidationError(refusal)
        return result

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status and self.instance.pk is None:
            # A new event: the rule reads its result document as typed.
            self.instance.result_document = cleaned.get("result_document", "")
        refusal = status and status_refusal(event=self.instance, status=status)
        if refusal:
            self.add_error("status" if "status" in self.fields else None, refusal)
            return cleaned
        order = fulfilling_order(self.instance) if self.instance.pk else None
        if order is not None:
            cleaned["done_on"] = order.date  # done on the order's date, whatever was typed
        elif status and "done_on" not in self.errors:
            # self.instance still holds the stored values here: the form's are put into it after clean().
            cleaned["done_on"] = event_done_on(event=self.instance, status=status, done_on=cleaned.get("done_on"))
        return cleaned


class EventOverdueMixin:
    @admin.display(description="просрочено")
    def overdue_mark(self, obj):
        if obj.pk and obj.is_overdue:
            days = (timezone.localdate() - obj.deadline).days
            return _red(f"да, {days} дн.")
        return ""


class EventInline(EventOverdueMixin, SchoolScopedTabularInline):
    model = Event
    form = EventForm
    fields = ["order", "title", "deadline", "overdue_mark", "responsible", "result_document", "status", "done_on", "note"]
    readonly_fields = ["overdue_mark"]
    extra = 0

    def get_queryset(self, request):
        return with_fulfilling_orders(super().get_queryset(request))  # the forms ask the rule for each row

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("title", "note") and field is not None:
            field.widget = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return field


class StageInline(SchoolScopedTabularInline):
    model = Stage
    fields = ["number", "title", "events_link"]
    readonly_fields = ["number", "events_link"]
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                events_total=Count("events"),
                events_done=Count("events", filter=Q(events__status=EventStatus.DONE)),
                events_overdue=Count("events", filter=_overdue_q("events__")),
            )
            .order_by("number")
        )

    def has_add_permission(self, request, obj=None):
        return False  # the seven stages come with the roadmap

    @admin.display(description="мероприятия")
    def events_link(self, obj):
        url = reverse("admin:roadmap_stage_change", args=[obj.pk])
        text = f"выполнено {obj.events_done} из {obj.events_total}"
        if obj.events_overdue:
            return format_html('<a href="{}">{}</a>, {}', url, text, _red(f"просрочено {obj.events_overdue}"))
        return format_html('<a href="{}">{}</a>', url, text)


def _event_counts(prefix):
    return {
        "events_total": Count(f"{prefix}events"),
        "events_done": Count(f"{prefix}events", filter=Q(**{f"{prefix}events__status": EventStatus.DONE})),
        "events_overdue": Count(f"{prefix}events", filter=_overdue_q(f"{prefix}events__")),
    }


@admin.register(Roadmap)
class RoadmapAdmin(SchoolScopedAdmin):
    inlines = [StageInline]
    list_display = ["__str__", "events_done_display", "events_overdue_display", "created_at"]
    search_fields = ["year_start"]
    ordering = ["-year_start"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**_event_counts("stages__"))

    def get_fields(self, request, obj=None):
        return ["school", "year_start"] if obj is None else ["school", "year_start", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        # Deadlines were computed from the year: it is not changed afterwards.
        return [] if obj is None else ["year_start", "created_at"]

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    @admin.display(description="выполнено", ordering="events_done")
    def events_done_display(self, obj):
        return f"{obj.events_done} из {obj.events_total}"

    @admin.display(description="просрочено", ordering="events_overdue")
    def events_overdue_display(self, obj):
        if not obj.events_overdue:
            return 0
        url = reverse("admin:roadmap_event_changelist") + f"?overdue=yes&stage__roadmap__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _red(obj.events_overdue))

    def save_model(self, request, obj, form, change):
        self.assign_school(request, obj)
        if change:
            return super().save_model(request, obj, form, change)
        # A new roadmap comes pre-filled with the seven standard stages and their events.
        created = roadmap_create(school=obj.school, year_start=obj.year_start)
        obj.pk, obj.created_at = created.pk, created.created_at
        obj._state.adding = False


@admin.register(Stage)
class StageAdmin(SchoolScopedAdmin):
    school_field = "roadmap__school"
    inlines = [EventInline]
    list_display = ["__str__", "roadmap", "events_done_display", "events_overdue_display"]
    list_select_related = ["roadmap"]
    list_filter = [("roadmap", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title"]
    ordering = ["-roadmap__year_start", "number"]
    fields = ["roadmap", "number", "title"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("roadmap").annotate(**_event_counts(""))

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["roadmap", "number"]

    # Stages are created with their roadmap; only the administrator adds or removes one by hand.
    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    @admin.display(description="выполнено", ordering="events_done")
    def events_done_display(self, obj):
        return f"{obj.events_done} из {obj.events_total}"

    @admin.display(description="просрочено", ordering="events_overdue")
    def events_overdue_display(self, obj):
        return _red(obj.events_overdue) if obj.events_overdue else 0


class StageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.roadmap.school_year}: {obj}"


@admin.register(Event)
class EventAdmin(EventOverdueMixin, SchoolScopedAdmin):
    school_field = "stage__roadmap__school"
    form = EventForm
    list_display = ["title_short", "stage_number", "deadline", "overdue_mark", "responsible", "status", "done_on"]
    list_display_links = ["title_short"]
    list_editable = ["status", "done_on"]
    list_select_related = ["stage__roadmap"]
    list_filter = [OverdueFilter, SchoolYearFilter, "status", ("stage__roadmap", admin.RelatedOnlyFieldListFilter), "stage__number"]
    search_fields = ["title", "responsible", "result_document"]
    date_hierarchy = "deadline"
    ordering = ["-stage__roadmap__year_start", "stage__number", "order", "deadline", "pk"]
    list_per_page = 100
    fields = ["stage", "order", "title", "deadline", "responsible", "result_document", "status", "done_on", "fulfilled_by", "note"]
    readonly_fields = ["fulfilled_by"]

    def get_queryset(self, request):
        return with_fulfilling_orders(super().get_queryset(request))  # the rule and the column read them

    @admin.display(description="выполнено приказом")
    def fulfilled_by(self, obj):
        """The signed order in the register that fulfilled the event (apps/roadmap/results.py)."""
        order = fulfilling_order(obj) if obj and obj.pk else None
        if order is None:
            return "—"
        how = " (подписан вне портала, скан)" if getattr(order, "made_outside", False) else ""
        return format_html(
            '<a href="{}">Приказ {}</a>{} · <a href="{}">в реестре</a>',
            reverse("documents:order_pdf", args=[order.pk]),
            order.designation,
            how,
            reverse("admin:documents_order_change", args=[order.pk]),
        )

    @admin.display(description="мероприятие", ordering="title")
    def title_short(self, obj):
        return obj.title if len(obj.title) <= 120 else obj.title[:119] + "…"

    @admin.display(description="этап", ordering="stage__number")
    def stage_number(self, obj):
        return f"{obj.stage.number} ({obj.stage.roadmap.school_year})"

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=EventForm, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "stage":
            stages = self.scoped_choices(request, Stage) if not request.user.is_superuser else Stage.objects.all()
            return StageChoiceField(
                queryset=stages.select_related("roadmap").order_by("-roadmap__year_start", "number"),
                label=db_field.verbose_name,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
