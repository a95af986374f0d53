"""Every write about logins: the second factor (a user's code device) and the accounts of the
school's teachers (invitations, one-time codes, blocking, setting a password)."""

import datetime
import math
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.core.text import plural
from apps.jobs.services import Letter, mail_job_create
from apps.schools.models import Teacher

from .models import SetupCode, User
from .otp import DEVICE_NAME, confirmed_devices, mark_session, may_use_second_factor, pending_device
from .roles import Role
from .selectors import account_refusal, block_refusal
from .tokens import invitation_token_generator

WRONG_CODE = "Код не подошёл. Проверьте, что время на телефоне точное, и введите новый код из приложения."


def throttled_message(locked_until: datetime.datetime | None) -> str:
    """«Подождите 8 секунд»: how long until the next code is checked at all (django-otp doubles the pause
    after each wrong code), so a right code typed too early is not mistaken for a wrong one."""
    seconds = math.ceil((locked_until - timezone.now()).total_seconds()) if locked_until else 60
    seconds = max(seconds, 1)
    if seconds < 120:
        wait = f"{seconds} {plural(seconds, 'секунду', 'секунды', 'секунд')}"
    else:
        minutes = math.ceil(seconds / 60)
        wait = f"{minutes} {plural(minutes, 'минуту', 'минуты', 'минут')}"
    return (
        f"Слишком много неверных кодов подряд: код сейчас не проверяется. Подождите {wait} "
        "и введите новый код из приложения."
    )


def _check_code(device: TOTPDevice, code: str) -> None:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(throttled_message((details or {}).get("locked_until")), code="throttled")
    if not device.verify_token(code):
        raise ValidationError(WRONG_CODE)


def totp_device_start(*, user) -> TOTPDevice:
    """A new unconfirmed device with a fresh key (any earlier unconfirmed one is discarded)."""
    if not may_use_second_factor(user):
        raise ValidationError("Второй фактор входа доступен только сотрудникам, работающим на рабочем столе.")
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
            if error.code != "throttled":  # a wait to state outranks «не подошёл» from another device
                error = refused
            continue
        return device
    raise error


# --- the school's teachers in the portal: invitations, one-time codes, blocking, passwords
#
# The curator of a school invites its teachers (an e-mail with a set-password link, or a printed
# one-time code for those without e-mail) and blocks or unblocks their logins; never a staff account
# (curator, director, coordinator, administrator), never another school's teacher.

NOT_YOURS = "Приглашать педагогов и управлять их входом в портал может только куратор наставничества их организации."
NO_EMAIL = "в карточке нет e-mail — распечатайте код первого входа"
# Without confusable characters: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# Wrong codes from one address before the code page refuses it for a while.
CODE_IP_LIMIT = 10
CODE_IP_WINDOW = 15 * 60
CODE_WRONG = "Логин или код не подходят. Проверьте их по листу, который выдал куратор наставничества."
CODE_USED = "Этот код уже использован. Войдите с паролем, который вы задали, или попросите у куратора новый код."
CODE_EXPIRED = "Срок действия кода истёк. Попросите у куратора наставничества новый код."
CODE_LOCKED = "Код заблокирован после нескольких неверных попыток. Попросите у куратора наставничества новый код."
CODE_TOO_MANY = f"Слишком много неверных попыток. Подождите {CODE_IP_WINDOW // 60} минут и попробуйте снова."
# From the questionnaire pages a teacher asks for the e-mail herself: at most once in this pause.
SELF_SERVICE_PAUSE = datetime.timedelta(minutes=10)

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
        strict=True,
    )
)


def _check_manager(by, teacher) -> None:
    if by is None or not by.is_active:
        raise PermissionDenied(NOT_YOURS)
    if by.is_superuser or (by.is_curator and by.school_id is not None and by.school_id == teacher.school_id):
        return
    raise PermissionDenied(NOT_YOURS)


def _latin(text: str) -> str:
    return "".join(_TRANSLIT.get(char, char) for char in text.lower()).replace("_", "")


def username_for(teacher) -> str:
    """A free login name: the e-mail's part before «@», or the surname and initials («ivanova.mp»)."""
    base = ""
    if teacher.email:
        base = re.sub(r"[^a-z0-9._-]", "", _latin(teacher.email.partition("@")[0]))
    if not base:
        initials = "".join(part[:1] for part in (teacher.first_name, teacher.patronymic) if part)
        base = re.sub(r"[^a-z0-9._-]", "", _latin(f"{teacher.last_name}.{initials}"))
    base = base.strip("._-")[:30].strip("._-") or "pedagog"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _absolute(path: str, request_or_site_url=None) -> str:
    if isinstance(request_or_site_url, HttpRequest):
        return request_or_site_url.build_absolute_uri(path)
    return (request_or_site_url or settings.SITE_URL).rstrip("/") + path


def invitation_url(user, request_or_site_url=None) -> str:
    """The set-password link of an invitation (valid PASSWORD_RESET_TIMEOUT, once)."""
    path = reverse(
        "invitation_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": invitation_token_generator.make_token(user)},
    )
    return _absolute(path, request_or_site_url)


def setup_code_url(user, request_or_site_url=None) -> str:
    """Where the QR code of the printed sheet leads: the code page with the login filled in."""
    return _absolute(f"{reverse('setup_code')}?{urlencode({'login': user.username})}", request_or_site_url)


def _account_for(teacher, *, new_link: bool) -> User:
    """The teacher's account, made or reused: a teacher's role, the teacher's school and e-mail, no
    usable password until its owner sets one. `new_link`: a new unusable password, so that the links
    of earlier invitations stop working."""
    locked = Teacher.objects.select_for_update(of=("self",)).select_related("user", "school").get(pk=teacher.pk)
    refusal = account_refusal(locked)
    if refusal:
        raise ValidationError(refusal)
    user = locked.user
    if user is None:
        user = User(username=username_for(locked))
        new_link = True
    user.email = locked.email
    user.first_name = locked.first_name
    user.last_name = locked.last_name
    user.school = locked.school
    if new_link:
        user.set_unusable_password()
    user.invited_at = timezone.now()
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.TEACHER.value)[0])
    if locked.user_id != user.pk:
        locked.user = user
        locked.full_clean(exclude=[f.name for f in Teacher._meta.concrete_fields if f.name != "user"], validate_constraints=False)
        locked.save(update_fields=["user", "updated_at"])
    teacher.user = user
    return user


def _invitation_letter(*, user, teacher, request_or_site_url, self_service: bool) -> Letter:
    expires = timezone.localtime() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    context = {
        "teacher": teacher,
        "school": teacher.school,
        "user": user,
        "url": invitation_url(user, request_or_site_url),
        "expires": expires,
        "self_service": self_service,
    }
    subject = " ".join(render_to_string("accounts/email/invitation_subject.txt", context).split())
    body = render_to_string("accounts/email/invitation_body.txt", context)
    return Letter(name=teacher.full_name, email=user.email, subject=subject, body=body)


def _send_invitation(**kwargs) -> None:
    # One invitation at once, inside the caller's transaction: a refused letter leaves no account behind.
    letter = _invitation_letter(**kwargs)
    mail.EmailMessage(letter.subject, letter.body, settings.DEFAULT_FROM_EMAIL, [letter.email]).send()


def user_invite(*, teacher, by, request_or_site_url=None) -> User:
    """Invite a teacher of the curator's school: the account (made or reused) and an e-mail with a
    single-use link to set the password. Sending again makes the earlier links stop working.

    Nothing is written if the e-mail cannot be sent (the mail server's error is raised)."""
    _check_manager(by, teacher)
    if not teacher.email:
        raise ValidationError(NO_EMAIL)
    with transaction.atomic():
        user = _account_for(teacher, new_link=True)
        _send_invitation(user=user, teacher=teacher, request_or_site_url=request_or_site_url, self_service=False)
    return user


SELF_SENT, SELF_RECENT, SELF_REFUSED = "sent", "recent", "refused"


@dataclass
class InviteResult:
    invited: list  # teachers whose letters are queued
    refused: list  # (teacher, why)
    jobs: list  # the mail jobs that send the letters (one per school)


def users_invite(*, teachers, by, request_or_site_url=None) -> InviteResult:
    """Invite several teachers at once (the admin's «Пригласить в портал»): each account made now as by
    user_invite, the letters queued as a mail job and sent by the worker (apps/jobs), so a slow mail
    server does not hold the request and the job's page shows whom each letter reached."""
    result = InviteResult(invited=[], refused=[], jobs=[])
    letters_by_school = {}
    with transaction.atomic():
        for teacher in teachers:
            try:
                _check_manager(by, teacher)
                if not teacher.email:
                    raise ValidationError(NO_EMAIL)
                with transaction.atomic():  # a refused teacher leaves nothing half-made
                    user = _account_for(teacher, new_link=True)
            except PermissionDenied as error:
                result.refused.append((teacher, str(error)))
                continue
            except ValidationError as error:
                result.refused.append((teacher, " ".join(error.messages)))
                continue
            letter = _invitation_letter(user=user, teacher=teacher, request_or_site_url=request_or_site_url, self_service=False)
            letters_by_school.setdefault(teacher.school, []).append(letter)
            result.invited.append(teacher)
        for school, letters in letters_by_school.items():
            result.jobs.append(mail_job_create(school=school, title="Приглашения в портал", letters=letters, created_by=by))
    return result


def user_invite_self(*, teacher, request_or_site_url=None) -> str:
    """A teacher who answered a questionnaire by her personal link asks for her account: the same
    e-mail, sent to the address on her card (never to one typed in).

    SELF_SENT; SELF_RECENT — an e-mail went out less than SELF_SERVICE_PAUSE ago, none is sent again;
    SELF_REFUSED — no account can be made here (no e-mail, a login already, blocked, a staff account…)."""
    if not teacher.email:
        return SELF_REFUSED
    with transaction.atomic():
        user = teacher.user
        if user is not None and user.invited_at and timezone.now() - user.invited_at < SELF_SERVICE_PAUSE:
            return SELF_RECENT if account_refusal(teacher) is None else SELF_REFUSED
        try:
            user = _account_for(teacher, new_link=True)
        except ValidationError:
            return SELF_REFUSED
        _send_invitation(user=user, teacher=teacher, request_or_site_url=request_or_site_url, self_service=True)
    return SELF_SENT


@dataclass(frozen=True)
class IssuedCode:
    teacher: object
    user: User
    code: str  # shown once, on the printed sheet; only its hash is kept
    expires_at: datetime.datetime


def setup_code_issue(*, teacher, by) -> IssuedCode:
    """A new one-time code for the printed sheet (the teacher's earlier codes stop working)."""
    _check_manager(by, teacher)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    with transaction.atomic():
        user = _account_for(teacher, new_link=False)
        SetupCode.objects.filter(user=user).delete()
        setup = SetupCode(
            user=user,
            code_hash=make_password(code),
            created_by=by,
            expires_at=timezone.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
        )
        setup.full_clean()
        setup.save()
    return IssuedCode(teacher=teacher, user=user, code=code, expires_at=setup.expires_at)


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def _ip_key(client_ip) -> str:
    return f"accounts:setup-code-failures:{client_ip or 'unknown'}"


def _count_failure(client_ip) -> None:
    key = _ip_key(client_ip)
    cache.add(key, 0, CODE_IP_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, CODE_IP_WINDOW)


def setup_code_redeem(*, username: str, code: str, password: str, client_ip) -> User:
    """The teacher's code from the printed sheet sets her password.

    A wrong code counts against the code (void after SetupCode.MAX_ATTEMPTS) and against the address
    (CODE_IP_LIMIT in CODE_IP_WINDOW). Errors name the field: {"code": …} or {"password": …}."""
    if cache.get(_ip_key(client_ip), 0) >= CODE_IP_LIMIT:
        raise ValidationError({"code": CODE_TOO_MANY})
    code = normalise_code(code)
    user = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
    setup = user.setup_codes.order_by("-created_at").first() if user is not None else None
    if setup is None or not check_password(code, setup.code_hash):
        if setup is not None and setup.used_at is None:
            SetupCode.objects.filter(pk=setup.pk).update(failed_attempts=F("failed_attempts") + 1)
        _count_failure(client_ip)
        raise ValidationError({"code": CODE_WRONG})
    if setup.used_at is not None:
        raise ValidationError({"code": CODE_USED})
    if setup.failed_attempts >= SetupCode.MAX_ATTEMPTS:
        raise ValidationError({"code": CODE_LOCKED})
    if setup.expires_at <= timezone.now():
        raise ValidationError({"code": CODE_EXPIRED})
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    with transaction.atomic():
        setup = SetupCode.objects.select_for_update().get(pk=setup.pk)
        if setup.used_at is not None:
            raise ValidationError({"code": CODE_USED})
        setup.used_at = timezone.now()
        setup.full_clean()
        setup.save(update_fields=["used_at"])
        user_password_set(user=user, password=password)
    return user


def user_password_set(*, user, password: str) -> User:
    """The owner sets the password (from an invitation, a reset link or a code); it must have passed
    the password validators. Unused codes of the user stop working."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise ValidationError("Вход в портал заблокирован. Обратитесь к куратору наставничества.")
        user.set_password(password)
        user.full_clean()
        user.save(update_fields=["password"])
        SetupCode.objects.filter(user=user, used_at__isnull=True).delete()
    return user


def _set_active(*, teacher, by, active: bool) -> User:
    _check_manager(by, teacher)
    with transaction.atomic():
        locked = Teacher.objects.select_for_update(of=("self",)).select_related("user").get(pk=teacher.pk)
        refusal = block_refusal(locked, by, block=not active)
        if refusal:
            raise ValidationError(refusal)
        user = locked.user
        user.is_active = active
        user.full_clean()
        user.save(update_fields=["is_active"])
        if not active:
            SetupCode.objects.filter(user=user, used_at__isnull=True).delete()
    teacher.user = user
    return user


def user_block(*, teacher, by) -> User:
    """Block the teacher's login: she cannot log in, and her open sessions end at the next request
    (Django's backends refuse an inactive user). Her records stay as they are."""
    return _set_active(teacher=teacher, by=by, active=False)


def user_unblock(*, teacher, by) -> User:
    return _set_active(teacher=teacher, by=by, active=True)
