"""The district's collection of practices as a visitor gets it (issue 18): the file kept for the current version
of the district's sections at once; a small one made on the first request; a big one made once by the worker
while visitors see «Сборник готовится»; anything changed in a section (a consent withdrawn) and the old file
is never served again."""

import io

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from apps.consents.models import ConsentKind, PublicCategory
from apps.consents.services import consent_give, consent_withdraw
from apps.core.tests.clock import freeze_today
from apps.jobs.models import Job
from apps.jobs.tests.worker import run_worker
from apps.municipal.tests.data import TODAY, build_district
from apps.practices.models import BestPractice
from apps.public import collection

from .data import publish_section

pytestmark = pytest.mark.django_db

URL = "/nastavnichestvo/rayon/{slug}/sbornik.pdf"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def district(school_a, monkeypatch):
    freeze_today(monkeypatch, TODAY)
    district = build_district(school_a)
    publish_section(district.school)
    return district


@pytest.fixture
def url(district):
    return URL.format(slug=district.municipality.slug)


def practices(school, count, *, prefix="Практика"):
    return [
        BestPractice.objects.create(
            school=school, title=f"{prefix} {i}", description="Наставник и молодой учитель готовили уроки вместе.", is_published=True
        )
        for i in range(1, count + 1)
    ]


def pdf_of(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf", response
    content = b"".join(response.streaming_content)
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_a_big_collection_is_made_once_by_the_worker_while_visitors_wait(client, district, url, django_assert_max_num_queries):
    practices(district.school, collection.INLINE_MAX_PRACTICES + 1)
    BestPractice.objects.create(school=district.school, title="Черновая практика", is_published=False)

    for _ in range(3):  # three visitors before the worker: one render queued
        response = client.get(url)
        assert response.status_code == 202 and response["Cache-Control"] == "no-store"
        page = response.content.decode()
        assert "Сборник готовится, обновите страницу через минуту" in page
        assert '<meta http-equiv="refresh" content="10">' in page
    assert Job.objects.count() == 1
    job = Job.objects.get()
    assert job.school is None and job.created_by is None  # nobody's job page: visitors have none

    assert run_worker() == 1
    with django_assert_max_num_queries(4):  # the district, the sections' versions, the kept file
        text = pdf_of(client.get(url))
    assert "«Наставничество – путь от цели к результату»" in text
    assert f"Практика {collection.INLINE_MAX_PRACTICES + 1}" in text and "Черновая практика" not in text
    assert pdf_of(client.get(url))  # served again: nothing queued, nothing rendered
    assert Job.objects.count() == 1 and run_worker() == 0


def test_a_small_collection_is_made_on_the_first_request_and_kept(client, district, url, django_assert_max_num_queries):
    practices(district.school, 2)
    assert "Практика 2" in pdf_of(client.get(url))
    job = Job.objects.get()
    assert job.finished_at and job.result_file
    with django_assert_max_num_queries(4):
        assert "Практика 2" in pdf_of(client.get(url))
    assert Job.objects.count() == 1 and run_worker() == 0


def test_a_withdrawn_consent_makes_the_kept_file_stale(client, district, url):
    practices(district.school, 2)
    mentor = district.pair.mentor.teacher
    consent_give(teacher=mentor, kind=ConsentKind.PERSONAL_DATA)
    publication = consent_give(teacher=mentor, kind=ConsentKind.PUBLICATION, categories=[PublicCategory.NAME])
    pdf_of(client.get(url))
    first = Job.objects.get()

    consent_withdraw(consent=publication)  # the section's version moves on
    pdf_of(client.get(url))
    newest = Job.objects.get()  # the former version's job is gone, and its file with it
    assert newest.key != first.key and newest.result_file.name != first.result_file.name
    assert not default_storage.exists(first.result_file.name)

    BestPractice.objects.filter(title="Практика 2").get().delete()  # and what is gone from the section is gone from the file
    text = pdf_of(client.get(url))
    assert "Практика 1" in text and "Практика 2" not in text


def test_a_practice_unpublished_the_old_file_is_not_served_and_the_worker_makes_a_new_one(client, district, url):
    made = practices(district.school, collection.INLINE_MAX_PRACTICES + 2)
    assert client.get(url).status_code == 202
    run_worker()
    assert f"Практика {len(made)}" in pdf_of(client.get(url))

    made[-1].is_published = False
    made[-1].save()
    assert client.get(url).status_code == 202  # a new version: the old file is not served, a new one is made
    run_worker()
    text = pdf_of(client.get(url))
    assert f"Практика {len(made) - 1}" in text and f"Практика {len(made)}" not in text


def test_a_failed_render_says_so_and_is_tried_again_later(client, district, url, monkeypatch):
    practices(district.school, collection.INLINE_MAX_PRACTICES + 1)
    client.get(url)
    monkeypatch.setattr(collection, "render_pdf", _broken)
    run_worker()
    response = client.get(url)
    assert response.status_code == 503 and response["Retry-After"] == "300"
    assert "Сборник сейчас не удалось подготовить" in response.content.decode()
    assert Job.objects.count() == 1  # not one render per visitor


def _broken(*args, **kwargs):
    raise OSError("нет шрифта")


def test_an_unknown_district_is_404_and_a_post_is_refused(client, district, url):
    assert client.get(URL.format(slug="no-such-district")).status_code == 404
    assert client.post(url).status_code == 405
    assert not Job.objects.exists()
