from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from . import otp, services
from .forms import CodeForm
from .otp import OTP_REQUIRED_SESSION_KEY

# --- login, and the second factor (TOTP) for staff


class PortalLoginView(auth_views.LoginView):
    """The password step; a user with a code device goes on to the code step, keeping «next»."""

    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()
        if self.request.session.get(OTP_REQUIRED_SESSION_KEY):
            return f"{reverse('otp_verify')}?{urlencode({'next': url})}"
        return url


def _safe_next(request, default: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path of this site: redirect() would take a bare word for a URL name.
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return default


@login_required
@sensitive_post_parameters("code")
def otp_verify(request):
    """The second step of the login: the six digits from the authenticator app."""
    next_url = _safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))
    if request.user.is_verified() or not otp.has_confirmed_device(request.user):
        # Verified already, or the administrator removed the lost device: nothing to ask.
        otp.mark_session(request, required=False)
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_verify(request=request, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session.cycle_key()  # a new session id for the now fully logged-in session
            return redirect(next_url)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


def _staff_only(request):
    if not otp.may_use_second_factor(request.user):
        raise PermissionDenied("Вход по коду настраивают сотрудники, работающие в рабочем столе.")


@login_required
@sensitive_post_parameters("code")
def otp_settings(request, form=None, status=200):
    """On or off; while turning on, the QR code and the key to scan or type."""
    _staff_only(request)
    context = {"enabled": otp.has_confirmed_device(request.user), "form": form or CodeForm()}
    if not context["enabled"]:
        device = otp.pending_device(request.user)
        if device is not None:
            context.update(pending=True, qr=otp.qr_data_uri(device), secret=otp.secret_for_typing(device))
    response = render(request, "accounts/otp_settings.html", context, status=status)
    response["Cache-Control"] = "private, no-store"  # the page shows the secret key
    return response


@login_required
@require_POST
def otp_start(request):
    _staff_only(request)
    try:
        services.totp_device_start(user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("otp_settings")


def _with_code(request, service, done: str):
    """Run a service that needs a valid code; back to the settings page with the result."""
    _staff_only(request)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            service(request=request, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, done)
            return redirect("otp_settings")
    return otp_settings(request, form=form, status=400)


@login_required
@require_POST
@sensitive_post_parameters("code")
def otp_confirm(request):
    return _with_code(
        request,
        services.totp_device_confirm,
        "Вход по коду включён. Теперь после пароля портал будет спрашивать код из приложения.",
    )


@login_required
@require_POST
@sensitive_post_parameters("code")
def otp_disable(request):
    return _with_code(request, services.totp_device_remove, "Вход по коду выключен.")
