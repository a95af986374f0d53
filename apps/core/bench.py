"""The benchmark behind `manage.py bench`: a registry of figures, each measured on its own data.

A figure is a function decorated with `@benchmark(id, title=..., quick=...)` that builds
what it needs, measures, and returns `(value, unit)`. Ids are stable once introduced:
other tools read the closing `BENCH <id> <value> <unit>` lines. `quick` figures run with
`bench --quick`, which must stay under two minutes in all; `region` figures (ten districts, 500
schools) run only with `bench --region`, which must stay under ten minutes. The command runs everything
in a throw-away database (`throwaway_database`), so the working data is never touched.

This module holds the registry, the runner, the formatting and helpers that need no app.
The figures live next to what they measure, in the `bench.py` of each app (a figure
imports only what its app may import; figures that cross apps are in apps/demo/bench.py);
`discover()` imports them all, in the order of INSTALLED_APPS. To add a figure, write a
decorated function in the `bench.py` of the app it measures.
"""

import datetime
import math
import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.utils.module_loading import autodiscover_modules

BENCH_DATABASE = "test_bench"


@dataclass(frozen=True)
class Benchmark:
    id: str
    title: str
    func: Callable[[], tuple[float, str]]
    quick: bool
    region: bool = False  # measured only with `bench --region`


@dataclass(frozen=True)
class Result:
    benchmark: Benchmark
    value: float
    unit: str
    wall_seconds: float  # the whole figure, data building included


REGISTRY: list[Benchmark] = []  # every figure, once discover() has run
# The list @benchmark fills: the same one, even while a test has put fakes in REGISTRY's place.
_REGISTERED = REGISTRY


def benchmark(id: str, *, title: str, quick: bool, region: bool = False):
    """Register a figure; the decorated function returns (value, unit)."""

    def register(func):
        if any(b.id == id for b in _REGISTERED):
            raise ValueError(f"benchmark id {id!r} is already registered")
        _REGISTERED.append(Benchmark(id=id, title=title, func=func, quick=quick, region=region))
        return func

    return register


def discover() -> list[Benchmark]:
    """Import the `bench.py` of every installed app (once; each registers its figures) and return the registry."""
    autodiscover_modules("bench")
    return REGISTRY


def selected(benchmarks: list[Benchmark], *, quick: bool, region: bool = False) -> list[Benchmark]:
    """`--quick`: the quick figures only; `--region`: the region's figures too (with `--quick`: the region's only)."""
    if region and quick:
        return [b for b in benchmarks if b.region]
    return [b for b in benchmarks if (b.quick or not quick) and (region or not b.region)]


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


def database_size_mb() -> float:
    """The size of the current database on disk (pg_database_size), in megabytes."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return round(cursor.fetchone()[0] / 2**20, 1)


def median_seconds(func, runs: int) -> float:
    """The median time of `runs` calls; one call first, outside the timing (fonts, templates, rules load)."""
    func()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]
