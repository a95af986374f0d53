"""Long orders are made by the worker (issue 18): the «PDF» button of an order with many pairs queues a
`render_document` job and leads to its page («Документ готовится…», then «Скачать PDF»).

Measured (one render after a warm-up, load 7 on the 2-core machine): a pairs order costs ~0.33 s of CPU
plus ~0.023 s a pair — 0.43 s with 5 pairs, 0.52 s with 10, 0.73 s with 20, 1.23 s with 40, ~1.8 s with
100 — and 1.5–3 times that in wall time on the busy machine. Up to BACKGROUND_FROM_PAIRS - 1 pairs the web process renders it at
once (under a second: quicker than a job's round trip of ~3 s and a second click); from there on the
render would hold a web worker for seconds, so the worker makes it.
"""

from apps.jobs.models import Job
from apps.jobs.services import document_job_ensure

from . import documents
from .models import Order

BACKGROUND_FROM_PAIRS = 21


def order_filename(order: Order) -> str:
    if order.number and order.date:
        return f"Приказ № {order.number} от {order.date:%d.%m.%Y}.pdf"
    return f"Проект приказа {order.get_kind_display()}.pdf"


def renders_in_background(order: Order) -> bool:
    """An order of many pairs (one query)."""
    return order.pairs.count() >= BACKGROUND_FROM_PAIRS


def order_pdf_job(*, order: Order, site_url: str, by) -> Job:
    """The job making this order's PDF.

    A signed order's data is frozen, so its PDF is made once: the job that made it is found again and its
    file served (an order signed in the portal keeps its own file, Order.pdf, and never gets here). A draft
    is rendered anew on every click, as its pairs and people change; only a render still under way is shared.
    """
    signed = order.is_signed
    job, _ = document_job_ensure(
        key=f"order:{order.pk}:{'signed' if signed else 'draft'}",
        keep_made=signed,
        title=f"PDF: {order_filename(order).removesuffix('.pdf')}",
        renderer="apps.documents.order_jobs.order_pdf_bytes",
        kwargs={"order_id": order.pk, "site_url": site_url},
        filename=order_filename(order),
        school=order.school,
        created_by=by,
    )
    return job


def order_pdf_bytes(*, order_id: int, site_url: str) -> bytes:
    """The renderer the worker calls (JSON-able arguments): the order as it is when the worker gets to it."""
    order = Order.objects.select_related("school").get(pk=order_id)
    return documents.order_pdf(order=order, site_url=site_url)
