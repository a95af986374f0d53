"""Writes of the municipal coordinator."""

from django.db import transaction

from apps.schools.models import Municipality


@transaction.atomic
def municipality_authority_set(*, municipality: Municipality, authority: str) -> Municipality:
    """The body the district's analytical report is issued by («Отдел образования администрации …»)."""
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    municipality.authority = " ".join(authority.split())
    municipality.full_clean()
    municipality.save(update_fields=["authority"])
    return municipality
