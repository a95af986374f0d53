"""Test data of the banks: a consent to the processing of personal data, given or withdrawn."""

import datetime

from django.utils import timezone

from apps.consents.models import Consent, ConsentKind, ConsentText


def consent(teacher, *, withdrawn=False):
    given = timezone.now() - datetime.timedelta(days=10)
    return Consent.objects.create(
        school=teacher.school,
        teacher=teacher,
        kind=ConsentKind.PERSONAL_DATA,
        text=ConsentText.objects.current(ConsentKind.PERSONAL_DATA),
        given_at=given,
        withdrawn_at=given + datetime.timedelta(days=1) if withdrawn else None,
    )
