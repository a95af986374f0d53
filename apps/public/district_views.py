"""The district's public page /nastavnichestvo/rayon/<slug>/ and its electronic collection of practices
(one PDF): read-only for anyone, frameable only by the sites the coordinator listed."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from apps.core.xlsx import content_disposition
from apps.documents.documents import render_pdf
from apps.events.selectors import public_events

from . import district_selectors
from .views import content_security_policy

COLLECTION_TITLE = "Наставничество – путь от цели к результату"


def _district(slug):
    municipality = district_selectors.district_for(slug)
    if municipality is None:
        raise Http404("Такого района нет.")
    return municipality


@require_safe
@xframe_options_exempt
def district_home(request, slug):
    municipality = _district(slug)
    page = district_selectors.district_page(municipality)
    response = render(
        request,
        "public/district.html",
        {
            "municipality": municipality,
            "page": page,
            "events": public_events(municipality),
            "contests": district_selectors.public_winners(municipality),
            "collection": district_selectors.collection(municipality),
            "collection_title": COLLECTION_TITLE,
        },
    )
    response["Content-Security-Policy"] = content_security_policy(page)
    return response


@require_safe
def district_collection_pdf(request, slug):
    municipality = _district(slug)
    today = timezone.localdate()
    pdf = render_pdf(
        "documents/district_collection.html",
        {
            "doc": {"title": COLLECTION_TITLE},
            "municipality": municipality,
            "schools": district_selectors.collection(municipality),
            "today": today,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        f"{COLLECTION_TITLE} — {municipality.name}.pdf", f"sbornik-{municipality.slug}.pdf", inline=True
    )
    response["Cache-Control"] = "no-cache"
    return response
