"""The benchmark behind `manage.py bench`: a registry of figures, each measured on its own data.

A figure is a function decorated with `@benchmark(id, title=..., quick=...)` that builds
what it needs, measures, and returns `(value, unit)`. Ids are stable once introduced:
other tools read the closing `BENCH <id> <value> <unit>` lines. `quick` figures run with
`bench --quick`, which must stay under two minutes in all. The command runs everything
in a throw-away database (`throwaway_database`), so the working data is never touched.

To add a figure, write a decorated function below (or in a module imported at the end
of this one).
"""

import datetime
import math
import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection

BENCH_DATABASE = "test_bench"


@dataclass(frozen=True)
class Benchmark:
    id: str
    title: str
    func: Callable[[], tuple[float, str]]
    quick: bool


@dataclass(frozen=True)
class Result:
    benchmark: Benchmark
    value: float
    unit: str
    wall_seconds: float  # the whole figure, data building included


REGISTRY: list[Benchmark] = []


def benchmark(id: str, *, title: str, quick: bool):
    """Register a figure; the decorated function returns (value, unit)."""

    def register(func):
        if any(b.id == id for b in REGISTRY):
            raise ValueError(f"benchmark id {id!r} is already registered")
        REGISTRY.append(Benchmark(id=id, title=title, func=func, quick=quick))
        return func

    return register


def selected(benchmarks: list[Benchmark], *, quick: bool) -> list[Benchmark]:
    return [b for b in benchmarks if b.quick or not quick]


def run_benchmarks(benchmarks: list[Benchmark], *, progress: Callable[[str], None] = lambda line: None) -> list[Result]:
    results = []
    for b in benchmarks:
        progress(f"… {b.title}")
        started = time.perf_counter()
        value, unit = b.func()
        results.append(Result(b, value, unit, time.perf_counter() - started))
    return results


def format_value(value: float) -> str:
    """Three significant digits, never in exponent form: 4.21, 0.835, 85.2, 1234; whole counts as they are."""
    if isinstance(value, int) or float(value).is_integer() and abs(value) >= 100:
        return str(int(value))
    if value == 0:
        return "0"
    decimals = max(0, 2 - math.floor(math.log10(abs(value))))
    return f"{value:.{decimals}f}"


def format_table(results: list[Result]) -> str:
    """The readable table people look at."""
    rows = [("Показатель", "Значение", "id")] + [
        (r.benchmark.title, f"{format_value(r.value)} {r.unit}", r.benchmark.id) for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c}" for a, b, c in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def bench_lines(results: list[Result]) -> list[str]:
    """The machine-readable lines: `BENCH <id> <value> <unit>`."""
    return [f"BENCH {r.benchmark.id} {format_value(r.value)} {r.unit}" for r in results]


@contextmanager
def throwaway_database(name: str = BENCH_DATABASE):
    """A fresh, migrated database for the benchmark's data; dropped afterwards, the working one untouched."""
    test_settings = connection.settings_dict.setdefault("TEST", {})
    previous_test_name = test_settings.get("NAME")
    test_settings["NAME"] = name
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        test_settings["NAME"] = previous_test_name


def make_school(slug: str):
    """A school of its own for one figure."""
    from apps.schools.models import Municipality, School

    municipality, _ = Municipality.objects.get_or_create(name="Муниципальный район для замеров")
    return School.objects.create(
        municipality=municipality,
        full_name=f"Государственное бюджетное общеобразовательное учреждение «{slug}»",
        short_name=slug,
        slug=slug,
        director_name="Сергеева Татьяна Александровна",
    )


# ---------------------------------------------------------------------------
# Plausible staff lists

SURNAMES = [
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
    "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
    "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
    "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
    "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов",
    "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров",
    "Матвеев", "Титов", "Марков", "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов",
    "Гаврилов", "Тихонов", "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов",
    "Мартынов", "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин", "Исаев", "Чернышёв", "Быков", "Маслов",
    "Родионов", "Коновалов", "Лазарев", "Воронин", "Климов", "Филатов", "Пономарёв", "Голубев", "Кудрявцев", "Прохоров",
]  # fmt: skip
FEMALE_NAMES = [
    "Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Екатерина", "Юлия",
    "Анастасия", "Марина", "Людмила", "Галина", "Надежда", "Валентина", "Дарья", "Ксения", "Алина", "Виктория",
    "Евгения", "Любовь", "Вера", "Полина", "Софья",
]  # fmt: skip
MALE_NAMES = [
    "Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Иван", "Михаил", "Николай", "Владимир", "Евгений",
    "Павел", "Артём", "Максим", "Игорь", "Роман", "Олег", "Виктор", "Константин", "Денис", "Юрий",
]  # fmt: skip
FATHERS = [
    ("Александрович", "Александровна"), ("Сергеевич", "Сергеевна"), ("Дмитриевич", "Дмитриевна"),
    ("Андреевич", "Андреевна"), ("Алексеевич", "Алексеевна"), ("Иванович", "Ивановна"),
    ("Михайлович", "Михайловна"), ("Николаевич", "Николаевна"), ("Владимирович", "Владимировна"),
    ("Евгеньевич", "Евгеньевна"), ("Павлович", "Павловна"), ("Викторович", "Викторовна"),
    ("Петрович", "Петровна"), ("Юрьевич", "Юрьевна"), ("Игоревич", "Игоревна"), ("Олегович", "Олеговна"),
]  # fmt: skip
POSITIONS = [
    ("учитель", ["математика", "русский язык, литература", "английский язык", "история, обществознание", "физика",
                 "химия", "биология", "география", "информатика", "физическая культура", "музыка", "технология",
                 "изобразительное искусство"]),
    ("учитель начальных классов", [""]),
    ("педагог-психолог", [""]),
    ("социальный педагог", [""]),
    ("учитель-логопед", [""]),
    ("педагог дополнительного образования", ["робототехника", "хореография", "шахматы"]),
    ("педагог-организатор", [""]),
]  # fmt: skip
TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
     "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
    strict=True,
))  # fmt: skip


def _female_surname(surname: str) -> str:
    return surname + "а"  # every surname above takes «-а»: Иванов → Иванова, Соловьёв → Соловьёва


def fake_staff_rows(count: int, *, seed: int = 34, today: datetime.date = datetime.date(2026, 9, 1)) -> list[dict]:
    """`count` plausible teachers (three in four women, as in Russian schools), each with a unique e-mail."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        female = rng.random() < 0.75
        surname = rng.choice(SURNAMES)
        last_name = _female_surname(surname) if female else surname
        first_name = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        patronymic = rng.choice(FATHERS)[1 if female else 0]
        position, subjects = rng.choice(POSITIONS)
        age = rng.randint(22, 66)
        birth_date = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        start_age = rng.randint(20, min(age, 30))
        teaching_since = datetime.date(birth_date.year + start_age, 9, 1)
        if teaching_since > today:
            teaching_since = datetime.date(today.year, 9, 1)
        login = "".join(TRANSLIT.get(c, c) for c in f"{last_name}.{first_name[0]}".lower())
        rows.append(
            {
                "last_name": last_name,
                "first_name": first_name,
                "patronymic": patronymic,
                "position": position,
                "subjects": rng.choice(subjects),
                "birth_date": birth_date,
                "teaching_since": teaching_since,
                "email": f"{login}{i + 1}@school.example",
                "phone": f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
            }
        )
    return rows


# ---------------------------------------------------------------------------
# Figures


@benchmark("import_5000_rows", title="Импорт списка педагогов: 5000 строк XLSX, новая школа", quick=True)
def import_5000_rows():
    from apps.schools.staff_import import staff_import, staff_list_xlsx

    content = staff_list_xlsx(fake_staff_rows(5000))
    school = make_school("bench-import")
    started = time.perf_counter()
    report = staff_import(school=school, content=content, filename="педагоги.xlsx")
    elapsed = time.perf_counter() - started
    if report.created != 5000:
        raise RuntimeError(f"import_5000_rows: created {report.created} teachers, expected 5000")
    return elapsed, "s"


# ---------------------------------------------------------------------------
# Matching: the assignment of a whole bank, on synthetic plain data (no database)


def synthetic_matching(mentees: int, mentors: int, *, seed: int = 4):
    """A bank like a real one: 14 common requests (each closed by one or two of 20 competences),
    one to four requests per mentee, a subject or two, a preferred form; mentors with two to six
    competences and one to three places, some taken; a few dissolved pairs."""
    from apps.matching.algorithm import MenteeData, MentorData

    rng = random.Random(seed)
    requests, competences, forms = range(1, 15), range(1, 21), [1, 1, 1, 1, 2, 3]
    subjects = [s for _, group in POSITIONS for s in group if s] + ["начальные классы"]
    closers = {r: frozenset(rng.sample(competences, rng.randint(1, 2))) for r in requests}
    mentee_data = [
        MenteeData(
            id=i,
            request_ids=frozenset(rng.sample(requests, rng.randint(1, 4))),
            subjects=frozenset(rng.sample(subjects, rng.randint(1, 2))),
            preferred_form_id=rng.choice(forms + [None]),
            experience_years=rng.randint(0, 5),
        )
        for i in range(1, mentees + 1)
    ]
    mentor_data = []
    for j in range(1, mentors + 1):
        capacity = rng.randint(1, 3)
        mentor_data.append(
            MentorData(
                id=j,
                competence_ids=frozenset(rng.sample(competences, rng.randint(2, 6))),
                subjects=frozenset(rng.sample(subjects, rng.randint(1, 2))),
                form_ids=frozenset({1, 2}) if rng.random() < 0.1 else frozenset({1}),
                capacity_free=rng.randint(1, capacity),
                capacity=capacity,
                experience_years=rng.randint(5, 40),
            )
        )
    excluded = {(rng.randint(1, mentees), rng.randint(1, mentors)) for _ in range(max(1, mentees // 20))}
    return mentee_data, mentor_data, closers, excluded


def _time_assign(mentees: int, mentors: int) -> float:
    """The slower of the two modes, median of three runs: scoring every pair and the assignment itself."""
    from apps.matching.algorithm import BEST, COVER, assign

    mentee_data, mentor_data, closers, excluded = synthetic_matching(mentees, mentors)
    assign(mentee_data[:5], mentor_data[:5], BEST, request_closers=closers)  # load numpy and scipy outside the timing
    slowest = 0.0
    for mode in (BEST, COVER):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            result = assign(mentee_data, mentor_data, mode, request_closers=closers, excluded=excluded)
            runs.append(time.perf_counter() - started)
        if not result.proposals:
            raise RuntimeError(f"matching {mentees}×{mentors}: nobody was assigned in mode {mode}")
        slowest = max(slowest, sorted(runs)[1])
    return slowest


@benchmark("match_school", title="Подбор пар: распределение школы, 60 наставляемых × 40 наставников", quick=True)
def match_school():
    return _time_assign(60, 40), "s"


@benchmark("match_district", title="Подбор пар: распределение района, 2000 наставляемых × 1500 наставников", quick=True)
def match_district():
    return _time_assign(2000, 1500), "s"


# ---------------------------------------------------------------------------
# Documents: orders rendered to PDF through WeasyPrint (apps/documents)


def _median_seconds(func, runs: int) -> float:
    func()  # fonts, templates and the declension rules load outside the timing
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def _school_with_pairs(slug: str, pairs: int, *, charter_name: bool = True):
    """A school with a curator and `pairs` draft pairs (one mentor, one mentee each), made through the services."""
    from apps.catalogues.models import MentoringForm
    from apps.mentees.models import Mentee
    from apps.mentors.models import Mentor
    from apps.pairs.services import pair_create
    from apps.schools.models import Teacher

    school = make_school(slug)
    if charter_name:  # the long name of a real charter: three lines in the requisites
        school.full_name = (
            "Государственное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № 34 "
            "Невского района Санкт-Петербурга"
        )
        school.short_name = "ГБОУ школа № 34 Невского района Санкт-Петербурга"
    school.city = "Санкт-Петербург"
    teachers = Teacher.objects.bulk_create(Teacher(school=school, **row) for row in fake_staff_rows(2 * pairs + 1, seed=7))
    school.curator = teachers[-1]
    school.save()
    mentors = Mentor.objects.bulk_create(Mentor(school=school, teacher=t, status="approved", capacity=2) for t in teachers[:pairs])
    mentees = Mentee.objects.bulk_create(Mentee(school=school, teacher=t) for t in teachers[pairs : 2 * pairs])
    form = MentoringForm.objects.get(code="teacher-teacher")
    started = datetime.date(2026, 10, 1)
    return school, [
        pair_create(school=school, mentor=m, mentees=[e], form=form, started_on=started, planned_end_on=datetime.date(2027, 5, 31))
        for m, e in zip(mentors, mentees, strict=True)
    ]


@benchmark("pdf_pairs_order_100", title="PDF: приказ о закреплении 100 наставнических пар (цель < 2 с)", quick=True)
def pdf_pairs_order_100():
    from apps.documents.documents import pairs_order_pdf
    from apps.documents.models import OrderKind
    from apps.documents.services import order_create

    school, pairs = _school_with_pairs("bench-pdf-pairs", 100)
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=pairs)
    return _median_seconds(lambda: pairs_order_pdf(order=order), runs=3), "s"


@benchmark("pdf_order_1_page", title="PDF: одностраничный приказ о назначении куратора (цель < 0,5 с)", quick=True)
def pdf_order_1_page():
    from apps.documents.documents import curator_order_pdf
    from apps.documents.models import OrderKind
    from apps.documents.services import order_create

    school, _ = _school_with_pairs("bench-pdf-one", 0, charter_name=False)
    order = order_create(school=school, kind=OrderKind.CURATOR, responsible=school.curator)
    pages = _pdf_pages(curator_order_pdf(order=order))
    if pages != 1:
        raise RuntimeError(f"pdf_order_1_page: the order has {pages} pages")
    return _median_seconds(lambda: curator_order_pdf(order=order), runs=5), "s"


def _pdf_pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


# ---------------------------------------------------------------------------
# Monitoring dashboard (apps/monitoring): SQL queries of the page, demo-size school and 10× it


def _dashboard_school(slug: str, pairs: int):
    """A school like the demo one scaled by `pairs`: programmes with activities, half the pairs completed with
    the mentor's satisfaction answers, this school year's roadmap, and a curator's login."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.accounts.roles import Role
    from apps.consents.models import ConsentKind
    from apps.consents.services import consent_give
    from apps.core.dates import school_year_start
    from apps.pairs.models import PairStatus
    from apps.pairs.services import pair_end
    from apps.programmes.models import Activity, Programme
    from apps.roadmap.services import roadmap_create
    from apps.surveys.models import QuestionnaireKind
    from apps.surveys.selectors import current_questionnaire
    from apps.surveys.services import response_submit

    school, made = _school_with_pairs(slug, pairs, charter_name=False)
    programmes = Programme.objects.bulk_create(
        Programme(pair=p, title="Программа наставничества", starts_on=p.started_on, ends_on=p.planned_end_on) for p in made
    )
    Activity.objects.bulk_create(
        Activity(programme=prog, title=f"Мероприятие {i}", due_date=prog.starts_on + datetime.timedelta(days=30 * i), order=i)
        for prog in programmes
        for i in range(1, 4)
    )
    questionnaire = current_questionnaire(school=school, kind=QuestionnaireKind.MENTOR_SATISFACTION)
    scales = [q.code for q in questionnaire.questions.all() if q.type == "scale"]
    for pair in made[::2]:
        pair_end(pair=pair, status=PairStatus.COMPLETED, ended_on=datetime.date(2027, 5, 31))
        teacher = pair.mentor.teacher
        consent_give(teacher=teacher, kind=ConsentKind.PERSONAL_DATA)
        answers = {code: 8 for code in scales} | {"continue": True, "become_mentor": False, "most_useful": "", "improve": ""}
        response_submit(teacher=teacher, questionnaire=questionnaire, answers=answers, pair=pair)
    roadmap_create(school=school, year_start=school_year_start(timezone.localdate()))
    user = User.objects.create_user(username=f"{slug}-curator", password="bench", school=school, is_staff=True)
    user.groups.add(Group.objects.get(name=Role.CURATOR))
    return user


def _dashboard_queries(slug: str, pairs: int) -> tuple[int, str]:
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client()
    client.force_login(_dashboard_school(slug, pairs))
    with override_settings(ALLOWED_HOSTS=["testserver"]):  # the test client's host, outside the test runner
        client.get("/monitoring/", secure=True)  # the session and content types are loaded once
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/monitoring/", secure=True)
    if response.status_code != 200:
        raise RuntimeError(f"{slug}: the dashboard answered {response.status_code}")
    return len(queries), "count"


@benchmark("page_dashboard_queries", title="Мониторинг: SQL-запросов на странице, школа размера демо (6 пар)", quick=True)
def page_dashboard_queries():
    return _dashboard_queries("bench-dashboard", 6)


@benchmark("page_dashboard_queries_10x", title="Мониторинг: SQL-запросов на странице, школа в 10 раз больше (60 пар)", quick=True)
def page_dashboard_queries_10x():
    return _dashboard_queries("bench-dashboard-10x", 60)


# Figures that live next to their apps.
from apps.public import bench as _public_bench  # noqa: E402, F401
# District-size pages of every role (full run only): apps/district/bench.py registers them.
import apps.district.bench  # noqa: E402, F401
