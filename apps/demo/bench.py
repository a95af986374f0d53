"""Figures of `manage.py bench` that cross apps: pages measured on the demo school and on a whole district.

The public section (quick): the home page of the demo school (what `make run` serves, built by
`seed_demo_school` when missing), from the cache and rendered afresh, median of 200 requests.

District-size pages of every role (full run only), on the two data sets of apps/demo/district_data.py
(the district, and the same shrunk ten times). Each page is opened through Django's test client
with its real URL, logged in (force_login) as the user who works there: the curator of the first
school, or the municipal coordinator.
`page_<name>_p95` (the median is in the title's table row) is over 20 runs on the district;
`page_<name>_queries` counts the SQL queries of one request on the small set and
`page_<name>_queries_10x` on the district: ten times the data of each school and ten times as
many schools. Equal counts mean no query per row.

The region (`bench --region` only): ten such districts in one database (500 schools, 60,000 teachers,
15,000 pairs), each with its own coordinator: a coordinator sees one municipality, so the district
pages still show 50 schools, now read out of tables ten times larger. The same pages are measured
as `region_page_<name>_…` in the last district built; `region_page_<name>_queries` counts one
request there, `region_page_<name>_queries_small` the same request on the small set (equal: constant). `region_data_set` is the time
to build the ten districts, `region_database_size` the database's size afterwards (MB).
"""

import functools
import http.client
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from apps.core.bench import benchmark, database_size_mb
from apps.core.servers import AppServer, database_url, server_env
from apps.demo.demo_school import seed_demo_school
from apps.demo.district_data import DISTRICT, REGION_DISTRICTS, SMALL, build_district, build_region
from apps.public.models import PublicSection
from apps.schools.models import School

# ---------------------------------------------------------------------------
# The public section of the demo school

PUBLIC_RUNS = 200


def _demo_home() -> str:
    """The demo school (what `make run` serves) and the address of its section's home page."""
    if not PublicSection.objects.filter(school__slug="school-34", is_published=True).exists():
        seed_demo_school(today=timezone.localdate())
    return "/nastavnichestvo/school-34/"


def _median_ms(url: str, *, cached: bool) -> float:
    client = Client()
    timings = []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        if client.get(url, secure=True).status_code != 200:
            raise RuntimeError(f"{url} does not answer 200")
        for _ in range(PUBLIC_RUNS):
            if not cached:
                cache.clear()
            started = time.perf_counter()
            client.get(url, secure=True)
            timings.append(time.perf_counter() - started)
    return round(statistics.median(timings) * 1000, 2)


@benchmark("public_home_median", title="Раздел «Наставничество»: главная страница демо-школы, медиана (из кэша; цель < 20 мс)", quick=True)
def public_home_median():
    return _median_ms(_demo_home(), cached=True), "ms"


@benchmark("public_home_uncached_median", title="Раздел «Наставничество»: главная страница демо-школы без кэша, медиана", quick=True)
def public_home_uncached_median():
    return _median_ms(_demo_home(), cached=False), "ms"


# ---------------------------------------------------------------------------
# The cached public page against a static file, through one gunicorn as in production

GUNICORN_RUNS = 300
STATIC_PROBE = "public/public.css"  # the section's own style sheet, 5 KB: what every visit loads beside the page


@functools.cache
def gunicorn_figures() -> dict:
    """One gunicorn (DEBUG off, WhiteNoise first in the middleware as in production, one worker) over the
    bench's database; one client on one kept-alive connection asks, in turn, for a static file, the demo
    school's public home page (from the cache) and the same page again with its ETag (304). Medians."""
    path = _demo_home()
    url = database_url()
    connection.close()  # data committed; gunicorn opens its own connection
    with tempfile.TemporaryDirectory() as static_root:
        env = server_env(database_url=url, STATIC_ROOT=static_root)
        # Collected as production does (links instead of copies: it is only for WhiteNoise to find them).
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--link", "-v", "0"],
                       cwd=settings.BASE_DIR, env=env, check=True)  # fmt: skip
        with AppServer(env=env, workers=1, threads=2) as server:
            return _interleaved(server.port, path)


def _interleaved(port: int, path: str) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def fetch(url: str, headers: dict | None = None) -> tuple[float, int, dict]:
        started = time.perf_counter()
        conn.request("GET", url, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return time.perf_counter() - started, response.status, dict(response.getheaders())

    static_url = "/" + settings.STATIC_URL.strip("/") + "/" + STATIC_PROBE
    _, status, _ = fetch(static_url)
    _, page_status, headers = fetch(path)  # fills the cache
    if (status, page_status) != (200, 200) or "ETag" not in headers:
        raise RuntimeError(f"gunicorn: {static_url} {status}, {path} {page_status}")
    etag = headers["ETag"]
    series = {"static": [], "page": [], "not_modified": []}
    for _ in range(GUNICORN_RUNS):
        series["static"].append(fetch(static_url)[0])
        seconds, status, _ = fetch(path)
        series["page"].append(seconds)
        seconds, not_modified, _ = fetch(path, {"If-None-Match": etag})
        series["not_modified"].append(seconds)
        if (status, not_modified) != (200, 304):
            raise RuntimeError(f"{path}: {status} and {not_modified} instead of 200 and 304")
    conn.close()
    return {name: statistics.median(values) * 1000 for name, values in series.items()}


@benchmark("static_file_gunicorn_ms", title="Статический файл (5 КБ) через gunicorn и WhiteNoise, медиана", quick=True)
def static_file_gunicorn_ms():
    return round(gunicorn_figures()["static"], 2), "ms"


@benchmark("public_cached_gunicorn_ms", title="Раздел «Наставничество» из кэша через тот же gunicorn, медиана", quick=True)
def public_cached_gunicorn_ms():
    return round(gunicorn_figures()["page"], 2), "ms"


@benchmark("public_not_modified_gunicorn_ms", title="Та же страница с ETag посетителя (ответ 304), медиана", quick=True)
def public_not_modified_gunicorn_ms():
    return round(gunicorn_figures()["not_modified"], 2), "ms"


@benchmark(
    "public_cached_vs_static_ratio",
    title="Страница раздела из кэша / статический файл через один gunicorn (цель ≤ 2)",
    quick=True,
)
def public_cached_vs_static_ratio():
    figures = gunicorn_figures()
    return round(figures["page"] / figures["static"], 2), "x"


# ---------------------------------------------------------------------------
# District-size pages of every role

PAGE_RUNS = 20

# name → (URL, who opens it, title)
PAGES = {
    "mentee_bank": ("/bank/nastavlyaemye/", "curator", "банк наставляемых"),
    "mentor_bank": ("/bank/nastavniki/", "curator", "банк наставников"),
    "matching": ("/podbor/", "curator", "подбор пар"),
    "programmes": ("/programmy/", "curator", "программы"),
    "dashboard": ("/monitoring/", "director", "мониторинг школы"),
    "district_monitoring": ("/rayon/", "coordinator", "мониторинг района"),
    "district_mentors": ("/rayon/nastavniki/", "coordinator", "реестр наставников района"),
    "district_curators": ("/rayon/kuratory/", "coordinator", "реестр кураторов района"),
    "district_mentees": ("/rayon/nastavlyaemye/", "coordinator", "наставляемые района"),
    # The public section of the first school, for an anonymous visitor; rendered afresh (no cache).
    "public_home": ("/nastavnichestvo/{slug}/", "public", "раздел «Наставничество»: главная"),
    "public_mentors": ("/nastavnichestvo/{slug}/nastavniki/", "public", "раздел «Наставничество»: наставники"),
}
# Pages whose query counts are figures of their own app (apps/monitoring/bench.py: the dashboard's, on schools of its own).
QUERIES_COUNTED_ELSEWHERE = {"dashboard"}


@dataclass(frozen=True)
class PageFigures:
    median_ms: float
    p95_ms: float
    queries: int
    queries_10x: int


def _get(client: Client, url: str):
    if url.startswith("/nastavnichestvo/"):
        cache.clear()  # the public pages are cached; measure the rendering a change costs
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


def _count_queries(client: Client, url: str) -> int:
    _get(client, url)  # the session, content types and permissions are loaded once
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return len(queries)


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@functools.cache
def data_sets() -> dict:
    """Both data sets, built once per bench run (the first page figure pays for it)."""
    sets = {"small": build_district("Малый район для замеров", SMALL), "district": build_district("Район для замеров", DISTRICT)}
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum keeps them on a working server
    return sets


def _measure_page(name: str, *, timed_on: dict) -> PageFigures:
    """A page timed on the data set `timed_on` (its users and slug); its queries counted on the small set too."""
    url, role, _ = PAGES[name]
    small_set = data_sets()["small"]
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        small, client = Client(), Client()
        if role != "public":
            small.force_login(small_set[role])
            client.force_login(timed_on[role])
        queries = _count_queries(small, url.format(slug=small_set["slug"]))
        url = url.format(slug=timed_on["slug"])
        queries_timed = _count_queries(client, url)
        times = []
        for _ in range(PAGE_RUNS):
            started = time.perf_counter()
            _get(client, url)
            times.append(1000 * (time.perf_counter() - started))
    return PageFigures(statistics.median(times), _p95(times), queries, queries_timed)


@functools.cache
def page_figures(name: str) -> PageFigures:
    return _measure_page(name, timed_on=data_sets()["district"])


def reset():
    """Forget the data sets (the throw-away database they lived in is gone)."""
    data_sets.cache_clear()
    page_figures.cache_clear()
    region_data_set_built.cache_clear()
    region_page_figures.cache_clear()
    city_table_figures.cache_clear()


ROLE_WORDS = {"curator": "куратор", "director": "директор", "coordinator": "координатор", "public": "посетитель сайта"}


def _register_page(name: str, figures, *, prefix: str, where: str, region: bool, query_ids: tuple[str, str] | None):
    """The figures of one page measured by `figures(name)` in the district or the region (`where`).

    `query_ids`: the id suffixes of the query counts on the small set and where the page is timed (None: not counted here).
    """
    _, role, title = PAGES[name]
    page = f"Страница «{title}»"
    budget = 500 if name == "district_monitoring" else 300

    def register(suffix: str, title: str, value):
        benchmark(f"{prefix}{name}_{suffix}", title=title, quick=False, region=region)(value)

    register("median", f"{page} ({ROLE_WORDS[role]}), {where}: медиана", lambda: (round(figures(name).median_ms, 1), "ms"))
    register(
        "p95",
        f"{page} ({ROLE_WORDS[role]}), {where}: 95-й процентиль (цель < {budget} мс)",
        lambda: (round(figures(name).p95_ms, 1), "ms"),
    )
    if query_ids:
        small_id, timed_id = query_ids
        register(small_id, f"{page}: SQL-запросов, район в 10 раз меньше", lambda: (figures(name).queries, "count"))
        register(timed_id, f"{page}: SQL-запросов, {where}", lambda: (figures(name).queries_10x, "count"))


@benchmark("district_data_set", title="Данные района: 50 школ, 6000 педагогов, 1500 пар, 10000 ответов (bulk_create)", quick=False)
def district_data_set():
    started = time.perf_counter()
    counts = data_sets()["district"]["counts"]
    expected = {"schools": 50, "teachers": 6000, "mentors": 1500, "mentees": 2000, "pairs": 1500, "responses": 10000}
    if counts != expected:
        raise RuntimeError(f"district data set: {counts}, expected {expected}")
    return time.perf_counter() - started, "s"


for _name in PAGES:
    counted = _name not in QUERIES_COUNTED_ELSEWHERE
    _register_page(_name, page_figures, prefix="page_", where="район", region=False, query_ids=("queries", "queries_10x") if counted else None)


# ---------------------------------------------------------------------------
# The region: ten districts in one database (`bench --region`)

REGION_NAME = "Регион для замеров"


@functools.cache
def region_data_set_built() -> dict:
    """The ten districts, built once per run; the build time includes the ANALYZE after it."""
    started = time.perf_counter()
    districts = build_region(REGION_NAME)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"districts": districts, "seconds": time.perf_counter() - started}


@functools.cache
def region_page_figures(name: str) -> PageFigures:
    """A page in the last district of the region; `queries` on the small set, `queries_10x` in the region."""
    return _measure_page(name, timed_on=region_data_set_built()["districts"][-1])


@benchmark(
    "region_data_set",
    title=f"Данные региона: {REGION_DISTRICTS} районов, 500 школ, 60000 педагогов, 15000 пар (bulk_create)",
    quick=False,
    region=True,
)
def region_data_set():
    built = region_data_set_built()
    counts = [d["counts"] for d in built["districts"]]
    totals = {key: sum(c[key] for c in counts) for key in counts[0]}
    expected = {"schools": 500, "teachers": 60000, "mentors": 15000, "mentees": 20000, "pairs": 15000, "responses": 100000}
    if totals != expected:
        raise RuntimeError(f"region data set: {totals}, expected {expected}")
    return round(built["seconds"], 1), "s"


@benchmark("region_database_size", title="Размер базы с регионом (pg_database_size)", quick=False, region=True)
def region_database_size():
    region_data_set_built()
    return database_size_mb(), "MB"


for _name in PAGES:
    _register_page(_name, region_page_figures, prefix="region_page_", where="регион", region=True, query_ids=("queries_small", "queries"))


CITY_SCHOOLS = 500


@functools.cache
def city_table_figures() -> PageFigures:
    """`/rayon/` of one municipality holding the region's 500 schools (a large city): the first page of the table
    (apps/district/views.py: SCHOOLS_PER_PAGE), the totals over all 500. The schools are moved into the last
    district inside a transaction that is rolled back, so the other region figures see ten districts."""
    timed_on = region_data_set_built()["districts"][-1]
    with transaction.atomic():
        moved = School.objects.filter(municipality__region=REGION_NAME).update(municipality=timed_on["coordinator"].municipality)
        if moved != CITY_SCHOOLS:
            raise RuntimeError(f"city table: {moved} schools, expected {CITY_SCHOOLS}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE schools_school")
        figures = _measure_page("district_monitoring", timed_on=timed_on)
        transaction.set_rollback(True)
    return figures


_CITY = "Страница «мониторинг района» (координатор), район из 500 школ"
benchmark("region_city_table_median", title=f"{_CITY}: медиана", quick=False, region=True)(
    lambda: (round(city_table_figures().median_ms, 1), "ms")
)
benchmark("region_city_table_p95", title=f"{_CITY}: 95-й процентиль (цель < 500 мс)", quick=False, region=True)(
    lambda: (round(city_table_figures().p95_ms, 1), "ms")
)
benchmark("region_city_table_queries", title=f"{_CITY}: SQL-запросов", quick=False, region=True)(
    lambda: (city_table_figures().queries_10x, "count")
)
