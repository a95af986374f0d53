"""Questionnaires as data: a school adapts the questions without touching templates.

A questionnaire with no school is the standard one every school starts from; a school's
own copy (same kind) replaces it for that school. Answers are stored by question code
together with the question text the teacher saw, so editing a question later never
changes the meaning of what was answered.
"""

import datetime
import re
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class QuestionnaireKind(models.TextChoices):
    MENTEE_REQUEST = "mentee_request", "анкета молодого педагога (профессиональные запросы)"
    MENTOR = "mentor", "анкета потенциального наставника"
    MENTOR_SATISFACTION = "mentor_satisfaction", "анкета удовлетворённости наставника"
    MENTEE_SATISFACTION = "mentee_satisfaction", "анкета удовлетворённости наставляемого"
    REFLECTION = "reflection", "итоговая рефлексия участника пары (группы)"


class QuestionnaireQuerySet(models.QuerySet):
    def _current_first(self, *, school, kinds):
        """Active questionnaires of these kinds the school may use, the current one of each kind first: the
        school's own before the standard one, the newest version first."""
        return (
            self.filter(kind__in=kinds, is_active=True)
            .filter(models.Q(school=school) | models.Q(school__isnull=True))
            .order_by("kind", models.F("school").asc(nulls_last=True), "-version")
        )

    def current(self, *, school, kind):
        """The school's own active version of this kind if it has one, else the standard one."""
        return self._current_first(school=school, kinds=[kind]).first()

    def current_of_kinds(self, *, school, kinds) -> dict:
        """`current` for several kinds in one query: {kind: questionnaire, or None}."""
        found = {q.kind: q for q in self._current_first(school=school, kinds=kinds).distinct("kind")}
        return {kind: found.get(kind) for kind in kinds}


class Questionnaire(models.Model):
    school = models.ForeignKey(
        "schools.School",
        verbose_name="образовательная организация",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaires",
        help_text="Пусто — типовая анкета для всех организаций.",
    )
    kind = models.CharField("вид анкеты", max_length=30, choices=QuestionnaireKind.choices)
    version = models.PositiveSmallIntegerField("версия", default=1)
    title = models.CharField("заголовок", max_length=300)
    intro = models.TextField("вступление", blank=True)
    is_active = models.BooleanField("используется", default=True)
    created_at = models.DateTimeField("создана", auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = "анкета"
        verbose_name_plural = "анкеты"
        ordering = ["kind", "school", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind", "version"],
                nulls_distinct=False,
                name="questionnaire_unique_version",
                violation_error_message="Такая версия анкеты уже есть.",
            )
        ]

    def __str__(self):
        owner = self.school.short_name if self.school_id else "типовая"
        return f"{self.title} ({owner}, версия {self.version})"


class QuestionType(models.TextChoices):
    TEXT = "text", "строка"
    TEXTAREA = "textarea", "развёрнутый ответ"
    NUMBER = "number", "число"
    CHOICE = "choice", "один вариант"
    MULTICHOICE = "multichoice", "несколько вариантов"
    SCALE = "scale", "шкала"
    BOOLEAN = "boolean", "да / нет"


class ChoiceSource(models.TextChoices):
    OWN = "", "варианты из поля «Варианты»"
    REQUESTS = "requests", "справочник профессиональных запросов"
    COMPETENCES = "competences", "справочник компетенций"
    FORMS = "forms", "формы наставничества"


class BankField(models.TextChoices):
    """Where an answer lands in the banks when the questionnaire is submitted."""

    NONE = "", "не переносится"
    TEACHER_SUBJECTS = "teacher.subjects", "педагог: предметы"
    MENTEE_REQUESTS = "mentee.requests", "наставляемый: запросы"
    MENTEE_REQUESTS_TEXT = "mentee.requests_text", "наставляемый: запросы своими словами"
    MENTEE_PREFERRED_FORM = "mentee.preferred_form", "наставляемый: желаемая форма"
    MENTEE_MEETING_FREQUENCY = "mentee.meeting_frequency", "наставляемый: частота встреч"
    MENTEE_DESIRED_MENTOR = "mentee.desired_mentor", "наставляемый: желаемый наставник"
    MENTOR_COMPETENCES = "mentor.competences", "наставник: компетенции"
    MENTOR_FORMS = "mentor.forms", "наставник: формы наставничества"
    MENTOR_CAPACITY = "mentor.capacity", "наставник: число наставляемых"
    MENTOR_QUALIFICATION = "mentor.qualification_category", "наставник: квалификационная категория"
    MENTOR_AVAILABILITY = "mentor.availability", "наставник: время для встреч"
    MENTOR_INTERESTS = "mentor.interests", "наставник: темы для наставничества"
    MENTOR_ACHIEVEMENTS = "mentor.achievements", "наставник: достижения"
    MENTOR_EXPERIENCE = "mentor.has_mentoring_experience", "наставник: опыт наставничества"


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, verbose_name="анкета", on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField("№", default=0)
    code = models.SlugField("код", max_length=50, help_text="Латиницей; по коду хранятся ответы.")
    section = models.CharField("раздел", max_length=200, blank=True)
    text = models.CharField("вопрос", max_length=500)
    help_text = models.CharField("подсказка", max_length=500, blank=True)
    type = models.CharField("тип ответа", max_length=20, choices=QuestionType.choices, default=QuestionType.TEXT)
    choices = models.TextField("варианты", blank=True, help_text="По одному в строке.")
    choice_source = models.CharField("варианты из справочника", max_length=20, choices=ChoiceSource.choices, blank=True, default="")
    scale_min = models.SmallIntegerField("шкала от", default=1)
    scale_max = models.SmallIntegerField("шкала до", default=10)
    required = models.BooleanField("обязательный", default=True)
    bank_field = models.CharField("переносится в банк", max_length=50, choices=BankField.choices, blank=True, default="")

    class Meta:
        verbose_name = "вопрос"
        verbose_name_plural = "вопросы"
        ordering = ["questionnaire", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="question_unique_code", violation_error_message="Вопрос с таким кодом уже есть в анкете."
            ),
            models.CheckConstraint(
                condition=models.Q(scale_min__lt=models.F("scale_max")),
                name="question_scale_ordered",
                violation_error_message="Начало шкалы должно быть меньше конца.",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def own_choices(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self):
        """A question a school edits must still make a working form field and land in the right bank field."""
        errors = {}
        with_options = self.type in (QuestionType.CHOICE, QuestionType.MULTICHOICE)
        if with_options and not (self.choice_source or self.own_choices):
            errors["choices"] = "Укажите варианты ответа или выберите справочник."
        if not with_options and self.choice_source:
            errors["choice_source"] = "Справочник подходит только для вопросов с вариантами ответа."
        expected = BANK_FIELD_SHAPES.get(self.bank_field)
        if expected and (self.type, self.choice_source) not in expected:
            errors["bank_field"] = f"Для поля «{self.get_bank_field_display()}» не подходит такой тип ответа."
        if errors:
            raise ValidationError(errors)


# Which (type, choice source) pairs each bank field accepts; fields not listed take any text.
BANK_FIELD_SHAPES = {
    BankField.MENTEE_REQUESTS: {(QuestionType.MULTICHOICE, ChoiceSource.REQUESTS), (QuestionType.CHOICE, ChoiceSource.REQUESTS)},
    BankField.MENTOR_COMPETENCES: {(QuestionType.MULTICHOICE, ChoiceSource.COMPETENCES), (QuestionType.CHOICE, ChoiceSource.COMPETENCES)},
    BankField.MENTEE_PREFERRED_FORM: {(QuestionType.CHOICE, ChoiceSource.FORMS)},
    BankField.MENTOR_CAPACITY: {(QuestionType.NUMBER, ChoiceSource.OWN), (QuestionType.CHOICE, ChoiceSource.OWN)},
    BankField.MENTOR_QUALIFICATION: {(QuestionType.CHOICE, ChoiceSource.OWN)},
    BankField.MENTOR_EXPERIENCE: {(QuestionType.BOOLEAN, ChoiceSource.OWN)},
    BankField.MENTEE_MEETING_FREQUENCY: {(QuestionType.CHOICE, ChoiceSource.OWN), (QuestionType.TEXT, ChoiceSource.OWN)},
    BankField.MENTEE_DESIRED_MENTOR: {(QuestionType.TEXT, ChoiceSource.OWN), (QuestionType.TEXTAREA, ChoiceSource.OWN)},
}


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def submitted_in_school_year(year, prefix: str = "") -> models.Q:
    """An answer counts in school year `year` (core.dates.SchoolYear) when it was submitted (last, if sent again)
    within 1 September – 31 August, in the portal's time zone. Compared as moments, from the first day's midnight
    to the next year's: the database then uses the column as it is, instead of taking each row's date."""
    return models.Q(
        **{
            f"{prefix}submitted_at__gte": _start_of(year.first_day),
            f"{prefix}submitted_at__lt": _start_of(year.last_day + datetime.timedelta(days=1)),
        }
    )


# Every scale answer is brought to this many points before answers of different scales are added up.
SCORE_POINTS = 10
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def _whole_number(stored) -> int | None:
    """The whole number a stored answer holds, or None. The value is `{"value": 8, …}` as response_submit stores
    it, or a bare 8; a whole number written as text ("8") counts too, a fraction, yes/no or a list does not."""
    value = stored.get("value") if isinstance(stored, dict) else stored
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value):
        return int(value)
    return None


def scale_score(answers: dict, questions) -> tuple[float, int]:
    """The answers to the scale questions among `questions`, each brought to SCORE_POINTS (8 of 10 → 8.0,
    4 of 5 → 8.0): their sum and how many there are. A question left unanswered adds nothing to either."""
    points, count = 0.0, 0
    for question in questions:
        if question.type != QuestionType.SCALE or question.scale_max <= 0:
            continue
        value = _whole_number(answers.get(question.code))
        if value is not None:
            points += float(value) * float(SCORE_POINTS) / question.scale_max
            count += 1
    return points, count


class ResponseQuerySet(models.QuerySet):
    def of_school_year(self, year):
        return self.filter(submitted_in_school_year(year))


class Response(models.Model):
    """One teacher's answers to one questionnaire; submitting again updates it."""

    questionnaire = models.ForeignKey(Questionnaire, verbose_name="анкета", on_delete=models.PROTECT, related_name="responses")
    teacher = models.ForeignKey("schools.Teacher", verbose_name="педагог", on_delete=models.CASCADE, related_name="survey_responses")
    pair = models.ForeignKey(
        "pairs.Pair", verbose_name="пара / группа", on_delete=models.CASCADE, null=True, blank=True, related_name="survey_responses"
    )
    answers = models.JSONField("ответы", default=dict)
    submitted_at = models.DateTimeField("отправлена", default=timezone.now)
    updated_at = models.DateTimeField("изменена", auto_now=True)
    # The scale answers brought to 10 points, summed, and their number (set_scale_score): the satisfaction
    # figures add these up in SQL instead of reading every answer's JSON.
    scale_points = models.FloatField("сумма баллов по шкалам (из 10)", default=0, editable=False)
    scale_answers = models.PositiveSmallIntegerField("ответов по шкалам", default=0, editable=False)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = "заполненная анкета"
        verbose_name_plural = "заполненные анкеты"
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "teacher", "pair"],
                nulls_distinct=False,
                name="response_one_per_teacher",
                violation_error_message="Педагог уже заполнил эту анкету.",
            )
        ]

    def __str__(self):
        return f"{self.teacher}: {self.questionnaire.title}"

    def set_scale_score(self, questions) -> None:
        """Score the stored answers against `questions` (those of the response's questionnaire); called whenever
        the answers are written."""
        self.scale_points, self.scale_answers = scale_score(self.answers, questions)

    @property
    def score(self) -> float | None:
        """The average scale answer out of 10, None without scale answers."""
        return self.scale_points / self.scale_answers if self.scale_answers else None


INVITATION_SALT = "surveys.invitation"


def new_nonce() -> str:
    """32 hex characters: fits the field (secrets.token_hex() alone gives 64)."""
    return secrets.token_hex(16)


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A personal link to one questionnaire for one teacher: signed, expiring, single-use, revocable."""

    school = models.ForeignKey("schools.School", verbose_name="образовательная организация", on_delete=models.CASCADE, related_name="+")
    teacher = models.ForeignKey("schools.Teacher", verbose_name="педагог", on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField("анкета", max_length=30, choices=QuestionnaireKind.choices)
    pair = models.ForeignKey("pairs.Pair", verbose_name="пара / группа", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    nonce = models.CharField(max_length=32, unique=True, default=new_nonce, editable=False)
    created_at = models.DateTimeField("создана", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="создал", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    expires_at = models.DateTimeField("действует до")
    sent_at = models.DateTimeField("отправлена по e-mail", null=True, blank=True)
    reminded_at = models.DateTimeField("напоминание отправлено", null=True, blank=True)
    used_at = models.DateTimeField("использована", null=True, blank=True)
    revoked_at = models.DateTimeField("отозвана", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "персональная ссылка на анкету"
        verbose_name_plural = "персональные ссылки на анкеты"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.teacher}: {self.get_kind_display()}"

    @property
    def token(self) -> str:
        return signing.dumps({"n": self.nonce}, salt=INVITATION_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str, *, max_age: datetime.timedelta | None = None):
        """The invitation a token names, or None if the signature is wrong (never raises)."""
        try:
            data = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
        except signing.BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("n"), str):
            return None
        return cls.objects.select_related("teacher__school").filter(nonce=data["n"]).first()

    @property
    def state(self) -> str:
        """'ok', 'used', 'revoked' or 'expired': what the link page tells the teacher."""
        if self.revoked_at:
            return "revoked"
        if self.used_at:
            return "used"
        if self.expires_at <= timezone.now():
            return "expired"
        return "ok"
