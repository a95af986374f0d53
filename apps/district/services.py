"""Writes of the municipal coordinator."""

from django.db import transaction

from apps.schools.models import Municipality


@transaction.atomic
def municipality_authority_set(*, municipality: Municipality, authority: str, head_name: str = "", head_position: str = "") -> Municipality:
    """The body the district's analytical report and orders are issued by («Отдел образования администрации …»),
    and its head who signs the district's orders."""
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    municipality.authority = " ".join(authority.split())
    municipality.head_name = " ".join(head_name.split())
    municipality.head_position = " ".join(head_position.split())
    municipality.full_clean()
    municipality.save(update_fields=["authority", "head_name", "head_position"])
    return municipality
