"""`manage.py remind_satisfaction`: the worker runs the same service daily (settings.JOBS_DAILY); this command
queues the reminders now. Safe to run again: nobody is reminded twice. The letters are sent by the worker."""

from django.core.management.base import BaseCommand

from apps.surveys.services import satisfaction_reminders_send


class Command(BaseCommand):
    help = (
        "Напоминает по e-mail участникам завершённых пар, которые через 7 дней после письма со ссылкой "
        "так и не заполнили анкету удовлетворённости. Каждому — не больше одного напоминания по ссылке."
    )

    def handle(self, *args, **options):
        result = satisfaction_reminders_send()
        for teacher in result.without_email:
            self.stderr.write(self.style.WARNING(f"Нет e-mail у педагога {teacher.short_name}: напоминание не отправлено."))
        self.stdout.write(self.style.SUCCESS(
                f"Поставлено в очередь напоминаний: {len(result.sent)} (писем: {result.teachers_sent}); "
                "их отправит фоновый обработчик (manage.py worker)."
            ))
