"""Demo data of the school documents (issue 17, item 4): one programme agreed by the methodical association and
approved by the director, read by its mentor; the draft order approving the school's Программа наставничества.

Idempotent: what exists is left as it is (a curator may have changed it in the demo)."""

import datetime

from django.utils import timezone

from apps.documents.models import Order, OrderKind
from apps.documents.services import order_create
from apps.pairs.models import PairStatus
from apps.programmes.models import AgreementBody, Programme, ProgrammeAcknowledgement, ProgrammeApproval
from apps.programmes.services import programme_acknowledge, programme_approval_record


def seed_school_docs(*, school, neighbour, municipality, today: datetime.date) -> None:
    programme = (
        Programme.objects.filter(pair__school=school, pair__status=PairStatus.ACTIVE, starts_on__lte=today)
        .select_related("pair__mentor__teacher")
        .order_by("starts_on", "pk")
        .first()
    )
    if programme is not None:
        if not ProgrammeApproval.objects.filter(programme=programme).exists():
            # Never after the real today either: the demo may be seeded for a future date, and a meeting
            # cannot be recorded before it has taken place.
            today = min(today, timezone.localdate())
            agreed_on = min(programme.starts_on + datetime.timedelta(days=7), today)
            programme_approval_record(
                programme=programme,
                body=AgreementBody.METHODICAL_ASSOCIATION,
                body_name="учителей естественно-математического цикла",
                agreed_on=agreed_on,
                protocol_number="2",
                approved_on=min(agreed_on + datetime.timedelta(days=1), today),
            )
        mentor = programme.pair.mentor.teacher
        if not ProgrammeAcknowledgement.objects.filter(programme=programme, teacher=mentor).exists():
            programme_acknowledge(programme=programme, teacher=mentor)
    if not Order.objects.filter(school=school, kind=OrderKind.PROGRAMME).exists():
        order_create(school=school, kind=OrderKind.PROGRAMME)
