"""The portal's absolute address, for links and QR codes that leave the browser (PDFs, e-mails).

In production it is always SITE_URL (required there: see settings), whatever Host a request carries.
In development (DEBUG on) it is the address the page was requested at, so a portal run on another
port or host prints QR codes that lead back to it; without a request (commands) it is SITE_URL.
"""

from django.conf import settings


def site_url(request=None) -> str:
    """«http://127.0.0.1:8000», without a trailing slash."""
    if request is not None and settings.DEBUG:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.SITE_URL.rstrip("/")
