"""What the worker runs (django-tasks on its database backend: `manage.py worker`, or db_worker).

Why django-tasks: no new server (the queue is a table in the PostgreSQL we already run, in the same
backups), and it is Django 6's own tasks API backported, so moving to Django 6 is an import change.
"""

import datetime
import logging
import smtplib
from pathlib import PurePath

from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .models import Delivery, DeliveryStatus, Job
from .selectors import job_progress

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# The pause before the 2nd and the 3rd attempt of a letter the mail server refused.
RETRY_DELAYS = (datetime.timedelta(minutes=1), datetime.timedelta(minutes=10))


@task()
def send_job(*, job_id: int) -> dict:
    """One pass over the job's waiting letters.

    Each letter is locked, sent and marked in its own transaction, so two workers never send one letter
    twice and a crash leaves every other letter's status true. Letters refused in this pass wait for a
    later pass, queued with a pause; after MAX_ATTEMPTS they stay «ошибка».
    """
    job = Job.objects.filter(pk=job_id).first()
    if job is None:  # deleted with its school meanwhile
        return {}
    waiting = list(Delivery.objects.filter(job=job, status=DeliveryStatus.PENDING).order_by("pk").values_list("pk", flat=True))
    with mail.get_connection() as smtp:
        for delivery_id in waiting:
            _delivery_send(delivery_id=delivery_id, smtp=smtp)
    with transaction.atomic():
        Job.objects.select_for_update().filter(pk=job.pk).first()  # one writer of the job's end at a time
        retry = Delivery.objects.filter(job=job, status=DeliveryStatus.PENDING).order_by("attempts").first()
        if retry is None:
            job_finish(job)
        elif retry.attempts:  # refused letters: another pass after a pause that grows with the attempts
            delay = RETRY_DELAYS[min(retry.attempts, len(RETRY_DELAYS)) - 1]
            send_enqueue(job, run_after=timezone.now() + delay)
        else:  # letters put back meanwhile («Повторить неотправленные» during this pass): right away
            send_enqueue(job)
    return job_progress(job).as_dict()


@transaction.atomic
def _delivery_send(*, delivery_id, smtp) -> None:
    delivery = Delivery.objects.select_for_update(skip_locked=True).filter(pk=delivery_id, status=DeliveryStatus.PENDING).first()
    if delivery is None:  # another worker has it, or it is done
        return
    delivery.attempts += 1
    try:
        mail.EmailMessage(delivery.subject, delivery.body, settings.DEFAULT_FROM_EMAIL, [delivery.email], connection=smtp).send()
    except Exception as error:  # whatever the mail server answered: listed on the page, tried again
        logger.warning("Letter %s of job %s to %s not sent: %r", delivery.pk, delivery.job_id, delivery.email, error)
        smtp.close()  # a broken connection is opened anew for the next letter
        delivery.last_error = describe_mail_error(error)
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
    else:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
    delivery.save(update_fields=["status", "attempts", "last_error", "sent_at"])


def describe_mail_error(error: Exception) -> str:
    """What the curator reads in the letter's row (the server's own words go to the log)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _ in error.recipients.values()})
        return f"почтовый сервер не принял адрес (код {', '.join(codes)})"
    if isinstance(error, smtplib.SMTPSenderRefused):
        return f"почтовый сервер не принял адрес отправителя (код {error.smtp_code})"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return "почтовый сервер не принял логин и пароль портала"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"почтовый сервер ответил ошибкой (код {error.smtp_code})"
    if isinstance(error, (smtplib.SMTPServerDisconnected, OSError)):
        return "нет связи с почтовым сервером"
    return "письмо не отправлено: внутренняя ошибка (подробности — в журнале сервера)"


def send_enqueue(job, *, run_after=None) -> None:
    """Queue a pass of `send_job`; inside the caller's transaction the queue row appears with the job or not at all."""
    (send_job.using(run_after=run_after) if run_after else send_job).enqueue(job_id=job.pk)


def job_finish(job) -> None:
    job.finished_at = timezone.now()
    Job.objects.filter(pk=job.pk).update(finished_at=job.finished_at)  # a timestamp only, no rule to check


# --- documents made in the background ------------------------------------------------------------------


@task()
def render_document(*, job_id: int, renderer: str, kwargs: dict, filename: str) -> None:
    """Call `renderer` (a dotted path to a function of JSON-able keyword arguments returning the file's
    bytes) and save its result as the job's file through the default storage (local folder or S3)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return
    try:
        content = import_string(renderer)(**kwargs)
    except Exception:  # the page says so instead of offering a file; the traceback stays with the task
        job.error = "документ не удалось сформировать (подробности — в журнале сервера)"
        job.finished_at = timezone.now()
        job.save(update_fields=["error", "finished_at"])
        raise
    job.result_file.save(stored_name(job, filename), ContentFile(content), save=False)
    job.finished_at = timezone.now()
    job.save(update_fields=["result_file", "finished_at"])


def stored_name(job, filename: str) -> str:
    """A plain name in the storage (it would mangle «Приказ № 5…»); the download is named by `job.filename`."""
    return f"document-{job.pk}{PurePath(filename).suffix.lower()[:8]}"


# --- the daily schedule, kept by the worker instead of cron -------------------------------------------


@task()
def run_daily(*, path: str) -> None:
    """Run one of settings.JOBS_DAILY (its own idempotence keeps a repeated day harmless), then queue tomorrow's."""
    try:
        import_string(path)()
    finally:
        daily_schedule_ensure()


def next_daily_run(now=None) -> datetime.datetime:
    """The next settings.JOBS_DAILY_AT («08:00», local time) after `now`."""
    now = timezone.localtime(now or timezone.now())
    hour, minute = (int(part) for part in settings.JOBS_DAILY_AT.split(":"))
    run = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return run if run > now else run + datetime.timedelta(days=1)


def daily_schedule_ensure(*, now=None) -> list[str]:
    """Queue each of settings.JOBS_DAILY for its next run unless it is queued already; returns the paths queued now.

    Called when a worker starts and by each daily run after its work: the schedule lives in the queue
    itself, so no cron is needed and N workers keep one schedule (an advisory lock makes the check and
    the insert one step).
    """
    queued = []
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('apps.jobs.daily_schedule'))")
        for path in settings.JOBS_DAILY:
            import_string(path)  # a wrong path fails at the worker's start, not at 8 a.m.
            waiting = DBTaskResult.objects.filter(
                task_path=run_daily.module_path, status="READY", args_kwargs__kwargs__path=path
            ).exists()
            if not waiting:
                run_daily.using(run_after=next_daily_run(now)).enqueue(path=path)
                queued.append(path)
    return queued
