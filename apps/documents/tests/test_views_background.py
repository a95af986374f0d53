"""Orders with many pairs are made by the worker (issue 18): the «PDF» button leads to the job's page,
«Документ готовится…», then «Скачать PDF»; a signed order is made once; the same people as before may see it."""

import datetime
from urllib.parse import unquote

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.documents import order_jobs
from apps.documents.bench import consented
from apps.documents.models import Order, OrderKind
from apps.documents.services import order_create, order_sign
from apps.jobs.models import Job
from apps.jobs.tests.worker import run_worker
from apps.pairs.bench import school_with_pairs
from apps.schools.tests.factories import UserFactory

from .factories import page_texts, pdf_text

pytestmark = pytest.mark.django_db

OCT_3 = datetime.date(2025, 10, 3)


def body(response) -> bytes:
    """The response's bytes; a file response's stream is read once and kept."""
    if not hasattr(response, "read_body"):
        response.read_body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.read_body


def is_pdf(response) -> bool:
    return response.status_code == 200 and response["Content-Type"] == "application/pdf" and body(response).startswith(b"%PDF-")


@pytest.fixture
def few_pairs_go_to_the_worker(monkeypatch):
    """The two-pair orders of the fixtures count as long ones (the threshold itself is tested on 20/21 pairs)."""
    monkeypatch.setattr(order_jobs, "BACKGROUND_FROM_PAIRS", 2)


@pytest.fixture
def draft(school, pairs):
    return order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one, pairs.group])


def test_an_order_of_21_pairs_is_made_by_the_worker_and_one_of_20_at_once(client, django_assert_max_num_queries):
    school, made = school_with_pairs("many-pairs", 41)
    consented(made)
    curator = UserFactory(username="curator-many", school=school, is_staff=True, roles=[Role.CURATOR])
    short = order_create(school=school, kind=OrderKind.PAIRS, pairs=made[:20])
    long = order_create(school=school, kind=OrderKind.PAIRS, pairs=made[20:])
    assert long.pairs.count() == 21
    client.force_login(curator)

    assert is_pdf(client.get(reverse("documents:order_pdf", args=[short.pk])))  # 20 pairs: no job
    assert not Job.objects.exists()

    # Login 4, the order and its pairs counted 2, the key's lock and the job looked up 2, the job and the
    # task inserted with full_clean's checks 4, savepoints 4: none of it grows with the pairs.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("documents:order_pdf", args=[long.pk]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    with django_assert_max_num_queries(10):
        page = client.get(response["Location"]).content.decode()
    assert "Документ готовится…" in page and "Проект приказа о закреплении" in page
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404  # not made yet

    assert run_worker() == 1
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Скачать PDF" in page and "Документ готовится" not in page
    response = client.get(reverse("jobs:file", args=[job.pk]))
    assert is_pdf(response)
    assert "Проект приказа о закреплении наставнических пар (групп).pdf" in unquote(response["Content-Disposition"])
    text = " ".join(page_texts(body(response)))
    last_mentor = made[-1].mentor.teacher
    assert last_mentor.last_name in text  # the 41st pair, the order's last


def test_a_draft_is_rendered_anew_but_a_second_click_meanwhile_shares_the_render(
    client, curator_a, draft, few_pairs_go_to_the_worker, people
):
    client.force_login(curator_a)
    url = reverse("documents:order_pdf", args=[draft.pk])
    first = client.get(url)
    assert client.get(url)["Location"] == first["Location"]  # still being made: the same job
    assert Job.objects.count() == 1
    run_worker()
    job = Job.objects.get()
    assert "Петров" in pdf_text(body(client.get(reverse("jobs:file", args=[job.pk]))))

    people.petrov.last_name = "Петровский"  # the draft's data changed: the next click renders it anew
    people.petrov.save()
    second = client.get(url)
    assert second["Location"] != first["Location"] and Job.objects.count() == 2
    run_worker()
    newest = Job.objects.order_by("-pk").first()
    assert "Петровский" in pdf_text(body(client.get(reverse("jobs:file", args=[newest.pk]))))


def test_a_signed_order_keeps_its_file_and_is_never_rendered_again(client, curator_a, director_a, draft, few_pairs_go_to_the_worker):
    signed = order_sign(order=draft, number="45-од", date=OCT_3)
    for user in (curator_a, director_a, curator_a):
        client.force_login(user)
        response = client.get(reverse("documents:order_pdf", args=[signed.pk]))
        assert is_pdf(response) and "Приказ № 45-од от 03.10.2025.pdf" in unquote(response["Content-Disposition"])
    assert not Job.objects.exists()  # the file made at signing, served as it is


def test_a_signed_order_without_its_file_is_made_once(client, curator_a, director_a, draft, few_pairs_go_to_the_worker):
    signed = order_sign(order=draft, number="45-од", date=OCT_3)
    Order.objects.filter(pk=signed.pk).update(pdf="")  # as the demo district's orders and those entered before files were kept
    url = reverse("documents:order_pdf", args=[signed.pk])
    client.force_login(curator_a)
    response = client.get(url)
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    run_worker()
    stored = Job.objects.get().result_file.name

    for user in (director_a, curator_a):
        client.force_login(user)
        response = client.get(url)  # at once, the file the worker made
        assert is_pdf(response) and "Приказ № 45-од от 03.10.2025.pdf" in unquote(response["Content-Disposition"])
        assert "45-од" in pdf_text(body(response))
    assert Job.objects.count() == 1 and Job.objects.get().result_file.name == stored
    assert run_worker() == 0  # nothing queued again


def test_the_orders_job_is_seen_by_its_school_only(client, curator_a, curator_b, director_a, teacher_user, draft, few_pairs_go_to_the_worker):
    client.force_login(curator_a)
    job_url = client.get(reverse("documents:order_pdf", args=[draft.pk]))["Location"]
    run_worker()
    job = Job.objects.get()
    client.force_login(director_a)
    assert client.get(job_url).status_code == 200 and is_pdf(client.get(reverse("jobs:file", args=[job.pk])))
    client.force_login(curator_b)
    assert client.get(reverse("documents:order_pdf", args=[draft.pk])).status_code == 404
    assert client.get(job_url).status_code == 404 and client.get(reverse("jobs:file", args=[job.pk])).status_code == 404
    client.force_login(teacher_user)
    assert client.get(reverse("documents:order_pdf", args=[draft.pk])).status_code == 403
    assert client.get(job_url).status_code == 403
    client.logout()
    assert client.get(job_url).status_code == 302
    assert Job.objects.count() == 1  # refused requests queued nothing


def test_an_order_deleted_before_the_worker_got_to_it_says_so_in_russian(client, curator_a, draft, few_pairs_go_to_the_worker):
    client.force_login(curator_a)
    job_url = client.get(reverse("documents:order_pdf", args=[draft.pk]))["Location"]
    Order.objects.filter(pk=draft.pk).delete()
    run_worker()
    page = client.get(job_url).content.decode()
    assert "Документ не получился: документ не удалось сформировать" in page
    assert "Скачать" not in page and 'hx-trigger="every 2s"' not in page
