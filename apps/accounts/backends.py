"""Login throttling (django-axes) and the client address it counts attempts by."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check for every login made over HTTP.

    A call without a request (the shell, the test client's ``login()``) did not come from the
    network, so there is nothing to throttle; axes itself would refuse such a call.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The address of the browser: the connection's, or — behind TRUSTED_PROXY_COUNT trusted
    proxies — the one the outermost of them wrote into X-Forwarded-For.

    Entries further left are whatever the client sent and are never believed.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def lockout_response(request, original_response=None, credentials=None):
    """The Russian lockout page (HTTP 429). It names neither the user nor whether such a user exists."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
