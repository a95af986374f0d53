from django.conf import settings
from django.db import models
from django.utils import timezone


class AnnualReport(models.Model):
    """The curator's conclusions for the analytical report of one school year."""

    school = models.ForeignKey(
        "schools.School", verbose_name="образовательная организация", on_delete=models.CASCADE, related_name="annual_reports"
    )
    year_start = models.PositiveSmallIntegerField("учебный год (год начала)")
    conclusions = models.TextField("выводы", blank=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "аналитическая справка"
        verbose_name_plural = "аналитические справки"
        constraints = [models.UniqueConstraint(fields=["school", "year_start"], name="annual_report_school_year_unique")]

    def __str__(self):
        return f"{self.school} — {self.year_start}/{self.year_start + 1}"


class RoundQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FixedRoundError("Срез мониторинга после фиксации не изменяется.")


class FixedRoundError(Exception):
    """A fixed round was about to change."""


class MonitoringRound(models.Model):
    """A monitoring round («срез»): the figures of a school (or of a district) fixed at one moment, such as
    «входной — январь» and «итоговый — май», to compare the later figures with.

    Its figures are computed by the service that fixes it and never change afterwards: saving an existing
    round and updating rounds in bulk raise FixedRoundError; the admin does not offer rounds at all.
    """

    school = models.ForeignKey(
        "schools.School",
        verbose_name="образовательная организация",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="monitoring_rounds",
    )
    municipality = models.ForeignKey(
        "schools.Municipality",
        verbose_name="муниципалитет",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="monitoring_rounds",
    )
    year_start = models.PositiveSmallIntegerField("учебный год (год начала)")
    name = models.CharField("название среза", max_length=200)
    counted_on = models.DateField("показатели на дату")
    figures = models.JSONField("показатели", default=dict, editable=False)
    created_at = models.DateTimeField("зафиксирован", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="зафиксировал",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by_name = models.CharField("зафиксировал (ФИО)", max_length=300, blank=True, editable=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = "срез мониторинга"
        verbose_name_plural = "срезы мониторинга"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(school__isnull=False, municipality__isnull=True)
                | models.Q(school__isnull=True, municipality__isnull=False),
                name="monitoring_round_school_xor_municipality",
                violation_error_message="Срез относится либо к организации, либо к муниципалитету.",
            ),
            models.UniqueConstraint(
                fields=["school", "year_start", "name"],
                condition=models.Q(school__isnull=False),
                name="monitoring_round_school_name_unique",
                violation_error_message="Срез с таким названием за этот учебный год уже зафиксирован.",
            ),
            models.UniqueConstraint(
                fields=["municipality", "year_start", "name"],
                condition=models.Q(municipality__isnull=False),
                name="monitoring_round_municipality_name_unique",
                violation_error_message="Срез с таким названием за этот учебный год уже зафиксирован.",
            ),
        ]

    def __str__(self):
        return f"«{self.name}» ({self.school_year}, на {self.counted_on:%d.%m.%Y})"

    @property
    def school_year(self) -> str:
        return f"{self.year_start}/{self.year_start + 1}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FixedRoundError("Срез мониторинга после фиксации не изменяется.")
        super().save(*args, **kwargs)
