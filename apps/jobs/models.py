"""Background jobs the curator can watch: a bulk e-mail with one row per recipient (issue 18).

The queue itself is django-tasks' database backend (django_tasks_db.DBTaskResult); these models are what a
person reads: what was asked, by whom, and how each letter went. A letter's subject and body are rendered
when the job is created and stored here, so the worker needs no request and a retry sends the same text.
"""

from django.conf import settings
from django.db import models


class JobKind(models.TextChoices):
    MAIL = "mail", "рассылка"
    DOCUMENT = "document", "документ"


class Job(models.Model):
    school = models.ForeignKey(
        "schools.School",
        verbose_name="образовательная организация",
        on_delete=models.CASCADE,
        related_name="jobs",
        null=True,
        blank=True,
        help_text="Чья это задача: её видят куратор и руководитель этой организации.",
    )
    kind = models.CharField("вид", max_length=16, choices=JobKind.choices, default=JobKind.MAIL)
    title = models.CharField("название", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто запустил", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    finished_at = models.DateTimeField("завершена", null=True, blank=True)
    # A «документ» job's result, saved through the default storage, and the name it is downloaded under.
    result_file = models.FileField("файл", upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField("имя файла", max_length=200, blank=True)
    # What the document is of («order:12:signed», «public-collection:3:…»): a second request for the same
    # document finds this job instead of rendering it again (services.document_job_ensure).
    key = models.CharField("ключ документа", max_length=200, blank=True)
    error = models.TextField("ошибка", blank=True)

    class Meta:
        verbose_name = "фоновая задача"
        verbose_name_plural = "фоновые задачи"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "-created_at"], name="job_school_recent"),
            models.Index(fields=["key", "-id"], name="job_document_key", condition=~models.Q(key="")),
        ]

    def __str__(self):
        return self.title


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "ожидает"
    SENT = "sent", "отправлено"
    FAILED = "failed", "ошибка"
    NO_EMAIL = "no_email", "пропущено: нет e-mail"


class Delivery(models.Model):
    """One letter of a job to one person; its status is written letter by letter as the worker sends."""

    job = models.ForeignKey(Job, verbose_name="задача", on_delete=models.CASCADE, related_name="deliveries")
    name = models.CharField("получатель", max_length=300)
    email = models.EmailField("e-mail", blank=True)
    subject = models.CharField("тема", max_length=300)
    body = models.TextField("текст")
    status = models.CharField("состояние", max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    last_error = models.TextField("последняя ошибка", blank=True)
    sent_at = models.DateTimeField("отправлено", null=True, blank=True)

    class Meta:
        verbose_name = "письмо"
        verbose_name_plural = "письма"
        ordering = ["pk"]
        indexes = [models.Index(fields=["job", "status"], name="delivery_job_status")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="no_email") | models.Q(email=""), name="delivery_no_email_has_none"
            )
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"
