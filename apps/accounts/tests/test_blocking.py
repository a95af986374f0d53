"""The curator blocks and unblocks the logins of the school's own teachers — never staff, never another school."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.accounts import services
from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.schools.models import Teacher
from apps.schools.tests.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "пароль-для-тестов"


def test_a_blocked_teacher_is_logged_out_and_cannot_log_in_until_unblocked(client, teacher_user, curator_a):
    teacher = Teacher.objects.get(user=teacher_user)
    assert client.post(reverse("login"), {"username": "teacher-a", "password": PASSWORD}).status_code == 302
    assert client.get(reverse("home")).status_code == 200

    services.user_block(teacher=teacher, by=curator_a)
    assert not User.objects.get(pk=teacher_user.pk).is_active
    opened = client.get(reverse("home"))  # the open session no longer counts
    assert opened.status_code == 302 and opened["Location"].startswith(reverse("login"))
    refused = client.post(reverse("login"), {"username": "teacher-a", "password": PASSWORD})
    assert refused.status_code == 200 and "Неверный логин (e-mail) или пароль" in refused.content.decode()
    assert client.get(reverse("home")).status_code == 302

    services.user_unblock(teacher=teacher, by=curator_a)
    assert client.post(reverse("login"), {"username": "teacher-a", "password": PASSWORD}).status_code == 302


def test_another_schools_curator_and_the_director_cannot_block(teacher_user, curator_b, director_a):
    teacher = Teacher.objects.get(user=teacher_user)
    for by in (curator_b, director_a, None):
        with pytest.raises(PermissionDenied):
            services.user_block(teacher=teacher, by=by)
    assert User.objects.get(pk=teacher_user.pk).is_active


@pytest.mark.parametrize(
    "who, reason",
    [
        ("superuser", "администратор портала"),
        ("director", "учётная запись сотрудника"),
        ("curator", "учётная запись сотрудника"),
        ("nobody", "нет учётной записи"),
    ],
)
def test_staff_and_the_administrator_are_never_blocked(who, reason, school_a, curator_a, director_a, superuser):
    users = {"superuser": superuser, "director": director_a, "curator": UserFactory(school=school_a, roles=[Role.CURATOR]), "nobody": None}
    teacher = TeacherFactory(school=school_a, user=users[who])
    for by in (curator_a, superuser):
        with pytest.raises(ValidationError) as refused:
            services.user_block(teacher=teacher, by=by)
        assert reason in " ".join(refused.value.messages)
    if users[who] is not None:
        assert User.objects.get(pk=users[who].pk).is_active


def test_the_curator_does_not_block_themselves(school_a, curator_a):
    own_card = TeacherFactory(school=school_a, user=curator_a)
    with pytest.raises(ValidationError):
        services.user_block(teacher=own_card, by=curator_a)


def test_blocking_twice_or_unblocking_an_open_login_is_refused(teacher_user, curator_a):
    teacher = Teacher.objects.get(user=teacher_user)
    with pytest.raises(ValidationError, match="не заблокирован"):
        services.user_unblock(teacher=teacher, by=curator_a)
    services.user_block(teacher=teacher, by=curator_a)
    with pytest.raises(ValidationError, match="уже заблокирован"):
        services.user_block(teacher=teacher, by=curator_a)


def test_blocking_voids_a_printed_code(school_a, curator_a):
    teacher = TeacherFactory(school=school_a, email="")
    issued = services.setup_code_issue(teacher=teacher, by=curator_a)
    services.user_block(teacher=teacher, by=curator_a)
    assert not issued.user.setup_codes.exists()
