"""Figures of `manage.py bench` for documents: orders rendered to PDF through WeasyPrint."""

import io

from pypdf import PdfReader

from apps.core.bench import benchmark, median_seconds
from apps.documents.documents import curator_order_pdf, pairs_order_pdf
from apps.documents.models import OrderKind
from apps.documents.services import order_create
from apps.pairs.bench import school_with_pairs


@benchmark("pdf_pairs_order_100", title="PDF: приказ о закреплении 100 наставнических пар (цель < 2 с)", quick=True)
def pdf_pairs_order_100():
    school, pairs = school_with_pairs("bench-pdf-pairs", 100)
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=pairs)
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
