"""Events of the mentoring system: the district's («Школа молодого педагога», seminars, webinars,
consultations, mentor training) and a school's own (the final event of stage 6).

An event is organised either by a municipality (the coordinator edits it) or by one school (its
curator edits it); participants are teachers of the schools, registered by their own school's curator.
Attendance of a mentor training session is what marks a mentor trained (services.attendance_mark).
"""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone


class EventKind(models.TextChoices):
    YOUNG_TEACHER_SCHOOL = "young_teacher_school", "заседание «Школы молодого педагога»"
    DEPUTY_SEMINAR = "deputy_seminar", "семинар для заместителей директоров"
    SEMINAR = "seminar", "семинар"
    WEBINAR = "webinar", "вебинар"
    CONSULTATION = "consultation", "консультация"
    MENTOR_TRAINING = "mentor_training", "обучение наставников"
    FINAL_CONFERENCE = "final_conference", "итоговая конференция"
    FINAL_MEETING = "final_meeting", "итоговая встреча наставнических пар и групп"


# What a school organises itself (the final event of stage 6, and its own training of mentors).
SCHOOL_KINDS = (EventKind.FINAL_CONFERENCE, EventKind.FINAL_MEETING, EventKind.MENTOR_TRAINING, EventKind.SEMINAR)
FINAL_KINDS = (EventKind.FINAL_CONFERENCE, EventKind.FINAL_MEETING)


class EventQuerySet(models.QuerySet):
    def of_municipality(self, municipality):
        """The district's own events."""
        return self.filter(municipality=municipality, school__isnull=True)

    def of_school(self, school):
        return self.filter(school=school)

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now())


class Event(models.Model):
    municipality = models.ForeignKey(
        "schools.Municipality", verbose_name="муниципалитет", on_delete=models.PROTECT, related_name="events"
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name="организатор — образовательная организация",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text="Пусто — мероприятие проводит муниципалитет.",
    )
    kind = models.CharField("вид", max_length=30, choices=EventKind.choices)
    title = models.CharField("название", max_length=300)
    starts_at = models.DateTimeField("дата и время начала")
    place = models.CharField("место проведения", max_length=500, blank=True)
    link = models.URLField("ссылка на подключение", max_length=500, blank=True)
    description = models.TextField("описание", blank=True)
    capacity = models.PositiveIntegerField(
        "мест, не более", null=True, blank=True, help_text="Пусто — без ограничения числа участников."
    )
    registration_deadline = models.DateField(
        "регистрация до (включительно)", null=True, blank=True, help_text="Пусто — до начала мероприятия."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="создал", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(place="", link=""),
                name="event_place_or_link",
                violation_error_message="Укажите место проведения или ссылку на подключение.",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="event_capacity_positive",
                violation_error_message="Число мест должно быть не меньше одного.",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "starts_at"]), models.Index(fields=["school", "starts_at"])]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d.%m.%Y})"

    @property
    def is_district(self) -> bool:
        return self.school_id is None

    @property
    def is_training(self) -> bool:
        return self.kind == EventKind.MENTOR_TRAINING

    @property
    def organiser_name(self) -> str:
        if self.school_id:
            return self.school.short_name
        return self.municipality.authority or self.municipality.name

    @property
    def starts_on(self):
        return timezone.localdate(self.starts_at)

    def registration_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.starts_at <= now:
            return False
        if self.registration_deadline is not None:
            return timezone.localdate(now) <= self.registration_deadline
        return True


class Registration(models.Model):
    """A teacher registered for an event by their school's curator; attendance is marked by the organiser."""

    event = models.ForeignKey(Event, verbose_name="мероприятие", on_delete=models.CASCADE, related_name="registrations")
    teacher = models.ForeignKey(
        "schools.Teacher", verbose_name="участник", on_delete=models.PROTECT, related_name="event_registrations"
    )
    school = models.ForeignKey(
        "schools.School", verbose_name="образовательная организация", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("роль", max_length=100, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="зарегистрировал", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField("зарегистрирован", auto_now_add=True)
    attended = models.BooleanField("присутствовал", null=True, blank=True)
    attendance_marked_at = models.DateTimeField("отметка о присутствии", null=True, blank=True)

    class Meta:
        verbose_name = "регистрация участника"
        verbose_name_plural = "регистрации участников"
        ordering = ["school__short_name", "teacher__last_name", "teacher__first_name", "teacher__patronymic", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "teacher"],
                name="registration_unique_teacher",
                violation_error_message="Этот педагог уже зарегистрирован на мероприятие.",
            )
        ]

    def __str__(self):
        return f"{self.teacher} — {self.event.title}"


def material_path(instance, filename: str) -> str:
    """events/<event>/<random>.<ext>: nobody can guess another file's address."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"events/{instance.event_id}/{secrets.token_urlsafe(18)}{suffix}"


class Material(models.Model):
    event = models.ForeignKey(Event, verbose_name="мероприятие", on_delete=models.CASCADE, related_name="materials")
    title = models.CharField("название", max_length=300)
    file = models.FileField("файл", upload_to=material_path, max_length=200)
    name = models.CharField("имя файла", max_length=255, editable=False)
    size = models.PositiveBigIntegerField("размер, байт", default=0, editable=False)
    uploaded_at = models.DateTimeField("загружен", auto_now_add=True)

    class Meta:
        verbose_name = "материал мероприятия"
        verbose_name_plural = "материалы мероприятия"
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        return PurePath(self.file.name).suffix.lower()
