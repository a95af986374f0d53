"""Giving and withdrawing consents: the one place these writes happen."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.db import violates

from .models import SUBJECT_FIELDS, Consent, ConsentText, PublicCategory

logger = logging.getLogger(__name__)


FUTURE_SIGNATURE = "Дата подписи не может быть в будущем."


@transaction.atomic
def consent_give(
    *,
    teacher,
    kind,
    pair=None,
    source=Consent.Source.ONLINE,
    recorded_by=None,
    signed_on: datetime.date | None = None,
    categories: list[str] | None = None,
    conditions: str = "",
    subject: dict | None = None,
) -> Consent:
    """Record the teacher's consent to the wording of `kind` in force; an active one is returned as it is.

    `signed_on`: the day a paper consent was signed, when not today; it dates the consent and picks
    the wording in force that day (the oldest one, for a day before the portal kept any).
    `categories`, `conditions`: what a consent to dissemination allows and the subject's conditions and
    prohibitions. `subject`: the subject's address and identity document in a consent to processing
    (keys of SUBJECT_FIELDS), optional.
    """
    existing = Consent.objects.active().select_for_update().filter(teacher=teacher, kind=kind, pair=pair).first()
    if existing is not None:
        return existing
    given_at = _given_at(signed_on=signed_on, source=source)
    texts = ConsentText.objects.filter(kind=kind)
    text = texts.filter(effective_from__lte=given_at).order_by("-effective_from").first()
    if text is None and signed_on is not None:
        text = texts.order_by("effective_from").first()
    if text is None:
        raise ValidationError("Текст этого согласия ещё не утверждён: обратитесь к куратору наставничества.")
    consent = Consent(
        school_id=teacher.school_id,
        teacher=teacher,
        kind=kind,
        text=text,
        pair=pair,
        source=source,
        given_at=given_at,
        recorded_by=recorded_by,
        categories=[code for code in PublicCategory.values if code in (categories or [])],
        conditions=conditions.strip(),
        **{name: (subject or {}).get(name, "").strip() for name in SUBJECT_FIELDS},
    )
    consent.full_clean()
    try:
        with transaction.atomic():
            consent.save()
    except IntegrityError as error:
        if not violates(error, "consent_one_active_per_kind"):
            raise
        # Given at the same moment by another request (a double click, a second tab): that one stands.
        return Consent.objects.active().get(teacher=teacher, kind=kind, pair=pair)
    return consent


def _given_at(*, signed_on, source) -> datetime.datetime:
    now = timezone.now()
    if signed_on is None or signed_on == timezone.localdate(now):
        return now
    if source != Consent.Source.PAPER:
        raise ValueError("only a paper consent is dated by its signature")
    if signed_on > timezone.localdate(now):
        raise ValidationError({"signed_on": FUTURE_SIGNATURE})
    return timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(12)))


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
