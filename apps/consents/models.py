from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ConsentKind(models.TextChoices):
    PERSONAL_DATA = "personal_data", "обработка персональных данных"
    # Art. 10.1 of 152-ФЗ: data the subject allows to be disseminated (the «Наставничество» section).
    PUBLICATION = "publication", "распространение персональных данных на сайте"
    MENTEE_ASSIGNMENT = "mentee_assignment", "закрепление наставника"
    MENTOR_DUTIES = "mentor_duties", "возложение обязанностей наставника"


class PublicCategory(models.TextChoices):
    """What the public section may show of a person, each only if the dissemination consent lists it."""

    NAME = "name", "фамилия, имя, отчество"
    POSITION = "position", "должность"
    SUBJECTS = "subjects", "преподаваемые предметы"
    COMPETENCES = "competences", "компетенции наставника"
    PHOTO = "photo", "фотографическое изображение"


# What the first wording of the publication consent (version 1, 2022) listed.
PUBLICATION_V1_CATEGORIES = [PublicCategory.NAME, PublicCategory.POSITION, PublicCategory.COMPETENCES, PublicCategory.PHOTO]

# The subject's details in a processing consent (art. 9 part 4 item 1): kept for the curator and the
# teacher only, out of exports and of the change history.
SUBJECT_FIELDS = ("subject_address", "subject_document", "subject_document_issued")


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
    subject_address = models.CharField(
        "адрес субъекта", max_length=300, blank=True, help_text="Заполняет педагог по желанию; иначе — от руки в бланке."
    )
    subject_document = models.CharField(
        "документ, удостоверяющий личность", max_length=200, blank=True, help_text="Вид, серия и номер."
    )
    subject_document_issued = models.CharField("дата выдачи и выдавший орган", max_length=300, blank=True)
    categories = ArrayField(
        models.CharField(max_length=20, choices=PublicCategory.choices),
        verbose_name="разрешено к распространению",
        default=list,
        blank=True,
        help_text="Для согласия на распространение: какие сведения раздел «Наставничество» может показывать.",
    )
    conditions = models.TextField(
        "условия и запреты",
        blank=True,
        help_text="Для согласия на распространение: условия и запреты, установленные субъектом (ч. 9 ст. 10.1 152-ФЗ).",
    )
    given_at = models.DateTimeField("дано", default=timezone.now)
    withdrawn_at = models.DateTimeField("отозвано", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="внесено", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()
    # The audit trail: who changed what and when (the curator's «История» page).
    history = HistoricalRecords(verbose_name="согласие (история изменений)", excluded_fields=list(SUBJECT_FIELDS))

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
        if self.kind == ConsentKind.PUBLICATION:
            if PublicCategory.NAME not in self.categories:
                raise ValidationError(
                    {"categories": "Без фамилии, имени и отчества сведения о педагоге не публикуются: отметьте их или не давайте это согласие."}
                )
        elif self.categories or self.conditions:
            raise ValidationError({"categories": "Категории и условия распространения указываются только в согласии на распространение."})
        if self.kind != ConsentKind.PERSONAL_DATA and any(getattr(self, name) for name in SUBJECT_FIELDS):
            raise ValidationError({"subject_address": "Адрес и документ субъекта указываются в согласии на обработку персональных данных."})

    @property
    def category_labels(self) -> list[str]:
        return [PublicCategory(code).label for code in PublicCategory.values if code in self.categories]
