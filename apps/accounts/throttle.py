"""Failed logins: django-axes locks a user name at one address; this adds a lock of the address itself.

Axes counts failures per combination of AXES_LOCKOUT_PARAMETERS, but every combination shares one
AXES_FAILURE_LIMIT and one AXES_COOLOFF_TIME (django-axes 8): adding «ip_address» alone would lock a
school's one shared address for 30 minutes after 5 mistakes by anybody there. So the pair (user name,
address) stays axes' lock (5 failures), and the address alone gets its own, larger and shorter one: at
most LOGIN_ADDRESS_FAILURE_LIMIT failures under any names in LOGIN_ADDRESS_WINDOW. A sliding window, not a
hard lock: once the limit is reached, the address may try again as soon as its oldest counted failure is
older than the window — a few minutes — so password spraying from one address (15 names × 4 attempts) is
stopped, and a colleague's typos lock nobody for long. Failures are read from axes' own failure log
(AccessFailureLog, one row per failed login); refused attempts during a lock are not logged, so a lock
ends on time however often people retry.
"""

import datetime
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessFailureLog
from django.conf import settings
from django.utils import timezone

from .backends import client_ip


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES)


def address_wait_seconds(request) -> int:
    """Seconds until the request's address may try to log in again; 0 — it may now."""
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    if not limit or not address:
        return 0
    now = timezone.now()
    times = list(
        AccessFailureLog.objects.filter(ip_address=address, attempt_time__gte=now - _window())
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)[:limit]
    )
    if len(times) < limit:
        return 0
    # The limit-th newest failure leaving the window frees one attempt.
    return max(math.ceil((times[-1] + _window() - now).total_seconds()), 1)


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler, plus the address's own lock (see the module's text)."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return bool(settings.AXES_LOCK_OUT_AT_FAILURE and address_wait_seconds(request))

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if settings.AXES_LOCK_OUT_AT_FAILURE and address_wait_seconds(request):
            request.axes_locked_out = True  # the failure that reached the limit: the lockout page at once
            request.axes_credentials = credentials
