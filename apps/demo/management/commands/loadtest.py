"""`manage.py loadtest`: teachers submit questionnaires at once through gunicorn while the curator browses."""

from django.core.management.base import BaseCommand, CommandError

from apps.demo import loadtest


class Command(BaseCommand):
    help = (
        "Нагрузочный тест: gunicorn на 127.0.0.1 и временная база «test_loadtest»; педагоги одновременно "
        "отправляют анкету по персональным ссылкам, куратор в это время открывает страницы банков. "
        "Потом ответы пересчитываются в базе: ни один не должен потеряться или задвоиться."
    )

    def add_arguments(self, parser):
        parser.add_argument("--teachers", type=int, default=200, help="Сколько педагогов (по умолчанию 200).")
        parser.add_argument("--workers", type=int, default=4, help="Процессов gunicorn (по умолчанию 4).")
        parser.add_argument("--threads", type=int, default=4, help="Потоков в процессе gunicorn (по умолчанию 4).")
        parser.add_argument(
            "--staff-workers",
            type=int,
            default=1,
            help="Процессов отдельного gunicorn для страниц сотрудников (по умолчанию 1; 0 — один общий для всех).",
        )
        parser.add_argument(
            "--curator-p95-max",
            type=float,
            default=1.0,
            help="Предел 95-го процентиля страниц куратора во время отправки анкет, с (по умолчанию 1).",
        )
        parser.add_argument("--port", type=int, default=0, help="Порт на 127.0.0.1 (по умолчанию — любой свободный).")
        parser.add_argument("--timeout", type=float, default=120, help="Предел ожидания одного запроса, с.")

    def handle(self, *args, teachers, workers, threads, staff_workers, curator_p95_max, port, timeout, **options):
        if teachers < 1:
            raise CommandError("Нужен хотя бы один педагог.")
        if staff_workers < 0:
            raise CommandError("Число процессов для сотрудников не может быть отрицательным.")
        r = loadtest.run(
            teachers=teachers,
            workers=workers,
            threads=threads,
            staff_workers=staff_workers,
            port=port,
            timeout=timeout,
            progress=self.stdout.write,
        )
        lines = [
            f"Педагогов: {r['teachers']}, анкет принято: {r['submitted']} за {r['elapsed_s']:.1f} с",
            f"Запросов: {r['requests']} ({r['requests_per_s']:.0f} в секунду), ошибок: {len(r['errors'])}",
            f"Запросы педагогов: медиана {r['teacher_median_ms']:.0f} мс, 95-й процентиль {r['teacher_p95_ms']:.0f} мс, "
            f"максимум {r['teacher_max_ms']:.0f} мс",
            f"Отправка анкеты (все {r['teachers']} разом): медиана {r['post_median_ms']:.0f} мс, "
            f"95-й процентиль {r['post_p95_ms']:.0f} мс, последняя принята через {r['post_max_ms']:.0f} мс",
            f"Куратор открыл страниц: {r['curator_pages']}, медиана {r['curator_median_ms']:.0f} мс, "
            f"95-й процентиль {r['curator_p95_ms']:.0f} мс",
            f"В базе: анкет {r['responses']} (разных педагогов {r['responses_distinct_teachers']}), "
            f"в банке наставляемых {r['mentees']}, использованных ссылок {r['invitations_used']}",
        ]
        for line in lines:
            self.stdout.write(line)
        for error in r["errors"][:20]:
            self.stderr.write(f"  ошибка: {error}")
        self.stdout.write(f"LOADTEST teachers {r['teachers']} responses {r['responses']} errors {len(r['errors'])} "
                          f"p95 {r['teacher_p95_ms']:.0f} ms")  # fmt: skip
        self.stdout.write(f"LOADTEST curator_p95 {r['curator_p95_ms'] / 1000:.2f} s")
        if not r["ok"]:
            raise CommandError("Нагрузочный тест не пройден: ответы потеряны, задвоены или были ошибки.")
        if r["curator_pages"] == 0:
            raise CommandError("Нагрузочный тест не пройден: куратор не открыл ни одной страницы, пока педагоги отправляли анкеты.")
        if r["curator_p95_ms"] > curator_p95_max * 1000:
            raise CommandError(
                f"Нагрузочный тест не пройден: страницы куратора во время отправки анкет открывались слишком долго — "
                f"95-й процентиль {r['curator_p95_ms'] / 1000:.2f} с при пределе {curator_p95_max:g} с."
            )
        self.stdout.write(self.style.SUCCESS("Все анкеты приняты ровно по одному разу."))
