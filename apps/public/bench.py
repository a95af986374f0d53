"""Figures of the public section for `manage.py bench` (registered on import by apps/core/bench.py)."""

import statistics
import time

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from apps.core.bench import benchmark

RUNS = 200


def _demo_home() -> str:
    """The demo school (what `make run` serves) and the address of its section's home page."""
    from apps.public.models import PublicSection

    if not PublicSection.objects.filter(school__slug="school-34", is_published=True).exists():
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))
    return "/nastavnichestvo/school-34/"


def _median_ms(url: str, *, cached: bool) -> float:
    client = Client()
    timings = []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        if client.get(url, secure=True).status_code != 200:
            raise RuntimeError(f"{url} does not answer 200")
        for _ in range(RUNS):
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
