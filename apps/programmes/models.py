from django.conf import settings
from django.db import models
from django.utils import timezone


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
    order = models.PositiveSmallIntegerField("порядок", default=0)

    objects = ActivityQuerySet.as_manager()

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


class Meeting(models.Model):
    """A logged meeting of the pair."""

    programme = models.ForeignKey(Programme, verbose_name="программа", on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("дата встречи")
    topic = models.CharField("тема", max_length=500)
    summary = models.TextField("что сделано", blank=True)
    next_steps = models.TextField("следующие шаги", blank=True)
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
