"""Figures of `manage.py bench` for documents: orders rendered to PDF through WeasyPrint."""

import datetime
import io

from django.utils import timezone
from pypdf import PdfReader

from apps.consents.models import Consent, ConsentKind, ConsentText
from apps.core.bench import benchmark, median_seconds
from apps.documents.documents import curator_order_pdf, pairs_order_pdf
from apps.documents.models import OrderKind
from apps.documents.services import order_create
from apps.pairs.bench import school_with_pairs


def consented(pairs, *, on=datetime.date(2026, 9, 25)):
    """Every consent a pairs order asks of the pairs' participants (apps/documents/rules.py), signed on `on`, written at once."""
    given_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    texts = {kind: ConsentText.objects.filter(kind=kind).order_by("effective_from").first() for kind in ConsentKind.values}
    rows = []
    for pair in pairs:
        mentees = [m.mentee.teacher_id for m in pair.memberships.all()]
        school = pair.school_id
        rows.append((pair.mentor.teacher_id, ConsentKind.MENTOR_DUTIES, pair.pk))
        rows += [(t, ConsentKind.MENTEE_ASSIGNMENT, pair.pk) for t in mentees]
        rows += [(t, ConsentKind.PERSONAL_DATA, None) for t in (pair.mentor.teacher_id, *mentees)]
    Consent.objects.bulk_create(
        Consent(school_id=school, teacher_id=t, kind=kind, text=texts[kind], pair_id=pair_id, source=Consent.Source.PAPER, given_at=given_at)
        for t, kind, pair_id in rows
    )
    return pairs


@benchmark("pdf_pairs_order_100", title="PDF: приказ о закреплении 100 наставнических пар (цель < 2 с)", quick=True)
def pdf_pairs_order_100():
    school, pairs = school_with_pairs("bench-pdf-pairs", 100)
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=consented(pairs))
    if order.pairs.count() != 100:
        raise RuntimeError(f"pdf_pairs_order_100: the order has {order.pairs.count()} pairs")
    return median_seconds(lambda: pairs_order_pdf(order=order), runs=3), "s"


@benchmark("pdf_order_1_page", title="PDF: одностраничный приказ о назначении куратора (цель < 0,5 с)", quick=True)
def pdf_order_1_page():
    school, _ = school_with_pairs("bench-pdf-one", 0, charter_name=False)
    order = order_create(school=school, kind=OrderKind.CURATOR, responsible=school.curator)
    pages = _pdf_pages(curator_order_pdf(order=order))
    if pages != 1:
        raise RuntimeError(f"pdf_order_1_page: the order has {pages} pages")
    return median_seconds(lambda: curator_order_pdf(order=order), runs=5), "s"


def _pdf_pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)
