"""«Договор о сетевом взаимодействии» between the mentee's school (the pair's, «Базовая организация») and the
mentor's («Организация-партнёр»), rendered with the documents' ГОСТ machinery (templates/documents/base.html)."""

from django.core.exceptions import ValidationError
from django.db.models import Q

from apps.documents.content import FEDERAL_GROUNDS, school_block
from apps.documents.documents import render_pdf
from apps.documents.names import teacher_forms

from .models import NetworkRequest, RequestStatus

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


def latest_agreement_pdf(*, school, year_start=None) -> bytes:
    """`render_document network_agreement --school SLUG`: the agreement of the school's latest accepted request,
    as the mentee's school or as the mentor's (`year_start` is not used: an agreement runs its own term)."""
    request = (
        NetworkRequest.objects.with_people()
        .filter(status=RequestStatus.ACCEPTED, pair__isnull=False)
        .filter(Q(mentee__school=school) | Q(mentor__school=school))
        .order_by("-decided_at", "-pk")
        .first()
    )
    if request is None:
        raise ValidationError(f"У {school.short_name} нет принятых запросов на сетевое наставничество: договор не составляется.")
    return agreement_pdf(request=request)
