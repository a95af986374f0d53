"""Uploads in an S3 bucket (issue 18, item 2): with AWS_STORAGE_BUCKET_NAME set, every file the portal keeps
goes through django-storages into the bucket, never onto the app server's disk.

There is no S3 service on these machines, so the bucket lives in moto's S3 server on loopback: boto3 speaks the
real protocol to it over HTTP, as it would to Yandex Object Storage or MinIO.
"""

import datetime
import io
import tarfile
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from moto.server import ThreadedMotoServer
from pypdf import PdfReader, PdfWriter

from apps.accounts.roles import Role
from apps.core.servers import AppServer, database_url, server_env
from apps.documents.tests.factories import appoint_curator, make_school, make_teacher
from apps.events.models import Material
from apps.events.tests.data import district_event
from apps.jobs.services import document_job_create
from apps.jobs.tests.worker import run_worker
from apps.schools.models import School
from apps.schools.tests.factories import MunicipalityFactory, UserFactory
from tests.test_two_servers import Browser, production_hasher  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db(transaction=True)

BUCKET = "portal-media"
KEYS = {"AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret", "AWS_S3_REGION_NAME": "us-east-1"}


@pytest.fixture(scope="module")
def bucket():
    """An S3 endpoint of the test's own with one empty private bucket; yields the endpoint and a boto3 client."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"], region_name=KEYS["AWS_S3_REGION_NAME"],
    )  # fmt: skip
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    server.stop()


def _objects(client) -> dict[str, bytes]:
    listing = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read() for item in listing}


def _pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _bucket_storage(endpoint: str) -> dict:
    """settings.STORAGES["default"] as the settings module builds it from AWS_STORAGE_BUCKET_NAME and the rest."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET, "endpoint_url": endpoint, "region_name": KEYS["AWS_S3_REGION_NAME"],
            "access_key": KEYS["AWS_ACCESS_KEY_ID"], "secret_key": KEYS["AWS_SECRET_ACCESS_KEY"],
            "location": "media", "default_acl": "private", "querystring_auth": True, "file_overwrite": False,
        },
    }  # fmt: skip


@pytest.fixture(scope="module")
def bucket_server(django_db_setup, django_db_blocker, bucket, tmp_path_factory):
    """A gunicorn configured by the environment alone for the bucket (as production is), with a media folder
    of its own that must stay empty; the test process, with the same bucket in its settings, is the other server."""
    endpoint, _ = bucket
    media = tmp_path_factory.mktemp("bucket-server-media")
    with django_db_blocker.unblock():
        url = database_url()
    env = server_env(database_url=url, MEDIA_ROOT=str(media), CONN_MAX_AGE="0", CACHE_URL="locmemcache://bucket",
                     AWS_STORAGE_BUCKET_NAME=BUCKET, AWS_S3_ENDPOINT_URL=endpoint, **KEYS)  # fmt: skip
    with AppServer(env=env, log=tmp_path_factory.mktemp("bucket-server-log") / "gunicorn.log") as server:
        yield server, media


def test_a_file_uploaded_through_one_server_lands_in_the_bucket_and_downloads_through_the_other(
    bucket_server, bucket, settings, client
):
    server, media = bucket_server
    endpoint, s3 = bucket
    municipality = MunicipalityFactory(name="Район с бакетом")
    coordinator = UserFactory(username="bucket-coordinator", is_staff=True, municipality=municipality, roles=[Role.COORDINATOR])
    event = district_event(municipality)
    content = _pdf(pages=2)

    browser = Browser(server.base)
    browser.log_in("bucket-coordinator")
    status, _, _ = browser.request(
        reverse("district_events:material_add", args=[event.pk]),
        {"title": "Презентация"},
        files={"file": ("презентация.pdf", content, "application/pdf")},
    )
    assert status == 302, status
    material = Material.objects.get(event=event)

    # In the bucket under the configured prefix, and nowhere on the server's own disk.
    assert _objects(s3)[f"media/{material.file.name}"] == content
    assert not any(media.rglob("*"))

    settings.STORAGES = {**settings.STORAGES, "default": _bucket_storage(endpoint)}
    client.force_login(coordinator)
    response = client.get(reverse("events:material", args=[material.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == content


def test_a_signed_orders_pdf_is_kept_in_the_bucket_and_served_from_it(bucket, settings, client):
    """Signing freezes the order and stores its PDF; the download streams that very object from the bucket."""
    endpoint, s3 = bucket
    settings.STORAGES = {**settings.STORAGES, "default": _bucket_storage(endpoint)}
    school = make_school(slug="bucket-school")
    order = appoint_curator(
        school, on=datetime.date(2026, 9, 1), number="17-н", teacher=make_teacher(school, "Лебедева Анна Игоревна", "f")
    )
    director = UserFactory(username="bucket-director", school=school, is_staff=True, roles=[Role.DIRECTOR])

    stored = _objects(s3)[f"media/{order.pdf.name}"]
    assert "17-н" in PdfReader(io.BytesIO(stored)).pages[0].extract_text()

    client.force_login(director)
    response = client.get(reverse("documents:order_pdf", args=[order.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored


def blank_pdf(*, pages: int) -> bytes:
    """A renderer for the worker (a dotted path with JSON-able arguments, as every document job's)."""
    return _pdf(pages)


def test_a_document_made_by_the_worker_is_kept_in_the_bucket(bucket, settings, client):
    endpoint, s3 = bucket
    settings.STORAGES = {**settings.STORAGES, "default": _bucket_storage(endpoint)}
    school = make_school(slug="bucket-jobs")
    curator = UserFactory(username="bucket-curator", school=school, is_staff=True, roles=[Role.CURATOR])
    job = document_job_create(
        title="Сводный отчёт", renderer=f"{__name__}.blank_pdf", kwargs={"pages": 3}, filename="отчёт.pdf",
        school=school, created_by=curator,
    )  # fmt: skip
    assert run_worker() == 1
    job.refresh_from_db()

    stored = _objects(s3)[f"media/{job.result_file.name}"]
    assert len(PdfReader(io.BytesIO(stored)).pages) == 3
    assert not (settings.MEDIA_ROOT and (Path(settings.MEDIA_ROOT) / job.result_file.name).exists())

    client.force_login(curator)
    response = client.get(reverse("jobs:file", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored


def test_backup_and_restore_carry_the_buckets_files(bucket, settings, tmp_path):
    """`backup` reads the uploads through the storage API, so a bucket's files are in the archive; `restore`
    makes the bucket hold exactly the archive's files again (changed ones rewritten, new ones removed)."""
    endpoint, s3 = bucket
    settings.STORAGES = {**settings.STORAGES, "default": _bucket_storage(endpoint)}
    settings.MEDIA_ROOT = tmp_path / "not-used"
    for key in _objects(s3):  # the other tests' objects: this one owns the bucket's whole content
        s3.delete_object(Bucket=BUCKET, Key=key)
    order_pdf = "%PDF-1.4 приказ о закреплении наставников".encode()
    default_storage.save("documents/orders/prikaz-1.pdf", ContentFile(order_pdf))
    default_storage.save("public/news/1/фото.jpg", ContentFile(b"\xff\xd8\xff" + bytes(range(256)) * 40))
    before = _objects(s3)
    school = make_school(slug="bucket-backup")

    out = io.StringIO()
    call_command("backup", "-o", str(tmp_path / "copy.tar"), stdout=out)
    assert "2 файла" in out.getvalue()
    with tarfile.open(tmp_path / "copy.tar") as tar:
        assert tar.extractfile("media/documents/orders/prikaz-1.pdf").read() == order_pdf
    assert not settings.MEDIA_ROOT.exists()

    # After the copy: a file changed, one gone, one new, the school renamed.
    default_storage.delete("documents/orders/prikaz-1.pdf")
    default_storage.save("documents/orders/prikaz-1.pdf", ContentFile("другой файл".encode()))
    default_storage.delete("public/news/1/фото.jpg")
    default_storage.save("documents/orders/new.pdf", ContentFile(b"new"))
    School.objects.filter(pk=school.pk).update(short_name="Переименована")

    out = io.StringIO()
    call_command("restore", str(tmp_path / "copy.tar"), "--yes", stdout=out)
    assert "2 файла" in out.getvalue() and "совпадают с описью архива" in out.getvalue()
    assert _objects(s3) == before
    assert School.objects.get(pk=school.pk).short_name == school.short_name
