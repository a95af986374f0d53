"""Two app servers over one database behave as one (issue 18, item 2).

Two gunicorn instances, A and B, run the production settings (DEBUG off) against the test database on two
ports, with one media folder. A consent withdrawn through A is gone from the public page B serves at
once, with each server's own cache and with one Redis for both; two curators pairing one last free place,
one through A and one through B at the same moment, get one pair and one Russian refusal; a file
uploaded through A downloads through B byte for byte.
"""

import http.cookiejar
import io
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from apps.accounts.roles import Role
from apps.catalogues.models import MentoringForm
from apps.consents.models import Consent, ConsentKind
from apps.consents.services import consent_give
from apps.core.servers import AppServer, database_url, free_port, server_env
from apps.events.models import Material
from apps.events.tests.data import district_event
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import Pair
from apps.public.tests.data import consented_mentor, publish_section
from apps.schools.tests.factories import MunicipalityFactory, SchoolFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.starts_first]

PASSWORD = "пароль-для-тестов"  # UserFactory's


class Browser:
    """One person's browser against one server: cookies, the CSRF token, no redirects followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect)

    def request(self, path: str, data: dict | None = None, files: dict | None = None) -> tuple[int, dict, bytes]:
        headers, body = {"Referer": self.base + path}, None
        if data is not None or files is not None:
            fields = {**(data or {}), "csrfmiddlewaretoken": self.csrf()}
            if files:
                boundary = uuid.uuid4().hex
                body = _multipart(boundary, fields, files)
                headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            else:
                body = urllib.parse.urlencode(fields, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def csrf(self) -> str:
        """The CSRF cookie's secret, which Django also accepts as the form's token."""
        token = next((c.value for c in self.cookies if c.name == "csrftoken"), None)
        if token is None:
            self.request("/accounts/login/")
            token = next(c.value for c in self.cookies if c.name == "csrftoken")
        return token

    def log_in(self, username: str) -> None:
        status, headers, _ = self.request("/accounts/login/", {"username": username, "password": PASSWORD})
        assert status == 302 and "/accounts/login/" not in headers.get("Location", ""), f"{username}: вход не удался ({status})"

    def text(self, path: str) -> str:
        status, _, body = self.request(path)
        assert status == 200, f"{path}: {status}"
        return body.decode()


def _multipart(boundary: str, fields: dict, files: dict) -> bytes:
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue()


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Production's algorithm with few iterations: a server checks a hash with the iterations it names."""

    iterations = 1000


@pytest.fixture(autouse=True)
def production_hasher(settings):
    """The servers run the production settings, which do not know the tests' fast MD5 hasher."""
    settings.PASSWORD_HASHERS = [f"{__name__}.QuickPBKDF2PasswordHasher"]


@pytest.fixture(scope="module")
def shared_media():
    path = Path(tempfile.mkdtemp(prefix="two-servers-media-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_url(shared_media):
    """A Redis of the test's own on a free port: no system service, nothing written to disk."""
    if shutil.which("redis-server") is None:
        pytest.skip("missing programs: redis-server (scripts/install-system-deps installs it)")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(shared_media)],  # fmt: skip
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            redis.Redis(port=port).ping()
            break
        except Exception:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


def _two_servers(django_db_blocker, media: Path, **extra):
    with django_db_blocker.unblock():
        url = database_url()
    # No lasting connections: the test database is flushed between tests and dropped at the end.
    # One local media folder for both, whatever a developer's .env says about a bucket.
    extra = {"CACHE_URL": "locmemcache://public-pages", "AWS_STORAGE_BUCKET_NAME": "", **extra}
    env = server_env(database_url=url, MEDIA_ROOT=str(media), CONN_MAX_AGE="0", **extra)
    servers = [AppServer(env=env, log=media / f"gunicorn-{name}.log") for name in "AB"]
    for server in servers:
        server.launch()
    try:
        for server in servers:
            server.wait_until_up()
    except BaseException:
        for server in servers:
            server.stop()
        raise
    return servers


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, shared_media):
    """A and B, each with its own per-process cache (the default)."""
    a, b = _two_servers(django_db_blocker, shared_media)
    yield a, b
    a.stop()
    b.stop()


@pytest.fixture(scope="module")
def redis_servers(django_db_setup, django_db_blocker, shared_media, redis_url):
    """A and B sharing one Redis cache (CACHE_URL)."""
    a, b = _two_servers(django_db_blocker, shared_media, CACHE_URL=redis_url)
    yield a, b
    a.stop()
    b.stop()


def _consent_scenario(a: AppServer, b: AppServer, slug: str) -> None:
    school = SchoolFactory(short_name="Школа на двух серверах", slug=slug)
    publish_section(school)
    mentor = consented_mentor(school, "Белова")
    mentor.teacher.user = UserFactory(username=f"belova-{slug}", school=school, roles=[Role.TEACHER])
    mentor.teacher.save()
    consent = Consent.objects.get(teacher=mentor.teacher, kind=ConsentKind.PUBLICATION)

    public = Browser(b.base)
    page = reverse("public:mentors", args=[slug])
    assert "Белова" in public.text(page)
    assert "Белова" in public.text(page)  # served from B's cache now

    teacher = Browser(a.base)
    teacher.log_in(f"belova-{slug}")
    status, headers, _ = teacher.request(reverse("consents:withdraw", args=[consent.pk]), {})
    assert status == 302, status
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None

    assert "Белова" not in public.text(page)


def test_a_consent_withdrawn_through_one_server_is_gone_from_the_other_at_once(servers):
    _consent_scenario(*servers, slug="two-servers-locmem")


@pytest.mark.needs_tools("redis-server")
def test_the_same_with_one_redis_cache_for_both(redis_servers):
    _consent_scenario(*redis_servers, slug="two-servers-redis")


def test_two_curators_on_two_servers_cannot_overfill_a_mentor(servers):
    a, b = servers
    school = SchoolFactory(short_name="Школа гонки", slug="two-servers-race")
    mentor = MentorFactory(teacher__school=school, teacher__last_name="Единственная", capacity=1)
    consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)
    mentees = [MenteeFactory(teacher__school=school, teacher__last_name=name) for name in ("Первая", "Вторая")]
    for mentee in mentees:
        consent_give(teacher=mentee.teacher, kind=ConsentKind.PERSONAL_DATA)
    for name in ("race-curator-1", "race-curator-2"):
        UserFactory(username=name, school=school, is_staff=True, roles=[Role.CURATOR])
    curators = [Browser(a.base), Browser(b.base)]
    for browser, name in zip(curators, ("race-curator-1", "race-curator-2"), strict=True):
        browser.log_in(name)
        browser.text(reverse("matching:manual"))  # both see the mentor with a free place

    terms = {
        "form": str(MentoringForm.objects.get(code="teacher-teacher").pk),
        "started_on": timezone.localdate().isoformat(),
        "months": "9",
        "mentor": str(mentor.pk),
    }
    barrier = threading.Barrier(2)
    results = [None, None]

    def post(index):
        data = {**terms, "mentees": [str(mentees[index].pk)]}
        barrier.wait(timeout=10)
        results[index] = curators[index].request(reverse("matching:manual"), data)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _, _ in results)
    assert statuses == [200, 302], statuses
    refused = next(body.decode() for status, _, body in results if status == 200)
    assert "свободно мест: 0 из 1" in refused and "нельзя закрепить ещё 1" in refused
    assert Pair.objects.filter(mentor=mentor).count() == 1
    assert sum(pair.memberships.count() for pair in Pair.objects.filter(mentor=mentor)) == 1


def test_a_file_uploaded_through_one_server_downloads_through_the_other(servers):
    a, b = servers
    municipality = MunicipalityFactory(name="Район двух серверов")
    UserFactory(username="two-servers-coordinator", is_staff=True, municipality=municipality, roles=[Role.COORDINATOR])
    event = district_event(municipality)
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    pdf = io.BytesIO()
    writer.write(pdf)
    content = pdf.getvalue()

    coordinator = Browser(a.base)
    coordinator.log_in("two-servers-coordinator")
    status, _, _ = coordinator.request(
        reverse("district_events:material_add", args=[event.pk]),
        {"title": "Презентация"},
        files={"file": ("презентация.pdf", content, "application/pdf")},
    )
    assert status == 302, status
    material = Material.objects.get(event=event)

    status, headers, body = Browser(b.base).request(reverse("events:material", args=[material.pk]))
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert body == content

