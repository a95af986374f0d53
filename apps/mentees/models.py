from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from apps.schools.models import MENTEE_AFFILIATIONS


class MenteeStatus(models.TextChoices):
    WAITING = "waiting", "ожидает наставника"
    PAIRED = "paired", "в паре"
    COMPLETED = "completed", "завершил программу"


class Mentee(models.Model):
    """An entry of the mentee bank: a teacher with professional requests."""

    school = models.ForeignKey("schools.School", verbose_name="образовательная организация", on_delete=models.PROTECT, related_name="mentees")
    teacher = models.OneToOneField(
        "schools.Teacher",
        verbose_name="педагог",
        on_delete=models.PROTECT,
        related_name="mentee",
        error_messages={"unique": "Этот педагог уже есть в банке наставляемых."},
    )
    status = models.CharField("статус", max_length=20, choices=MenteeStatus.choices, default=MenteeStatus.WAITING)
    requests = models.ManyToManyField("catalogues.Request", verbose_name="профессиональные запросы", blank=True, related_name="mentees")
    requests_text = models.TextField("запросы своими словами", blank=True)
    preferred_form = models.ForeignKey(
        "catalogues.MentoringForm", verbose_name="желаемая форма наставничества", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting_frequency = models.CharField("желаемая частота встреч", max_length=100, blank=True)
    desired_mentor = models.CharField(
        "желаемый наставник",
        max_length=300,
        blank=True,
        help_text="Коллега, которого наставляемый сам назвал в анкете; при подборе пар такой наставник получает дополнительные баллы.",
    )
    notes = models.TextField("заметки куратора", blank=True)
    created_at = models.DateTimeField("внесён в банк", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    # The audit trail: who changed what and when (the curator's «История» page).
    history = HistoricalRecords(excluded_fields=["updated_at"], verbose_name="наставляемый (история изменений)")

    class Meta:
        verbose_name = "наставляемый"
        verbose_name_plural = "наставляемые"
        ordering = ["teacher__last_name", "teacher__first_name"]

    def __str__(self):
        return str(self.teacher)

    def clean(self):
        if self.teacher_id and self.school_id and self.teacher.school_id != self.school_id:
            raise ValidationError({"teacher": "Педагог работает в другой организации."})
        if self.teacher_id and self.teacher.affiliation not in MENTEE_AFFILIATIONS:
            raise ValidationError(
                {"teacher": f"Участник «{self.teacher.get_affiliation_display()}» не может быть наставляемым ни в одной форме наставничества."}
            )
