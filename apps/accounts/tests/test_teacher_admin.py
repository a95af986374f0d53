"""The teacher list and card in the back-office: «Вход в портал» column, actions with confirmation, one teacher's page."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.accounts import services
from apps.accounts.models import SetupCode, User
from apps.accounts.roles import Role
from apps.jobs.tests.worker import run_worker
from apps.schools.models import Teacher
from apps.schools.tests.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:schools_teacher_changelist")


def page_url(teacher):
    return reverse("admin:schools_teacher_portal_login", args=[teacher.pk])


def act(client, action, teachers, **extra):
    return client.post(CHANGELIST, {"action": action, ACTION_CHECKBOX_NAME: [t.pk for t in teachers], **extra})


@pytest.fixture
def staff(school_a, curator_a):
    """One teacher in each state of access, and one without e-mail."""
    invited = TeacherFactory(school=school_a, last_name="Приглашённая")
    services.user_invite(teacher=invited, by=curator_a)
    User.objects.filter(pk=invited.user_id).update(invited_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 10, 0)))
    active = TeacherFactory(school=school_a, last_name="Вошедшая", user=UserFactory(school=school_a, roles=[Role.TEACHER]))
    blocked = TeacherFactory(school=school_a, last_name="Заблокированная", user=UserFactory(school=school_a, roles=[Role.TEACHER]))
    services.user_block(teacher=blocked, by=curator_a)
    mail.outbox.clear()
    return {
        "none": TeacherFactory(school=school_a, last_name="Новенькая"),
        "no_email": TeacherFactory(school=school_a, last_name="Ромашкина", email=""),
        "invited": invited,
        "active": active,
        "blocked": blocked,
    }


def test_the_list_shows_each_teachers_access_in_few_queries(client, curator_a, staff, django_assert_max_num_queries):
    client.force_login(curator_a)
    with django_assert_max_num_queries(12):
        page = client.get(CHANGELIST).content.decode()
    assert "Вход в портал" in page
    for label in ("нет", "приглашён 03.12.2026", "есть", "заблокирован"):
        assert f">{label}</td>" in page
    for n in range(20):
        TeacherFactory(school=staff["none"].school, user=UserFactory(username=f"more-{n}", school=staff["none"].school))
    with django_assert_max_num_queries(12):
        client.get(CHANGELIST)


@pytest.mark.parametrize("state, who", [("none", ["none", "no_email"]), ("invited", ["invited"]), ("active", ["active"]), ("blocked", ["blocked"])])
def test_the_filter_by_access(client, curator_a, staff, state, who):
    client.force_login(curator_a)
    listed = client.get(CHANGELIST, {"vhod": state}).context["cl"].result_list
    assert {t.pk for t in listed} == {staff[name].pk for name in who}


def test_invite_shows_who_gets_an_e_mail_who_needs_a_code_and_who_is_skipped(client, curator_a, staff):
    client.force_login(curator_a)
    page = act(client, "invite_to_portal", staff.values()).content.decode()
    assert "Получат письмо (2)" in page  # the new one and the re-invited one
    assert "повторно, прежняя ссылка перестанет действовать" in page
    assert "Нет e-mail — им нужен лист с кодом первого входа (1)" in page and staff["no_email"].full_name in page
    assert "Не будут приглашены (2)" in page
    assert "уже есть вход в портал" in page and "вход заблокирован" in page
    assert 'value="print_login_codes"' in page
    assert not mail.outbox

    done = act(client, "invite_to_portal", staff.values(), confirm="yes")
    assert done.status_code == 302 and done["Location"].startswith("/zadachi/")  # the job's page
    assert not mail.outbox  # queued; the worker sends
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff["none"].email, staff["invited"].email])
    assert Teacher.objects.get(pk=staff["none"].pk).user.invited_at is not None


def test_the_action_never_reaches_another_schools_teacher(client, curator_a, school_b):
    stranger = TeacherFactory(school=school_b)
    client.force_login(curator_a)
    act(client, "invite_to_portal", [stranger], confirm="yes")
    act(client, "print_login_codes", [stranger], confirm="yes")
    assert not mail.outbox
    stranger.refresh_from_db()
    assert stranger.user is None


def test_printing_codes_gives_a_sheet_with_a_code_and_a_qr_per_teacher(client, curator_a, staff):
    client.force_login(curator_a)
    confirm = act(client, "print_login_codes", [staff["no_email"], staff["active"]]).content.decode()
    assert "Получат код (1)" in confirm and "Код не будет выдан (1)" in confirm
    sheet = act(client, "print_login_codes", [staff["no_email"], staff["active"]], confirm="yes")
    assert sheet.status_code == 200 and "no-store" in sheet["Cache-Control"]
    page = sheet.content.decode()
    user = Teacher.objects.get(pk=staff["no_email"].pk).user
    assert user.username in page and "data:image/svg+xml" in page
    assert "http://testserver/accounts/kod/" in page and "Код действует до" in page
    assert SetupCode.objects.filter(user=user).count() == 1
    assert "уже есть вход в портал" in page  # the skipped teacher, not on the printout


def test_block_and_unblock_actions_confirm_first(client, curator_a, staff, director_a):
    staff["director"] = TeacherFactory(school=curator_a.school, user=director_a)
    client.force_login(curator_a)
    page = act(client, "block_logins", [staff["active"], staff["director"], staff["none"]]).content.decode()
    assert "Вход будет заблокирован (1)" in page and "учётная запись сотрудника" in page and "нет учётной записи" in page
    assert User.objects.get(pk=staff["active"].user_id).is_active
    act(client, "block_logins", [staff["active"], staff["director"]], confirm="yes")
    assert not User.objects.get(pk=staff["active"].user_id).is_active
    assert User.objects.get(pk=director_a.pk).is_active
    act(client, "unblock_logins", [staff["blocked"]], confirm="yes")
    assert User.objects.get(pk=staff["blocked"].user_id).is_active


def test_the_director_does_not_get_the_login_actions(client, director_a, staff):
    client.force_login(director_a)
    page = client.get(CHANGELIST).content.decode()
    assert "invite_to_portal" not in page and "block_logins" not in page
    assert client.get(page_url(staff["none"])).status_code == 403


def test_the_card_links_to_the_teachers_login_page(client, curator_a, staff):
    client.force_login(curator_a)
    card = client.get(reverse("admin:schools_teacher_change", args=[staff["invited"].pk])).content.decode()
    assert f'href="{page_url(staff["invited"])}"' in card and "Вход в портал: приглашён 03.12.2026" in card


def test_one_teachers_page_invites_prints_blocks_and_unblocks(client, curator_a, staff):
    teacher = staff["none"]
    client.force_login(curator_a)
    page = client.get(page_url(teacher)).content.decode()
    assert "Отправить приглашение" in page and "Распечатать код первого входа" in page

    assert client.post(page_url(teacher), {"op": "invite"}).status_code == 302
    assert [m.to for m in mail.outbox] == [[teacher.email]]
    page = client.get(page_url(teacher)).content.decode()
    assert "Отправить приглашение ещё раз" in page and "Приглашение отправлено" in page

    sheet = client.post(page_url(teacher), {"op": "code"})
    assert sheet.status_code == 200 and "Коды первого входа в портал" in sheet.content.decode()

    client.post(page_url(teacher), {"op": "block"})
    assert not User.objects.get(pk=Teacher.objects.get(pk=teacher.pk).user_id).is_active
    assert "Разблокировать вход" in client.get(page_url(teacher)).content.decode()
    client.post(page_url(teacher), {"op": "unblock"})
    assert User.objects.get(pk=Teacher.objects.get(pk=teacher.pk).user_id).is_active


def test_another_schools_curator_gets_404_and_nothing_is_sent(client, curator_b, staff):
    client.force_login(curator_b)
    for op in ("", "invite", "code", "block"):
        assert client.post(page_url(staff["none"]), {"op": op}).status_code == 404
    assert client.get(page_url(staff["active"])).status_code == 404
    assert not mail.outbox
    assert Teacher.objects.get(pk=staff["none"].pk).user is None
    assert User.objects.get(pk=staff["active"].user_id).is_active


def test_a_refusal_on_the_page_is_a_russian_message(client, curator_a, staff):
    client.force_login(curator_a)
    response = client.post(page_url(staff["active"]), {"op": "invite"}, follow=True)
    assert "Уже есть вход в портал" in response.content.decode()
    assert not mail.outbox


def test_the_user_admin_sends_the_curator_to_the_teacher_list(client, curator_a, director_a):
    client.force_login(curator_a)
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302 and response["Location"] == CHANGELIST
    client.force_login(director_a)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
