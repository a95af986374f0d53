"""The curator's pages of background jobs: the list, one job's progress and letters, the retry button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.files import stored_file_response
from apps.core.htmx import is_htmx

from .selectors import can_manage, job_for_viewer, job_progress, jobs_for_viewer
from .services import job_retry_failed


def _staff_only(user):
    # A teacher has no jobs to watch; a stranger's job is a 404 further on (job_for_viewer).
    if not (user.is_superuser or user.is_staff):
        raise PermissionDenied("Эта страница доступна куратору и руководителю образовательной организации.")


@login_required
def job_list(request):
    _staff_only(request.user)
    return render(request, "jobs/list.html", {"jobs": jobs_for_viewer(request.user)})


@login_required
def job_detail(request, pk):
    _staff_only(request.user)
    job = job_for_viewer(request.user, pk)
    context = {
        "job": job,
        "progress": job_progress(job),
        "deliveries": job.deliveries.only("name", "email", "status", "attempts", "last_error", "sent_at", "job_id"),
        "can_manage": can_manage(request.user, job),
    }
    # htmx polls the fragment while the job runs; the finished fragment has no trigger, so polling stops.
    template = "jobs/_job.html" if is_htmx(request) else "jobs/detail.html"
    return render(request, template, context)


@require_POST
@login_required
def job_retry(request, pk):
    _staff_only(request.user)
    job = job_for_viewer(request.user, pk)
    if not can_manage(request.user, job):
        raise PermissionDenied("Повторить рассылку может куратор организации.")
    try:
        count = job_retry_failed(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if count:
            messages.success(request, f"Письма с ошибкой поставлены в очередь ещё раз: {count}.")
        else:
            messages.info(request, "Писем с ошибкой нет: повторять нечего.")
    return redirect("jobs:detail", pk=job.pk)


@login_required
def job_file(request, pk):
    """The document a job made, through the same permission check as the job's page (media is not public)."""
    _staff_only(request.user)
    job = job_for_viewer(request.user, pk)
    if not job.result_file:
        raise Http404("Документ ещё не готов.")
    filename = job.filename or job.result_file.name.rsplit("/", 1)[-1]
    content_type = "application/pdf" if filename.lower().endswith(".pdf") else None
    return stored_file_response(job.result_file, filename=filename, content_type=content_type)
