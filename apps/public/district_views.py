"""The district's public page /nastavnichestvo/rayon/<slug>/ and its electronic collection of practices
(one PDF): read-only for anyone, frameable only by the sites the coordinator listed."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from apps.core.files import stored_file_response
from apps.core.xlsx import content_disposition
from apps.events.selectors import public_events
from apps.jobs.services import document_job_ensure, document_job_make_now, document_jobs_prune, document_made

from . import collection, district_selectors
from .collection import COLLECTION_TITLE
from .views import content_security_policy


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


# The «Сборник готовится» page asks again this often (a collection the worker makes takes a few seconds).
WAIT_REFRESH_SECONDS = 10


@require_safe
def district_collection_pdf(request, slug):
    """The collection kept for the current version of the district's sections (collection.py): at once if made,
    made here if small, else queued once for the worker while the visitor gets «Сборник готовится»."""
    municipality = _district(slug)
    key = collection.collection_key(municipality)
    job = document_made(key)
    if job is None and collection.collection_is_small(municipality):
        job = document_job_make_now(
            key=key,
            render=lambda: collection.collection_pdf(municipality),
            title=f"Сборник практик: {municipality.name}",
            filename=collection.collection_filename(municipality),
        )
        document_jobs_prune(key_prefix=collection.collection_key_prefix(municipality), keep=job)
    if job is None:
        job, created = document_job_ensure(
            key=key,
            keep_made=True,
            title=f"Сборник практик: {municipality.name}",
            renderer="apps.public.collection.collection_pdf_bytes",
            kwargs={"municipality_id": municipality.pk},
            filename=collection.collection_filename(municipality),
        )
        if created:  # the files of former versions are never served again
            document_jobs_prune(key_prefix=collection.collection_key_prefix(municipality), keep=job)
    if not job.result_file:
        return _collection_wait(request, municipality, failed=bool(job.error))
    response = stored_file_response(job.result_file, filename=job.filename, content_type="application/pdf", attachment=False,
                                    cache_control="no-cache")
    response["Content-Disposition"] = content_disposition(job.filename, f"sbornik-{municipality.slug}.pdf", inline=True)
    return response


def _collection_wait(request, municipality, *, failed: bool):
    response = render(
        request,
        "public/district_collection_wait.html",
        {"municipality": municipality, "collection_title": COLLECTION_TITLE, "failed": failed, "refresh_seconds": WAIT_REFRESH_SECONDS},
        status=503 if failed else 202,
    )
    response["Cache-Control"] = "no-store"
    if failed:
        response["Retry-After"] = "300"
    return response
