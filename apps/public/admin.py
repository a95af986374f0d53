"""The curator's side of the public section: its settings and embed snippets, news, the normative base."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from apps.catalogues.admin import CatalogueItemAdmin, OwnerFilter
from apps.core.forms import HTTPS_URLS, https_urls
from apps.core.images import normalised_image
from apps.documents.selectors import published_orders
from apps.practices.files import validate_practice_file
from apps.schools.admin_scope import SchoolScopedAdmin, SchoolScopedStackedInline, user_scope

from . import selectors
from .models import NewsImage, NewsPost, NormativeAct, PublicSection
from .services import public_section_create


def embed_snippets(section) -> dict:
    school = section.school
    base = settings.SITE_URL
    url = base + reverse("public:home", args=[school.slug])
    title = f"Наставничество — {school.short_name}".replace('"', "&quot;")
    return {
        "url": url,
        "iframe": f'<iframe src="{url}" title="{title}" width="100%" height="1400" style="border:0" loading="lazy"></iframe>',
        "script": f'<script src="{base}{reverse("public:embed_script")}" data-school="{school.slug}" '
        f'data-title="{title}" async></script>',
    }


@admin.register(PublicSection)
class PublicSectionAdmin(SchoolScopedAdmin):
    list_display = ["school", "is_published", "updated_at"]
    readonly_fields = ["preview_link", "what_is_shown", "iframe_snippet", "script_snippet", "updated_at"]
    fieldsets = [
        (None, {"fields": ["school", "is_published", "preview_link", "what_is_shown"]}),
        ("Тексты", {"fields": ["intro", "curator_contacts", "description"]}),
        (
            "Встраивание в сайт школы",
            {
                "fields": ["embed_origins", "script_snippet", "iframe_snippet"],
                "description": "Скопируйте один из фрагментов в страницу «Наставничество» сайта школы "
                "(в режиме редактирования HTML). Сначала укажите адрес сайта школы: на других сайтах "
                "браузер раздел не покажет.",
            },
        ),
    ]

    def get_urls(self):
        create = self.admin_site.admin_view(require_POST(self.create_view))
        return [path("sozdat/", create, name="public_publicsection_create"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        # One section per school: the curator goes straight to it. A GET only reads.
        scope = user_scope(request.user)
        if scope.school_id:
            section = PublicSection.objects.filter(school_id=scope.school_id).first()
            if section is not None:
                return redirect(reverse("admin:public_publicsection_change", args=[section.pk]))
            # Made with the school; a school loaded without one gets it by the button of this page (a POST).
            if not self.has_view_or_change_permission(request):
                raise PermissionDenied
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": capfirst(self.opts.verbose_name),
                "can_create": self.has_change_permission(request),
            }
            return render(request, "admin/public/publicsection/missing.html", context)
        return super().changelist_view(request, extra_context)

    def create_view(self, request):
        """The button of the page above: the curator's school gets its section (POST only)."""
        scope = user_scope(request.user)
        if not (scope.school_id and self.has_change_permission(request)):
            raise PermissionDenied
        section = public_section_create(school_id=scope.school_id)
        return redirect(reverse("admin:public_publicsection_change", args=[section.pk]))

    def has_add_permission(self, request):
        return False  # created with the school

    @admin.display(description="страница раздела")
    def preview_link(self, obj):
        url = reverse("public:home", args=[obj.school.slug])
        note = "" if obj.is_published else " (пока раздел не опубликован, её видят только сотрудники школы)"
        return format_html('<a href="{}" target="_blank" rel="noopener">{}{}</a>{}', url, settings.SITE_URL, url, note)

    @admin.display(description="что видно на сайте")
    def what_is_shown(self, obj):
        school = obj.school
        shown = selectors.public_mentors(school).count()
        total = school.mentors.count()
        return format_html(
            "Наставников: {} из {} (остальные не дали согласия на публикацию или ещё не утверждены).<br>"
            "Опубликовано приказов: {}; лучших практик: {}; новостей и анонсов: {}.",
            shown,
            total,
            published_orders(school=school).count(),
            selectors.published_practices(school).count(),
            selectors.published_news(school).count(),
        )

    @admin.display(description="код для вставки со скриптом (высота подстраивается)")
    def script_snippet(self, obj):
        return format_html('<textarea readonly rows="3" cols="90" class="vLargeTextField" aria-label="Код для вставки со скриптом">{}</textarea>', embed_snippets(obj)["script"])

    @admin.display(description="код для вставки во фрейм (высота постоянная)")
    def iframe_snippet(self, obj):
        return format_html('<textarea readonly rows="3" cols="90" class="vLargeTextField" aria-label="Код для вставки во фрейм">{}</textarea>', embed_snippets(obj)["iframe"])


class NewsImageForm(forms.ModelForm):
    class Meta:
        model = NewsImage
        fields = ["image", "alt", "order"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and "image" in self.changed_data:
            return normalised_image(image)
        return image


class NewsImageInline(SchoolScopedStackedInline):
    model = NewsImage
    form = NewsImageForm
    extra = 0


@admin.register(NewsPost)
class NewsPostAdmin(SchoolScopedAdmin):
    inlines = [NewsImageInline]
    list_display = ["title", "kind", "published_at", "is_published", "event_date"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "lead", "body"]
    date_hierarchy = "published_at"
    ordering = ["-published_at", "-pk"]
    fieldsets = [
        (None, {"fields": ["school", "kind", "title", "lead", "body", "event_date"]}),
        ("Публикация", {"fields": ["is_published", "published_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class NormativeActForm(forms.ModelForm):
    class Meta:
        model = NormativeAct
        fields = "__all__"
        formfield_callback = https_urls

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            validate_practice_file(file)
        return file


@admin.register(NormativeAct)
class NormativeActAdmin(CatalogueItemAdmin):
    form = NormativeActForm
    formfield_overrides = HTTPS_URLS  # the admin makes the form's fields again, through its own callback
    list_display = ["title", "level", "owner_display", "is_published", "order"]
    list_filter = [OwnerFilter, "level", "is_published"]
    search_fields = ["title"]
    ordering = ["level", "order", "pk"]
    fields = ["school", "level", "title", "url", "file", "is_published", "order"]
