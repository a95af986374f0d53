from django import forms
from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from apps.accounts.teacher_admin import PortalLoginFilter, TeacherLoginAdminMixin
from apps.core.forms import HTTPS_URLS
from apps.core.text import years_column

from .admin_import import StaffImportAdminMixin
from .admin_scope import SchoolScopedAdmin, ScopedExportMixin, user_scope
from .models import Affiliation, Municipality, PartnerOrganisation, School, Teacher
from .resources import TeacherResource
from .services import NAME_CASE_FIELDS, school_save


class YoungSpecialistFilter(admin.SimpleListFilter):
    """Молодой специалист: under 35 with 0–3 years of teaching (and the 3–5 band the district counts)."""

    title = "молодой специалист"
    parameter_name = "young"
    teacher_path = "pk"  # from the listed model to Teacher

    def lookups(self, request, model_admin):
        return [
            ("0-3", "да (до 35 лет, стаж до 3 лет)"),
            ("3-5", "до 35 лет, стаж 3–5 лет"),
            ("no", "нет"),
        ]

    def queryset(self, request, queryset):
        lookup = f"{self.teacher_path}__in"
        if self.value() == "0-3":
            return queryset.filter(**{lookup: Teacher.objects.young_specialists().values("pk")})
        if self.value() == "3-5":
            return queryset.filter(**{lookup: Teacher.objects.early_career().values("pk")})
        if self.value() == "no":
            return queryset.exclude(**{lookup: Teacher.objects.young_specialists().values("pk")})
        return queryset


class BankFilter(admin.SimpleListFilter):
    title = "банк"
    parameter_name = "bank"

    def lookups(self, request, model_admin):
        return [("mentor", "в банке наставников"), ("mentee", "в банке наставляемых"), ("none", "ни в одном банке")]

    def queryset(self, request, queryset):
        if self.value() == "mentor":
            return queryset.filter(mentor__isnull=False)
        if self.value() == "mentee":
            return queryset.filter(mentee__isnull=False)
        if self.value() == "none":
            return queryset.filter(mentor__isnull=True, mentee__isnull=True)
        return queryset


@admin.register(Municipality)
class MunicipalityAdmin(SchoolScopedAdmin):
    list_display = ["name", "region"]
    search_fields = ["name", "region"]

    def scope_queryset(self, request, queryset):
        scope = user_scope(request.user)
        if scope.everything:
            return queryset
        if scope.municipality_id:
            return queryset.filter(pk=scope.municipality_id)
        if scope.school_id:
            return queryset.filter(schools=scope.school_id)
        return queryset.none()


@admin.register(School)
class SchoolAdmin(SchoolScopedAdmin):
    school_field = ""
    list_display = ["short_name", "municipality", "director_name", "curator", "slug"]
    list_select_related = ["municipality", "curator"]
    list_filter = [("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["short_name", "full_name", "slug", "inn"]
    autocomplete_fields = ["curator"]
    formfield_overrides = HTTPS_URLS
    fieldsets = [
        (None, {"fields": ["municipality", "full_name", "full_name_genitive", "full_name_dative", "short_name", "slug"]}),
        ("Руководство", {"fields": ["director_name", "director_position", "curator"]}),
        ("Контакты", {"fields": ["address", "city", "phone", "email", "website"]}),
        ("Реквизиты", {"fields": ["inn", "kpp", "ogrn", "okpo", "pd_processor"], "classes": ["collapse"]}),
        (
            "Положение о наставничестве",
            {"fields": ["max_mentees_per_mentor", "programme_min_months", "programme_max_months", "date_style"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Districts and public addresses are set up by the administrator.
        return [] if request.user.is_superuser else ["municipality", "slug"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            # Offer the suggestion beside a form that differs from it (an empty one gets it on saving);
            # saving never replaces a corrected one.
            for case, field in NAME_CASE_FIELDS.items():
                suggestion = School(full_name=obj.full_name).full_name_in(case)
                if field in form.base_fields and getattr(obj, field) != suggestion:
                    base = form.base_fields[field]
                    base.help_text = format_html("{}<br>По полному наименованию предлагается: «{}».", base.help_text, suggestion)
        return form

    def save_model(self, request, obj, form, change):
        self.assign_school(request, obj)
        for offer in school_save(school=obj):
            messages.warning(request, offer)


class TeacherAdminForm(forms.ModelForm):
    class Meta:
        model = Teacher
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A card that does not say otherwise (the older pages, a script posting the staff fields) is the staff's.
        if "affiliation" in self.fields:  # absent from a read-only card
            self.fields["affiliation"].required = False

    def clean_affiliation(self):
        return self.cleaned_data.get("affiliation") or Affiliation.STAFF


@admin.register(Teacher)
class TeacherAdmin(TeacherLoginAdminMixin, ScopedExportMixin, StaffImportAdminMixin, SchoolScopedAdmin):
    resource_classes = [TeacherResource]
    form = TeacherAdminForm
    # The logins' actions are accounts' (apps/accounts/teacher_admin.py); the others come from the apps
    # above (apps/core/admin_actions.py): the questionnaire links from surveys, «Обезличить» from privacy.
    actions = ["invite_to_portal", "print_login_codes", "block_logins", "unblock_logins"]
    list_display = [
        "full_name_display",
        "position",
        "subjects",
        "age_display",
        "experience_display",
        "young_specialist",
        "bank_display",
        "affiliation_display",
        "is_employed",
        "portal_login_display",
    ]
    list_select_related = ["mentor", "mentee", "user", "organisation"]
    list_filter = [YoungSpecialistFilter, BankFilter, PortalLoginFilter, "affiliation", "is_employed", "gender"]
    search_fields = ["last_name", "first_name", "patronymic", "email", "position", "subjects"]
    ordering = ["last_name", "first_name", "patronymic"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["school", "last_name", "first_name", "patronymic", "gender"]}),
        ("Работа", {"fields": ["position", "subjects", "teaching_since", "is_employed"]}),
        (
            "Участник не из штата организации",
            {
                "fields": ["affiliation", "organisation", "course", "speciality"],
                "description": "Студент педагогического колледжа или вуза, преподаватель колледжа или вуза, работник "
                "социального партнёра: выберите, кто это, и организацию-партнёр (её сначала добавьте в «Организации-партнёры»). "
                "Согласия, банки, пары и программы у такого участника те же, что у педагогов; в штатные показатели "
                "(доля педагогов, молодые специалисты, загрузка списка сотрудников) он не входит.",
            },
        ),
        ("Личные данные и контакты", {"fields": ["birth_date", "email", "phone", "user"]}),
        ("Служебное", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="ФИО", ordering="last_name")
    def full_name_display(self, obj):
        return obj.full_name

    @admin.display(description="возраст", ordering="-birth_date")
    def age_display(self, obj):
        return obj.age()

    @admin.display(description="стаж, лет", ordering="-teaching_since")
    def experience_display(self, obj):
        return years_column(obj.experience_years())

    @admin.display(description="молодой специалист", boolean=True)
    def young_specialist(self, obj):
        return obj.is_young_specialist()

    @admin.display(description="кто", ordering="affiliation")
    def affiliation_display(self, obj):
        if obj.is_staff_member:
            return "сотрудник"
        return f"{obj.get_affiliation_display()}, {obj.organisation}" if obj.organisation_id else obj.get_affiliation_display()

    @admin.display(description="банк")
    def bank_display(self, obj):
        banks = []
        if hasattr(obj, "mentor"):
            banks.append("наставник")
        if hasattr(obj, "mentee"):
            banks.append("наставляемый")
        return ", ".join(banks) or "—"


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(SchoolScopedAdmin):
    """Colleges, universities and social partners whose people take part in the school's mentoring."""

    list_display = ["short_name", "kind", "head_name", "people_count", "agreement_link"]
    list_filter = ["kind"]
    search_fields = ["short_name", "name", "inn"]
    ordering = ["short_name"]
    fieldsets = [
        (None, {"fields": ["school", "kind", "name", "name_genitive", "short_name"]}),
        ("Руководитель", {"fields": ["head_name", "head_position", "head_basis"]}),
        ("Контакты и реквизиты", {"fields": ["address", "phone", "email", "inn", "kpp", "ogrn"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(people_total=models.Count("people"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "name_genitive" in form.base_fields and not obj.name_genitive:
            base = form.base_fields["name_genitive"]
            base.help_text = format_html("{}<br>По полному наименованию предлагается: «{}».", base.help_text, obj.name_in("gen"))
        return form

    @admin.display(description="участников", ordering="people_total")
    def people_count(self, obj):
        return obj.people_total

    @admin.display(description="соглашение о сотрудничестве")
    def agreement_link(self, obj):
        return format_html('<a href="{}">PDF</a>', reverse("documents:partner_agreement", args=[obj.pk]))
