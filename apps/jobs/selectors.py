"""Reads of the jobs app: a job's counters and who may see it."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from .models import Delivery, DeliveryStatus, Job


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int
    pending: int
    no_email: int

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.no_email

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    def as_dict(self) -> dict:
        return {"total": self.total, "sent": self.sent, "failed": self.failed, "pending": self.pending, "no_email": self.no_email}


def job_progress(job) -> Progress:
    """The job's counters in one query."""
    counts = Delivery.objects.filter(job=job).aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in DeliveryStatus.values},
    )
    return Progress(
        total=counts["total"],
        sent=counts[DeliveryStatus.SENT],
        failed=counts[DeliveryStatus.FAILED],
        pending=counts[DeliveryStatus.PENDING],
        no_email=counts[DeliveryStatus.NO_EMAIL],
    )


def can_view(user, job) -> bool:
    """The curator and the director of the job's school, whoever started it, and the administrator."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or (job.created_by_id is not None and job.created_by_id == user.pk):
        return True
    return bool(user.is_staff and job.school_id and user.school_id == job.school_id)


def can_manage(user, job) -> bool:
    """Retrying is the curator's (who may send questionnaire links), not the director's, who only reads."""
    return can_view(user, job) and (user.is_superuser or job.created_by_id == user.pk or user.has_perm("surveys.add_invitation"))


def job_for_viewer(user, pk) -> Job:
    """The permission-checked fetch: another school's job is a 404, as if it did not exist."""
    job = Job.objects.select_related("school", "created_by").filter(pk=pk).first()
    if job is None or not can_view(user, job):
        raise Http404("Задача не найдена.")
    return job


def jobs_for_viewer(user, *, limit=50):
    """The recent jobs of the user's school (and those the user started)."""
    if user.is_superuser:
        visible = Job.objects.all()
    else:
        mine = Q(created_by=user)
        visible = Job.objects.filter(mine | Q(school_id=user.school_id) if user.is_staff and user.school_id else mine)
    return visible.select_related("school", "created_by").annotate(
        total=Count("deliveries"),
        sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
    )[:limit]
