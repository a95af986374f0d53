"""The school's public «Наставничество» section: its settings, news and normative acts.

Everything else the section shows (mentors, programmes, roadmap, orders, best practices) is read
from the back-office models; this app only adds what exists for the website alone.
"""

import secrets
import time
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from apps.catalogues.models import CatalogueQuerySet
from apps.core.contacts import normalise_contacts
from apps.core.origins import parse_origins

DEFAULT_INTRO = (
    "Наставничество — форма обеспечения профессионального развития педагогов, при которой опытный педагог "
    "(наставник) помогает коллеге (наставляемому) войти в профессию, освоить новые методики и должностные "
    "обязанности.\n\n"
    "В нашей школе действует система (целевая модель) наставничества педагогических работников, разработанная по "
    "методическим рекомендациям Министерства просвещения Российской Федерации и Профсоюза работников народного "
    "образования и науки Российской Федерации. В первую очередь наставник закрепляется за молодыми специалистами "
    "со стажем работы до трёх лет и за педагогами, сменившими место работы или должность.\n\n"
    "Наставник и наставляемый работают по **персонализированной программе наставничества** сроком от трёх месяцев "
    "до года; ход работы отслеживает куратор, итоги подводятся на итоговом мероприятии."
)


class PublicSection(models.Model):
    """One per school: whether the section is public, its texts, and where it may be embedded."""

    school = models.OneToOneField(
        "schools.School", verbose_name="образовательная организация", on_delete=models.CASCADE, related_name="public_section"
    )
    is_published = models.BooleanField(
        "раздел опубликован",
        default=False,
        help_text="Пока флажок снят, раздел видят только куратор и руководитель школы.",
    )
    intro = models.TextField(
        "о системе наставничества в школе",
        default=DEFAULT_INTRO,
        help_text="Показывается на главной странице раздела. Оформление: **жирный**, *курсив*, "
        "списки строками с «- », ссылки [текст](https://адрес).",
    )
    curator_contacts = models.TextField(
        "контакты куратора",
        blank=True,
        help_text="Телефон, e-mail, кабинет и часы приёма — то, что можно показать на сайте. "
        "Номера телефонов записываются так: +7 812 123-45-67.",
    )
    embed_origins = models.TextField(
        "сайты, на которых встраивается раздел",
        blank=True,
        help_text="Адрес сайта школы, по одному в строке, например https://school34.spb.ru. "
        "Встроить раздел на другие сайты браузер не позволит.",
    )
    description = models.CharField(
        "описание для поисковых систем",
        max_length=300,
        blank=True,
        help_text="Одно-два предложения; если пусто, составляется из названия школы.",
    )
    # Bumped whenever anything the section shows changes: part of every cache key. Never goes back to a
    # number used before, even after a backup is restored (see `next_version`).
    version = models.PositiveBigIntegerField("версия содержимого", default=1, editable=False)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    class Meta:
        verbose_name = "раздел «Наставничество» на сайте"
        verbose_name_plural = "раздел «Наставничество» на сайте"

    def __str__(self):
        return f"Раздел «Наставничество»: {self.school}"

    def clean(self):
        errors = {}
        try:
            parse_origins(self.embed_origins)
        except ValidationError as error:
            errors["embed_origins"] = error.messages
        try:
            self.curator_contacts = normalise_contacts(self.curator_contacts)  # phones as +7 XXX XXX-XX-XX
        except ValidationError as error:
            errors["curator_contacts"] = error.messages
        if errors:
            raise ValidationError(errors)

    @property
    def origins(self) -> list[str]:
        try:
            return parse_origins(self.embed_origins)
        except ValidationError:
            return []

    def save(self, *args, **kwargs):
        self.version = max((self.version or 0) + 1, clock_version())
        super().save(*args, **kwargs)

    @classmethod
    def bump(cls, school=None) -> None:
        """Make every cached page of the school stale: `school` is an id, a subquery of ids, or None for all."""
        if school is None:
            sections = cls.objects.all()
        elif isinstance(school, models.QuerySet):
            sections = cls.objects.filter(school_id__in=school)
        else:
            sections = cls.objects.filter(school_id=school)
        sections.update(version=Greatest(F("version") + 1, Value(clock_version())))


def clock_version() -> int:
    """Microseconds since 1970: the least next version. A restored backup brings back the versions of its
    day; were they only incremented, the next change would reuse a number whose cached pages (kept up to
    CACHE_SECONDS, in a shared cache even across restarts) show what the restored data no longer allows —
    a mentor whose consent is withdrawn after the restore. The clock never gives a number used before."""
    return time.time_ns() // 1000


def _random_path(folder: str, school_id, filename: str) -> str:
    # Random names: nobody can guess the address of a file that is not published.
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"public/{folder}/{school_id or 'common'}/{secrets.token_urlsafe(18)}{suffix}"


def news_image_path(instance, filename: str) -> str:
    return _random_path("news", instance.post.school_id, filename)


def act_file_path(instance, filename: str) -> str:
    return _random_path("acts", instance.school_id, filename)


class PostKind(models.TextChoices):
    NEWS = "news", "новость"
    ANNOUNCEMENT = "announcement", "анонс"


class NewsPostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, published_at__lte=timezone.now())


class NewsPost(models.Model):
    school = models.ForeignKey(
        "schools.School", verbose_name="образовательная организация", on_delete=models.CASCADE, related_name="news_posts"
    )
    kind = models.CharField("вид", max_length=20, choices=PostKind.choices, default=PostKind.NEWS)
    title = models.CharField("заголовок", max_length=300)
    lead = models.CharField("кратко", max_length=500, blank=True, help_text="Одно предложение для списка новостей и ленты RSS.")
    body = models.TextField(
        "текст",
        help_text="Абзацы разделяйте пустой строкой. Оформление: **жирный**, *курсив*, списки строками с «- », "
        "ссылки [текст](https://адрес), подзаголовки строкой с «## ».",
    )
    event_date = models.DateField("дата мероприятия", null=True, blank=True, help_text="Для анонса: когда пройдёт мероприятие.")
    is_published = models.BooleanField("опубликована", default=False)
    published_at = models.DateTimeField(
        "дата публикации", default=timezone.now, help_text="Запись с датой в будущем появится на сайте в этот день."
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="автор", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = "новость или анонс"
        verbose_name_plural = "новости и анонсы"
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["school", "-published_at"], name="newspost_school_date")]

    def __str__(self):
        return self.title

    def clean(self):
        if self.kind == PostKind.ANNOUNCEMENT and not self.event_date:
            raise ValidationError({"event_date": "Укажите дату мероприятия: без неё анонс не понять."})


class NewsImage(models.Model):
    post = models.ForeignKey(NewsPost, verbose_name="новость", on_delete=models.CASCADE, related_name="images")
    image = models.ImageField("изображение", upload_to=news_image_path, max_length=200)
    alt = models.CharField(
        "описание изображения",
        max_length=300,
        help_text="Что изображено — для незрячих посетителей и для версии без изображений.",
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "изображение"
        verbose_name_plural = "изображения"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.alt


class ActLevel(models.TextChoices):
    FEDERAL = "federal", "федеральный уровень"
    REGIONAL = "regional", "региональный уровень"
    MUNICIPAL = "municipal", "муниципальный уровень"
    SCHOOL = "school", "уровень образовательной организации"


class NormativeAct(models.Model):
    """An act of the normative base other than the school's own orders (those come from the order register)."""

    school = models.ForeignKey(
        "schools.School",
        verbose_name="образовательная организация",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="normative_acts",
        help_text="Пусто — общий документ, показывается всем школам.",
    )
    level = models.CharField("уровень", max_length=20, choices=ActLevel.choices)
    title = models.CharField("название", max_length=600, help_text="Вид, дата, номер и название, как в самом документе.")
    url = models.URLField("ссылка на официальный текст", max_length=500, blank=True)
    file = models.FileField("файл", upload_to=act_file_path, max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    is_published = models.BooleanField("показывать на сайте", default=True)

    # for_school(): the common acts (federal ones shipped with the portal) and the school's own.
    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "нормативный документ"
        verbose_name_plural = "нормативная база"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if not self.url and not self.file:
            raise ValidationError("Дайте ссылку на официальный текст или загрузите файл документа.")
