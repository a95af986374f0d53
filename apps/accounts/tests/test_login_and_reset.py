"""Login by e-mail or login name, and «Забыли пароль?» with Django's views — the lockout keeps working."""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from apps.accounts import services
from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.schools.tests.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "пароль-для-тестов"
NEW_PASSWORD = "Новый-надёжный-пароль-7"
WRONG = "Неверный логин (e-mail) или пароль"
INVALID_LINK = "Ссылка недействительна"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()  # one reset e-mail per account per pause is kept in the cache
    yield
    cache.clear()


@pytest.fixture
def marina(school_a):
    user = UserFactory(username="m.ivanova", email="M.Ivanova@School34.example", school=school_a, roles=[Role.TEACHER])
    TeacherFactory(school=school_a, user=user, email=user.email)
    return user


def login(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).removeprefix("http://testserver")


# --- login


def test_the_login_page_offers_the_e_mail_and_a_forgotten_password(client):
    page = client.get(reverse("login")).content.decode()
    assert "Логин или e-mail" in page
    assert f'href="{reverse("password_reset")}"' in page and "Забыли пароль?" in page
    assert f'href="{reverse("setup_code")}"' in page


def test_the_back_office_login_asks_the_same_way_and_sends_teachers_home(client, marina):
    url = reverse("admin:login")
    page = client.get(url).content.decode()
    assert "Логин или e-mail" in page and "Имя пользователя" not in page
    refused = client.post(url, {"username": "m.ivanova@school34.example", "password": PASSWORD}).content.decode()
    assert "нет доступа к рабочему столу куратора" in refused and "на главной странице портала" in refused
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("username", ["m.ivanova", "m.ivanova@school34.example", "  M.IVANOVA@SCHOOL34.EXAMPLE"])
def test_login_by_login_name_or_e_mail(client, marina, username):
    response = login(client, username)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(marina.pk)


def test_a_wrong_e_mail_fails_like_a_wrong_password(client, marina):
    wrong_email = login(client, "nobody@school34.example").content.decode()
    wrong_password = login(client, "m.ivanova@school34.example", "не тот").content.decode()
    wrong_name = login(client, "m.ivanova", "не тот").content.decode()
    for page in (wrong_email, wrong_password, wrong_name):
        assert WRONG in page
    assert "_auth_user_id" not in client.session


def test_an_e_mail_shared_by_two_accounts_logs_in_neither(client, marina):
    UserFactory(username="twin", email="m.ivanova@school34.example")
    assert WRONG in login(client, "m.ivanova@school34.example").content.decode()
    assert login(client, "m.ivanova").status_code == 302  # the login name still works


def test_wrong_passwords_by_e_mail_are_locked_out_too(client, marina):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        last = login(client, "m.ivanova@school34.example", "не тот")
    assert last.status_code == 429
    assert login(client, "m.ivanova@school34.example").status_code == 429
    assert AccessAttempt.objects.filter(username="m.ivanova@school34.example").exists()


def test_a_blocked_user_cannot_log_in_with_the_right_password(client, marina):
    User.objects.filter(pk=marina.pk).update(is_active=False)
    for username in ("m.ivanova", "m.ivanova@school34.example"):
        assert WRONG in login(client, username).content.decode()


# --- «Забыли пароль?»


def test_the_reset_mail_is_russian_and_its_link_sets_the_password_once(client, marina):
    page = client.get(reverse("password_reset")).content.decode()
    assert "Забыли пароль?" in page and "Получить ссылку" in page
    response = client.post(reverse("password_reset"), {"email": "m.ivanova@SCHOOL34.example"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert "Проверьте почту" in client.get(response["Location"]).content.decode()

    [message] = mail.outbox
    assert message.subject == "Наставничество педагогов: новый пароль"
    assert "Ваш логин: m.ivanova" in message.body and "Ссылка действует 24 часа" in message.body
    link = link_in(message)
    form_url = client.get(link)["Location"]
    assert "Новый пароль" in client.get(form_url).content.decode()
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert "Пароль изменён" in client.get(done["Location"]).content.decode()
    assert login(client, "m.ivanova", NEW_PASSWORD).status_code == 302

    client.logout()
    assert INVALID_LINK in client.get(link).content.decode()


def test_the_reset_page_does_not_tell_whether_the_e_mail_exists(client, marina):
    known = client.post(reverse("password_reset"), {"email": "m.ivanova@school34.example"})
    unknown = client.post(reverse("password_reset"), {"email": "stranger@school34.example"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1


def test_a_bad_e_mail_is_a_russian_field_error(client):
    page = client.post(reverse("password_reset"), {"email": "m.ivanova@"}).content.decode()
    assert "Введите правильный адрес электронной почты." in page


def test_no_reset_for_a_blocked_user_and_one_mail_per_pause(client, marina):
    client.post(reverse("password_reset"), {"email": marina.email})
    client.post(reverse("password_reset"), {"email": marina.email})
    assert len(mail.outbox) == 1
    cache.clear()
    User.objects.filter(pk=marina.pk).update(is_active=False)
    client.post(reverse("password_reset"), {"email": marina.email})
    assert len(mail.outbox) == 1


def test_an_invited_teacher_who_lost_the_e_mail_can_reset(client, school_a, curator_a):
    teacher = TeacherFactory(school=school_a, email="new@school34.example")
    services.user_invite(teacher=teacher, by=curator_a)
    client.post(reverse("password_reset"), {"email": "new@school34.example"})
    assert len(mail.outbox) == 2
    form_url = client.get(link_in(mail.outbox[1]))["Location"]
    assert client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status_code == 302


def test_a_reset_link_expires_sooner_than_an_invitation(client, marina, settings):
    client.post(reverse("password_reset"), {"email": marina.email})
    settings.PASSWORD_RESET_LINK_TIMEOUT = -1
    assert INVALID_LINK in client.get(link_in(mail.outbox[0])).content.decode()


def test_an_invitation_token_is_no_reset_token(client, school_a, curator_a):
    teacher = TeacherFactory(school=school_a)
    services.user_invite(teacher=teacher, by=curator_a)
    invitation = link_in(mail.outbox[0])
    as_reset = invitation.replace("/accounts/priglashenie/", "/accounts/parol/")
    assert INVALID_LINK in client.get(as_reset).content.decode()
