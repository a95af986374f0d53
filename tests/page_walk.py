"""Every page of every role: the list the layout, accessibility and words walkers share.

The pages are those of tests/test_url_access.py's table that answer the role 200 (the portal's own
pages, built from the `world` there), plus the back-office pages the role reaches: the index, each
section's page, and for every registered model its list, its add form and one record's change,
history and delete pages. Only HTML answers count: a PDF, an XLSX or a feed is not a page.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from tests.test_url_access import EXPECTED, ROLES, cases_for

# The roles a person logs in with (curator B sees what curator A sees, of another school).
WALKED_ROLES = ("anonymous", "teacher", "mentor", "curator_a", "director_a", "coordinator")
# Files, not pages: not even fetched, to keep the walks fast (any other answer that is not HTML is
# fetched and dropped).
FILES = {
    "privacy:export", "mentees:export", "mentors:export", "documents:order_pdf", "documents:order_scan",
    "documents:pair_programme", "documents:teacher_document", "documents:regulations", "programmes:calendar",
    "monitoring:report_pdf", "monitoring:report_xlsx", "district:monitoring_xlsx", "district:report_pdf",
    "monitoring:round_xlsx", "district:round_xlsx", "network:agreement", "network:district_agreement",
    "public:embed_script", "public:news_rss", "public:news_atom", "public:order_file", "public:act_file",
    "public:practice_file", "public:mentor_photo", "public:news_image", "admin:schools_teacher_import_template",
}  # fmt: skip
# What the people are called: the menu shows a person's name, never a login.
NAMES = {
    "teacher": ("Анна", "Гоголь"),
    "mentor": ("Галина", "Белова"),
    "curator_a": ("Ирина", "Волкова"),
    "director_a": ("Татьяна", "Сергеева"),
    "coordinator": ("Ольга", "Толмачева"),
}


@dataclass(frozen=True)
class Page:
    label: str
    url: str
    html: str


def name_the_users(world):
    """Logins made by the factories have no names; real ones do (the invitation copies the teacher's)."""
    for role, (first, last) in NAMES.items():
        user = world.users[role]
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])


def portal_addresses(world, role):
    """(label, URL) of every case of the access table that shows `role` a page on a GET."""
    index = ROLES.index(role)
    for name in sorted(set(EXPECTED) - FILES):
        for case in cases_for(name, world):
            if case.get is not None and case.get[index] in (200, 410):  # 410: a used or expired link's page
                yield f"{name} {case.label}".strip(), case.url(name, world)


def admin_addresses(world, user):
    """(label, URL) of the back-office pages `user` may open."""
    if user is None or not user.is_staff:
        return
    yield "admin:index", reverse("admin:index")
    request = RequestFactory().get("/")
    request.user = user
    registry = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
    for app_label in sorted({model._meta.app_label for model, _ in registry}):
        yield f"admin:app_list {app_label}", reverse("admin:app_list", kwargs={"app_label": app_label})
    for model, model_admin in registry:
        if not model_admin.has_view_or_change_permission(request):
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield f"{prefix}_changelist", reverse(f"{prefix}_changelist")
        if model_admin.has_add_permission(request):
            yield f"{prefix}_add", reverse(f"{prefix}_add")
        obj = world.admin_objects_a.get(model) or model_admin.get_queryset(request).order_by("pk").first()
        if obj is None:
            continue
        for page in ("change", "history", "delete"):
            if page == "delete" and not model_admin.has_delete_permission(request, obj):
                continue
            try:
                yield f"{prefix}_{page}", reverse(f"{prefix}_{page}", args=[obj.pk])
            except NoReverseMatch:  # an admin without that page
                continue


def role_pages(client, world, role) -> list[Page]:
    """The HTML pages `role` reaches, fetched through `client` (logged in as that role)."""
    user = world.users[role]
    seen, pages = set(), []
    for label, url in [*portal_addresses(world, role), *admin_addresses(world, user)]:
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code not in (200, 410) or not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages.append(Page(label, url, response.content.decode()))
    return pages


# Back-office pages that one template draws the same way for every model: the browser checks the
# first of each family a role reaches (the words walker reads them all).
SAMPLED_FAMILIES = ("_history", "_delete", "admin:app_list")


def browser_sample(pages: list[Page]) -> list[Page]:
    seen, sample = set(), []
    for page in pages:
        family = next((f for f in SAMPLED_FAMILIES if f in page.label), None)
        if family in seen:
            continue
        if family:
            seen.add(family)
        sample.append(page)
    return sample
