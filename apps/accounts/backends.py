"""Login throttling (django-axes), login by e-mail, and the client address attempts are counted by."""

import math

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.shortcuts import render

from .models import User


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check for every login made over HTTP.

    A call without a request (the shell, the test client's ``login()``) did not come from the
    network, so there is nothing to throttle; axes itself would refuse such a call.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class EmailLoginBackend(ModelBackend):
    """Login by e-mail, after Django's ModelBackend has tried the text as a login name.

    It answers only for text with «@» that names exactly one account's e-mail (any case); a wrong
    e-mail and a wrong password fail the same way, and the lockout (LoginThrottleBackend, first in
    AUTHENTICATION_BACKENDS) counts the text as typed, as for a login name.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None or "@" not in username:
            return None
        users = list(User._default_manager.filter(email__iexact=username.strip())[:2])
        if len(users) != 1:
            # As ModelBackend does for an unknown name: spend the time of one password check.
            User().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


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
    """The Russian lockout page (HTTP 429). It names neither the user nor whether such a user exists.

    Two locks (apps/accounts/throttle.py): the user name at this address, for AXES_COOLOFF_TIME; or the
    address itself, after many failures under different names, for the few minutes its window needs.
    """
    from axes.handlers.database import AxesDatabaseHandler

    from .throttle import address_wait_seconds

    if not AxesDatabaseHandler().is_locked(request, credentials):
        seconds = address_wait_seconds(request)
        if seconds:
            minutes = max(math.ceil(seconds / 60), 1)
            return render(request, "registration/locked_out.html", {"address_wait_minutes": minutes}, status=429)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
