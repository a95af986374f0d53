"""`manage.py bench [--quick]`: the portal's performance figures, measured on data of their own.

Prints a readable table, then one line per figure: `BENCH <id> <value> <unit>`.
The figures are registered in the `bench.py` of each app; apps/core/bench.py finds them and runs them.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from apps.core import bench


class Command(BaseCommand):
    help = (
        "Замеряет производительность портала на собственных данных во временной базе "
        f"«{bench.BENCH_DATABASE}» (рабочая база не меняется). В конце — строки «BENCH <id> <значение> <единица>»."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="Только быстрые замеры (не дольше двух минут в сумме).")
        parser.add_argument(
            "--region",
            action="store_true",
            help="Добавить регион: 10 районов, 500 школ, 60 000 педагогов, 15 000 пар (не дольше 10 минут; "
            "с --quick — только регион).",
        )

    def handle(self, *args, quick, region, **options):
        benchmarks = bench.selected(bench.discover(), quick=quick, region=region)
        started = time.perf_counter()
        self.stdout.write(f"Временная база «{bench.BENCH_DATABASE}»: создаю…")
        # Pages are rendered without collectstatic: plain static URLs instead of the hashed manifest.
        plain_static = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        with bench.throwaway_database(), override_settings(STORAGES=plain_static):
            results = bench.run_benchmarks(benchmarks, progress=self.stdout.write)
        self.stdout.write(f"Готово за {time.perf_counter() - started:.0f} с.\n")
        self.stdout.write(bench.format_table(results))
        self.stdout.write("")
        for line in bench.bench_lines(results):
            self.stdout.write(line)
