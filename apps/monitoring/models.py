from django.db import models


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
