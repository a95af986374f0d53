"""The printed sheet's one-time code: short, stored hashed, single-use, expiring, limited against guessing."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from apps.accounts import services
from apps.accounts.models import SetupCode, User
from apps.schools.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Надёжный-пароль-2026"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()  # the per-address counter lives in the cache
    yield
    cache.clear()


@pytest.fixture
def issued(school_a, curator_a):
    teacher = TeacherFactory(school=school_a, last_name="Белова", first_name="Анна", patronymic="Игоревна", email="")
    return services.setup_code_issue(teacher=teacher, by=curator_a)


def redeem(client, issued, code=None, password=PASSWORD, **extra):
    data = {"login": issued.user.username, "code": code or issued.code, "new_password1": password, "new_password2": password}
    return client.post(reverse("setup_code"), data, **extra)


def test_a_code_is_short_unambiguous_and_stored_hashed(issued):
    assert len(issued.code) == 8 and set(issued.code) <= set(services.CODE_ALPHABET)
    assert not set("01OIL") & set(services.CODE_ALPHABET)
    stored = SetupCode.objects.get(user=issued.user)
    assert issued.code not in stored.code_hash
    assert stored.expires_at > timezone.now() + datetime.timedelta(days=6)
    assert not issued.user.has_usable_password() and issued.user.invited_at is not None


def test_the_code_sets_the_password_and_logs_in_once(client, issued):
    page = client.get(reverse("setup_code") + f"?login={issued.user.username}").content.decode()
    assert "Первый вход по коду" in page and f'value="{issued.user.username}"' in page

    response = redeem(client, issued, code=f"{issued.code[:4].lower()}-{issued.code[4:]}")  # case and dash do not matter
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(issued.user.pk)
    assert User.objects.get(pk=issued.user.pk).check_password(PASSWORD)

    client.logout()
    again = redeem(client, issued, password="Другой-пароль-2026")
    assert again.status_code == 400
    assert services.CODE_USED in again.content.decode()
    assert User.objects.get(pk=issued.user.pk).check_password(PASSWORD)


def test_a_new_code_voids_the_earlier_one(client, issued, curator_a):
    newer = services.setup_code_issue(teacher=issued.teacher, by=curator_a)
    assert redeem(client, issued).status_code == 400
    assert redeem(client, newer).status_code == 302


def test_an_expired_code_is_refused(client, issued):
    SetupCode.objects.filter(user=issued.user).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = redeem(client, issued)
    assert response.status_code == 400 and services.CODE_EXPIRED in response.content.decode()
    assert not User.objects.get(pk=issued.user.pk).has_usable_password()


def test_wrong_codes_are_counted_and_void_the_code(client, issued):
    wrong = "ABCDEFGH" if issued.code != "ABCDEFGH" else "HGFEDCBA"
    for _ in range(SetupCode.MAX_ATTEMPTS):
        response = redeem(client, issued, code=wrong)
        assert response.status_code == 400 and services.CODE_WRONG in response.content.decode()
    assert SetupCode.objects.get(user=issued.user).failed_attempts == SetupCode.MAX_ATTEMPTS
    locked = redeem(client, issued)
    assert locked.status_code == 400 and services.CODE_LOCKED in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_address_may_guess_only_so_often(client, issued, school_a, curator_a):
    other = services.setup_code_issue(teacher=TeacherFactory(school=school_a), by=curator_a)
    for _ in range(services.CODE_IP_LIMIT):
        redeem(client, other, code="ZZZZZZZZ")
    response = redeem(client, issued)
    assert response.status_code == 400 and services.CODE_TOO_MANY in response.content.decode()
    # Another address is not affected.
    assert redeem(client, issued, REMOTE_ADDR="10.0.0.7").status_code == 302


def test_an_unknown_login_or_a_blocked_user_get_the_same_answer(client, issued):
    unknown = client.post(
        reverse("setup_code"), {"login": "nobody", "code": issued.code, "new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert services.CODE_WRONG in unknown.content.decode()
    User.objects.filter(pk=issued.user.pk).update(is_active=False)
    assert services.CODE_WRONG in redeem(client, issued).content.decode()


def test_a_weak_password_keeps_the_code(client, issued):
    response = redeem(client, issued, password="12345")
    assert response.status_code == 400 and "слишком короткий" in response.content.decode()
    assert SetupCode.objects.get(user=issued.user).used_at is None
    assert redeem(client, issued).status_code == 302


def test_a_malformed_code_is_a_field_error(client, issued):
    response = redeem(client, issued, code="ABC")
    assert response.status_code == 400 and "В коде 8 знаков" in response.content.decode()
