"""Failed logins are throttled (django-axes), sessions end, passwords are checked — in Russian."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from apps.accounts.backends import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "пароль-для-тестов"
LOCKED = "Вход временно заблокирован"
WRONG = "Неверный логин (e-mail) или пароль"


def fail(client, url, username, times, **extra):
    return [client.post(url, {"username": username, "password": "не тот пароль"}, **extra) for _ in range(times)]


def test_five_wrong_passwords_lock_the_login_even_with_the_right_one_then(client, teacher_user):
    url = reverse("login")
    attempts = fail(client, url, "teacher-a", settings.AXES_FAILURE_LIMIT)
    assert [r.status_code for r in attempts[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert WRONG in attempts[0].content.decode()
    assert attempts[-1].status_code == 429
    page = attempts[-1].content.decode()
    assert LOCKED in page and "на 15 минут" in page
    assert "teacher-a" not in page  # the page names nobody
    right = client.post(url, {"username": "teacher-a", "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_unknown_user_name_is_locked_the_same_way(client, teacher_user):
    """The lockout says nothing about whether an account exists."""
    url = reverse("login")
    known = fail(client, url, "teacher-a", settings.AXES_FAILURE_LIMIT)[-1]
    unknown = fail(client, url, "nobody-here", settings.AXES_FAILURE_LIMIT)[-1]
    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content


def test_the_lock_is_per_user_name_and_address(client, teacher_user, curator_a):
    url = reverse("login")
    fail(client, url, "teacher-a", settings.AXES_FAILURE_LIMIT)
    # Another user from the same address, and the same user from another address, still log in.
    assert client.post(url, {"username": "curator-a", "password": PASSWORD}).status_code == 302
    client.logout()
    other = client.post(url, {"username": "teacher-a", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_a_successful_login_clears_the_earlier_failures(client, teacher_user):
    url = reverse("login")
    fail(client, url, "teacher-a", settings.AXES_FAILURE_LIMIT - 1)
    assert client.post(url, {"username": "teacher-a", "password": PASSWORD}).status_code == 302
    assert not AccessAttempt.objects.filter(username="teacher-a").exists()


def test_the_admin_login_is_throttled_too(client, curator_a):
    url = reverse("admin:login")
    attempts = fail(client, url, "curator-a", settings.AXES_FAILURE_LIMIT)
    assert attempts[-1].status_code == 429
    assert LOCKED in attempts[-1].content.decode()
    assert client.post(url, {"username": "curator-a", "password": PASSWORD}).status_code == 429


def test_x_forwarded_for_is_ignored_unless_proxies_are_configured(client, teacher_user):
    url = reverse("login")
    # Rotating a forged header does not escape the lock when no proxy is trusted.
    for n in range(settings.AXES_FAILURE_LIMIT):
        last = client.post(url, {"username": "teacher-a", "password": "x"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert last.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_client_address_behind_trusted_proxies():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7, 10.0.0.1")
    assert client_ip(request) == "10.0.0.2"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_ip(request) == "10.0.0.1"
    with override_settings(TRUSTED_PROXY_COUNT=2):
        assert client_ip(request) == "198.51.100.7"  # the forged «1.1.1.1» on the left is never used
    with override_settings(TRUSTED_PROXY_COUNT=5):
        assert client_ip(request) == "10.0.0.2"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_each_browser_is_counted_by_its_own_address(client, teacher_user):
    url = reverse("login")
    fail(client, url, "teacher-a", settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
    ok = client.post(url, {"username": "teacher-a", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert ok.status_code == 302


def test_session_ends_with_the_browser_and_after_a_working_day_at_most(client, teacher_user):
    response = client.post(reverse("login"), {"username": "teacher-a", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"] is True
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_csrf_cookie_is_http_only_and_forms_still_post(client, teacher_user):
    client = client.__class__(enforce_csrf_checks=True)
    page = client.get(reverse("login"))
    assert page.cookies[settings.CSRF_COOKIE_NAME]["httponly"] is True
    token = page.context["csrf_token"]
    response = client.post(reverse("login"), {"username": "teacher-a", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "password, message",
    [
        ("короткий1", "Введённый пароль слишком короткий. Он должен состоять из как минимум 10 символов."),
        ("1234567890123", "Введённый пароль состоит только из цифр."),
        ("password123", "Введённый пароль слишком широко распространён."),
    ],
)
def test_password_rules_speak_russian(password, message):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert message in error.value.messages


# --- issue 16, finding 9: password spraying from one address; Russian common passwords

SPRAYED = [f"user-{n:02d}" for n in range(14)] + ["teacher-a"]  # 15 names, one of them real


def test_fifteen_names_times_four_from_one_address_are_held(client, teacher_user, curator_a):
    url = reverse("login")
    statuses = []
    for name in SPRAYED:
        statuses += [r.status_code for r in fail(client, url, name, 4)]
    # No name reaches its own 5 failures; the address reaches its 30 and is held from then on.
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert set(statuses[limit - 1 :]) == {429}
    held = client.post(url, {"username": "curator-a", "password": PASSWORD})  # even the right password
    assert held.status_code == 429
    page = held.content.decode()
    assert "С этого адреса было слишком много неудачных попыток входа под разными именами" in page
    assert f"попробуйте снова через {settings.LOGIN_ADDRESS_WINDOW_MINUTES} минут" in page
    assert "curator-a" not in page
    # Another address is not held; refused attempts were not counted, so the hold ends on time.
    assert client.post(url, {"username": "curator-a", "password": PASSWORD}, REMOTE_ADDR="10.9.8.7").status_code == 302
    client.logout()
    assert AccessFailureLog.objects.filter(ip_address="127.0.0.1").count() == limit


def test_the_address_hold_lasts_minutes_and_frees_attempts_as_old_failures_age(client, teacher_user):
    url = reverse("login")
    for name in SPRAYED[:10]:
        fail(client, url, name, 3)  # 30 failures, no name locked
    assert client.post(url, {"username": "teacher-a", "password": PASSWORD}).status_code == 429
    window = datetime.timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES)
    oldest = AccessFailureLog.objects.order_by("attempt_time").first()
    AccessFailureLog.objects.filter(pk=oldest.pk).update(attempt_time=timezone.now() - window - datetime.timedelta(seconds=1))
    assert client.post(url, {"username": "teacher-a", "password": PASSWORD}).status_code == 302


def test_a_colleague_behind_the_same_address_locks_a_name_for_a_quarter_of_an_hour_only(client, teacher_user):
    url = reverse("login")
    fail(client, url, "teacher-a", settings.AXES_FAILURE_LIMIT)
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    AccessFailureLog.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert client.post(url, {"username": "teacher-a", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("password", ["йцукенгшщз", "ЙЦУКЕНГШЩЗ", "пароль12345", "gfhjkm1234", "фывапролджэ", "наставничество", "1й2ц3у4к5е"])
def test_common_russian_passwords_are_refused_in_russian(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert "Введённый пароль слишком широко распространён." in error.value.messages


def test_an_uncommon_russian_password_passes():
    validate_password("Сирень цветёт у школы 41")


def test_a_password_like_the_user_name_is_refused_in_russian(teacher_user):
    with pytest.raises(ValidationError) as error:
        validate_password("teacher-a-1", user=teacher_user)
    assert any("похож на" in m for m in error.value.messages)
