"""Turning the second factor on and off: every change of a user's code device goes through here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .otp import DEVICE_NAME, confirmed_devices, mark_session, may_use_second_factor, pending_device

WRONG_CODE = "Код не подошёл. Проверьте, что время на телефоне точное, и введите новый код из приложения."


def _check_code(device: TOTPDevice, code: str) -> None:
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise ValidationError("Слишком много неверных кодов подряд. Подождите минуту и попробуйте снова.")
    if not device.verify_token(code):
        raise ValidationError(WRONG_CODE)


def totp_device_start(*, user) -> TOTPDevice:
    """A new unconfirmed device with a fresh key (any earlier unconfirmed one is discarded)."""
    if not may_use_second_factor(user):
        raise ValidationError("Второй фактор входа доступен только сотрудникам, работающим в рабочем столе.")
    if confirmed_devices(user).exists():
        raise ValidationError("Вход по коду уже включён.")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice(user=user, name=DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


def totp_device_confirm(*, request, code: str) -> TOTPDevice:
    """The first correct code turns the device on; this session counts as verified with it."""
    device = pending_device(request.user)
    if device is None:
        raise ValidationError("Сначала нажмите «Включить вход по коду».")
    _check_code(device, code)  # outside the transaction: a wrong code's throttling must be kept
    with transaction.atomic():
        device.confirmed = True
        device.full_clean()
        device.save(update_fields=["confirmed"])
    otp_login(request, device)
    mark_session(request, required=True)
    return device


def totp_device_remove(*, request, code: str) -> None:
    """Turning off needs a valid code: a stolen open session alone cannot remove the second factor."""
    user = request.user
    devices = list(confirmed_devices(user))
    if not devices:
        raise ValidationError("Вход по коду не включён.")
    _check_any(devices, code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
    mark_session(request, required=False)


def totp_verify(*, request, code: str) -> TOTPDevice:
    """The second step of the login: a correct code from any of the user's devices."""
    device = _check_any(list(confirmed_devices(request.user)), code)
    otp_login(request, device)
    return device


def _check_any(devices: list[TOTPDevice], code: str) -> TOTPDevice:
    error = ValidationError(WRONG_CODE)
    for device in devices:
        try:
            _check_code(device, code)
        except ValidationError as refused:
            error = refused
            continue
        return device
    raise error
