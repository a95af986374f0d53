"""Writes of the jobs app: a bulk e-mail stored as a job and queued, and the curator's retry.

The web request only stores the letters (rendered by the caller, so the worker needs no request and a
retry sends the same text) and queues `send_job`; a worker sends them (tasks.py).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from .models import Delivery, DeliveryStatus, Job, JobKind
from .selectors import can_manage
from .tasks import job_finish, render_document, send_enqueue, stored_name


@dataclass(frozen=True)
class Letter:
    """One e-mail to one person; `email` empty: listed as «нет e-mail», not sent."""

    name: str
    email: str
    subject: str
    body: str


@transaction.atomic
def mail_job_create(*, school, title: str, letters, created_by=None) -> Job:
    """Store the letters as a job and queue it; nothing is sent here."""
    job = Job(school=school, kind=JobKind.MAIL, title=title.strip()[:200], created_by=created_by)
    job.full_clean()
    job.save()
    deliveries = []
    for letter in letters:
        delivery = Delivery(
            job=job,
            name=letter.name[:300],
            email=letter.email or "",
            subject=" ".join(letter.subject.split())[:300],
            body=letter.body,
            status=DeliveryStatus.PENDING if letter.email else DeliveryStatus.NO_EMAIL,
        )
        delivery.full_clean(exclude=["job"])
        deliveries.append(delivery)
    Delivery.objects.bulk_create(deliveries)
    if any(d.status == DeliveryStatus.PENDING for d in deliveries):
        send_enqueue(job)
    else:
        job_finish(job)
    return job


@transaction.atomic
def job_retry_failed(*, job, by) -> int:
    """«Повторить неотправленные»: the letters left with «ошибка» get their attempts anew; how many."""
    if not can_manage(by, job):
        raise ValidationError("Повторить рассылку может куратор организации или тот, кто её запустил.")
    job = Job.objects.select_for_update().get(pk=job.pk)
    count = Delivery.objects.filter(job=job, status=DeliveryStatus.FAILED).update(status=DeliveryStatus.PENDING, attempts=0)
    if count:
        job.finished_at = None
        job.save(update_fields=["finished_at"])
        send_enqueue(job)
    return count


@transaction.atomic
def document_job_create(
    *, title: str, renderer: str, kwargs: dict, filename: str, school=None, created_by=None, key: str = ""
) -> Job:
    """A heavy document made by the worker: the page shows «Документ готовится…», then the download."""
    job = Job(
        school=school,
        kind=JobKind.DOCUMENT,
        title=title.strip()[:200],
        created_by=created_by,
        filename=filename[:200],
        key=key[:200],
    )
    job.full_clean()
    job.save()
    render_document.enqueue(job_id=job.pk, renderer=renderer, kwargs=kwargs, filename=filename)
    return job


# A job still running after this long is taken for lost (its worker killed): the next request queues another.
DOCUMENT_STALE_AFTER = datetime.timedelta(minutes=15)
# A failed render is shown as failed this long before a new request tries again (not one render per click).
DOCUMENT_RETRY_AFTER = datetime.timedelta(minutes=5)


def _lock_document(key: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"apps.jobs.document:{key}"])


@transaction.atomic
def document_job_ensure(*, key: str, keep_made: bool, **create) -> tuple[Job, bool]:
    """The job that made or is making the document `key`, else a new one queued; and whether it is new.

    `keep_made`: a finished file is served again (a signed order, a public collection of one version);
    otherwise only a render still under way is shared (a draft changes: the next click renders anew).
    Many requests at once queue one render: they take the key's lock in turn.
    """
    _lock_document(key)
    now = timezone.now()
    for job in Job.objects.filter(kind=JobKind.DOCUMENT, key=key).order_by("-id")[:1]:
        if job.finished_at is None and job.created_at > now - DOCUMENT_STALE_AFTER:
            return job, False
        if job.error and job.finished_at > now - DOCUMENT_RETRY_AFTER:
            return job, False
        if keep_made and job.result_file:
            return job, False
    return document_job_create(key=key, **create), True


@transaction.atomic
def document_job_make_now(*, key: str, render, title: str, filename: str, school=None, created_by=None) -> Job:
    """A small document made here, in the request, and kept as a finished job under `key`, so the next request
    serves the file (document_made). `render()` returns the bytes. Many requests at once: the first renders
    under the key's lock, the others wait for it and find its file."""
    _lock_document(key)
    made = document_made(key)
    if made is not None:
        return made
    content = render()
    job = Job(
        school=school,
        kind=JobKind.DOCUMENT,
        title=title.strip()[:200],
        created_by=created_by,
        filename=filename[:200],
        key=key[:200],
        finished_at=timezone.now(),
    )
    job.full_clean()
    job.save()
    job.result_file.save(stored_name(job, filename), ContentFile(content), save=False)
    job.save(update_fields=["result_file"])
    return job


def document_made(key: str) -> Job | None:
    """The newest file made for `key`, if any (one indexed query)."""
    return Job.objects.filter(kind=JobKind.DOCUMENT, key=key).exclude(result_file="").order_by("-id").first()


def document_jobs_prune(*, key_prefix: str, keep: Job) -> int:
    """Delete the finished document jobs of `key_prefix` older than `keep`, with their files (a collection kept
    per version would otherwise leave one file per change behind); how many. Running ones are left alone."""
    old = Job.objects.filter(kind=JobKind.DOCUMENT, key__startswith=key_prefix, pk__lt=keep.pk, finished_at__isnull=False)
    count = 0
    for job in old:
        if job.result_file:
            job.result_file.delete(save=False)  # a missing file is no error for the storage API
        job.delete()
        count += 1
    return count
