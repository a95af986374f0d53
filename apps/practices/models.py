"""Методическая копилка: the school's best practices of mentoring, with their files.

A practice is either a pair's programme the curator marked as a best practice or a case
or methodical work uploaded by hand. Publication comes later: for now only the flag and its date.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .files import CONTENT_TYPES, practice_file_path


class PracticeKind(models.TextChoices):
    PROGRAMME = "programme", "персонализированная программа"
    CASE = "case", "кейс"
    METHODICAL = "methodical", "методическая разработка"


class BestPractice(models.Model):
    school = models.ForeignKey(
        "schools.School", verbose_name="образовательная организация", on_delete=models.CASCADE, related_name="best_practices"
    )
    title = models.CharField("название", max_length=300)
    description = models.TextField("описание", blank=True)
    kind = models.CharField("вид", max_length=20, choices=PracticeKind.choices, default=PracticeKind.CASE)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name="персонализированная программа",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="best_practices",
        help_text="Программа пары, отмеченная как лучшая практика.",
    )
    form = models.ForeignKey(
        "catalogues.MentoringForm",
        verbose_name="форма наставничества",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    authors = models.CharField("авторы", max_length=500, blank=True, help_text="Фамилии и инициалы через запятую.")
    created_at = models.DateTimeField("добавлена", auto_now_add=True)
    is_published = models.BooleanField("опубликована", default=False)
    published_at = models.DateTimeField("дата публикации", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "лучшая практика"
        verbose_name_plural = "лучшие практики"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                name="bestpractice_one_per_programme",
                violation_error_message="Эта программа уже отмечена как лучшая практика.",
            ),
            models.CheckConstraint(
                condition=models.Q(is_published=False, published_at__isnull=True)
                | models.Q(is_published=True, published_at__isnull=False),
                name="bestpractice_published_at_iff_published",
                violation_error_message="Дата публикации ставится у опубликованной практики, и только у неё.",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.programme_id and self.school_id and self.programme.pair.school_id != self.school_id:
            raise ValidationError({"programme": "Программа относится к другой образовательной организации."})

    def save(self, *args, **kwargs):
        # The date follows the flag: set when published, cleared when withdrawn.
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        elif not self.is_published:
            self.published_at = None
        super().save(*args, **kwargs)


class BestPracticeFile(models.Model):
    practice = models.ForeignKey(BestPractice, verbose_name="лучшая практика", on_delete=models.CASCADE, related_name="files")
    file = models.FileField(
        "файл", upload_to=practice_file_path, max_length=200, help_text="PDF, DOCX, PPTX, XLSX, JPEG или PNG, не больше 20 МБ."
    )
    name = models.CharField("имя файла", max_length=255, blank=True, editable=False)
    size = models.PositiveBigIntegerField("размер, байт", default=0, editable=False)
    uploaded_at = models.DateTimeField("загружен", auto_now_add=True)

    class Meta:
        verbose_name = "файл практики"
        verbose_name_plural = "файлы практики"
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name or PurePath(self.file.name).name

    @property
    def extension(self) -> str:
        return PurePath(self.file.name).suffix.lower()

    @property
    def content_type(self) -> str:
        ext = ".jpg" if self.extension == ".jpeg" else self.extension
        return CONTENT_TYPES.get(ext, "application/octet-stream")
