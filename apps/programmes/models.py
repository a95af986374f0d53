from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


def _ru(day) -> str:
    return f"{day:%d.%m.%Y}"


class ProgrammeTemplateQuerySet(models.QuerySet):
    def for_school(self, school):
        """The common templates and the school's own."""
        return self.filter(models.Q(school__isnull=True) | models.Q(school=school))


class ProgrammeTemplate(models.Model):
    """Примерная персонализированная программа for one mentoring form: what a pair's programme starts from.

    The common templates (no school) come with the portal; a school may make its own copy of one
    and edit it. A pair's programme is built from its school's template of the form, else the common one.
    """

    school = models.ForeignKey(
        "schools.School",
        verbose_name="образовательная организация",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Пусто — общий шаблон для всех организаций.",
    )
    form = models.ForeignKey("catalogues.MentoringForm", verbose_name="форма наставничества", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("название", max_length=300)
    months = models.PositiveSmallIntegerField(
        "рассчитана на, месяцев",
        default=9,
        help_text="Если пара работает меньше, сроки мероприятий сдвигаются пропорционально.",
    )
    goals = models.TextField("цели и задачи", blank=True)
    directions = models.TextField("направления работы", blank=True)
    forms_of_work = models.TextField("формы работы", blank=True)
    expected_outcome = models.TextField("ожидаемые результаты", blank=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    objects = ProgrammeTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = "шаблон программы"
        verbose_name_plural = "шаблоны программ"
        ordering = ["form__order", "school"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "form"],
                nulls_distinct=False,
                name="programmetemplate_one_per_form",
                violation_error_message="Шаблон для этой формы наставничества уже есть.",
            ),
            models.CheckConstraint(
                condition=models.Q(months__gte=1, months__lte=36),
                name="programmetemplate_months_range",
                violation_error_message="Срок шаблона — от 1 до 36 месяцев.",
            ),
        ]

    def __str__(self):
        return self.title


class TemplateActivity(models.Model):
    """A line of a template's plan: in which month of the programme, what, with what result."""

    template = models.ForeignKey(ProgrammeTemplate, verbose_name="шаблон", on_delete=models.CASCADE, related_name="activities")
    month = models.PositiveSmallIntegerField(
        "месяц программы", help_text="1 — первый месяц работы пары; срок мероприятия — конец этого месяца."
    )
    title = models.CharField("мероприятие", max_length=500)
    expected_result = models.CharField("ожидаемый результат", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "мероприятие шаблона"
        verbose_name_plural = "план мероприятий шаблона"
        ordering = ["month", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__gte=1),
                name="templateactivity_month_positive",
                violation_error_message="Месяц программы начинается с 1.",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.template_id and self.month and self.month > self.template.months:
            raise ValidationError({"month": f"Шаблон рассчитан на {self.template.months} мес.: месяц не может быть больше."})


class Programme(models.Model):
    """Персонализированная программа наставничества of one pair or group."""

    pair = models.OneToOneField("pairs.Pair", verbose_name="пара / группа", on_delete=models.CASCADE, related_name="programme")
    title = models.CharField("название", max_length=300)
    goals = models.TextField("цели и задачи", blank=True)
    directions = models.TextField("направления работы", blank=True)
    difficulties = models.TextField("профессиональные затруднения наставляемого", blank=True)
    forms_of_work = models.TextField("формы работы", blank=True)
    expected_outcome = models.TextField("ожидаемые результаты", blank=True)
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)
    # The audit trail: who changed what and when (the curator's «История» page).
    history = HistoricalRecords(excluded_fields=["updated_at"], verbose_name="программа (история изменений)")

    class Meta:
        verbose_name = "персонализированная программа"
        verbose_name_plural = "персонализированные программы"
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="programme_ends_after_start",
                violation_error_message="Программа должна заканчиваться позже, чем начинается.",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if not (self.pair_id and self.starts_on and self.ends_on):
            return
        pair = self.pair
        if self.starts_on < pair.started_on:
            raise ValidationError({"starts_on": f"Программа не может начаться раньше, чем пара ({_ru(pair.started_on)})."})
        if self.ends_on > pair.planned_end_on:
            raise ValidationError(
                {"ends_on": f"Программа не может закончиться позже планового окончания работы пары ({_ru(pair.planned_end_on)})."}
            )


def activity_of_school_year(year, prefix: str = "") -> models.Q:
    """An activity counts in school year `year` (core.dates.SchoolYear) when it is due within it: the plan of a
    programme that runs across 1 September is split between the two years. `prefix` applies it across a relation."""
    return models.Q(**{f"{prefix}due_date__range": (year.first_day, year.last_day)})


def activity_done_by(day, prefix: str = "") -> models.Q:
    """Marked done with a date on or before `day` (an activity done later was not done yet then)."""
    return models.Q(**{f"{prefix}done": True, f"{prefix}done_on__lte": day})


class ActivityQuerySet(models.QuerySet):
    def overdue(self, on=None):
        return self.filter(done=False, due_date__lt=on or timezone.localdate())


class Activity(models.Model):
    """A line of the programme's plan: what, by when, with what result."""

    programme = models.ForeignKey(Programme, verbose_name="программа", on_delete=models.CASCADE, related_name="activities")
    title = models.CharField("мероприятие", max_length=500)
    due_date = models.DateField("срок")
    expected_result = models.CharField("ожидаемый результат", max_length=500, blank=True)
    done = models.BooleanField("выполнено", default=False)
    done_on = models.DateField("дата выполнения", null=True, blank=True)
    comment = models.TextField("комментарий", blank=True)
    done_by = models.ForeignKey(
        "schools.Teacher", verbose_name="отметил", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)

    objects = ActivityQuerySet.as_manager()
    # The audit trail: who changed what and when (the curator's «История» page).
    history = HistoricalRecords(verbose_name="мероприятие программы (история изменений)")

    class Meta:
        verbose_name = "мероприятие программы"
        verbose_name_plural = "план мероприятий"
        ordering = ["due_date", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done=False, done_on__isnull=True) | models.Q(done=True, done_on__isnull=False),
                name="activity_done_on_iff_done",
                violation_error_message="У выполненного мероприятия должна быть дата выполнения, у невыполненного — нет.",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return not self.done and self.due_date < timezone.localdate()

    def clean(self):
        if self.programme_id and self.due_date:
            programme = self.programme
            if not programme.starts_on <= self.due_date <= programme.ends_on:
                raise ValidationError(
                    {"due_date": f"Срок мероприятия должен быть в пределах срока программы: с {_ru(programme.starts_on)} по {_ru(programme.ends_on)}."}
                )


class Meeting(models.Model):
    """A logged meeting of the pair."""

    programme = models.ForeignKey(Programme, verbose_name="программа", on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("дата встречи")
    topic = models.CharField("тема", max_length=500)
    summary = models.TextField("что сделано", blank=True)
    next_steps = models.TextField("следующие шаги", blank=True)
    mentor_notes = models.TextField(
        "заметки наставника", blank=True, help_text="Видны наставляемому, только если наставник ими поделился."
    )
    shared_with_mentee = models.BooleanField("заметки видны наставляемому", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="записал", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("записано", auto_now_add=True)

    class Meta:
        verbose_name = "встреча"
        verbose_name_plural = "встречи"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%d.%m.%Y}: {self.topic}"

    def clean(self):
        # «Not in the future» is checked where a meeting is logged (meeting_log): a demo may be seeded for a later day.
        if self.held_on and self.programme_id and self.held_on < self.programme.starts_on:
            raise ValidationError({"held_on": f"Встреча не может быть раньше начала программы ({_ru(self.programme.starts_on)})."})


class MeetingRating(models.IntegerChoices):
    USEFUL = 3, "полезная"
    PARTLY = 2, "отчасти полезная"
    USELESS = 1, "бесполезная"


class MeetingFeedback(models.Model):
    """A participant's short feedback on one meeting: how useful it was, in a word and a line."""

    meeting = models.ForeignKey(Meeting, verbose_name="встреча", on_delete=models.CASCADE, related_name="feedbacks")
    teacher = models.ForeignKey("schools.Teacher", verbose_name="участник", on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField("встреча была", choices=MeetingRating.choices)
    comment = models.CharField("коротко о встрече", max_length=500, blank=True)
    given_at = models.DateTimeField("отзыв дан")

    class Meta:
        verbose_name = "отзыв о встрече"
        verbose_name_plural = "отзывы о встречах"
        ordering = ["given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "teacher"],
                name="meetingfeedback_one_per_person",
                violation_error_message="Отзыв об этой встрече уже дан.",
            )
        ]

    def __str__(self):
        return f"{self.teacher}: {self.get_rating_display()}"


def new_calendar_secret() -> str:
    import secrets

    return secrets.token_urlsafe(16)


class CalendarKey(models.Model):
    """A teacher's part of the calendar links' key (apps/programmes/calendar.py).

    Until the first reset a teacher has no row and the part is empty; replacing it (the teacher on their
    page, the curator in the back-office) makes every link given out before stop working.
    """

    teacher = models.OneToOneField(
        "schools.Teacher", verbose_name="педагог", on_delete=models.CASCADE, primary_key=True, related_name="calendar_key"
    )
    secret = models.CharField("ключ ссылок на календарь", max_length=64, default=new_calendar_secret, editable=False)
    reset_at = models.DateTimeField("ссылка заменена", default=timezone.now)

    class Meta:
        verbose_name = "ключ ссылки на календарь"
        verbose_name_plural = "ключи ссылок на календарь"

    def __str__(self):
        return f"Ключ календаря: {self.teacher}"


# --- approval and acknowledgement of a personalised programme ------------------------------------------


def programme_fingerprint(programme: Programme, activities=None) -> str:
    """What the participants read and the school approves, as one SHA-256: the programme's text, period and plan
    (what, when, with what result). Done marks and meetings are the work on it, not a new version of it."""
    import hashlib
    import json

    if activities is None:
        activities = programme.activities.all()
    plan = sorted(
        ((a.due_date.isoformat(), a.order, a.title, a.expected_result) for a in activities),
    )
    text = [
        programme.title,
        programme.goals,
        programme.directions,
        programme.difficulties,
        programme.forms_of_work,
        programme.expected_outcome,
        programme.starts_on.isoformat() if programme.starts_on else "",
        programme.ends_on.isoformat() if programme.ends_on else "",
    ]
    return hashlib.sha256(json.dumps([text, plan], ensure_ascii=False).encode()).hexdigest()


class AgreementBody(models.TextChoices):
    METHODICAL_ASSOCIATION = "mo", "методическое объединение"
    METHODICAL_COUNCIL = "methodical_council", "методический совет"
    PEDAGOGICAL_COUNCIL = "pedagogical_council", "педагогический совет"


# «СОГЛАСОВАНО на заседании …» (prepositional case of the body).
AGREEMENT_BODY_PREP = {
    AgreementBody.METHODICAL_ASSOCIATION: "методического объединения",
    AgreementBody.METHODICAL_COUNCIL: "методического совета",
    AgreementBody.PEDAGOGICAL_COUNCIL: "педагогического совета",
}


class ProgrammeApproval(models.Model):
    """The personalised programme agreed by the methodical association or a council (body, date, protocol) and
    approved by the director (date): what the programme's «СОГЛАСОВАНО / УТВЕРЖДАЮ» block prints.

    It holds for the programme as it was (`fingerprint`): a programme changed afterwards is a new version,
    printed with blank lines again until the school agrees and approves it anew."""

    programme = models.OneToOneField(Programme, verbose_name="программа", on_delete=models.CASCADE, related_name="approval")
    body = models.CharField("согласована", max_length=30, choices=AgreementBody.choices)
    body_name = models.CharField(
        "название объединения или совета",
        max_length=200,
        blank=True,
        help_text="Например: «учителей начальных классов». Пусто — только вид объединения или совета.",
    )
    agreed_on = models.DateField("дата заседания")
    protocol_number = models.CharField("номер протокола", max_length=20)
    approved_on = models.DateField("утверждена директором", null=True, blank=True)
    fingerprint = models.CharField("редакция программы (SHA-256)", max_length=64, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="внёс", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("внесено", default=timezone.now)

    class Meta:
        verbose_name = "согласование и утверждение программы"
        verbose_name_plural = "согласования и утверждения программ"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved_on__isnull=True) | models.Q(approved_on__gte=models.F("agreed_on")),
                name="programmeapproval_approved_after_agreed",
                violation_error_message="Директор утверждает программу не раньше, чем её согласовали.",
            ),
            models.CheckConstraint(
                condition=~models.Q(protocol_number=""),
                name="programmeapproval_protocol_number",
                violation_error_message="Укажите номер протокола.",
            ),
        ]

    def __str__(self):
        return f"Согласование программы «{self.programme}»"

    @property
    def body_words(self) -> str:
        """«методического объединения учителей начальных классов»: after «на заседании»."""
        words = AGREEMENT_BODY_PREP[AgreementBody(self.body)]
        return f"{words} {self.body_name.strip()}" if self.body_name.strip() else words

    def clean(self):
        today = timezone.localdate()
        errors = {}
        if self.agreed_on and self.agreed_on > today:
            errors["agreed_on"] = "Дата заседания не может быть в будущем: внесите согласование после заседания."
        if self.approved_on and self.approved_on > today:
            errors["approved_on"] = "Дата утверждения не может быть в будущем."
        if self.protocol_number is not None and not self.protocol_number.strip():
            errors["protocol_number"] = "Укажите номер протокола."
        if errors:
            raise ValidationError(errors)


class ProgrammeAcknowledgement(models.Model):
    """«Ознакомлен(а)»: a participant read one version of the programme (`fingerprint`) at `acknowledged_at`."""

    programme = models.ForeignKey(Programme, verbose_name="программа", on_delete=models.CASCADE, related_name="acknowledgements")
    teacher = models.ForeignKey("schools.Teacher", verbose_name="участник", on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField("редакция программы (SHA-256)", max_length=64)
    acknowledged_at = models.DateTimeField("ознакомлен(а)", default=timezone.now)

    class Meta:
        verbose_name = "ознакомление с программой"
        verbose_name_plural = "ознакомления с программой"
        ordering = ["-acknowledged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "teacher", "fingerprint"],
                name="programmeacknowledgement_once_per_version",
                violation_error_message="С этой редакцией программы участник уже ознакомлен.",
            )
        ]

    def __str__(self):
        return f"{self.teacher}: ознакомлен(а) {timezone.localtime(self.acknowledged_at):%d.%m.%Y %H:%M}"
