"""`manage.py remind_stale_pairs`: the worker runs the same service daily (settings.JOBS_DAILY); this command
queues the reminders now. Safe to run again: nobody is reminded twice. The letters are sent by the worker."""

import datetime

from django.core.management.base import BaseCommand

from apps.pairs.services import stale_reminders_send


class Command(BaseCommand):
    help = (
        "Напоминает по e-mail участникам работающих пар, в которых 14 и 28 дней нет записей о встречах "
        "и выполненных мероприятиях. Повторный запуск не отправляет напоминание второй раз."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="Считать сегодняшней эту дату (ГГГГ-ММ-ДД); по умолчанию — текущая."
        )

    def handle(self, *args, today=None, **options):
        result = stale_reminders_send(today=today)
        for pair, teacher in result.without_email:
            self.stderr.write(self.style.WARNING(f"Нет e-mail у педагога {teacher.short_name} (пара наставника {pair.mentor.teacher.short_name}): напоминание не отправлено."))
        self.stdout.write(
            self.style.SUCCESS(
                f"Пар без активности: {result.stale_pairs}; поставлено в очередь напоминаний: {len(result.sent)} "
                "(их отправит фоновый обработчик, manage.py worker)."
            )
        )
