"""Where a page sends the user back to after a POST: a `next` path of this site, never another host."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str) -> str:
    """The `next` of the POST (or of the query string) when it is a path of this site, else `default`."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path: redirect() would take a bare word for a URL name, and "//host" for another site.
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return default
