"""The two banks in the back-office: the curator keeps mentors and mentees here.

The registrations live with the banks, not in apps.mentors/apps.mentees: a mentor's load comes
from apps.pairs, above the models' layer. The admin's URLs (/admin/mentors/mentor/) follow the
models' app labels and stay.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from apps.consents.models import Consent, ConsentKind
from apps.core.images import normalised_image
from apps.core.redirects import safe_next
from apps.core.text import plural, years_column
from apps.documents.awards_admin import mentor_awards_display, prepare_awards_order
from apps.events.selectors import training_registrations
from apps.mentees.models import Mentee
from apps.mentors.models import Mentor, MentorStatus
from apps.mentors.services import approval_refusal, mentors_approve, with_consent
from apps.pairs.selectors import mentors_with_load
from apps.schools.admin import YoungSpecialistFilter
from apps.schools.admin_scope import SchoolScopedAdmin, ScopedExportMixin

from .resources import MenteeResource, MentorResource


class FreePlacesFilter(admin.SimpleListFilter):
    title = "свободные места"
    parameter_name = "free"

    def lookups(self, request, model_admin):
        return [("yes", "есть"), ("no", "нет")]

    def queryset(self, request, queryset):
        # `load` is annotated by MentorAdmin.get_queryset (mentors_with_load).
        if self.value() == "yes":
            return queryset.filter(load__lt=F("capacity"))
        if self.value() == "no":
            return queryset.filter(load__gte=F("capacity"))
        return queryset


class MentorAdminForm(forms.ModelForm):
    class Meta:
        model = Mentor
        fields = "__all__"
        widgets = {"forms": forms.CheckboxSelectMultiple}

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and "photo" in self.changed_data:
            return normalised_image(photo)
        return photo


@admin.register(Mentor)
class MentorAdmin(ScopedExportMixin, SchoolScopedAdmin):
    resource_classes = [MentorResource]
    form = MentorAdminForm
    list_display = [
        "teacher_name",
        "status",
        "competence_list",
        "form_list",
        "load_display",
        "qualification_category",
        "trained_on",
    ]
    list_select_related = ["teacher"]
    list_filter = [
        "status",
        FreePlacesFilter,
        "qualification_category",
        ("competences", admin.RelatedOnlyFieldListFilter),
        ("forms", admin.RelatedOnlyFieldListFilter),
        "teacher__affiliation",
        "has_mentoring_experience",
    ]
    search_fields = ["teacher__last_name", "teacher__first_name", "teacher__patronymic"]
    autocomplete_fields = ["teacher", "competences"]
    ordering = ["teacher__last_name", "teacher__first_name"]
    readonly_fields = ["load_display", "trained_on", "training_events", "publication_consent", "awards_display", "created_at", "updated_at"]
    actions = ["approve_candidates", prepare_awards_order]
    fieldsets = [
        (None, {"fields": ["school", "teacher", "status", "capacity", "load_display"]}),
        (
            "Анкета наставника",
            {
                "fields": [
                    "competences",
                    "forms",
                    "qualification_category",
                    "has_mentoring_experience",
                    "trained_on",
                    "training_events",
                    "awards_display",
                    "achievements",
                    "interests",
                    "availability",
                ]
            },
        ),
        (
            "Для сайта",
            {
                "fields": ["photo", "publication_consent"],
                "description": "Наставник появляется в разделе «Наставничество» на сайте, только пока действует "
                "его согласие на распространение персональных данных, и только с теми сведениями, которые оно разрешает "
                "(фотография — если разрешена).",
            },
        ),
        ("Куратору", {"fields": ["notes", "created_at", "updated_at"]}),
    ]

    @admin.display(description="поощрения")
    def awards_display(self, obj):
        return mentor_awards_display(obj)

    def get_queryset(self, request):
        return mentors_with_load(super().get_queryset(request)).select_related("teacher").prefetch_related("competences", "forms")

    # --- approving candidates: the action on the list, and a page of its own that links can open

    def get_urls(self):
        approve = self.admin_site.admin_view(self.approve_view)
        return [path("utverdit/", approve, name="mentors_mentor_approve"), *super().get_urls()]

    @admin.action(description="Утвердить выбранных кандидатов", permissions=["change"])
    def approve_candidates(self, request, queryset):
        return self._approval_page(request, queryset, back=reverse("admin:mentors_mentor_changelist"))

    def approve_view(self, request):
        """GET: who will be approved and who is skipped (all the school's candidates, or `?ids=1,2`);
        POST: approve them. Nothing is written on GET."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        mentors = self.scope_queryset(request, Mentor.objects.all())  # another school's ids find nobody
        back = safe_next(request, reverse("admin:mentors_mentor_changelist"))
        if request.method == "POST":
            chosen = mentors.filter(pk__in=_ids(request.POST.getlist("ids")))
            try:
                result = mentors_approve(mentors=list(chosen), by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return redirect(back)
            if result.approved:
                n = len(result.approved)
                who = f"{n} {plural(n, 'наставник', 'наставника', 'наставников')}"
                with_them = "с ним" if n == 1 else "с ними"
                verb = plural(n, "Утверждён", "Утверждены", "Утверждены")
                self.message_user(request, f"{verb} {who}: теперь {with_them} можно формировать пары.", messages.SUCCESS)
            for reason in result.refused:
                self.message_user(request, f"Не утверждён — {reason}", messages.WARNING)
            if not result.approved and not result.refused:
                self.message_user(request, "Никто не выбран: утверждать некого.", messages.INFO)
            return redirect(back)
        if "ids" in request.GET:
            selection = mentors.filter(pk__in=_ids(request.GET["ids"].split(",")))
        else:
            selection = mentors.filter(status=MentorStatus.CANDIDATE)
        return self._approval_page(request, selection, back=back)

    def _approval_page(self, request, mentors, *, back):
        rows = [
            (mentor, approval_refusal(mentor=mentor, consented=mentor.consented))
            for mentor in with_consent(mentors).select_related("teacher").order_by(
                "teacher__last_name", "teacher__first_name", "teacher__patronymic", "pk"
            )
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Утвердить кандидатов в наставники",
            "opts": self.opts,
            "ready": [mentor for mentor, refusal in rows if refusal is None],
            "skipped": [(mentor, refusal) for mentor, refusal in rows if refusal is not None],
            "back": back,
        }
        return TemplateResponse(request, "banks/mentor_approve_confirm.html", context)

    @admin.display(description="ФИО", ordering="teacher__last_name")
    def teacher_name(self, obj):
        return obj.teacher.full_name

    @admin.display(description="компетенции")
    def competence_list(self, obj):
        return ", ".join(c.name for c in obj.competences.all()) or "—"

    @admin.display(description="формы наставничества")
    def form_list(self, obj):
        return ", ".join(f.name for f in obj.forms.all()) or "не указаны («педагог – педагог»)"

    @admin.display(description="занято мест / ёмкость", ordering="load")
    def load_display(self, obj):
        load = getattr(obj, "load", None)
        if load is None:  # a mentor not yet saved
            return "—"
        return f"{load} / {obj.capacity}"

    @admin.display(description="обучение наставников (мероприятия)")
    def training_events(self, obj):
        """The training sessions the mentor attended: where «обучение пройдено» comes from (apps/events)."""
        if obj is None or not obj.teacher_id:
            return "—"
        rows = [
            (f"{r.event.starts_on:%d.%m.%Y}", r.event.title, r.event.organiser_name)
            for r in training_registrations(obj.teacher_id)
        ]
        if not rows:
            return "посещение обучения наставников не отмечено"
        return format_html_join(mark_safe("<br>"), "{} — «{}» ({})", rows)

    @admin.display(description="согласие на распространение")
    def publication_consent(self, obj):
        if obj is None or not obj.teacher_id:
            return "—"
        consent = Consent.objects.active().filter(teacher=obj.teacher, kind=ConsentKind.PUBLICATION).first()
        if consent is not None:
            return f"дано; на сайте разрешено показывать: {', '.join(consent.category_labels)}"
        return "не дано или отозвано: на сайте не показывается"


def _ids(values) -> list[int]:
    return [int(v) for v in values if v.strip().isdecimal()][:1000]


class MenteeYoungSpecialistFilter(YoungSpecialistFilter):
    teacher_path = "teacher"


@admin.register(Mentee)
class MenteeAdmin(ScopedExportMixin, SchoolScopedAdmin):
    resource_classes = [MenteeResource]
    list_display = [
        "teacher_name",
        "status",
        "request_list",
        "experience_display",
        "young_specialist",
        "preferred_form",
        "created_at",
    ]
    list_select_related = ["teacher", "preferred_form"]
    list_filter = [
        "status",
        MenteeYoungSpecialistFilter,
        ("requests", admin.RelatedOnlyFieldListFilter),
        "preferred_form",
        "teacher__affiliation",
    ]
    search_fields = ["teacher__last_name", "teacher__first_name", "teacher__patronymic", "requests_text"]
    autocomplete_fields = ["teacher", "requests"]
    ordering = ["teacher__last_name", "teacher__first_name"]
    # The status follows the pairs: pairs.services sets it when a mentee joins or leaves.
    readonly_fields = ["status", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["school", "teacher", "status"]}),
        ("Анкета наставляемого", {"fields": ["requests", "requests_text", "preferred_form", "meeting_frequency", "desired_mentor"]}),
        ("Куратору", {"fields": ["notes", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("teacher").prefetch_related("requests")

    @admin.display(description="ФИО", ordering="teacher__last_name")
    def teacher_name(self, obj):
        return obj.teacher.full_name

    @admin.display(description="запросы")
    def request_list(self, obj):
        # The free-text part is on the record's page; the list stays scannable.
        return "; ".join(r.name for r in obj.requests.all()) or obj.requests_text[:60] or "—"

    @admin.display(description="стаж, лет", ordering="-teacher__teaching_since")
    def experience_display(self, obj):
        return years_column(obj.teacher.experience_years())

    @admin.display(description="молодой специалист", boolean=True)
    def young_specialist(self, obj):
        return obj.teacher.is_young_specialist()
