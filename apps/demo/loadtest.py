"""The load test behind `manage.py loadtest`: many teachers submit their questionnaire at once
through gunicorn on 127.0.0.1 while the curator browses, then every answer is counted.

Everything runs in a throw-away database (`test_loadtest`), so the working data is never
touched. Each simulated teacher is a thread with its own cookie jar (the standard library's
urllib, no extra package) that does what a browser does with a personal link: opens it, gives
consent to the processing of personal data, opens the questionnaire and posts it. All threads
wait at a barrier before posting, so the answers arrive together.
"""

import http.cookiejar
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import override_settings

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.catalogues.models import MentoringForm, Request
from apps.core.bench import fake_staff_rows, throwaway_database
from apps.core.servers import AppServer, database_url, server_env
from apps.mentees.models import Mentee
from apps.schools.bench import make_school
from apps.schools.models import Teacher
from apps.surveys.models import Invitation, QuestionnaireKind, Response
from apps.surveys.services import invitation_create

LOADTEST_DATABASE = "test_loadtest"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CURATOR_PAGES = ["/bank/nastavlyaemye/", "/bank/nastavniki/", "/monitoring/", "/podbor/", "/programmy/"]


@dataclass
class Timings:
    lock: threading.Lock = field(default_factory=threading.Lock)
    seconds: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def add(self, seconds: float):
        with self.lock:
            self.seconds.append(seconds)

    def fail(self, message: str):
        with self.lock:
            self.errors.append(message)


def _ms(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Browser:
    """One person's browser: cookies, CSRF token from the last page, timings of each request."""

    def __init__(self, base: str, timings: Timings, timeout: float):
        self.base, self.timings, self.timeout = base, timings, timeout
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}, doseq=True).encode()
        started = time.perf_counter()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body), timeout=self.timeout) as response:
                status, url, html = response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            status, url, html = error.code, error.url, ""
        self.timings.add(time.perf_counter() - started)
        found = CSRF.search(html)
        if found:
            self.csrf = found.group(1)
        return status, url, html


def prepare(*, teachers: int) -> dict:
    """A school with `teachers` staff, each with a personal link to the mentee questionnaire, and a curator login."""
    school = make_school("loadtest")
    staff = Teacher.objects.bulk_create(Teacher(school=school, **row) for row in fake_staff_rows(teachers, seed=200))
    curator = User.objects.create_user(username="loadtest-curator", password="loadtest-12345", school=school, is_staff=True)
    curator.groups.add(Group.objects.get(name=Role.CURATOR))
    tokens = [invitation_create(teacher=t, kind=QuestionnaireKind.MENTEE_REQUEST).token for t in staff]
    requests = [str(pk) for pk in Request.objects.filter(school=None).values_list("pk", flat=True)[:2]]
    answers = {
        "subjects": "математика",
        "grades": "5–7 классы",
        "experience": "от 1 до 3 лет",
        "education": "высшее педагогическое",
        "class_teacher": "no",
        **{code: "3" for code in ("conf_planning", "conf_discipline", "conf_parents", "conf_assessment", "conf_documents", "conf_inclusion", "conf_ict")},
        "requests": requests,
        "help_wanted": "Хочу научиться держать дисциплину в классе.",
        "expectations": "",
        "preferred_form": str(MentoringForm.objects.get(code="teacher-teacher").pk),
        "meeting_frequency": "раз в неделю",
        "formats": ["индивидуальные консультации"],
        "desired_mentor": "",
    }  # fmt: skip
    return {"school": school, "tokens": tokens, "answers": answers, "curator": ("loadtest-curator", "loadtest-12345")}


def teacher_submits(base: str, token: str, answers: dict, barrier: threading.Barrier, timings: Timings, posts: Timings, timeout: float) -> bool:
    browser = Browser(base, timings, timeout)
    link = f"/anketa/l/{token}/"
    status, _, html = browser.request(link)
    if status != 200 or 'name="agree"' not in html:
        timings.fail(f"{token[:8]}: страница согласия {status}")
        barrier.abort()
        return False
    status, _, html = browser.request(link, {"step": "consent", "agree": "on"})
    if status != 200 or "csrfmiddlewaretoken" not in html or 'name="agree"' in html:
        timings.fail(f"{token[:8]}: согласие не принято ({status})")
        barrier.abort()
        return False
    barrier.wait(timeout=timeout)  # everybody posts the questionnaire at once
    started = time.perf_counter()
    status, url, html = browser.request(link, answers)
    posts.add(time.perf_counter() - started)
    if status != 200 or not url.endswith("/anketa/spasibo/"):
        timings.fail(f"{token[:8]}: анкета не принята ({status}, {url})")
        return False
    return True


def curator_browses(base: str, credentials: tuple, stop: threading.Event, timings: Timings, timeout: float) -> int:
    browser = Browser(base, timings, timeout)
    browser.request("/accounts/login/")
    status, url, _ = browser.request("/accounts/login/", {"username": credentials[0], "password": credentials[1]})
    if status != 200 or url.endswith("/accounts/login/"):
        timings.fail(f"куратор не вошёл ({status})")
        return 0
    pages = 0
    while not stop.is_set():
        path = CURATOR_PAGES[pages % len(CURATOR_PAGES)]
        status, _, _ = browser.request(path)
        if status != 200:
            timings.fail(f"куратор: {path} {status}")
        pages += 1
    return pages


def start_gunicorn(*, url: str, key: str, workers: int, threads: int, port: int = 0) -> AppServer:
    """A production-like gunicorn (apps/core/servers.py) over the load test's database, launched; not yet up."""
    server = AppServer(env=server_env(database_url=url, SECRET_KEY=key), port=port or None, workers=workers, threads=threads)
    server.launch()
    return server


def _warm_up(base: str, workers: int, threads: int, timeout: float) -> None:
    with ThreadPoolExecutor(max_workers=workers * threads) as pool:  # every worker imports and connects once
        list(pool.map(lambda _: urllib.request.urlopen(base + "/accounts/login/", timeout=timeout).read(), range(4 * workers * threads)))


def run(*, teachers: int, workers: int, threads: int, staff_workers: int, port: int, timeout: float, progress=print) -> dict:
    """Prepare the data, start gunicorn, let the teachers submit while the curator browses, count the answers.

    As deployed: the teachers' links (/anketa/) go to one pool of gunicorn processes and the staff's pages to a
    second, small one (`staff_workers`; a proxy in front routes by path, see docs/deployment). A burst of
    questionnaires then queues in its own pool while the curator's requests are served at once by theirs; the
    two pools share the cores, not the queue. `staff_workers=0`: one pool for everybody, the curator's page
    waits behind every questionnaire sent before it."""
    with throwaway_database(LOADTEST_DATABASE):
        database = connection.settings_dict["NAME"]
        # The servers' key signs the teachers' links made here: one throw-away key for both (this process may
        # run with DEBUG on and the development key, which the servers' production settings refuse).
        key = secrets.token_urlsafe(50)
        with override_settings(SECRET_KEY=key):
            data = prepare(teachers=teachers)
        url = database_url()
        connection.close()  # gunicorn's workers open their own connections
        servers = []
        try:
            servers.append(start_gunicorn(url=url, key=key, workers=workers, threads=threads, port=port))
            base = staff_base = servers[0].base
            progress(f"gunicorn: {workers} процесса × {threads} потока на {base}, база «{database}»")
            if staff_workers:
                servers.append(start_gunicorn(url=url, key=key, workers=staff_workers, threads=threads))
                staff_base = servers[1].base
                progress(f"gunicorn для сотрудников: {staff_workers} × {threads} на {staff_base}")
            for server, pool_workers in zip(servers, (workers, staff_workers), strict=False):
                server.wait_until_up()
                _warm_up(server.base, pool_workers, threads, timeout)
            teacher_timings, curator_timings, posts = Timings(), Timings(), Timings()
            barrier = threading.Barrier(teachers)
            stop = threading.Event()
            progress(f"{teachers} педагогов открывают ссылки, дают согласие и одновременно отправляют анкету…")
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=teachers + 1) as pool:
                curator = pool.submit(curator_browses, staff_base, data["curator"], stop, curator_timings, timeout)
                done = list(
                    pool.map(
                        lambda token: teacher_submits(base, token, data["answers"], barrier, teacher_timings, posts, timeout),
                        data["tokens"],
                    )
                )
                elapsed = time.perf_counter() - started
                stop.set()
                curator_pages = curator.result()
        finally:
            for server in servers:
                server.stop()

        questionnaire_responses = Response.objects.filter(teacher__school=data["school"], questionnaire__kind=QuestionnaireKind.MENTEE_REQUEST)
        per_teacher = questionnaire_responses.values("teacher").distinct().count()
        result = {
            "teachers": teachers,
            "submitted": sum(done),
            "elapsed_s": elapsed,
            "requests": len(teacher_timings.seconds) + len(curator_timings.seconds),
            "errors": teacher_timings.errors + curator_timings.errors,
            "teacher_median_ms": _ms(teacher_timings.seconds, 0.5),
            "teacher_p95_ms": _ms(teacher_timings.seconds, 0.95),
            "teacher_max_ms": _ms(teacher_timings.seconds, 1.0),
            "post_median_ms": _ms(posts.seconds, 0.5),
            "post_p95_ms": _ms(posts.seconds, 0.95),
            "post_max_ms": _ms(posts.seconds, 1.0),
            "curator_pages": curator_pages,
            "curator_median_ms": _ms(curator_timings.seconds, 0.5),
            "curator_p95_ms": _ms(curator_timings.seconds, 0.95),
            "responses": questionnaire_responses.count(),
            "responses_distinct_teachers": per_teacher,
            "mentees": Mentee.objects.filter(school=data["school"]).count(),
            "invitations_used": Invitation.objects.filter(school=data["school"], used_at__isnull=False).count(),
        }
        result["ok"] = (
            not result["errors"]
            and result["submitted"] == teachers
            and result["responses"] == teachers
            and result["responses_distinct_teachers"] == teachers
            and result["mentees"] == teachers
        )
        result["requests_per_s"] = result["requests"] / elapsed if elapsed else 0.0
        connection.close()
    return result
