from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ConsentKind(models.TextChoices):
    PERSONAL_DATA = "personal_data", "обработка персональных данных"
    PUBLICATION = "publication", "публикация сведений на сайте"
    MENTEE_ASSIGNMENT = "mentee_assignment", "закрепление наставника"
    MENTOR_DUTIES = "mentor_duties", "возложение обязанностей наставника"


class ConsentTextQuerySet(models.QuerySet):
    def current(self, kind: str) -> "ConsentText":
        """The newest version in force: what a teacher is shown today."""
        return self.filter(kind=kind, effective_from__lte=timezone.now()).latest("effective_from")


class ConsentText(models.Model):
    """A versioned wording of a consent; a given consent points at the exact text the person saw."""

    kind = models.CharField("вид согласия", max_length=30, choices=ConsentKind.choices)
    version = models.CharField("версия", max_length=20)
    title = models.CharField("заголовок", max_length=300)
    body = models.TextField("текст")
    effective_from = models.DateTimeField("действует с", default=timezone.now)

    objects = ConsentTextQuerySet.as_manager()

    class Meta:
        verbose_name = "текст согласия"
        verbose_name_plural = "тексты согласий"
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "version"],
                name="consenttext_unique_version",
                violation_error_message="Такая версия текста этого согласия уже есть.",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, версия {self.version}"


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """A consent given by a teacher, kept with its text version and time; withdrawal is a date, never a deletion."""

    class Source(models.TextChoices):
        ONLINE = "online", "на портале"
        PAPER = "paper", "на бумаге (внесено куратором)"

    school = models.ForeignKey("schools.School", verbose_name="образовательная организация", on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey("schools.Teacher", verbose_name="педагог", on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField("вид согласия", max_length=30, choices=ConsentKind.choices)
    text = models.ForeignKey(ConsentText, verbose_name="текст согласия", on_delete=models.PROTECT, related_name="consents")
    pair = models.ForeignKey(
        "pairs.Pair",
        verbose_name="пара / группа",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        help_text="Для согласий на закрепление наставника и на обязанности наставника.",
    )
    source = models.CharField("как получено", max_length=10, choices=Source.choices, default=Source.ONLINE)
    given_at = models.DateTimeField("дано", default=timezone.now)
    withdrawn_at = models.DateTimeField("отозвано", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="внесено", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()
    # The audit trail: who changed what and when (the curator's «История» page).
    history = HistoricalRecords(verbose_name="согласие (история изменений)")

    class Meta:
        verbose_name = "согласие"
        verbose_name_plural = "согласия"
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "kind", "pair"],
                condition=models.Q(withdrawn_at__isnull=True),
                nulls_distinct=False,
                name="consent_one_active_per_kind",
                violation_error_message="Такое согласие уже дано и не отозвано.",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | models.Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
                violation_error_message="Согласие не может быть отозвано раньше, чем дано.",
            ),
        ]

    def __str__(self):
        return f"{self.teacher}: {self.get_kind_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    def clean(self):
        if self.text_id and self.text.kind != self.kind:
            raise ValidationError({"text": "Текст относится к другому виду согласия."})
        if self.teacher_id and self.school_id and self.teacher.school_id != self.school_id:
            raise ValidationError({"teacher": "Педагог работает в другой организации."})
        needs_pair = self.kind in (ConsentKind.MENTEE_ASSIGNMENT, ConsentKind.MENTOR_DUTIES)
        if needs_pair and not self.pair_id:
            raise ValidationError({"pair": "Укажите пару или группу, к которой относится согласие."})
        if not needs_pair and self.pair_id:
            raise ValidationError({"pair": "Это согласие не относится к конкретной паре."})
