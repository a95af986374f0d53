import smtplib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from apps.schools.models import Teacher

from . import otp, services
from .backends import client_ip
from .forms import CodeForm, LoginForm, PortalPasswordResetForm, PortalSetPasswordForm, SetupCodeForm
from .otp import OTP_REQUIRED_SESSION_KEY
from .selectors import mask_email
from .tokens import invitation_token_generator, password_reset_token_generator, teacher_id_from_survey_offer

# The account a set-password page logs in with (a password was just set: the login throttling has nothing to do).
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"

# --- login, and the second factor (TOTP) for staff


class PortalLoginView(auth_views.LoginView):
    """The password step; a user with a code device goes on to the code step, keeping «next»."""

    redirect_authenticated_user = True
    authentication_form = LoginForm

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
        raise PermissionDenied("Вход по коду настраивают сотрудники, работающие на рабочем столе.")


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


# --- «Забыли пароль?» and the set-password links: Django's views and tokens (apps/accounts/tokens.py)


def reset_link_hours() -> int:
    return max(settings.PASSWORD_RESET_LINK_TIMEOUT // 3600, 1)


class PortalPasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    token_generator = password_reset_token_generator
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"
    title = "Восстановление пароля"

    @property
    def extra_email_context(self):
        return {"link_hours": reset_link_hours()}


class PortalPasswordResetDoneView(auth_views.PasswordResetDoneView):
    title = "Письмо отправлено"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "link_hours": reset_link_hours()}


class ActiveUserLinkMixin:
    """A blocked user's link shows the «ссылка недействительна» page, like a used one."""

    form_class = PortalSetPasswordForm

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": self.title if self.validlink else "Ссылка недействительна"}


class PortalPasswordResetConfirmView(ActiveUserLinkMixin, auth_views.PasswordResetConfirmView):
    token_generator = password_reset_token_generator
    title = "Новый пароль"


class PortalPasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    title = "Пароль изменён"


class InvitationConfirmView(ActiveUserLinkMixin, auth_views.PasswordResetConfirmView):
    """The link of an invitation: the teacher sets her password and is logged in."""

    token_generator = invitation_token_generator
    template_name = "registration/invitation_confirm.html"
    post_reset_login = True
    post_reset_login_backend = PASSWORD_BACKEND
    success_url = reverse_lazy("home")
    title = "Вход в портал: задайте пароль"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            f"Пароль задан, вы вошли в портал. Ваш логин — {self.user.username}; "
            "в следующий раз можно войти и по e-mail.",
        )
        return response


@never_cache
@sensitive_post_parameters("code", "new_password1", "new_password2")
def setup_code(request):
    """The printed sheet's QR code leads here: the login, the one-time code and a new password."""
    form = SetupCodeForm(request.POST if request.method == "POST" else None, initial={"login": request.GET.get("login", "")[:150]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.setup_code_redeem(
                username=data["login"], code=data["code"], password=data["new_password1"], client_ip=client_ip(request)
            )
        except ValidationError as error:
            fields = {"code": "code", "password": "new_password1"}
            for name, errors in error.message_dict.items():
                form.add_error(fields.get(name), errors)
        else:
            login(request, user, backend=PASSWORD_BACKEND)
            messages.success(request, f"Пароль задан, вы вошли в портал. Ваш логин — {user.username}.")
            return redirect("home")
    return render(request, "registration/setup_code.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
def account_from_survey(request):
    """«Создать учётную запись» on the questionnaire pages: the invitation goes to the e-mail on the card."""
    teacher_id = teacher_id_from_survey_offer(request.POST.get("offer", ""))
    teacher = Teacher.objects.select_related("school", "user").filter(pk=teacher_id).first() if teacher_id else None
    if teacher is None:
        return render(request, "accounts/account_requested.html", {"state": "invalid"}, status=400)
    try:
        state = services.user_invite_self(teacher=teacher, request_or_site_url=request)
    except (smtplib.SMTPException, OSError):
        state = "mail_error"
    context = {"state": state, "email": mask_email(teacher.email) if teacher.email else ""}
    return render(request, "accounts/account_requested.html", context, status=503 if state == "mail_error" else 200)
