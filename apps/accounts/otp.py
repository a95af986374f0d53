"""The second factor (TOTP, django-otp): which devices a user has and what the setup page shows."""

from base64 import b32encode

from django_otp.plugins.otp_totp.models import TOTPDevice

# Set at login when the user has a confirmed device: the middleware then asks for the code.
# Kept in the session so that an ordinary request costs no query.
OTP_REQUIRED_SESSION_KEY = "accounts_otp_required"

DEVICE_NAME = "Приложение-аутентификатор"


def confirmed_devices(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True)


def has_confirmed_device(user) -> bool:
    return confirmed_devices(user).exists()


def pending_device(user) -> TOTPDevice | None:
    """The device being set up: created, shown as a QR code, not confirmed by a code yet."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()


def may_use_second_factor(user) -> bool:
    """Staff — curators, directors, coordinators, administrators — may turn it on."""
    return user.is_authenticated and user.is_staff


def secret_for_typing(device: TOTPDevice) -> str:
    """The key as the authenticator apps expect it typed: base32 in groups of four."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code in a data: URI (the CSP allows data: pictures)."""
    import segno

    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def mark_session(request, *, required: bool) -> None:
    if required:
        request.session[OTP_REQUIRED_SESSION_KEY] = True
    else:
        request.session.pop(OTP_REQUIRED_SESSION_KEY, None)


def on_user_logged_in(sender, request, user, **kwargs):
    """Remember in the new session whether this user must still enter a code (every kind of login)."""
    if request is not None and hasattr(request, "session"):
        mark_session(request, required=has_confirmed_device(user))
