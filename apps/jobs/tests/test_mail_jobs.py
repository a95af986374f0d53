"""A bulk e-mail as a background job: queued by the click, sent by the worker, watched on the job's page."""

import datetime

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.jobs.models import Delivery, DeliveryStatus, Job
from apps.jobs.services import Letter, mail_job_create
from apps.jobs.tasks import MAX_ATTEMPTS
from apps.schools.tests.factories import TeacherFactory, UserFactory

from . import mail_backend
from .worker import run_worker

pytestmark = pytest.mark.django_db
TEACHER_LIST = reverse("admin:schools_teacher_changelist")


@pytest.fixture
def refusing_smtp(settings):
    """The mail server refuses the addresses put in the returned set."""
    settings.EMAIL_BACKEND = "apps.jobs.tests.mail_backend.RefusingEmailBackend"
    mail_backend.REFUSED.clear()
    yield mail_backend.REFUSED
    mail_backend.REFUSED.clear()


def send_links(client, teachers):
    return client.post(
        TEACHER_LIST, {"action": "send_mentee_survey_links", admin.helpers.ACTION_CHECKBOX_NAME: [t.pk for t in teachers]}
    )


def job_of(response) -> Job:
    assert response.status_code == 302, response.content[:500]
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    return job


def letters(n, school_tag="a", without_email=0):
    return [Letter(name=f"Педагог {i}", email=f"t{i}@{school_tag}.example", subject="Тема", body="Текст") for i in range(n)] + [
        Letter(name=f"Без почты {i}", email="", subject="Тема", body="Текст") for i in range(without_email)
    ]


def test_sending_to_300_teachers_is_a_job_the_worker_completes(client, curator_a, school_a, django_assert_max_num_queries):
    teachers = TeacherFactory.create_batch(300, school=school_a)
    client.force_login(curator_a)
    job = job_of(send_links(client, teachers))
    assert mail.outbox == []  # the click only queues: nothing is sent inside the request

    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Рассылка: отправлено 0 из 300" in page
    assert 'hx-trigger="every 2s"' in page  # the page polls while the job runs

    assert run_worker() == 1
    assert len(mail.outbox) == 300
    assert sorted(m.to[0] for m in mail.outbox) == sorted(t.email for t in teachers)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Рассылка: отправлено 300 из 300 — завершена" in page
    assert 'hx-trigger="every 2s"' not in page
    assert page.count(">отправлено<") == 300
    assert "Повторить неотправленные" not in page


def test_the_polled_fragment_is_the_progress_only(client, curator_a, school_a):
    job = mail_job_create(school=school_a, title="Ссылки", letters=letters(3), created_by=curator_a)
    client.force_login(curator_a)
    fragment = client.get(reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("{#") is False and '<div id="job"' in fragment
    assert "<html" not in fragment and "отправлено 0 из 3" in fragment


def test_the_job_page_query_count_does_not_grow_with_recipients(client, curator_a, school_a, django_assert_max_num_queries):
    small = mail_job_create(school=school_a, title="Мало", letters=letters(3, without_email=1), created_by=curator_a)
    big = mail_job_create(school=school_a, title="Много", letters=letters(300, without_email=10), created_by=curator_a)
    run_worker()
    client.force_login(curator_a)
    with django_assert_max_num_queries(12) as small_queries:
        client.get(reverse("jobs:detail", args=[small.pk]))
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        page = client.get(reverse("jobs:detail", args=[big.pk])).content.decode()
    assert "Рассылка: отправлено 300 из 310" in page and "нет e-mail: 10" in page
    with django_assert_max_num_queries(12):
        listing = client.get(reverse("jobs:list")).content.decode()
    assert "300 из 310" in listing and "3 из 4" in listing


def test_refused_letters_are_retried_with_a_pause_then_listed_and_retried_by_the_curator(client, curator_a, school_a, refusing_smtp):
    refusing_smtp.update({"t1@a.example", "t2@a.example"})
    job = mail_job_create(school=school_a, title="Ссылки на анкеты", letters=letters(5), created_by=curator_a)
    client.force_login(curator_a)
    url = reverse("jobs:detail", args=[job.pk])

    run_worker()
    assert len(mail.outbox) == 3
    page = client.get(url).content.decode()
    assert "Рассылка: отправлено 3 из 5" in page and "ожидают: 2" in page
    assert page.count("почтовый сервер не принял адрес (код 550)") == 2
    # The next pass waits a minute: nothing is due now, and the job is not finished.
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)
    assert run_worker() == 0

    for _ in range(MAX_ATTEMPTS - 1):  # the pauses pass
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()
    assert set(Delivery.objects.filter(status=DeliveryStatus.FAILED).values_list("email", flat=True)) == set(refusing_smtp)
    assert Delivery.objects.get(email="t1@a.example").attempts == MAX_ATTEMPTS
    assert not DBTaskResult.objects.filter(status="READY").exists()  # no more tries on its own
    page = client.get(url).content.decode()
    assert "ошибка: 2" in page and page.count(">ошибка<") == 2
    assert "Повторить неотправленные (2)" in page
    assert "— завершена" in page

    refusing_smtp.clear()  # the mail server is fixed; the curator presses the button
    response = client.post(reverse("jobs:retry", args=[job.pk]), follow=True)
    assert "Письма с ошибкой поставлены в очередь ещё раз: 2." in response.content.decode()
    run_worker()
    assert len(mail.outbox) == 5
    assert "Рассылка: отправлено 5 из 5 — завершена" in client.get(url).content.decode()
    response = client.post(reverse("jobs:retry", args=[job.pk]), follow=True)
    assert "Писем с ошибкой нет" in response.content.decode()


def test_someone_elses_job_is_refused(client, curator_a, curator_b, director_a, teacher_user, school_a):
    job = mail_job_create(school=school_a, title="Ссылки", letters=letters(2), created_by=curator_a)
    Delivery.objects.filter(job=job).update(status=DeliveryStatus.FAILED)
    detail, retry = reverse("jobs:detail", args=[job.pk]), reverse("jobs:retry", args=[job.pk])

    client.force_login(curator_b)
    assert client.get(detail).status_code == 404
    assert client.post(retry).status_code == 404
    assert "Ссылки" not in client.get(reverse("jobs:list")).content.decode()
    client.force_login(teacher_user)
    assert client.get(detail).status_code == 403
    client.force_login(director_a)  # reads the school's jobs, does not send
    page = client.get(detail).content.decode()
    assert "Рассылка: отправлено 0 из 2" in page and "Повторить неотправленные" not in page
    assert client.post(retry).status_code == 403
    client.logout()
    assert client.get(detail)["Location"].startswith(reverse("login"))
    assert client.post(retry)["Location"].startswith(reverse("login"))
    assert client.get(reverse("jobs:detail", args=[job.pk + 1000])).status_code == 302


def test_a_job_with_nobody_to_send_to_is_finished_at_once(school_a):
    job = mail_job_create(school=school_a, title="Ссылки", letters=letters(0, without_email=2))
    assert job.finished_at is not None
    assert not DBTaskResult.objects.exists()


def test_a_superusers_job_is_shown_to_the_school_too(client, school_a, curator_a):
    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    job = mail_job_create(school=school_a, title="Ссылки", letters=letters(1), created_by=admin_user)
    client.force_login(curator_a)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
