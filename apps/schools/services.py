"""Writes to a school's requisites: the one place its declined names are suggested."""

from django.db import transaction

from apps.core.org_names import decline_org_name

from .models import School

# The declined forms of the full name the documents use, by case.
NAME_CASE_FIELDS = {"gen": "full_name_genitive", "dat": "full_name_dative"}
CASE_LABELS = {"gen": "в родительном падеже", "dat": "в дательном падеже"}


@transaction.atomic
def school_save(*, school: School) -> list[str]:
    """Save the school's requisites, filling its full name's declined forms; return offers for the user.

    A form left empty gets the suggestion; one that followed the old name's suggestion follows the new one.
    A form the curator corrected by hand is never replaced silently: it stays, and the offer says what the
    new full name suggests.
    """
    old = None
    if school.pk:
        fields = ["full_name", *NAME_CASE_FIELDS.values()]
        old = School.objects.select_for_update().filter(pk=school.pk).values(*fields).first()
    offers = [offer for case in NAME_CASE_FIELDS if (offer := _name_case_fill(school, case, old))]
    school.full_clean()
    school.save()
    return offers


def _name_case_fill(school: School, case: str, old: dict | None) -> str:
    field = NAME_CASE_FIELDS[case]
    value = getattr(school, field).strip()
    suggestion = decline_org_name(school.full_name, case)
    setattr(school, field, value)
    if not value:
        setattr(school, field, suggestion)
        return ""
    if old is None or value != old[field] or school.full_name == old["full_name"] or value == suggestion:
        return ""  # typed now, or the name did not change: the user's own choice
    if value == decline_org_name(old["full_name"], case):
        setattr(school, field, suggestion)  # it was the old suggestion: follow the new name
        return ""
    return (
        f"Полное наименование изменено, а наименование {CASE_LABELS[case]} было исправлено вручную и оставлено "
        f"как есть: «{value}». По новому наименованию предлагается: «{suggestion}». Исправьте поле, если нужно."
    )
