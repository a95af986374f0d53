"""Middleware of the whole portal: requests that cannot be read, and responses that must not be kept."""

import codecs

from django.shortcuts import render
from django.utils.cache import patch_cache_control

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def undecodable(request) -> bool:
    """Whether the request declares a charset its body or query cannot be read in.

    An unknown charset name, or a form body (x-www-form-urlencoded) in anything but UTF-8, which Django
    refuses with BadRequest on the first look at request.POST (the CSRF check); the 400 page rendered
    for it looks again, and the visitor got a bare server error instead.
    """
    charset = request.content_params.get("charset")
    if charset is None:
        return False
    codec = _codec(charset)
    if codec is None:
        return True
    return request.content_type == FORM_CONTENT_TYPE and codec != "utf-8"


class UndecodableRequestMiddleware:
    """Our Russian 400 page for a request nobody can read, before anything (the CSRF check) reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if undecodable(request):
            request._mark_post_parse_error()  # nothing after this may try to parse the body again
            return render(request, "400.html", status=400)
        return self.get_response(request)


# URL namespaces whose answers carry no personal data and may be kept by browsers and proxies: the public
# «Наставничество» section (it sets its own caching). Static files never reach this middleware (WhiteNoise
# answers them first).
CACHEABLE_NAMESPACES = {"public"}


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on every response but the public section's.

    Pages, exports and files of the portal show people's names, pairs, answers and consents: neither the
    browser's disk cache (a shared school computer) nor a proxy may keep them. A view's own «no-cache»
    or «max-age» gives way; the public section's caching is left as it is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and CACHEABLE_NAMESPACES.intersection(match.namespaces):
            return response
        if "Cache-Control" in response:
            del response["Cache-Control"]  # «max-age», «public» and the like: none of them applies here
        patch_cache_control(response, private=True, no_store=True)
        return response
