from django.core.exceptions import ValidationError
from django.db import models


class PairStatus(models.TextChoices):
    DRAFT = "draft", "формируется"
    ACTIVE = "active", "работает"
    COMPLETED = "completed", "завершена"
    DISSOLVED = "dissolved", "расформирована"


OPEN_STATUSES = (PairStatus.DRAFT, PairStatus.ACTIVE)


class PairQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def for_teacher(self, teacher):
        """Pairs the teacher leads as a mentor or is a current member of as a mentee."""
        return self.filter(
            models.Q(mentor__teacher=teacher)
            | models.Q(memberships__mentee__teacher=teacher, memberships__left_on__isnull=True)
        ).distinct()


class Pair(models.Model):
    """Наставническая пара (one mentee) или группа (several), led by one mentor."""

    school = models.ForeignKey("schools.School", verbose_name="образовательная организация", on_delete=models.PROTECT, related_name="pairs")
    mentor = models.ForeignKey("mentors.Mentor", verbose_name="наставник", on_delete=models.PROTECT, related_name="pairs")
    mentees = models.ManyToManyField(
        "mentees.Mentee", verbose_name="наставляемые", through="PairMentee", related_name="pairs"
    )
    form = models.ForeignKey("catalogues.MentoringForm", verbose_name="форма наставничества", on_delete=models.PROTECT, related_name="pairs")
    kinds = models.ManyToManyField("catalogues.MentoringKind", verbose_name="виды наставничества", blank=True, related_name="pairs")
    status = models.CharField("статус", max_length=20, choices=PairStatus.choices, default=PairStatus.DRAFT)
    started_on = models.DateField("начало")
    planned_end_on = models.DateField("плановое окончание")
    ended_on = models.DateField("фактическое окончание", null=True, blank=True)
    end_reason = models.TextField("причина завершения или расформирования", blank=True)
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    objects = PairQuerySet.as_manager()

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
        return f"{self.mentor} — {self.get_form_display_short()}"

    def get_form_display_short(self):
        return self.form.name if self.form_id else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def missing_consents(self) -> list[str]:
        """Who has not yet consented to this pair, in words: the mentor to the duties, each mentee to the assignment."""
        from apps.consents.models import ConsentKind

        given = set(self.consents.active().values_list("teacher_id", "kind"))
        missing = []
        mentor_teacher = self.mentor.teacher
        if (mentor_teacher.pk, ConsentKind.MENTOR_DUTIES) not in given:
            missing.append(f"{mentor_teacher.short_name} — согласие на возложение обязанностей наставника")
        for membership in self.memberships.filter(left_on__isnull=True).select_related("mentee__teacher"):
            teacher = membership.mentee.teacher
            if (teacher.pk, ConsentKind.MENTEE_ASSIGNMENT) not in given:
                missing.append(f"{teacher.short_name} — согласие на закрепление наставника")
        return missing

    def clean(self):
        if self.school_id and self.mentor_id and self.mentor.school_id != self.school_id:
            raise ValidationError({"mentor": "Наставник из другой организации."})
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

    objects = PairMenteeQuerySet.as_manager()

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
        if not (self.pair_id and self.mentee_id):
            return
        pair, mentee = self.pair, self.mentee
        if mentee.school_id != pair.school_id:
            raise ValidationError({"mentee": "Наставляемый из другой организации."})
        if mentee.teacher_id == pair.mentor.teacher_id:
            raise ValidationError({"mentee": "Наставник не может быть наставляемым в своей же паре."})
