"""The district's electronic collection of practices as one PDF, made once per version of what it shows.

Visitors are anonymous and have no job pages, so the made file is kept (a finished document job, its file in
the default storage) under a key built from the versions of the district's public sections: any change a
section's pages would show — a withdrawn consent, a practice published or hidden, a section closed — bumps a
version, so the key changes and the old file is never served again. A collection without a file for the
current key is rendered at once when it is small, else by the worker, once however many visitors ask.
"""

import zlib

from django.db.models import Count, Sum
from django.utils import timezone

from apps.documents.documents import render_pdf
from apps.practices.models import BestPractice
from apps.schools.models import Municipality

from . import district_selectors
from .models import PublicSection

COLLECTION_TITLE = "Наставничество – путь от цели к результату"

# Measured (practices of about a page each, load 7–9 on the 2-core machine):
# an empty collection 0.04 s of CPU, 5 practices 0.22 s, 10 0.63 s, 20 0.94 s, 40 1.5 s, 80 4.9 s (16 s wall).
# Up to this many the first visitor waits about as long as for a page and gets the file; a bigger collection
# is left to the worker and the visitor sees «Сборник готовится» (a web worker is not held for seconds, and
# visitors cannot start renders at will).
INLINE_MAX_PRACTICES = 5


def collection_key_prefix(municipality) -> str:
    return f"public-collection:{municipality.pk}:"


def collection_key(municipality) -> str:
    """Changes whenever the collection could: any section of the district bumped (versions only grow, so
    their sum does), a school added or moved, the district renamed."""
    sections = PublicSection.objects.filter(school__municipality=municipality).aggregate(n=Count("pk"), v=Sum("version"))
    names = zlib.crc32(f"{municipality.name}\n{municipality.authority}".encode())
    return f"{collection_key_prefix(municipality)}{sections['n']}:{sections['v'] or 0}:{names:08x}"


def collection_filename(municipality) -> str:
    return f"{COLLECTION_TITLE} — {municipality.name}.pdf"


def collection_is_small(municipality) -> bool:
    published = BestPractice.objects.filter(
        school__municipality=municipality, is_published=True, school__public_section__is_published=True
    )
    return published[: INLINE_MAX_PRACTICES + 1].count() <= INLINE_MAX_PRACTICES


def collection_pdf(municipality) -> bytes:
    """Published practices of public sections only (district_selectors.collection)."""
    return render_pdf(
        "documents/district_collection.html",
        {
            "doc": {"title": COLLECTION_TITLE},
            "municipality": municipality,
            "schools": district_selectors.collection(municipality),
            "today": timezone.localdate(),
        },
    )


def collection_pdf_bytes(*, municipality_id: int) -> bytes:
    """The renderer the worker calls: the collection as it is when the worker gets to it (never older than
    the key it is kept under, since every change bumps the key)."""
    return collection_pdf(Municipality.objects.get(pk=municipality_id))
