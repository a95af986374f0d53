"""Reads of the mentee bank that layers above share (the bank page, the roadmap's automatic events)."""

from django.db.models import Count

from apps.consents.models import ConsentKind
from apps.consents.selectors import has_active_consent
from apps.schools.models import Teacher

from .models import Mentee, MenteeStatus


def mentee_bank_figures(*, school) -> dict:
    """Counts at the top of the bank and the control figure the seeds require to be 100 %."""
    consented = Mentee.objects.filter(school=school).filter(has_active_consent(ConsentKind.PERSONAL_DATA))
    by_status = dict(consented.values_list("status").annotate(n=Count("pk")).order_by())
    young = Teacher.objects.filter(school=school).young_specialists()
    young_total = young.count()
    young_in_bank = young.filter(mentee__in=consented).count()
    return {
        "total": sum(by_status.values()),
        "by_status": [(label, by_status.get(value, 0), value) for value, label in MenteeStatus.choices],
        "young_total": young_total,
        "young_in_bank": young_in_bank,
        "young_percent": round(100 * young_in_bank / young_total) if young_total else 100,
    }
