"""Giving and withdrawing consents: the one place these writes happen."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Consent, ConsentText

logger = logging.getLogger(__name__)


@transaction.atomic
def consent_give(*, teacher, kind, pair=None, source=Consent.Source.ONLINE, recorded_by=None) -> Consent:
    """Record the teacher's consent to today's wording of `kind`; an active one is returned as it is."""
    existing = Consent.objects.active().select_for_update().filter(teacher=teacher, kind=kind, pair=pair).first()
    if existing is not None:
        return existing
    try:
        text = ConsentText.objects.current(kind)
    except ConsentText.DoesNotExist:
        raise ValidationError("Текст этого согласия ещё не утверждён: обратитесь к куратору наставничества.") from None
    consent = Consent(
        school_id=teacher.school_id,
        teacher=teacher,
        kind=kind,
        text=text,
        pair=pair,
        source=source,
        given_at=timezone.now(),
        recorded_by=recorded_by,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent, by=None) -> Consent:
    """Mark the consent withdrawn now. The record stays: it is evidence of what was agreed and when."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return consent
    consent.withdrawn_at = timezone.now()
    consent.full_clean()
    consent.save(update_fields=["withdrawn_at"])
    # The model has no "withdrawn by" field; keep the trace in the log.
    logger.info("consent %s withdrawn by user %s", consent.pk, getattr(by, "pk", None))
    return consent
