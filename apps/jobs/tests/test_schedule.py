"""Daily reminders kept by the worker (no cron), and the real worker command."""

import datetime
import io

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.jobs.models import Job
from apps.jobs.services import Letter, mail_job_create
from apps.jobs.tasks import daily_schedule_ensure, next_daily_run, run_daily
from apps.pairs.models import StaleReminder
from apps.pairs.tests.test_stale import pair_quiet_since

from .worker import run_worker


def daily_rows():
    return DBTaskResult.objects.filter(task_path=run_daily.module_path, status="READY")


def test_next_run_is_the_coming_eight_oclock_local_time():
    tz = timezone.get_current_timezone()
    morning = datetime.datetime(2026, 3, 2, 7, 59, tzinfo=tz)
    assert next_daily_run(morning) == datetime.datetime(2026, 3, 2, 8, 0, tzinfo=tz)
    assert next_daily_run(morning.replace(hour=8)) == datetime.datetime(2026, 3, 3, 8, 0, tzinfo=tz)


@pytest.mark.django_db
def test_the_schedule_is_queued_once_however_often_it_is_ensured():
    assert sorted(daily_schedule_ensure()) == sorted(settings.JOBS_DAILY)
    assert daily_schedule_ensure() == []  # a second worker starting: nothing doubled
    rows = list(daily_rows())
    assert sorted(r.args_kwargs["kwargs"]["path"] for r in rows) == sorted(settings.JOBS_DAILY)
    assert all(r.run_after == next_daily_run() for r in rows)
    assert run_worker() == 0  # not before eight


@pytest.mark.django_db
def test_the_daily_run_reminds_and_queues_tomorrows_run(school_a):
    pair = pair_quiet_since(school_a, started_days_ago=60, meeting_days_ago=15)
    daily_schedule_ensure()
    daily_rows().update(run_after=timezone.now())  # eight o'clock has come
    run_worker()
    # The stale pair's two participants were reminded through a job of their school, sent by the same worker.
    assert StaleReminder.objects.filter(pair=pair).count() == 2
    job = Job.objects.get(school=school_a)
    assert job.finished_at is not None and len(mail.outbox) == 2
    # Tomorrow's runs are queued, one per service, and a second day does not remind again.
    rows = list(daily_rows())
    assert len(rows) == len(settings.JOBS_DAILY) and all(r.run_after > timezone.now() for r in rows)
    daily_rows().update(run_after=timezone.now())
    run_worker()
    assert len(mail.outbox) == 2 and daily_rows().count() == len(settings.JOBS_DAILY)


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_queues_the_schedule_and_sends(school_a):
    job = mail_job_create(school=school_a, title="Ссылки", letters=[Letter(name="Ольга", email="o@a.example", subject="Тема", body="Текст")])
    out = io.StringIO()
    call_command("worker", batch=True, reload=False, startup_delay=False, verbosity=0, stdout=out)
    assert "Ежедневная задача поставлена в очередь" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["o@a.example"]]
    job.refresh_from_db()
    assert job.finished_at is not None
    assert daily_rows().count() == len(settings.JOBS_DAILY)
