"""A heavy document as a background job: «Документ готовится…», then the download, for the school's staff only."""

import pytest
from django.urls import reverse

from apps.jobs.services import document_job_create

from .worker import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_worker_makes_the_document_and_the_page_offers_it(client, curator_a, curator_b, school_a):
    job = document_job_create(
        title="Приказ о закреплении пар",
        renderer="apps.jobs.tests.renderers.small_pdf",
        kwargs={"title": "pairs"},
        filename="prikaz-pary.pdf",
        school=school_a,
        created_by=curator_a,
    )
    client.force_login(curator_a)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Документ готовится" in page and 'hx-trigger="every 2s"' in page
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404

    run_worker()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Скачать PDF" in page and 'hx-trigger="every 2s"' not in page
    response = client.get(reverse("jobs:file", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4\n% pairs")

    client.force_login(curator_b)
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404


def test_a_failed_document_says_why(client, curator_a, school_a):
    job = document_job_create(
        title="Аналитическая справка", renderer="apps.jobs.tests.renderers.broken", kwargs={}, filename="x.pdf", school=school_a
    )
    run_worker()
    client.force_login(curator_a)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Документ не получился: документ не удалось сформировать" in page
    assert 'hx-trigger="every 2s"' not in page
