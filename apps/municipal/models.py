"""The district's own records, kept by the municipal coordinator: the contest «НАСТАВНИК + НАСТАВЛЯЕМЫЙ =
КОМАНДА» (nominations, criteria, jury, applications from schools, scores, places) and the settings of the
district's public page."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from apps.core.origins import parse_origins
from apps.roadmap.models import EventStatus

CONTEST_TITLE = "НАСТАВНИК + НАСТАВЛЯЕМЫЙ = КОМАНДА"
PRIZE_PLACES = 3  # places 1–3 are the winners; the others took part


class DistrictPage(models.Model):
    """The district's public page: its introduction and the sites allowed to embed it."""

    municipality = models.OneToOneField(
        "schools.Municipality", verbose_name="муниципалитет", on_delete=models.CASCADE, related_name="public_page"
    )
    intro = models.TextField(
        "о наставничестве в районе",
        blank=True,
        help_text="Несколько предложений для начала страницы района.",
    )
    embed_origins = models.TextField(
        "сайты, на которых встраивается страница",
        blank=True,
        help_text="Адрес сайта органа управления образованием или методического центра, по одному в строке, "
        "например https://edu.nevsky.ru. Встроить страницу на другие сайты браузер не позволит.",
    )

    class Meta:
        verbose_name = "страница района на сайте"
        verbose_name_plural = "страницы районов на сайте"

    def __str__(self):
        return f"Страница района: {self.municipality}"

    def clean(self):
        try:
            parse_origins(self.embed_origins)
        except ValidationError as error:
            raise ValidationError({"embed_origins": error.messages}) from None

    @property
    def origins(self) -> list[str]:
        try:
            return parse_origins(self.embed_origins)
        except ValidationError:
            return []


class Contest(models.Model):
    """A municipal contest of mentoring teams, one school year each."""

    municipality = models.ForeignKey(
        "schools.Municipality", verbose_name="муниципалитет", on_delete=models.PROTECT, related_name="contests"
    )
    title = models.CharField("название", max_length=300, default=CONTEST_TITLE)
    year_start = models.PositiveSmallIntegerField("учебный год (год начала)")
    description = models.TextField("условия конкурса", blank=True)
    applications_from = models.DateField("приём заявок с")
    applications_until = models.DateField("приём заявок по")
    results_on = models.DateField("подведение итогов")
    jury = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="жюри", blank=True, related_name="contests_judged")
    results_published_at = models.DateTimeField("итоги опубликованы", null=True, blank=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "муниципальный конкурс"
        verbose_name_plural = "муниципальные конкурсы"
        ordering = ["-year_start", "-applications_from", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year_start", "title"],
                name="contest_one_title_per_year",
                violation_error_message="Конкурс с таким названием в этом учебном году уже есть.",
            ),
            models.CheckConstraint(
                condition=models.Q(applications_from__lte=models.F("applications_until"))
                & models.Q(applications_until__lte=models.F("results_on")),
                name="contest_dates_in_order",
                violation_error_message="Даты идут по порядку: начало приёма заявок, окончание приёма, подведение итогов.",
            ),
        ]

    def __str__(self):
        return f"«{self.title}», {self.school_year}"

    @property
    def school_year(self) -> str:
        return f"{self.year_start}/{self.year_start + 1} учебный год"

    @property
    def has_results(self) -> bool:
        return self.results_published_at is not None

    def accepts_applications(self, today) -> bool:
        return not self.has_results and self.applications_from <= today <= self.applications_until

    def clean(self):
        errors = {}
        if self.applications_from and self.applications_until and self.applications_from > self.applications_until:
            errors["applications_until"] = "Приём заявок не может закончиться раньше, чем начался."
        if self.applications_until and self.results_on and self.applications_until > self.results_on:
            errors["results_on"] = "Итоги подводятся после окончания приёма заявок."
        if errors:
            raise ValidationError(errors)


class Nomination(models.Model):
    contest = models.ForeignKey(Contest, verbose_name="конкурс", on_delete=models.CASCADE, related_name="nominations")
    name = models.CharField("номинация", max_length=300)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "номинация"
        verbose_name_plural = "номинации"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="nomination_unique_per_contest")]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    contest = models.ForeignKey(Contest, verbose_name="конкурс", on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("критерий", max_length=300)
    max_score = models.PositiveSmallIntegerField("наибольший балл", default=10)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "критерий оценки"
        verbose_name_plural = "критерии оценки"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="criterion_unique_per_contest"),
            models.CheckConstraint(condition=models.Q(max_score__gte=1), name="criterion_max_score_positive"),
        ]

    def __str__(self):
        return f"{self.name} (0–{self.max_score})"


def application_file_path(application, filename: str) -> str:
    return f"contests/{application.contest_id}/{application.school_id}/materials{PurePath(filename).suffix.lower()}"


class Application(models.Model):
    """A school's team (a pair or group of its own) entered in a nomination by the school's curator."""

    contest = models.ForeignKey(Contest, verbose_name="конкурс", on_delete=models.CASCADE, related_name="applications")
    nomination = models.ForeignKey(Nomination, verbose_name="номинация", on_delete=models.PROTECT, related_name="applications")
    school = models.ForeignKey(
        "schools.School", verbose_name="образовательная организация", on_delete=models.PROTECT, related_name="contest_applications"
    )
    pair = models.ForeignKey("pairs.Pair", verbose_name="пара / группа", on_delete=models.PROTECT, related_name="contest_applications")
    title = models.CharField("название работы", max_length=300)
    description = models.TextField("описание работы команды")
    materials = models.FileField(
        "материалы (PDF)", upload_to=application_file_path, max_length=200, blank=True, help_text="Один файл PDF, не больше 20 МБ."
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="подал(а)", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("подана", auto_now_add=True)
    total = models.PositiveIntegerField("сумма баллов", null=True, blank=True, editable=False)
    place = models.PositiveSmallIntegerField("место", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "заявка на конкурс"
        verbose_name_plural = "заявки на конкурс"
        ordering = ["nomination__order", "place", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "pair"],
                name="application_one_per_pair",
                violation_error_message="Эта пара уже участвует в конкурсе.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.school})"

    @property
    def is_winner(self) -> bool:
        return self.place is not None and self.place <= PRIZE_PLACES


class Score(models.Model):
    application = models.ForeignKey(Application, verbose_name="заявка", on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name="критерий", on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="член жюри", on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField("балл")
    scored_at = models.DateTimeField("оценено", auto_now=True)

    class Meta:
        verbose_name = "оценка"
        verbose_name_plural = "оценки"
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion", "juror"], name="score_once_per_juror_and_criterion"),
        ]

    def __str__(self):
        return f"{self.application}: {self.criterion.name} — {self.value}"


class TargetGroup(models.TextChoices):
    CURATORS = "curators", "кураторы ОО"
    TEACHERS = "teachers", "педагоги ОО"
    MENTORS = "mentors", "педагоги-наставники ОО"


class RegistrationTarget(models.Model):
    """A share of a school's people to register in a community, e.g. «100 % кураторов ОО» in the regional
    Telegram group (seed 002, items 6.2 and 6.3); per municipality and school year."""

    municipality = models.ForeignKey(
        "schools.Municipality", verbose_name="муниципалитет", on_delete=models.CASCADE, related_name="registration_targets"
    )
    year_start = models.PositiveSmallIntegerField("учебный год (год начала)")
    channel = models.CharField("где регистрируются", max_length=300, help_text="Например: региональная группа «Наставничество» в Telegram.")
    group = models.CharField("кто", max_length=20, choices=TargetGroup.choices)
    percent = models.PositiveSmallIntegerField("цель, %")
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "цель регистрации"
        verbose_name_plural = "цели регистрации"
        ordering = ["year_start", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year_start", "channel", "group"],
                name="registration_target_unique",
                violation_error_message="Такая цель на этот учебный год уже есть.",
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=1, percent__lte=100),
                name="registration_target_percent_range",
                violation_error_message="Цель — от 1 до 100 %%.",
            ),
        ]

    def __str__(self):
        return f"{self.channel}: {self.percent} % — {self.get_group_display()}"


class SchoolRegistration(models.Model):
    """How many of the school's people are registered, as its curator or the coordinator entered it."""

    target = models.ForeignKey(RegistrationTarget, verbose_name="цель", on_delete=models.CASCADE, related_name="registrations")
    school = models.ForeignKey(
        "schools.School", verbose_name="образовательная организация", on_delete=models.CASCADE, related_name="registrations"
    )
    registered = models.PositiveIntegerField("зарегистрировано, чел.")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="внёс(ла)", on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "регистрация в сообществе"
        verbose_name_plural = "регистрации в сообществах"
        constraints = [models.UniqueConstraint(fields=["target", "school"], name="school_registration_unique")]

    def __str__(self):
        return f"{self.school}: {self.target} — {self.registered}"


class HelpTopic(models.TextChoices):
    REGULATIONS = "regulations", "Положение о системе наставничества"
    ROADMAP = "roadmap", "Дорожная карта"
    PROGRAMME = "programme", "Программа наставничества ОО"
    PERSONAL = "personal", "Персонализированные программы"
    DOCUMENTS = "documents", "Приказы и другие документы"
    OTHER = "other", "Другое"


class HelpQuestion(models.Model):
    """A school's question to the district (seed 002, 2.1: consultations on the Положение, the roadmap and
    the programme); the thread is its messages."""

    school = models.ForeignKey(
        "schools.School", verbose_name="образовательная организация", on_delete=models.CASCADE, related_name="help_questions"
    )
    topic = models.CharField("тема", max_length=20, choices=HelpTopic.choices)
    subject = models.CharField("вопрос кратко", max_length=200)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="задал(а)", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("задан", auto_now_add=True)
    last_message_at = models.DateTimeField("последнее сообщение", auto_now_add=True)
    answered = models.BooleanField("район ответил на последнее сообщение", default=False)
    closed_at = models.DateTimeField("закрыт", null=True, blank=True)

    class Meta:
        verbose_name = "вопрос району"
        verbose_name_plural = "вопросы району"
        ordering = ["-last_message_at", "-pk"]

    def __str__(self):
        return f"{self.subject} ({self.school})"


class HelpMessage(models.Model):
    question = models.ForeignKey(HelpQuestion, verbose_name="вопрос", on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="автор", on_delete=models.PROTECT, related_name="+")
    from_district = models.BooleanField("от района", default=False)
    text = models.TextField("текст")
    created_at = models.DateTimeField("отправлено", auto_now_add=True)

    class Meta:
        verbose_name = "сообщение"
        verbose_name_plural = "сообщения"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class MunicipalRoadmap(models.Model):
    """План мероприятий (дорожная карта) внедрения муниципальной целевой модели наставничества: per
    municipality and school year, its sections and items taken from the district plan (seed 002)."""

    municipality = models.ForeignKey(
        "schools.Municipality", verbose_name="муниципалитет", on_delete=models.CASCADE, related_name="roadmaps"
    )
    year_start = models.PositiveSmallIntegerField("учебный год (год начала)")
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "муниципальная дорожная карта"
        verbose_name_plural = "муниципальные дорожные карты"
        ordering = ["-year_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year_start"],
                name="municipal_roadmap_one_per_year",
                violation_error_message="Дорожная карта района на этот учебный год уже есть.",
            )
        ]

    def __str__(self):
        return f"Муниципальная дорожная карта на {self.year_start}/{self.year_start + 1} учебный год"


class MunicipalSection(models.Model):
    roadmap = models.ForeignKey(MunicipalRoadmap, verbose_name="дорожная карта", on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField("№ раздела")
    title = models.CharField("раздел", max_length=500)

    class Meta:
        verbose_name = "раздел"
        verbose_name_plural = "разделы"
        ordering = ["roadmap", "number"]
        constraints = [models.UniqueConstraint(fields=["roadmap", "number"], name="municipal_section_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class MunicipalItem(models.Model):
    section = models.ForeignKey(MunicipalSection, verbose_name="раздел", on_delete=models.CASCADE, related_name="items")
    number = models.CharField("№ п/п", max_length=10)
    title = models.TextField("мероприятие")
    deadline = models.DateField("срок")
    responsible = models.CharField("ответственный исполнитель", max_length=300, blank=True)
    result = models.CharField("результат, вид документа", max_length=500, blank=True)
    status = models.CharField("статус", max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED)
    done_on = models.DateField("выполнено", null=True, blank=True)
    note = models.TextField("отметка о выполнении", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "мероприятие муниципальной дорожной карты"
        verbose_name_plural = "мероприятия муниципальной дорожной карты"
        ordering = ["section__number", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="done", done_on__isnull=False) | (~models.Q(status="done") & models.Q(done_on__isnull=True)),
                name="municipal_item_done_on_iff_done",
                violation_error_message="У выполненного мероприятия должна быть дата выполнения, у остальных — нет.",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title[:80]}"


class DistrictOrderKind(models.TextChoices):
    ORGANISATION = "organisation", "Об организации наставничества в районе"
    COORDINATOR = "coordinator", "О назначении муниципального координатора"
    ROADMAP = "roadmap", "Об утверждении муниципальной дорожной карты"
    CONTEST = "contest", "О проведении конкурса"
    CONTEST_RESULTS = "contest_results", "Об итогах конкурса"


class DistrictOrderStatus(models.TextChoices):
    DRAFT = "draft", "проект"
    SIGNED = "signed", "подписан"


def district_order_scan_path(order, filename: str) -> str:
    return f"district-orders/{order.municipality_id}/{order.pk or 'new'}{PurePath(filename).suffix.lower()}"


class DistrictOrder(models.Model):
    """An order of the education authority: the coordinator prepares the draft, its head signs it on paper,
    the coordinator records the number, date and the signed scan; the text is frozen at that moment."""

    municipality = models.ForeignKey(
        "schools.Municipality", verbose_name="муниципалитет", on_delete=models.PROTECT, related_name="district_orders"
    )
    kind = models.CharField("вид", max_length=20, choices=DistrictOrderKind.choices)
    status = models.CharField("статус", max_length=10, choices=DistrictOrderStatus.choices, default=DistrictOrderStatus.DRAFT)
    contest = models.ForeignKey(Contest, verbose_name="конкурс", on_delete=models.PROTECT, null=True, blank=True, related_name="orders")
    roadmap = models.ForeignKey(
        MunicipalRoadmap, verbose_name="дорожная карта", on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )
    appointee_name = models.CharField("ФИО координатора", max_length=200, blank=True)
    appointee_position = models.CharField("должность координатора (кого?)", max_length=300, blank=True)
    number = models.CharField("номер", max_length=30, blank=True)
    date = models.DateField("дата", null=True, blank=True)
    year = models.PositiveSmallIntegerField("год регистрации", null=True, blank=True, editable=False)
    payload = models.JSONField("текст на момент подписания", default=dict, blank=True, editable=False)
    scan = models.FileField("скан подписанного приказа (PDF)", upload_to=district_order_scan_path, max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="подготовил(а)", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("подготовлен", auto_now_add=True)
    signed_recorded_at = models.DateTimeField("подписание внесено", null=True, blank=True)

    class Meta:
        verbose_name = "приказ района"
        verbose_name_plural = "приказы района"
        ordering = ["-date", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "number"],
                condition=models.Q(status="signed"),
                name="district_order_number_unique_per_year",
                violation_error_message="Приказ с таким номером в этом году уже зарегистрирован.",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | (~models.Q(number="") & models.Q(date__isnull=False)),
                name="district_order_signed_has_number_and_date",
                violation_error_message="У подписанного приказа есть номер и дата.",
            ),
        ]

    def __str__(self):
        if self.status == DistrictOrderStatus.SIGNED:
            return f"Приказ от {self.date:%d.%m.%Y} № {self.number} «{self.get_kind_display()}»"
        return f"Проект приказа «{self.get_kind_display()}»"

    @property
    def is_signed(self) -> bool:
        return self.status == DistrictOrderStatus.SIGNED
