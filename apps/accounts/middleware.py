"""The second step of the login for users with a code device, and the Permissions-Policy header."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .otp import OTP_REQUIRED_SESSION_KEY


class OTPRequiredMiddleware:
    """A user who turned the second factor on reaches nothing but the code page until the code is entered.

    This covers every way in — the portal's login page, the admin's own login form: the password
    alone never opens a page. Whether a code is due is noted in the session at login, so an
    ordinary request costs no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The cookie first: a visitor without one has no session to read, and a session left untouched
        # adds no «Vary: Cookie», so the public section's pages stay one copy for every proxy.
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and request.session.get(OTP_REQUIRED_SESSION_KEY)
            and request.user.is_authenticated
            and not request.user.is_verified()
            and not self._exempt(request.path_info)
        ):
            return redirect(f"{reverse('otp_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        allowed = (reverse("otp_verify"), reverse("logout"), "/" + settings.STATIC_URL.lstrip("/"))
        return path.startswith(allowed)


class PermissionsPolicyMiddleware:
    """Browser features no page uses (camera, microphone, location…) stay off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
