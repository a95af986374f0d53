"""Personal links in bulk from the teacher list: invitations, one e-mail each, and links that work."""

import re

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import reverse

from apps.consents.models import Consent
from apps.jobs.tests.worker import run_worker
from apps.mentees.models import Mentee
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.models import Invitation
from apps.surveys.services import invitations_send

from .factories import make_invitation, mentee_answers

pytestmark = pytest.mark.django_db

TEACHER_LIST = reverse("admin:schools_teacher_changelist")


def run_action(client, action, teachers):
    response = client.post(
        TEACHER_LIST, {"action": action, admin.helpers.ACTION_CHECKBOX_NAME: [t.pk for t in teachers]}, follow=True
    )
    run_worker()  # the letters are queued as a job; the worker sends them
    return response


def test_bulk_sending_creates_invitations_and_emails_with_working_links(client, curator_a, school_a):
    with_email = [TeacherFactory(school=school_a) for _ in range(2)]
    without_email = TeacherFactory(school=school_a, email="", last_name="Безпочтова")
    client.force_login(curator_a)
    response = run_action(client, "send_mentee_survey_links", [*with_email, without_email])
    page = response.content.decode()
    assert "Письма поставлены в очередь: 2" in page
    assert "Без e-mail — 1 чел.: Безпочтова М.П." in page
    assert ">Ссылки: анкета молодого педагога (профессиональные запросы)</h1>" in page  # the job's page

    assert Invitation.objects.filter(kind="mentee_request").count() == 3
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 2
    assert Invitation.objects.get(teacher=without_email).sent_at is None
    assert all(i.created_by == curator_a for i in Invitation.objects.all())
    assert len(mail.outbox) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(t.email for t in with_email)

    client.logout()
    message = next(m for m in mail.outbox if m.to == [with_email[0].email])
    assert message.subject.startswith("Наставничество педагогов: анкета")
    assert "Мария Петровна" in message.body
    assert "Анкета молодого педагога" in message.body
    url = re.search(r"https?://\S+/anketa/l/\S+/", message.body).group(0)
    assert client.get(url).status_code == 200  # the consent step
    client.post(url, {"step": "consent", "agree": "on"})
    assert Consent.objects.filter(teacher=with_email[0]).exists()
    assert client.post(url, mentee_answers()).status_code == 302
    assert Mentee.objects.filter(teacher=with_email[0]).exists()


def test_one_email_per_teacher_even_with_several_links(school_a):
    teacher = TeacherFactory(school=school_a)
    result = invitations_send(invitations=[make_invitation(teacher), make_invitation(teacher, "mentor")], request_or_site_url="https://nastavnik.example.ru")
    assert result.teachers_sent == 1
    assert [job.title for job in result.jobs] == ["Ссылки на анкеты"]
    run_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("https://nastavnik.example.ru/anketa/l/") == 2
    assert "анкеты" in mail.outbox[0].subject


def test_only_the_curators_school_gets_links(client, curator_a, school_a, school_b):
    own = TeacherFactory(school=school_a)
    foreign = TeacherFactory(school=school_b)
    client.force_login(curator_a)
    run_action(client, "send_mentor_survey_links", [own, foreign])
    assert list(Invitation.objects.values_list("teacher", "kind")) == [(own.pk, "mentor")]
    assert [m.to for m in mail.outbox] == [[own.email]]


def test_teachers_who_left_get_no_link(client, curator_a, school_a):
    gone = TeacherFactory(school=school_a, is_employed=False)
    client.force_login(curator_a)
    page = run_action(client, "send_mentee_survey_links", [gone]).content.decode()
    assert "не работает в организации" in page
    assert not Invitation.objects.exists()


def test_a_director_cannot_send(client, director_a, school_a):
    teacher = TeacherFactory(school=school_a)
    client.force_login(director_a)
    run_action(client, "send_mentee_survey_links", [teacher])
    assert not Invitation.objects.exists()
    assert not mail.outbox
