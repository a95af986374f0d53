"""Roles are Django groups; this module is the one place that says what each may do."""

from django.db import models

DOMAIN_APPS = ("schools", "catalogues", "consents", "mentors", "mentees", "pairs", "programmes", "roadmap", "surveys", "documents", "practices", "public", "events")

# Permissions a curator never gets, whatever the app: schools and districts are set up
# by the administrator, and a recorded consent is evidence that must stay.
CURATOR_EXCLUDED = {
    "schools.add_school",
    "schools.delete_school",
    "schools.add_municipality",
    "schools.change_municipality",
    "schools.delete_municipality",
    "consents.delete_consent",
    "consents.add_consenttext",
    "consents.change_consenttext",
    "consents.delete_consenttext",
    "documents.sign_order",  # the director signs orders; the curator prepares them
    "public.add_publicsection",  # one section per school, created with the school
    "public.delete_publicsection",
}

# Beyond reading everything, a director signs the orders.
DIRECTOR_EXTRA = {"schools.change_school", "documents.sign_order"}


class Role(models.TextChoices):
    CURATOR = "Куратор", "Куратор"
    DIRECTOR = "Директор", "Директор"
    TEACHER = "Педагог", "Педагог"
    COORDINATOR = "Муниципальный координатор", "Муниципальный координатор"


def role_permissions(role: Role):
    from django.contrib.auth.models import Permission

    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS).select_related("content_type")
    if role == Role.CURATOR:
        return [p for p in domain if f"{p.content_type.app_label}.{p.codename}" not in CURATOR_EXCLUDED]
    if role == Role.DIRECTOR:
        return [
            p
            for p in domain
            if p.codename.startswith("view_") or f"{p.content_type.app_label}.{p.codename}" in DIRECTOR_EXTRA
        ]
    if role == Role.COORDINATOR:
        return [p for p in domain if p.codename.startswith("view_")]
    return []  # a teacher works on their own pages, never in the back-office


def sync_role_groups(sender=None, **kwargs):
    """Create the role groups and give them exactly their permissions (idempotent)."""
    from django.contrib.auth.models import Group

    # post_migrate fires once per app, and permissions of later apps appear only
    # then; re-running each time is cheap and leaves the final state complete.
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(role_permissions(role))
