"""The curator invites the school's teachers: an e-mail with a single-use, expiring link to set a password."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.accounts import services
from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.schools.tests.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Надёжный-пароль-2026"
INVALID_LINK = "Ссылка недействительна"


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).removeprefix("http://testserver")


def set_password(client, link, password=PASSWORD):
    """Open the link (Django moves the token into the session) and post the new password twice."""
    response = client.get(link)
    assert response.status_code == 302, response.content.decode()
    return client.post(response["Location"], {"new_password1": password, "new_password2": password})


@pytest.fixture
def teacher(school_a):
    return TeacherFactory(school=school_a, last_name="Орлова", first_name="Галина", patronymic="Викторовна", email="G.Orlova@school.example")


def test_an_invitation_makes_the_teachers_account_and_sends_a_russian_e_mail(teacher, curator_a):
    user = services.user_invite(teacher=teacher, by=curator_a)

    teacher.refresh_from_db()
    assert teacher.user == user
    assert user.username == "g.orlova"
    assert user.school == teacher.school and user.email == teacher.email
    assert (user.last_name, user.first_name) == ("Орлова", "Галина")
    assert not user.has_usable_password() and user.is_active and not user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [Role.TEACHER.value]
    assert user.invited_at is not None

    [message] = mail.outbox
    assert message.to == ["G.Orlova@school.example"]
    assert message.subject == f"Наставничество педагогов: приглашение в портал — {teacher.school.short_name}"
    assert "Здравствуйте, Галина Викторовна!" in message.body
    assert "Ваш логин: g.orlova" in message.body
    assert "только один раз" in message.body
    assert "/accounts/priglashenie/" in link_in(message)


def test_the_link_sets_the_password_logs_in_and_then_stops_working(client, teacher, curator_a):
    services.user_invite(teacher=teacher, by=curator_a)
    link = link_in(mail.outbox[0])
    page = client.get(client.get(link)["Location"]).content.decode()
    assert "Добро пожаловать в портал наставничества" in page and "g.orlova" in page

    response = set_password(client, link)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(teacher.user_id)
    user = User.objects.get(pk=teacher.user_id)
    assert user.check_password(PASSWORD)

    client.logout()
    used = client.get(link)
    assert used.status_code == 200 and INVALID_LINK in used.content.decode()


def test_mismatched_or_weak_passwords_are_refused_in_russian(client, teacher, curator_a):
    services.user_invite(teacher=teacher, by=curator_a)
    form_url = client.get(link_in(mail.outbox[0]))["Location"]
    page = client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD + "x"}).content.decode()
    assert "Пароли не совпадают." in page
    page = client.post(form_url, {"new_password1": "12345", "new_password2": "12345"}).content.decode()
    assert "слишком короткий" in page
    assert not User.objects.get(pk=teacher.user_id).has_usable_password()


def test_an_expired_invitation_is_refused(client, teacher, curator_a, settings):
    services.user_invite(teacher=teacher, by=curator_a)
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is older than that
    response = client.get(link_in(mail.outbox[0]))
    assert response.status_code == 200 and INVALID_LINK in response.content.decode()


def test_sending_again_voids_the_earlier_link(client, teacher, curator_a):
    services.user_invite(teacher=teacher, by=curator_a)
    services.user_invite(teacher=teacher, by=curator_a)
    first, second = (link_in(message) for message in mail.outbox)
    assert User.objects.filter(teacher=teacher).count() == 1
    assert INVALID_LINK in client.get(first).content.decode()
    assert set_password(client, second).status_code == 302


def test_a_blocked_teachers_link_does_not_work(client, teacher, curator_a):
    services.user_invite(teacher=teacher, by=curator_a)
    User.objects.filter(pk=teacher.user_id).update(is_active=False)
    assert INVALID_LINK in client.get(link_in(mail.outbox[0])).content.decode()


def test_another_schools_teacher_is_refused_and_nothing_is_sent(school_b, curator_a, director_a):
    stranger = TeacherFactory(school=school_b)
    with pytest.raises(PermissionDenied):
        services.user_invite(teacher=stranger, by=curator_a)
    own = TeacherFactory(school=director_a.school)
    with pytest.raises(PermissionDenied):
        services.user_invite(teacher=own, by=director_a)  # the director does not manage logins
    assert not mail.outbox
    stranger.refresh_from_db()
    own.refresh_from_db()
    assert stranger.user is None and own.user is None


@pytest.mark.parametrize(
    "case, reason",
    [
        ("no_email", "нет e-mail"),
        ("active", "уже есть вход"),
        ("blocked", "вход заблокирован"),
        ("staff", "учётная запись сотрудника"),
        ("superuser", "учётная запись сотрудника"),
        ("left", "не работает в организации"),
        ("email_taken", "уже указан у другой учётной записи"),
    ],
)
def test_who_cannot_be_invited(case, reason, school_a, curator_a):
    teacher = TeacherFactory(school=school_a)
    if case == "no_email":
        teacher.email = ""
    elif case == "active":
        teacher.user = UserFactory(school=school_a, roles=[Role.TEACHER])
    elif case == "blocked":
        teacher.user = UserFactory(school=school_a, is_active=False, roles=[Role.TEACHER])
    elif case == "staff":
        teacher.user = UserFactory(school=school_a, is_staff=True, roles=[Role.DIRECTOR])
        teacher.user.set_unusable_password()
        teacher.user.save()
    elif case == "superuser":
        teacher.user = UserFactory(is_superuser=True, is_staff=True)
    elif case == "left":
        teacher.is_employed = False
    elif case == "email_taken":
        UserFactory(email=teacher.email.upper())
    teacher.save()
    with pytest.raises(ValidationError) as refused:
        services.user_invite(teacher=teacher, by=curator_a)
    assert reason in " ".join(refused.value.messages)
    assert not mail.outbox


def test_login_names_are_unique_and_fall_back_to_the_name(school_a, curator_a):
    UserFactory(username="g.orlova")
    twin = TeacherFactory(school=school_a, email="g.orlova@other.example")
    assert services.user_invite(teacher=twin, by=curator_a).username == "g.orlova2"
    nameless = TeacherFactory(school=school_a, last_name="Щукина", first_name="Юлия", patronymic="Эдуардовна", email="")
    assert services.setup_code_issue(teacher=nameless, by=curator_a).user.username == "shchukina.yue"


def test_a_failing_mail_server_writes_nothing(teacher, curator_a, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("соединение отклонено")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(OSError):
        services.user_invite(teacher=teacher, by=curator_a)
    teacher.refresh_from_db()
    assert teacher.user is None and not User.objects.filter(email=teacher.email).exists()


def test_the_teacher_group_exists_for_new_accounts(teacher, curator_a):
    Group.objects.filter(name=Role.TEACHER.value).delete()
    user = services.user_invite(teacher=teacher, by=curator_a)
    assert user.has_role(Role.TEACHER)
