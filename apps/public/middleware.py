"""Published pages of the public section answered before the rest of the middleware runs.

A visitor of the school's website asks for a page that is the same for everybody: a 304 or the body
from the cache needs no session, user, CSRF token, messages or history. Placed right after WhiteNoise,
this answers those two cases with one query; the middleware after it cost as much as the answer itself
(≈ 1 ms of a 2 ms page, docs/benchmarks.md). Anything else (a page to render, an unpublished section, a
visitor with a session cookie, another URL) goes on through the whole chain as before.
"""

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from . import selectors
from .views import published_response

PREFIX = "/nastavnichestvo/"  # mentoring_portal/urls.py; a cheap test before resolving


class PublishedPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and request.path_info.startswith(PREFIX)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            response = self._published(request)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def _published(request):
        try:  # within the section's own URLs: the whole URLconf's patterns cost a fifth of the answer
            match = resolve(request.path_info[len(PREFIX) - 1 :], urlconf="apps.public.urls")
        except Resolver404:
            return None
        if not getattr(match.func, "serves_public_page", False):
            return None
        request.get_host()  # the ALLOWED_HOSTS check the skipped CommonMiddleware would make
        state = selectors.section_state(match.kwargs["slug"])
        if state is None or not state.is_published:
            return None
        response = published_response(request, state, timezone.localdate())
        if response is None:
            return None
        # What the skipped middleware would add: the feature policy.
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if response.status_code == 200:
            response["Content-Length"] = str(len(response.content))
        return response
