"""Background jobs in Chromium with the real worker (issue 18): what the curator and the coordinator see.

One live server and one `manage.py worker` subprocess over the test database, sharing a media folder. The
curator's «Проект (PDF)» of an order of 21 pairs leads to the job's page, «Документ готовится…»; without a
reload htmx turns it into «Скачать PDF», and the file downloaded is the order. The same on a phone, where the
page fits the screen; a bulk sending's table of recipients fits a phone with its «Состояние» column in view;
the coordinator's «Аналитическая справка (PDF)» goes the same way from /rayon/.

While the user looks at «Документ готовится…» the worker is held still (SIGSTOP), as a busy one would be:
otherwise it may finish the document before the page is drawn, and the waiting page would not be seen.
"""

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.core.servers import BackgroundWorker, database_url, server_env
from apps.district.tests.data import build_district, coordinator_of
from apps.documents.bench import consented
from apps.documents.models import OrderKind
from apps.documents.services import order_create
from apps.documents.tests.factories import page_texts
from apps.jobs.services import Letter, mail_job_create
from apps.pairs.bench import school_with_pairs
from apps.schools.tests.factories import MunicipalityFactory, SchoolFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.starts_first]

PASSWORD = "пароль-для-тестов"  # UserFactory's
DESK = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WORKER_DONE = 60_000  # ms: a 21-pair order on a busy 2-core machine takes a few seconds


@pytest.fixture(scope="module")
def shared_media():
    path = Path(tempfile.mkdtemp(prefix="jobs-browser-media-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, shared_media):
    """`manage.py worker` (production settings, DEBUG off) over the test database, started once."""
    with django_db_blocker.unblock():
        url = database_url()
    # No lasting connection: the test database is flushed between tests and dropped at the end.
    env = server_env(database_url=url, MEDIA_ROOT=str(shared_media), CONN_MAX_AGE="0", AWS_STORAGE_BUCKET_NAME="")
    with BackgroundWorker(env=env, log=shared_media / "worker.log") as running:
        yield running


@pytest.fixture(autouse=True)
def media(settings, shared_media):
    """The live server serves the files the worker writes."""
    settings.MEDIA_ROOT = shared_media


@pytest.fixture
def log_in(browser, live_server):
    """A user's own browser window, logged in and on `next_url`; closed after the test, so that no
    kept-alive connection holds a database session of the live server when the test database is dropped."""
    contexts = []

    def open_page(username, next_url, viewport):
        context = browser.new_context(viewport=viewport, locale="ru-RU")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
        page.get_by_label("Логин или e-mail").fill(username)
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_url(f"{live_server.url}{next_url}")
        return page

    yield open_page
    for context in contexts:
        context.close()


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def wait_and_download(page, worker, width) -> bytes:
    """On the job's page: «Документ готовится…» while the worker is busy, then, with no reload, the download."""
    page.wait_for_url(re.compile(r".*/zadachi/\d+/$"))
    expect(page.get_by_text("Документ готовится…")).to_be_visible()
    assert fits(page, width)
    page.evaluate("window.sameDocument = true")  # gone if the page were reloaded
    worker.resume()
    link = page.get_by_role("link", name="Скачать PDF")
    expect(link).to_be_visible(timeout=WORKER_DONE)
    assert page.evaluate("window.sameDocument === true")
    expect(page.get_by_text("Документ готов")).to_be_visible()
    assert fits(page, width)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    return pdf


def flat(text: str) -> str:
    """Text compared without spaces and hyphens: line breaks and hyphenation cannot fail a test."""
    return re.sub(r"[\s\-\u2010\u00ad]", "", text)


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_a_long_order_is_made_by_the_worker_while_its_page_waits(log_in, worker, standard_data, viewport):
    school, pairs = school_with_pairs("jobs-browser", 21)
    consented(pairs)
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=pairs)
    UserFactory(username="curator-long", school=school, is_staff=True, roles=[Role.CURATOR])
    page = log_in("curator-long", f"/admin/documents/order/{order.pk}/change/", viewport)

    worker.pause()
    try:
        page.get_by_role("link", name="Проект (PDF)").click()
        pdf = wait_and_download(page, worker, viewport["width"])
    finally:
        worker.resume()

    pages = page_texts(pdf)
    assert flat(school.short_name) in flat(pages[0]) or flat(school.full_name) in flat(pages[0])
    text = flat(" ".join(pages))
    for pair in (pairs[0], pairs[-1]):  # the first and the 21st pair are both in it
        assert flat(pair.mentor.teacher.last_name) in text


def test_a_sending_fits_a_phone_with_each_letters_state_in_view(log_in, worker, standard_data):
    school = SchoolFactory(short_name="Школа рассылки", slug="jobs-browser-mail")
    curator = UserFactory(username="curator-mail", school=school, is_staff=True, roles=[Role.CURATOR])
    people = [
        ("Константинопольская-Преображенская Александра Вячеславовна", "konstantinopolskaya-preobrazhenskaya.aleksandra@gimnaziya-imeni-pushkina.spb.example"),
        ("Воскресенский Максимилиан Святославович", "maksimilian.voskresenskiy.svyatoslavovich@licey-fiziko-matematicheskiy.example"),
        ("Ли Ян", "li.yan@school.example"),
        ("Без почты Ирина Петровна", ""),
    ]  # fmt: skip
    job = mail_job_create(
        school=school,
        title="Ссылки: анкета удовлетворённости наставника",
        letters=[Letter(name=name, email=email, subject="Анкета", body="Ссылка на анкету") for name, email in people],
        created_by=curator,
    )
    page = log_in("curator-mail", f"/zadachi/{job.pk}/", PHONE)
    expect(page.get_by_text("Рассылка: отправлено 3 из 4 — завершена")).to_be_visible(timeout=WORKER_DONE)

    assert fits(page, PHONE["width"])
    table = page.get_by_role("table")
    wrapper = table.locator("xpath=..")
    assert wrapper.evaluate("box => box.scrollWidth <= box.clientWidth"), "the table scrolls sideways"
    header = table.get_by_role("columnheader", name="Состояние")
    expect(header).to_be_visible()
    assert header.bounding_box()["x"] + header.bounding_box()["width"] <= PHONE["width"]
    for name, email in people:
        row = table.get_by_role("row").filter(has_text=name)
        state = row.get_by_text("отправлено" if email else "пропущено: нет e-mail")
        expect(state).to_be_visible()
        box = state.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"], name
        if email:
            expect(row.get_by_text(email)).to_be_visible()  # the address is still there to read, under the name


def test_the_coordinators_report_goes_through_the_job_page_to_the_download(log_in, worker, standard_data):
    municipality = MunicipalityFactory(name="Невский район (проверка справки)")
    build_district(
        SchoolFactory(municipality=municipality, short_name="Школа А", slug="school-a"),
        SchoolFactory(short_name="Школа Б", slug="school-b"),
    )
    coordinator_of(municipality, "coordinator-report")
    page = log_in("coordinator-report", "/rayon/", DESK)

    worker.pause()
    try:
        page.get_by_role("link", name="Аналитическая справка (PDF)").first.click()
        pdf = wait_and_download(page, worker, DESK["width"])
    finally:
        worker.resume()
    text = flat(" ".join(page_texts(pdf)))
    assert flat("Аналитическая справка") in text
    assert flat("Школа А-2") in text  # a school of the district
