"""The optional second factor (TOTP) for staff: turning it on and off, the code step, the admin."""

import datetime
import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import LoginCodeDevice

pytestmark = pytest.mark.django_db

PASSWORD = "пароль-для-тестов"


def code(device, steps_ahead=0):
    """The code the phone shows now (or `steps_ahead` periods later: each code is accepted once)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def turn_on(client, user):
    client.force_login(user)
    client.post(reverse("otp_start"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("otp_confirm"), {"code": code(device)})
    assert response.status_code == 302, response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_curator_turns_it_on_with_a_qr_code_and_a_code(client, curator_a):
    client.force_login(curator_a)
    page = client.get(reverse("otp_settings")).content.decode()
    assert "Вход по коду <strong>выключен</strong>" in page
    assert client.post(reverse("otp_start")).status_code == 302
    page = client.get(reverse("otp_settings"))
    assert page["Cache-Control"] == "private, no-store"
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=curator_a, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url
    assert "issuer=%D0%9D%D0%B0%D1%81%D1%82%D0%B0%D0%B2" in device.config_url  # «Наставничество педагогов»

    wrong = client.post(reverse("otp_confirm"), {"code": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "Код не подошёл" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    device.throttling_failure_count = 0
    device.save()
    ok = client.post(reverse("otp_confirm"), {"code": code(device)}, follow=True)
    assert "Вход по коду включён" in ok.content.decode()
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    # This session counts as verified: the back-office opens without asking again.
    assert client.get(reverse("admin:index")).status_code == 200


def test_login_asks_for_the_code_after_the_password(client, curator_a):
    device = turn_on(client, curator_a)
    client.logout()
    response = client.post(reverse("login") + "?next=/admin/", {"username": "curator-a", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("otp_verify") + "?next=%2Fadmin%2F"
    # Until the code is entered, every page sends back to the code step.
    for address in ("/admin/", "/admin/schools/teacher/", "/", reverse("otp_settings")):
        blocked = client.get(address)
        assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("otp_verify")), address
    step = client.get(response["Location"]).content.decode()
    assert "Код для входа" in step and "приложение-аутентификатор" in step
    wrong = client.post(reverse("otp_verify"), {"code": "12345", "next": "/admin/"})
    assert "Введите шесть цифр" in wrong.content.decode()
    done = client.post(reverse("otp_verify"), {"code": code(device, steps_ahead=1), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_used_code_is_not_accepted_twice(client, curator_a):
    device = turn_on(client, curator_a)
    client.logout()
    client.post(reverse("login"), {"username": "curator-a", "password": PASSWORD})
    used = code(device)  # the one that confirmed the device
    response = client.post(reverse("otp_verify"), {"code": used})
    assert response.status_code == 200
    assert "Код не подошёл" in response.content.decode()


def test_the_admin_login_form_does_not_skip_the_code(client, curator_a):
    turn_on(client, curator_a)
    client.logout()
    response = client.post(reverse("admin:login"), {"username": "curator-a", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert follow.status_code == 302 and follow["Location"].startswith(reverse("otp_verify"))


def test_wrong_codes_are_throttled(client, curator_a):
    device = turn_on(client, curator_a)
    client.logout()
    client.post(reverse("login"), {"username": "curator-a", "password": PASSWORD})
    client.post(reverse("otp_verify"), {"code": "000001"})
    client.post(reverse("otp_verify"), {"code": "000002"})
    # Right away, even the right code waits for the back-off.
    response = client.post(reverse("otp_verify"), {"code": code(device, steps_ahead=1)})
    assert "Слишком много неверных кодов" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_turning_off_needs_a_valid_code(client, curator_a):
    device = turn_on(client, curator_a)
    refused = client.post(reverse("otp_disable"), {"code": "99999x"})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=curator_a).exists()
    ok = client.post(reverse("otp_disable"), {"code": code(device, steps_ahead=1)}, follow=True)
    assert "Вход по коду выключен" in ok.content.decode()
    assert not TOTPDevice.objects.filter(user=curator_a).exists()
    client.logout()
    assert client.post(reverse("login"), {"username": "curator-a", "password": PASSWORD})["Location"] == reverse("home")


def test_users_without_a_device_log_in_with_the_password_alone(client, curator_a, teacher_user):
    assert client.post(reverse("login"), {"username": "curator-a", "password": PASSWORD})["Location"] == reverse("home")
    assert client.get("/admin/").status_code == 200


def test_teacher_and_anonymous_cannot_set_it_up(client, teacher_user):
    assert client.get(reverse("otp_settings")).status_code == 302  # to the login page
    client.force_login(teacher_user)
    assert client.get(reverse("otp_settings")).status_code == 403
    assert client.post(reverse("otp_start")).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_next_cannot_lead_to_another_site(client, curator_a):
    device = turn_on(client, curator_a)
    client.logout()
    client.post(reverse("login"), {"username": "curator-a", "password": PASSWORD})
    response = client.post(reverse("otp_verify"), {"code": code(device, steps_ahead=1), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_superuser_removes_a_lost_device_and_the_user_logs_in_with_the_password(client, curator_a, superuser):
    device = turn_on(client, curator_a)
    client.logout()
    client.force_login(superuser)
    changelist = client.get(reverse("admin:accounts_logincodedevice_changelist"))
    assert "curator-a" in changelist.content.decode()
    assert "устройства для входа по коду" in changelist.content.decode().lower()
    delete = reverse("admin:accounts_logincodedevice_delete", args=[device.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.exists()
    client.logout()
    response = client.post(reverse("login"), {"username": "curator-a", "password": PASSWORD})
    assert response["Location"] == reverse("home")


def test_a_session_waiting_for_a_code_passes_once_the_device_is_removed(client, curator_a):
    turn_on(client, curator_a)
    client.logout()
    client.post(reverse("login"), {"username": "curator-a", "password": PASSWORD})
    TOTPDevice.objects.all().delete()
    response = client.get(reverse("otp_verify") + "?next=/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_only_the_superuser_sees_the_devices(client, curator_a):
    device = turn_on(client, curator_a)
    assert client.get(reverse("admin:accounts_logincodedevice_changelist")).status_code == 403
    assert client.get(reverse("admin:accounts_logincodedevice_change", args=[device.pk])).status_code == 403
    assert LoginCodeDevice.objects.count() == 1


def test_the_back_office_offers_the_second_factor_among_the_users_links(client, curator_a):
    client.force_login(curator_a)
    html = client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{reverse("otp_settings")}">Вход по коду</a>' in html


def test_a_right_code_during_the_throttle_is_told_to_wait_and_for_how_long(client, curator_a):
    """Finding 10 of issue 16: a right code typed during the pause after a wrong one must not read as wrong."""
    device = turn_on(client, curator_a)
    client.logout()
    client.post(reverse("login"), {"username": "curator-a", "password": PASSWORD})
    right = code(device, steps_ahead=1)
    wrong = client.post(reverse("otp_verify"), {"code": "000000" if right != "000000" else "111111"})
    assert "Код не подошёл" in wrong.content.decode()

    early = client.post(reverse("otp_verify"), {"code": right}).content.decode()
    assert "Код не подошёл" not in early
    assert re.search(r"Подождите \d+ секунд[уы]? и введите новый код", early), early
    assert not client.session.get("otp_device_id")

    device.refresh_from_db()
    device.throttling_failure_timestamp -= datetime.timedelta(seconds=5)  # the pause is over
    device.save()
    done = client.post(reverse("otp_verify"), {"code": right})
    assert done.status_code == 302
