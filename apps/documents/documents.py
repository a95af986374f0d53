"""One function per generated document: each renders its template under
templates/documents/ through WeasyPrint and returns the PDF bytes.

Orders render from their payload (`content.order_payload` while a draft, the frozen
`Order.payload` once signed); the other documents from the live data. Documents of the apps
above (the analytical report of monitoring) live there and use `render_pdf`; see registry.py.
"""

import gc
import re
from contextlib import contextmanager

from django.conf import settings
from django.template.loader import render_to_string

from . import consent_forms, content
from .fonts import document_fonts
from .models import Order, OrderKind
from .qr import qr_data_uri

# Whitespace between two table tags: CSS drops it, but WeasyPrint first builds a box for each run of it
# (a 100-pair order with its acquaintance sheet has ~1,500 cells; removing it is ~10 % of the render).
_TABLE_TAG = r"</?(?:table|thead|tbody|tfoot|tr|td|th|col|colgroup)\b[^>]*>"
_SPACE_BETWEEN_TABLE_TAGS = re.compile(rf"({_TABLE_TAG})\s+(?={_TABLE_TAG})")


def render_layout(template_name: str, context: dict):
    """The document laid out in pages (WeasyPrint's Document), set in the fonts shipped in static/fonts/."""
    from weasyprint import HTML  # here, not at the top: a second to import, and every process loads this module

    # Russian typography: «№» never ends a line apart from its number.
    html = render_to_string(template_name, context).replace("№ ", "№\u00a0")
    html = _SPACE_BETWEEN_TABLE_TAGS.sub(r"\1", html)
    font_config, fonts = document_fonts()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(stylesheets=[fonts], font_config=font_config)


def render_pdf(template_name: str, context: dict) -> bytes:
    with _cycle_collection_paused():
        return render_layout(template_name, context).write_pdf()


@contextmanager
def _cycle_collection_paused():
    """WeasyPrint allocates about a million short-lived objects for a long order and Python's cycle collector
    walks them again and again: ~12 % of a 17-page render (docs/benchmarks.md). Their cycles are collected
    after the render instead. Only the call that paused the collector resumes it, so concurrent renders in
    threads never leave it off."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def order_document_payload(order: Order, *, site_url: str | None = None) -> dict:
    """The signed order's frozen data, or the draft's live data (its QR code leading to `site_url`)."""
    if order.is_signed and order.payload:
        return order.payload
    return content.order_payload(order, site_url=site_url)


ORDER_TEMPLATES = {
    OrderKind.IMPLEMENTATION: "documents/implementation_order.html",
    OrderKind.REGULATIONS: "documents/regulations_order.html",
    OrderKind.CURATOR: "documents/curator_order.html",
    OrderKind.PAIRS: "documents/pairs_order.html",
    OrderKind.FINAL_EVENT: "documents/final_event_order.html",
    OrderKind.COMPLETION: "documents/completion_order.html",
    OrderKind.PROGRAMME: "documents/programme_order.html",
    OrderKind.AWARDS: "documents/awards_order.html",
}


def order_context(order: Order, *, site_url: str | None = None) -> dict:
    return payload_context(order_document_payload(order, site_url=site_url))


def payload_context(payload: dict) -> dict:
    """An order template's context: its payload and the QR code of its verification page."""
    qr = qr_data_uri(payload["verify_url"]) if payload.get("verify_url") else ""
    return {"doc": payload, "qr": qr}


def _order_pdf(order: Order, site_url: str | None) -> bytes:
    return render_pdf(ORDER_TEMPLATES[order.kind], order_context(order, site_url=site_url))


def implementation_order_pdf(*, order: Order, site_url: str | None = None) -> bytes:
    return _order_pdf(order, site_url)


def regulations_order_pdf(*, order: Order, site_url: str | None = None) -> bytes:
    return _order_pdf(order, site_url)


def curator_order_pdf(*, order: Order, site_url: str | None = None) -> bytes:
    return _order_pdf(order, site_url)


def pairs_order_pdf(*, order: Order, site_url: str | None = None) -> bytes:
    return _order_pdf(order, site_url)


def final_event_order_pdf(*, order: Order, site_url: str | None = None) -> bytes:
    return _order_pdf(order, site_url)


def completion_order_pdf(*, order: Order, site_url: str | None = None) -> bytes:
    return _order_pdf(order, site_url)


def programme_order_pdf(*, order: Order, site_url: str | None = None) -> bytes:
    """The order approving the school's Программа наставничества, the programme as its appendix."""
    return _order_pdf(order, site_url)


def awards_order_pdf(*, order: Order, site_url: str | None = None) -> bytes:
    return _order_pdf(order, site_url)


ORDER_DOCUMENTS = {
    OrderKind.IMPLEMENTATION: implementation_order_pdf,
    OrderKind.REGULATIONS: regulations_order_pdf,
    OrderKind.CURATOR: curator_order_pdf,
    OrderKind.PAIRS: pairs_order_pdf,
    OrderKind.FINAL_EVENT: final_event_order_pdf,
    OrderKind.COMPLETION: completion_order_pdf,
    OrderKind.PROGRAMME: programme_order_pdf,
    OrderKind.AWARDS: awards_order_pdf,
}


def order_pdf(*, order: Order, site_url: str | None = None) -> bytes:
    """`site_url`: the address a draft's QR code leads to (see apps.core.site); a signed order keeps its own."""
    return ORDER_DOCUMENTS[order.kind](order=order, site_url=site_url)


def regulations_pdf(*, school) -> bytes:
    """Положение о системе наставничества: as approved, or a draft from the school's settings."""
    return render_pdf("documents/regulations.html", {"doc": content.regulations_payload(school)})


def school_programme_pdf(*, school) -> bytes:
    """Программа наставничества педагогических работников of the school: as approved, or a draft from today's data."""
    return render_pdf("documents/school_programme.html", {"doc": content.school_programme_payload(school)})


def programme_pdf(*, pair) -> bytes:
    """The personalised programme of a pair or group with its plan."""
    return render_pdf("documents/programme.html", {"doc": content.programme_payload(pair)})


def consent_personal_data_pdf(*, teacher) -> bytes:
    """The consent to processing with every item of art. 9 part 4 of 152-ФЗ (blank lines where nothing was typed)."""
    payload = consent_forms.consent_form_payload(teacher=teacher, kind="consent_personal_data")
    return render_pdf("documents/consent_personal_data.html", {"doc": payload})


def consent_dissemination_pdf(*, teacher) -> bytes:
    """The consent to dissemination (art. 10.1 of 152-ФЗ): categories allowed, conditions and prohibitions."""
    payload = consent_forms.consent_form_payload(teacher=teacher, kind="consent_dissemination")
    return render_pdf("documents/consent_dissemination.html", {"doc": payload})


def consent_mentee_pdf(*, teacher, pair=None) -> bytes:
    payload = content.person_form_payload(teacher=teacher, kind="consent_mentee", pair=pair)
    return render_pdf("documents/consent_mentee.html", {"doc": payload})


def consent_mentor_pdf(*, teacher, pair=None) -> bytes:
    payload = content.person_form_payload(teacher=teacher, kind="consent_mentor", pair=pair)
    return render_pdf("documents/consent_mentor.html", {"doc": payload})


def employment_agreement_pdf(*, teacher, pair=None) -> bytes:
    payload = content.person_form_payload(teacher=teacher, kind="employment_agreement", pair=pair)
    return render_pdf("documents/employment_agreement.html", {"doc": payload})


PERSON_DOCUMENTS = {
    "consent_personal_data": consent_personal_data_pdf,
    "consent_dissemination": consent_dissemination_pdf,
    "consent_mentee": consent_mentee_pdf,
    "consent_mentor": consent_mentor_pdf,
    "employment_agreement": employment_agreement_pdf,
}
# The 152-ФЗ consents are about the person, never about a pair.
PERSON_DOCUMENTS_WITHOUT_PAIR = ("consent_personal_data", "consent_dissemination")
PERSON_DOCUMENT_TITLES = {
    "consent_personal_data": "Согласие на обработку персональных данных",
    "consent_dissemination": "Согласие на распространение персональных данных",
    "consent_mentee": "Согласие на закрепление наставника",
    "consent_mentor": "Согласие наставника на возложение дополнительных обязанностей",
    "employment_agreement": "Дополнительное соглашение к трудовому договору",
}

