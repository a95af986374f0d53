import secrets

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.text import plural
from apps.schools.models import MENTOR_AFFILIATIONS


def mentor_photo_path(instance, filename: str) -> str:
    # A random name: a photo's address cannot be guessed from the mentor.
    return f"mentors/{instance.school_id}/{secrets.token_urlsafe(18)}.jpg"


class MentorStatus(models.TextChoices):
    CANDIDATE = "candidate", "кандидат"
    APPROVED = "approved", "утверждён"
    TRAINED = "trained", "прошёл обучение"
    ACTIVE = "active", "ведёт наставничество"
    ARCHIVED = "archived", "в архиве"


class QualificationCategory(models.TextChoices):
    NONE = "none", "без категории"
    CONFORMITY = "conformity", "соответствие занимаемой должности"
    FIRST = "first", "первая"
    HIGHEST = "highest", "высшая"
    METHODIST = "methodist", "педагог-методист"
    MENTOR = "mentor", "педагог-наставник"


class Mentor(models.Model):
    """An entry of the mentor bank: a teacher who may take mentees."""

    school = models.ForeignKey("schools.School", verbose_name="образовательная организация", on_delete=models.PROTECT, related_name="mentors")
    teacher = models.OneToOneField(
        "schools.Teacher",
        verbose_name="педагог",
        on_delete=models.PROTECT,
        related_name="mentor",
        error_messages={"unique": "Этот педагог уже есть в банке наставников."},
    )
    status = models.CharField("статус", max_length=20, choices=MentorStatus.choices, default=MentorStatus.CANDIDATE)
    competences = models.ManyToManyField("catalogues.Competence", verbose_name="компетенции", blank=True, related_name="mentors")
    forms = models.ManyToManyField(
        "catalogues.MentoringForm",
        verbose_name="формы наставничества",
        blank=True,
        related_name="mentors",
        help_text="В каких формах наставник готов работать — его ответ в анкете; по ним подбираются пары.",
    )
    capacity = models.PositiveSmallIntegerField("наставляемых одновременно, не более", default=2)
    qualification_category = models.CharField(
        "квалификационная категория", max_length=20, choices=QualificationCategory.choices, default=QualificationCategory.NONE
    )
    achievements = models.TextField("достижения", blank=True)
    interests = models.TextField("интересы, темы для наставничества", blank=True)
    availability = models.CharField("когда удобно встречаться", max_length=300, blank=True)
    has_mentoring_experience = models.BooleanField("был опыт наставничества", default=False)
    trained_on = models.DateField("обучение наставников пройдено", null=True, blank=True)
    notes = models.TextField("заметки куратора", blank=True)
    photo = models.ImageField(
        "фотография для сайта",
        upload_to=mentor_photo_path,
        max_length=200,
        blank=True,
        help_text="Показывается в разделе «Наставничество» на сайте, только пока наставник согласен на публикацию. "
        "JPEG или PNG; большие снимки уменьшаются.",
    )
    created_at = models.DateTimeField("внесён в банк", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    # The audit trail: who changed what and when (the curator's «История» page).
    history = HistoricalRecords(
        excluded_fields=["updated_at"], m2m_fields=[competences, forms], verbose_name="наставник (история изменений)"
    )

    class Meta:
        verbose_name = "наставник"
        verbose_name_plural = "наставники"
        ordering = ["teacher__last_name", "teacher__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1),
                name="mentor_capacity_positive",
                violation_error_message="У наставника должно быть хотя бы одно место.",
            )
        ]

    def __str__(self):
        return str(self.teacher)

    def clean(self):
        if self.teacher_id and self.school_id and self.teacher.school_id != self.school_id:
            raise ValidationError({"teacher": "Педагог работает в другой организации."})
        if self.teacher_id and self.teacher.affiliation not in MENTOR_AFFILIATIONS:
            raise ValidationError(
                {"teacher": f"Участник «{self.teacher.get_affiliation_display()}» не может быть наставником ни в одной форме наставничества."}
            )
        if self.school_id and self.capacity and self.capacity > self.school.max_mentees_per_mentor:
            limit = self.school.max_mentees_per_mentor
            raise ValidationError(
                {
                    "capacity": f"По положению организации у наставника может быть не более {limit} "
                    f"{plural(limit, 'наставляемого', 'наставляемых', 'наставляемых')} одновременно."
                }
            )

    @property
    def is_candidate(self) -> bool:
        """Filled the questionnaire, waits for the curator's approval (apps/mentors/services.py: mentor_approve)."""
        return self.status == MentorStatus.CANDIDATE

    @property
    def may_take_mentees(self) -> bool:
        """A candidate is not approved yet and an archived mentor has left the bank."""
        return self.status not in (MentorStatus.CANDIDATE, MentorStatus.ARCHIVED)
