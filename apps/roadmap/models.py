from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class Roadmap(models.Model):
    """Дорожная карта (план мероприятий) of one school for one school year."""

    school = models.ForeignKey("schools.School", verbose_name="образовательная организация", on_delete=models.PROTECT, related_name="roadmaps")
    year_start = models.PositiveSmallIntegerField(
        "учебный год", validators=[MinValueValidator(2020), MaxValueValidator(2100)], help_text="Год начала: 2025 — это 2025/2026 учебный год."
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        ordering = ["-year_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year_start"],
                name="roadmap_unique_year",
                violation_error_message="Дорожная карта на этот учебный год уже есть.",
            )
        ]

    def __str__(self):
        return f"Дорожная карта на {self.school_year} учебный год"

    @property
    def school_year(self) -> str:
        return f"{self.year_start}/{self.year_start + 1}"


class Stage(models.Model):
    """One of the seven stages of the model."""

    roadmap = models.ForeignKey(Roadmap, verbose_name="дорожная карта", on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField("№ этапа", validators=[MinValueValidator(1), MaxValueValidator(7)])
    title = models.CharField("этап", max_length=300)

    class Meta:
        verbose_name = "этап"
        verbose_name_plural = "этапы"
        ordering = ["roadmap", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "number"], name="stage_unique_number", violation_error_message="Этап с таким номером уже есть."
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class EventStatus(models.TextChoices):
    PLANNED = "planned", "запланировано"
    IN_PROGRESS = "in_progress", "выполняется"
    DONE = "done", "выполнено"
    CANCELLED = "cancelled", "отменено"


class EventQuerySet(models.QuerySet):
    def overdue(self, on=None):
        return self.filter(
            deadline__lt=on or timezone.localdate(), status__in=(EventStatus.PLANNED, EventStatus.IN_PROGRESS)
        )


class Event(models.Model):
    """A measure of the roadmap: what, by when, who is responsible, which document results."""

    stage = models.ForeignKey(Stage, verbose_name="этап", on_delete=models.CASCADE, related_name="events")
    title = models.TextField("мероприятие")
    deadline = models.DateField("срок")
    responsible = models.CharField("ответственные", max_length=300, blank=True)
    result_document = models.CharField("результат (документ)", max_length=300, blank=True)
    status = models.CharField("статус", max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED)
    done_on = models.DateField("выполнено", null=True, blank=True)
    note = models.TextField("отметка о выполнении", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["stage__number", "order", "deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="done", done_on__isnull=False) | (~models.Q(status="done") & models.Q(done_on__isnull=True)),
                name="event_done_on_iff_done",
                violation_error_message="У выполненного мероприятия должна быть дата выполнения, у остальных — нет.",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status in (EventStatus.PLANNED, EventStatus.IN_PROGRESS) and self.deadline < timezone.localdate()
