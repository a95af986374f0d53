"""The order register and the school's document settings.

An `Order` is a numbered, dated act of the director. While it is a draft it is rendered
from the live data; `order_sign` freezes everything the PDF needs into `payload`, renders
the PDF once, stores it with its SHA-256 and from then on the order is only ever rendered
from that payload.
"""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class OrderKind(models.TextChoices):
    # The values are the KIND names of `manage.py render_document`.
    IMPLEMENTATION = "implementation_order", "о внедрении целевой модели наставничества"
    REGULATIONS = "regulations_order", "об утверждении Положения и Дорожной карты"
    CURATOR = "curator_order", "о назначении куратора"
    PAIRS = "pairs_order", "о закреплении наставнических пар (групп)"
    FINAL_EVENT = "final_event_order", "о проведении итогового мероприятия"
    COMPLETION = "completion_order", "о завершении программ наставничества"
    PROGRAMME = "programme_order", "об утверждении Программы наставничества"
    AWARDS = "awards_order", "о поощрении наставников"


class OrderStatus(models.TextChoices):
    DRAFT = "draft", "черновик"
    SIGNED = "signed", "подписан"


class VerbStyle(models.TextChoices):
    LINE = "line", "ПРИКАЗЫВАЮ:"
    SPACED = "spaced", "п р и к а з ы в а ю:"


def _token() -> str:
    return secrets.token_urlsafe(12)


def _private_path(prefix: str, instance, filename: str) -> str:
    """documents/<prefix>/<school>/<random>.<ext>: nobody can guess another file's address."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"documents/{prefix}/{instance.school_id}/{secrets.token_urlsafe(18)}{suffix}"


def order_pdf_path(instance, filename):
    return _private_path("orders", instance, filename)


def order_scan_path(instance, filename):
    return _private_path("scans", instance, filename)


class DocumentSettings(models.Model):
    """What a school's documents need beyond its requisites: numbering, grounds, pay."""

    school = models.OneToOneField(
        "schools.School", verbose_name="образовательная организация", on_delete=models.CASCADE, related_name="document_settings"
    )
    order_index = models.CharField(
        "индекс приказов по номенклатуре дел",
        max_length=20,
        blank=True,
        default="од",
        help_text="Добавляется к номеру через дефис: 45-од. Пусто — номер без индекса.",
    )
    verb_style = models.CharField(
        "распорядительная часть начинается словом", max_length=10, choices=VerbStyle.choices, default=VerbStyle.LINE
    )
    regional_grounds = models.TextField(
        "региональные и муниципальные акты",
        blank=True,
        help_text="По одному на строке, в творительном падеже — как после слов «В соответствии с»: "
        "«распоряжением Комитета по образованию Санкт-Петербурга от 30.03.2022 № 623-р „Об утверждении…“».",
    )
    school_grounds = models.TextField(
        "локальные акты организации",
        blank=True,
        help_text="По одному на строке, в творительном падеже, например «Уставом ГБОУ школы № 34». "
        "Положение о системе наставничества добавляется само, когда приказ о его утверждении подписан.",
    )
    mentor_allowance = models.DecimalField(
        "доплата наставнику, руб. в месяц",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Для дополнительного соглашения к трудовому договору и Положения. "
        "Пусто — размер устанавливается локальным актом об оплате труда.",
    )
    allowance_source = models.CharField(
        "источник доплаты", max_length=300, blank=True, default="за счёт стимулирующей части фонда оплаты труда"
    )
    meeting_frequency = models.CharField("встречи наставника и наставляемого", max_length=200, default="не реже двух раз в месяц")
    final_event_format = models.CharField(
        "итоговое мероприятие (по умолчанию)",
        max_length=300,
        default="круглый стол «Лучшие практики наставничества»",
    )

    class Meta:
        verbose_name = "настройки документов"
        verbose_name_plural = "настройки документов"

    def __str__(self):
        return f"Настройки документов: {self.school}"

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip().rstrip(",;") for line in text.splitlines() if line.strip()]


class Order(models.Model):
    """Приказ: one numbered, dated act of the director in the school's register."""

    school = models.ForeignKey(
        "schools.School", verbose_name="образовательная организация", on_delete=models.PROTECT, related_name="orders"
    )
    kind = models.CharField("вид приказа", max_length=30, choices=OrderKind.choices)
    status = models.CharField("статус", max_length=10, choices=OrderStatus.choices, default=OrderStatus.DRAFT)
    number = models.CharField(
        "номер", max_length=30, blank=True, help_text="Присваивается при подписании; предлагается следующий номер года."
    )
    date = models.DateField("дата", null=True, blank=True, help_text="Дата подписания.")
    # The year of `date`, kept apart so the database can hold numbers unique within a year.
    year = models.PositiveSmallIntegerField("год", null=True, blank=True, editable=False)
    # What the order is about, by kind.
    pairs = models.ManyToManyField(
        "pairs.Pair",
        verbose_name="наставнические пары и группы",
        blank=True,
        related_name="orders",
        help_text="Для приказов о закреплении пар, о завершении программ, об итоговом мероприятии.",
    )
    responsible = models.ForeignKey(
        "schools.Teacher",
        verbose_name="ответственный",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Куратор — в приказе о назначении куратора; руководитель рабочей группы; ответственный за итоговое "
        "мероприятие. Пусто — куратор организации.",
    )
    members = models.ManyToManyField(
        "schools.Teacher",
        verbose_name="рабочая группа",
        blank=True,
        related_name="+",
        help_text="Члены рабочей группы (приказ о внедрении целевой модели).",
    )
    roadmap = models.ForeignKey(
        "roadmap.Roadmap",
        verbose_name="дорожная карта",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        help_text="Утверждается приказом об утверждении Положения и Дорожной карты.",
    )
    event = models.ForeignKey(
        "roadmap.Event",
        verbose_name="мероприятие дорожной карты",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        help_text="Становится выполненным, когда приказ подписан.",
    )
    event_date = models.DateField("дата итогового мероприятия", null=True, blank=True)
    event_format = models.CharField("форма итогового мероприятия", max_length=300, blank=True)
    extra_grounds = models.TextField(
        "дополнительные основания",
        blank=True,
        help_text="По одному на строке, в творительном падеже (после слов «В соответствии с»).",
    )
    # Frozen at signing.
    payload = models.JSONField("данные подписанного приказа", null=True, blank=True, editable=False)
    pdf = models.FileField("PDF подписанного приказа", upload_to=order_pdf_path, blank=True, editable=False)
    file_sha256 = models.CharField("контрольная сумма SHA-256", max_length=64, blank=True, editable=False)
    scan = models.FileField(
        "скан подписанного приказа",
        upload_to=order_scan_path,
        blank=True,
        help_text="PDF, JPEG или PNG.",
    )
    scan_uploaded_at = models.DateTimeField("скан загружен", null=True, blank=True, editable=False)
    made_outside = models.BooleanField(
        "подписан вне портала",
        default=False,
        editable=False,
        help_text="Приказ подписан на бумаге без портала и внесён в реестр с номером, датой и сканом.",
    )
    published_at = models.DateTimeField(
        "опубликован на сайте",
        null=True,
        blank=True,
        editable=False,
        help_text="Подписанный приказ, показанный в нормативной базе раздела «Наставничество».",
    )
    token = models.CharField("ключ страницы проверки", max_length=32, unique=True, default=_token, editable=False)
    signed_at = models.DateTimeField("подписан в портале", null=True, blank=True, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="подписал",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="подготовил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    # The audit trail: who changed what and when (the curator's «История» page).
    history = HistoricalRecords(excluded_fields=["updated_at"], verbose_name="приказ (история изменений)")

    class Meta:
        verbose_name = "приказ"
        verbose_name_plural = "приказы"
        ordering = ["-date", "-pk"]
        permissions = [("sign_order", "Может подписывать приказы")]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "number"],
                condition=~models.Q(number=""),
                name="order_unique_number_per_school_year",
                violation_error_message="Приказ с таким номером в этом году уже есть.",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (~models.Q(number="") & models.Q(date__isnull=False) & models.Q(payload__isnull=False)),
                name="order_signed_has_number_date_payload",
                violation_error_message="У подписанного приказа должны быть номер, дата и зафиксированные данные.",
            ),
            models.CheckConstraint(
                condition=models.Q(made_outside=False) | (models.Q(status="signed") & ~models.Q(scan="")),
                name="order_made_outside_is_signed_with_scan",
                violation_error_message="Приказ, подписанный вне портала, вносится подписанным и со сканом.",
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(status="signed"),
                name="order_published_only_if_signed",
                violation_error_message="Опубликовать на сайте можно только подписанный приказ.",
            ),
        ]
        indexes = [models.Index(fields=["school", "kind", "status"])]

    def __str__(self):
        return f"Приказ {self.designation} {self.get_kind_display()}"

    @property
    def is_signed(self) -> bool:
        return self.status == OrderStatus.SIGNED

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def heading(self) -> str:
        """The «О …» heading as signed."""
        return (self.payload or {}).get("title") or self.get_kind_display().capitalize()

    @property
    def has_public_text(self) -> bool:
        """Whether the website can show a copy of the text (apps/documents/public_copy.py): an order signed in
        the portal has its frozen text; one entered with its scan only (signed outside) has none."""
        return self.is_signed and not self.made_outside and bool(self.payload)

    @property
    def designation(self) -> str:
        """«от 05.06.2025 № 45-од», or «(проект)» for a draft."""
        if not (self.number and self.date):
            return "(проект)"
        return f"от {self.date:%d.%m.%Y} № {self.number}"


class AwardKind(models.TextChoices):
    GRATITUDE = "gratitude", "благодарность"
    CERTIFICATE = "certificate", "почётная грамота"


class MentorAward(models.Model):
    """One mentor in an order о поощрении наставников: a благодарность or a почётная грамота, and what for."""

    order = models.ForeignKey(Order, verbose_name="приказ", on_delete=models.CASCADE, related_name="awards")
    mentor = models.ForeignKey("mentors.Mentor", verbose_name="наставник", on_delete=models.PROTECT, related_name="awards")
    kind = models.CharField("поощрение", max_length=20, choices=AwardKind.choices, default=AwardKind.GRATITUDE)
    reason = models.CharField(
        "за что",
        max_length=300,
        blank=True,
        help_text="Например: «за высокие результаты наставничества молодого педагога». Пусто — «за результативную "
        "работу в качестве наставника в … учебном году».",
    )

    class Meta:
        verbose_name = "поощрение наставника"
        verbose_name_plural = "поощрения наставников"
        ordering = ["order", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "mentor"], name="mentor_award_once_per_order", violation_error_message="Наставник уже включён в этот приказ."
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display().capitalize()}: {self.mentor}"
