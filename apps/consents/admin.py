from django import forms
from django.contrib import admin

from apps.schools.admin_scope import SchoolScopedAdmin, ScopedExportMixin, SharedReferenceAdmin, user_scope

from .models import SUBJECT_FIELDS, Consent, ConsentText, PublicCategory
from .resources import ConsentResource


class ActiveFilter(admin.SimpleListFilter):
    title = "действует"
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", "действует"), ("no", "отозвано")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(withdrawn_at__isnull=True)
        if self.value() == "no":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset


@admin.register(Consent)
class ConsentAdmin(ScopedExportMixin, SchoolScopedAdmin):
    resource_classes = [ConsentResource]
    """A consent is evidence: the curator records paper ones and marks withdrawals, nothing else."""

    list_display = ["teacher", "kind", "source", "given_at", "withdrawn_at", "active_display", "pair"]
    list_select_related = ["teacher", "pair__mentor__teacher", "pair__form"]
    list_filter = [ActiveFilter, "kind", "source"]
    search_fields = ["teacher__last_name", "teacher__first_name", "teacher__patronymic"]
    autocomplete_fields = ["teacher", "pair"]
    date_hierarchy = "given_at"
    fields = [
        "school",
        "teacher",
        "kind",
        "text",
        "pair",
        "source",
        "given_at",
        "withdrawn_at",
        "recorded_by",
        *SUBJECT_FIELDS,
        "categories",
        "conditions",
    ]

    def get_fields(self, request, obj=None):
        fields = list(self.fields)
        if obj is not None:  # a recorded consent shows what it allows in words
            fields[fields.index("categories")] = "categories_display"
        # The subject's address and identity document: for the school's own staff only, never the district's.
        if user_scope(request.user).school_id:
            return fields
        return [name for name in fields if name not in SUBJECT_FIELDS]

    @admin.display(description="разрешено к распространению")
    def categories_display(self, obj):
        return ", ".join(obj.category_labels) or "—"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "categories":
            return forms.MultipleChoiceField(
                label="Разрешено к распространению",
                choices=PublicCategory.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        # The pair column reads «наставник → наставляемые»: the pairs' mentees at once (pairs is a layer above).
        return super().get_queryset(request).prefetch_related("pair__memberships__mentee__teacher")

    @admin.display(description="действует", boolean=True)
    def active_display(self, obj):
        return obj.is_active

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["source", "withdrawn_at", "recorded_by"]
        readonly = ["teacher", "kind", "text", "pair", "source", "given_at", "recorded_by", *SUBJECT_FIELDS, "categories_display", "conditions"]
        if request.user.is_superuser:
            readonly.append("school")  # for everybody else it is a hidden field already
        if obj.withdrawn_at is not None:
            readonly.append("withdrawn_at")  # a recorded withdrawal stays as it is
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["queryset"] = ConsentText.objects.order_by("kind", "-effective_from")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            # Online consents are given by the teachers themselves on the portal.
            obj.source = Consent.Source.PAPER
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # Nobody deletes a consent, the administrator neither (the database refuses it too).
        return False


@admin.register(ConsentText)
class ConsentTextAdmin(SharedReferenceAdmin):
    list_display = ["title", "kind", "version", "effective_from"]
    list_filter = ["kind"]
    search_fields = ["title", "body"]
