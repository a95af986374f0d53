"""The district's «Аналитическая справка» is made by the worker (issue 18): the whole district's monitoring
table rendered to PDF would hold a web worker for seconds. The coordinator lands on the job's page
(«Документ готовится…», then «Скачать PDF»); only they see it (Job.created_by: the job has no school)."""

import datetime

from django.contrib.auth import get_user_model

from apps.core.dates import SchoolYear
from apps.jobs.models import Job
from apps.jobs.services import document_job_ensure
from apps.monitoring.models import MonitoringRound
from apps.schools.models import Municipality

from .report import district_report_pdf


def report_filename(*, year: SchoolYear, day: datetime.date) -> str:
    return f"Аналитическая справка муниципалитета {year.start}-{year.start + 1} на {day:%d.%m.%Y}.pdf"


def district_report_job(*, municipality, coordinator, year: SchoolYear, today: datetime.date, compare_with=None) -> Job:
    """Queue the справка; a second click while it is being made leads to the same job (the data may change
    between clicks, so a finished one is not reused: each click after it makes a fresh справка)."""
    day = year.counting_day(today)
    round_id = compare_with.pk if compare_with else None
    job, _ = document_job_ensure(
        key=f"district-report:{municipality.pk}:{coordinator.pk}:{year.start}:{round_id or '-'}:{today.isoformat()}",
        keep_made=False,
        title=f"Аналитическая справка муниципалитета за {year.label} учебный год на {day:%d.%m.%Y}"
        + (f" (сравнение со срезом «{compare_with.name}»)" if compare_with else ""),
        renderer="apps.district.report_jobs.district_report_pdf_bytes",
        kwargs={
            "municipality_id": municipality.pk,
            "coordinator_id": coordinator.pk,
            "year_start": year.start,
            "today": today.isoformat(),
            "round_id": round_id,
        },
        filename=report_filename(year=year, day=day),
        created_by=coordinator,
    )
    return job


def district_report_pdf_bytes(*, municipality_id: int, coordinator_id: int, year_start: int, today: str, round_id=None) -> bytes:
    """The renderer the worker calls (JSON-able arguments)."""
    municipality = Municipality.objects.get(pk=municipality_id)
    compare_with = MonitoringRound.objects.get(pk=round_id, municipality=municipality) if round_id else None
    return district_report_pdf(
        municipality=municipality,
        coordinator=get_user_model().objects.get(pk=coordinator_id),
        year=SchoolYear(year_start),
        today=datetime.date.fromisoformat(today),
        compare_with=compare_with,
    )
