"""`manage.py worker`: the background worker. db_worker (django-tasks-db) after queueing the daily schedule.

Any number of workers may run, on any machines that reach the database (`DATABASE_URL=… manage.py worker`):
each claims a task with SELECT … FOR UPDATE SKIP LOCKED. `--parent PID` (used by `make run`) makes the
worker stop when that process ends, so a killed `make run` leaves no worker behind.
"""

import ctypes
import os
import signal
import sys

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from apps.jobs.tasks import daily_schedule_ensure

PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    # Linux: the kernel sends SIGTERM when the parent ends; checked once after, in case it ended already.
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        sys.exit(0)


class Command(DbWorkerCommand):
    help = (
        "Фоновый обработчик: рассылки, напоминания, документы. Перед началом ставит в очередь ежедневные "
        "напоминания (settings.JOBS_DAILY), если их там нет. Параметры — как у db_worker."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--parent", type=int, default=None, help="Завершиться вместе с процессом с этим PID.")

    def handle(self, *args, parent=None, **options):
        if parent:
            _die_with_parent(parent)
        for path in daily_schedule_ensure():
            self.stdout.write(f"Ежедневная задача поставлена в очередь: {path}")
        super().handle(*args, **options)
