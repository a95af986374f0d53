from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.consents.models import Consent, ConsentKind


class PairStatus(models.TextChoices):
    DRAFT = "draft", "формируется"
    ACTIVE = "active", "работает"
    COMPLETED = "completed", "завершена"
    DISSOLVED = "dissolved", "расформирована"


OPEN_STATUSES = (PairStatus.DRAFT, PairStatus.ACTIVE)

# Days without a logged meeting or a done activity after which an active pair is flagged.
STALE_THRESHOLDS = (14, 28)

CONSENT_NAMES = {
    "mentor_duties": "согласие на возложение обязанностей наставника",
    "mentee_assignment": "согласие на закрепление наставника",
    "personal_data": "согласие на обработку персональных данных",
}


def ran_in_school_year(year, prefix: str = "") -> models.Q:
    """The one rule of what a pair of school year `year` (core.dates.SchoolYear) is: a pair that ran at any
    time within 1 September – 31 August, i.e. begun (or planned to begin) by the year's last day and not
    ended before its first. A pair running from March 2026 to February 2027 is of 2025/26 and of 2026/27.
    `prefix` («pair__», «programme__pair__») applies the rule across a relation."""
    return models.Q(**{f"{prefix}started_on__lte": year.last_day}) & (
        models.Q(**{f"{prefix}ended_on__isnull": True}) | models.Q(**{f"{prefix}ended_on__gte": year.first_day})
    )


def dissolved_by(day, prefix: str = "") -> models.Q:
    """Dissolved on or before `day`: a pair dissolved later still worked on that day."""
    return models.Q(**{f"{prefix}status": PairStatus.DISSOLVED, f"{prefix}ended_on__lte": day})


def completed_by(day, prefix: str = "") -> models.Q:
    """Completed on or before `day` (a pair completed later was still running then)."""
    return models.Q(**{f"{prefix}status": PairStatus.COMPLETED, f"{prefix}ended_on__lte": day})


class PairQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def of_school_year(self, year):
        """Pairs of school year `year` (see ran_in_school_year)."""
        return self.filter(ran_in_school_year(year))

    def with_names(self):
        """What `str(pair)` reads, fetched at once: the mentor's card, every membership with its mentee's card."""
        memberships = PairMentee.objects.select_related("mentee__teacher").order_by("pk")
        return self.select_related("mentor__teacher").prefetch_related(models.Prefetch("memberships", queryset=memberships))


class Pair(models.Model):
    """Наставническая пара (one mentee) или группа (several), led by one mentor."""

    school = models.ForeignKey("schools.School", verbose_name="образовательная организация", on_delete=models.PROTECT, related_name="pairs")
    mentor = models.ForeignKey("mentors.Mentor", verbose_name="наставник", on_delete=models.PROTECT, related_name="pairs")
    mentees = models.ManyToManyField(
        "mentees.Mentee", verbose_name="наставляемые", through="PairMentee", related_name="pairs"
    )
    form = models.ForeignKey("catalogues.MentoringForm", verbose_name="форма наставничества", on_delete=models.PROTECT, related_name="pairs")
    # A network pair («сетевое взаимодействие»): the mentor works at this school of the same municipality.
    # Set only by apps/network when the partner's curator accepts a request; the partner sees the pair read-only.
    partner_school = models.ForeignKey(
        "schools.School",
        verbose_name="организация наставника (сетевое взаимодействие)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="network_pairs",
    )
    kinds = models.ManyToManyField("catalogues.MentoringKind", verbose_name="виды наставничества", blank=True, related_name="pairs")
    status = models.CharField("статус", max_length=20, choices=PairStatus.choices, default=PairStatus.DRAFT)
    started_on = models.DateField("начало")
    planned_end_on = models.DateField("плановое окончание")
    ended_on = models.DateField("фактическое окончание", null=True, blank=True)
    end_reason = models.TextField("причина завершения или расформирования", blank=True)
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    objects = PairQuerySet.as_manager()
    # The audit trail: who changed what and when (the curator's «История» page).
    history = HistoricalRecords(
        excluded_fields=["updated_at"], m2m_fields=[kinds], verbose_name="пара / группа (история изменений)"
    )

    class Meta:
        verbose_name = "наставническая пара / группа"
        verbose_name_plural = "наставнические пары и группы"
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end_on__gt=models.F("started_on")),
                name="pair_planned_end_after_start",
                violation_error_message="Плановое окончание должно быть позже начала.",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="pair_ended_after_start",
                violation_error_message="Пара не может завершиться раньше, чем началась.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OPEN_STATUSES, ended_on__isnull=True)
                | (~models.Q(status__in=OPEN_STATUSES) & models.Q(ended_on__isnull=False)),
                name="pair_ended_iff_closed",
                violation_error_message="Дата окончания ставится, когда пара завершена или расформирована, и только тогда.",
            ),
        ]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self):
        """«Орлова Г.В. → Иванов И.И., Петрова А.С.»: two pairs of one mentor read differently.

        Reads `memberships.all()`, so a list prefetches them once (`Pair.objects.with_names()`).
        """
        mentor = self.mentor.teacher.short_name if self.mentor_id else "—"
        if self.pk is None:
            return mentor
        mentees = sorted(m.mentee.teacher.short_name for m in self.memberships.all() if self._counts_as_member(m))
        return f"{mentor} → {', '.join(mentees) or 'нет наставляемых'}"

    def _check_mentor_school(self):
        """The mentor is of the pair's school; of a network pair, of its partner school in the same municipality."""
        if not self.is_network:
            if self.mentor.school_id != self.school_id:
                raise ValidationError({"mentor": "Наставник из другой организации."})
            return
        if self.partner_school_id == self.school_id:
            raise ValidationError("В сетевой паре наставник и наставляемый работают в разных организациях.")
        if self.partner_school.municipality_id != self.school.municipality_id:
            raise ValidationError("Сетевое взаимодействие возможно только между организациями одного муниципалитета.")
        if self.mentor.school_id != self.partner_school_id:
            raise ValidationError({"mentor": f"Наставник сетевой пары — педагог организации-партнёра ({self.partner_school})."})

    def _counts_as_member(self, membership) -> bool:
        """In the pair now, or (a closed pair) to its end; a mentee removed early is not named."""
        return membership.left_on is None or (not self.is_open and membership.left_on == self.ended_on)

    def get_absolute_url(self):
        return reverse("pairs:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def consent_items(self) -> list[tuple]:
        """(teacher, consent kind, the active consent or None) for every consent the pair needs:
        the mentor's to the duties, each current mentee's to the assignment.

        Uses prefetched `consents` and `memberships` (with the mentees' cards) when a list has them.
        """
        cache = getattr(self, "_prefetched_objects_cache", {})
        consents = self.consents.all() if "consents" in cache else self.consents.active()
        given = {(c.teacher_id, c.kind): c for c in consents if c.withdrawn_at is None}
        memberships = self.memberships.all() if "memberships" in cache else self.memberships.select_related("mentee__teacher")
        mentees = sorted((m.mentee.teacher for m in memberships if m.left_on is None), key=lambda t: (t.short_name, t.pk))
        needed = [(self.mentor.teacher, ConsentKind.MENTOR_DUTIES), *((t, ConsentKind.MENTEE_ASSIGNMENT) for t in mentees)]
        return [(teacher, kind, given.get((teacher.pk, kind))) for teacher, kind in needed]

    def missing_consent_items(self) -> list[tuple]:
        """(teacher, consent kind) still needed."""
        return [(teacher, kind) for teacher, kind, consent in self.consent_items() if consent is None]

    def missing_personal_data(self) -> list[tuple]:
        """(teacher, PERSONAL_DATA) for each current participant without an active consent to the processing of
        personal data: not the pair's own consent, but the pairs order asks for it (apps/documents/rules.py),
        so the strip collects it together with the pair's."""
        mentees = sorted(
            (m.mentee.teacher for m in self.memberships.select_related("mentee__teacher") if m.left_on is None),
            key=lambda t: (t.short_name, t.pk),
        )
        teachers = [self.mentor.teacher, *mentees]
        given = set(
            Consent.objects.active()
            .filter(kind=ConsentKind.PERSONAL_DATA, teacher__in=teachers, pair__isnull=True)
            .values_list("teacher_id", flat=True)
        )
        return [(teacher, ConsentKind.PERSONAL_DATA) for teacher in teachers if teacher.pk not in given]

    def missing_consents(self) -> list[str]:
        """Who has not yet consented to this pair, in words."""
        return [f"{teacher.short_name} — {CONSENT_NAMES[kind]}" for teacher, kind in self.missing_consent_items()]

    @property
    def is_network(self) -> bool:
        """The mentor comes from another school of the municipality (an accepted network request)."""
        return self.partner_school_id is not None

    def clean(self):
        if self.school_id and self.mentor_id:
            self._check_mentor_school()
        if self.school_id and self.started_on and self.planned_end_on:
            months = (self.planned_end_on.year - self.started_on.year) * 12 + self.planned_end_on.month - self.started_on.month
            school = self.school
            if not school.programme_min_months <= months <= school.programme_max_months:
                raise ValidationError(
                    {
                        "planned_end_on": f"Срок программы по положению организации — от {school.programme_min_months} "
                        f"до {school.programme_max_months} месяцев."
                    }
                )


class PairMenteeQuerySet(models.QuerySet):
    def open(self):
        """Memberships that hold a mentee: not left, in a pair that is forming or working."""
        return self.filter(left_on__isnull=True, pair__status__in=OPEN_STATUSES)


class PairMentee(models.Model):
    """A mentee's place in a pair or group; `left_on` keeps the history when they leave."""

    pair = models.ForeignKey(Pair, verbose_name="пара / группа", on_delete=models.CASCADE, related_name="memberships")
    mentee = models.ForeignKey("mentees.Mentee", verbose_name="наставляемый", on_delete=models.PROTECT, related_name="memberships")
    joined_on = models.DateField("в паре с", null=True, blank=True)
    left_on = models.DateField("вышел из пары", null=True, blank=True)
    left_reason = models.TextField(
        "причина выхода",
        blank=True,
        help_text="Заполняется, когда наставляемый выходит из работающей пары или группы раньше её окончания.",
    )

    objects = PairMenteeQuerySet.as_manager()
    # The audit trail: who changed what and when (the curator's «История» page).
    history = HistoricalRecords(verbose_name="наставляемый в паре (история изменений)")

    class Meta:
        verbose_name = "наставляемый в паре"
        verbose_name_plural = "наставляемые в паре"
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "mentee"],
                name="pairmentee_unique",
                violation_error_message="Этот наставляемый уже есть в паре.",
            ),
            # One open place per mentee; a closed pair sets left_on for all its members.
            models.UniqueConstraint(
                fields=["mentee"],
                condition=models.Q(left_on__isnull=True),
                name="pairmentee_one_open_pair_per_mentee",
                violation_error_message="Наставляемый уже состоит в другой действующей паре или группе.",
            ),
        ]

    def __str__(self):
        return str(self.mentee)

    def clean(self):
        # The pair may not be saved yet: the admin checks a new pair's rows before pair_create saves it.
        pair = getattr(self, "pair", None)
        if pair is None or not self.mentee_id:
            return
        mentee = self.mentee
        if pair.school_id and mentee.school_id != pair.school_id:
            raise ValidationError({"mentee": "Наставляемый из другой организации."})
        if pair.mentor_id and mentee.teacher_id == pair.mentor.teacher_id:
            raise ValidationError({"mentee": "Наставник не может быть наставляемым в своей же паре."})
        if self.left_on:
            if pair.started_on and self.left_on < pair.started_on:
                raise ValidationError({"left_on": f"Дата выхода не может быть раньше начала работы пары ({pair.started_on:%d.%m.%Y})."})
            if self.joined_on and self.left_on < self.joined_on:
                raise ValidationError({"left_on": "Наставляемый не может выйти из пары раньше, чем вошёл в неё."})
            if self.left_on > timezone.localdate():
                raise ValidationError({"left_on": "Дата выхода из пары не может быть в будущем."})

    @property
    def was_removed(self) -> bool:
        """Left the pair early, by the curator's decision, rather than with the whole pair."""
        return bool(self.left_reason)


class FitAnswer(models.TextChoices):
    FITS = "fits", "подходит"
    UNSURE = "unsure", "пока не ясно"
    NOT_FIT = "not_fit", "не подходит"


class PairFeedback(models.Model):
    """A participant's answer to «Подходит ли вам пара?», asked after the first meeting; re-answering updates it."""

    pair = models.ForeignKey(Pair, verbose_name="пара / группа", on_delete=models.CASCADE, related_name="feedbacks")
    teacher = models.ForeignKey("schools.Teacher", verbose_name="участник", on_delete=models.PROTECT, related_name="pair_feedbacks")
    answer = models.CharField("подходит ли пара", max_length=10, choices=FitAnswer.choices)
    comment = models.TextField("комментарий", blank=True, max_length=2000)
    answered_at = models.DateTimeField("ответ дан")
    reviewed_at = models.DateTimeField(
        "рассмотрено куратором", null=True, blank=True, help_text="Пара с ответом «не подходит» остаётся в списке на пересмотр, пока куратор её не рассмотрит."
    )

    class Meta:
        verbose_name = "ответ «Подходит ли вам пара?»"
        verbose_name_plural = "ответы «Подходит ли вам пара?»"
        ordering = ["pair", "answered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "teacher"],
                name="pairfeedback_one_per_person",
                violation_error_message="Этот участник уже ответил на вопрос о паре.",
            )
        ]

    def __str__(self):
        return f"{self.teacher}: {self.get_answer_display()}"

    @property
    def needs_review(self) -> bool:
        return self.answer == FitAnswer.NOT_FIT and self.reviewed_at is None


class StaleReminder(models.Model):
    """One reminder e-mail to a participant of a pair without activity; the record makes the command idempotent."""

    pair = models.ForeignKey(Pair, verbose_name="пара / группа", on_delete=models.CASCADE, related_name="stale_reminders")
    teacher = models.ForeignKey("schools.Teacher", verbose_name="кому", on_delete=models.CASCADE, related_name="+")
    threshold = models.PositiveSmallIntegerField("дней без активности", choices=[(days, f"{days}+ дней") for days in STALE_THRESHOLDS])
    inactive_since = models.DateField("последняя активность пары")
    sent_at = models.DateTimeField("отправлено")

    class Meta:
        verbose_name = "напоминание о паре без активности"
        verbose_name_plural = "напоминания о парах без активности"
        ordering = ["-sent_at"]
        constraints = [
            # A new lull (after new activity) is a new `inactive_since`, so it may be reminded of again.
            models.UniqueConstraint(
                fields=["pair", "teacher", "threshold", "inactive_since"],
                name="stalereminder_once_per_threshold",
                violation_error_message="Это напоминание уже отправлено.",
            )
        ]

    def __str__(self):
        return f"{self.teacher}: {self.threshold}+ дней"
