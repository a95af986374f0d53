"""«Договор о сетевом взаимодействии» between the mentee's school (the pair's, «Базовая организация») and the
mentor's («Организация-партнёр»), rendered with the documents' ГОСТ machinery (templates/documents/base.html)."""

from apps.documents.content import FEDERAL_GROUNDS, school_block
from apps.documents.documents import render_pdf
from apps.documents.names import teacher_forms

from .models import NetworkRequest

TITLE = "Договор о сетевом взаимодействии"


def _party(school) -> dict:
    block = school_block(school)
    # «…, в лице директора Иванова Ивана Ивановича, действующего на основании Устава»
    block["acting"] = "действующей" if block["director"]["gender"] == "f" else "действующего"
    return block


def agreement_payload(request: NetworkRequest) -> dict:
    """What the agreement says, from the accepted request and its pair (both schools, the mentor, the mentee)."""
    pair = request.pair
    return {
        "title": TITLE,
        "base": _party(request.mentee.school),
        "partner": _party(request.mentor.school),
        "mentor": teacher_forms(request.mentor.teacher),
        "mentee": teacher_forms(request.mentee.teacher),
        "form": pair.form.name,
        "started_on": pair.started_on,
        "planned_end_on": pair.planned_end_on,
        "grounds": FEDERAL_GROUNDS,
    }


def agreement_pdf(*, request: NetworkRequest) -> bytes:
    doc = agreement_payload(request)
    parties = [(doc["base"], "Базовая организация"), (doc["partner"], "Организация-партнёр")]
    return render_pdf("network/agreement.html", {"doc": doc, "parties": parties})


def agreement_filename(request: NetworkRequest) -> tuple[str, str]:
    """The Russian file name and its Latin fallback."""
    return (
        f"Договор о сетевом взаимодействии — {request.mentee.school.short_name} и {request.mentor.school.short_name}.pdf",
        f"network-agreement-{request.pk}.pdf",
    )
