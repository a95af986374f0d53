"""Writes of the public section that have a rule: one section per school."""

from django.db import transaction

from .models import PublicSection


@transaction.atomic
def public_section_create(*, school_id: int) -> PublicSection:
    """The school's section, made unpublished if it has none yet (with a new school, or by its curator's button)."""
    section, _ = PublicSection.objects.get_or_create(school_id=school_id)
    return section
