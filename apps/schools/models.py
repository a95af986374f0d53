import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.contacts import EmailField, PhoneField
from apps.core.dates import add_years, full_years
from apps.core.org_names import decline_org_name

YOUNG_SPECIALIST_MAX_AGE = 35  # "до 35 лет" in the methodical recommendations
YOUNG_SPECIALIST_MAX_YEARS = 3  # "стаж 0–3 года"
EARLY_CAREER_MAX_YEARS = 5  # the district monitoring also counts "3–5 лет"

digits = RegexValidator(r"^\d*$", "Допустимы только цифры.")


class Municipality(models.Model):
    name = models.CharField("название", max_length=200, unique=True)
    region = models.CharField("субъект РФ", max_length=200, blank=True)
    authority = models.CharField(
        "орган управления образованием",
        max_length=300,
        blank=True,
        help_text="От его имени выпускается аналитическая справка района, например "
        "«Отдел образования администрации Невского района Санкт-Петербурга».",
    )
    slug = models.SlugField(
        "адрес страницы района",
        max_length=80,
        unique=True,
        null=True,
        blank=True,
        help_text="Латиницей, например nevsky: страница района на сайте — /nastavnichestvo/rayon/nevsky/.",
        error_messages={"unique": "Этот адрес уже занят другим муниципалитетом."},
    )
    head_name = models.CharField(
        "ФИО руководителя органа управления образованием",
        max_length=200,
        blank=True,
        help_text="Полностью, фамилия первой: «Голова Наталья Александровна». Подписывает приказы района.",
    )
    head_position = models.CharField(
        "должность руководителя", max_length=200, blank=True, help_text="Например: «Начальник отдела образования»."
    )

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["name"]

    def __str__(self):
        return self.name


class DateStyle(models.TextChoices):
    NUMERIC = "numeric", "05.06.2025"
    WORDS = "words", "5 июня 2025 г."


class School(models.Model):
    """Образовательная организация: the tenant every domain record belongs to."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT, related_name="schools"
    )
    full_name = models.CharField(
        "полное наименование", max_length=500, help_text="Точно как в уставе, для бланков документов."
    )
    full_name_genitive = models.CharField(
        "полное наименование в родительном падеже",
        max_length=500,
        blank=True,
        help_text="Кого? чего? — для текстов вида «Положение о системе наставничества педагогических работников …». "
        "Предлагается автоматически по полному наименованию; проверьте и при необходимости исправьте.",
    )
    full_name_dative = models.CharField(
        "полное наименование в дательном падеже",
        max_length=500,
        blank=True,
        help_text="Кому? чему? — для текстов вида «даю согласие …». Предлагается автоматически, как и родительный падеж.",
    )
    short_name = models.CharField("сокращённое наименование", max_length=200)
    slug = models.SlugField(
        "адрес раздела на сайте",
        unique=True,
        help_text="Латиницей: используется в адресе /nastavnichestvo/<адрес>/.",
    )
    director_name = models.CharField("ФИО руководителя", max_length=200)
    director_position = models.CharField("должность руководителя", max_length=200, default="Директор")
    curator = models.ForeignKey(
        "schools.Teacher",
        verbose_name="куратор наставничества",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField("адрес", max_length=500, blank=True)
    city = models.CharField("место издания документов", max_length=200, blank=True, help_text="Например, «Санкт-Петербург».")
    phone = PhoneField("телефон", max_length=100, blank=True, help_text="Например, +7 812 417-34-34.")
    email = EmailField("e-mail", blank=True)
    website = models.URLField("сайт", blank=True)
    inn = models.CharField("ИНН", max_length=12, blank=True, validators=[digits])
    kpp = models.CharField("КПП", max_length=9, blank=True, validators=[digits])
    ogrn = models.CharField("ОГРН", max_length=15, blank=True, validators=[digits])
    okpo = models.CharField("ОКПО", max_length=14, blank=True, validators=[digits])
    pd_processor = models.CharField(
        "обработка персональных данных по поручению",
        max_length=500,
        blank=True,
        help_text="Наименование (ФИО) и адрес лица, которому организация поручила обработку персональных данных "
        "педагогов (например, размещение портала у подрядчика), если поручила. Согласия на обработку персональных "
        "данных называют это лицо; если поле пустое, в них сказано, что обработка другому лицу не поручается.",
    )
    max_mentees_per_mentor = models.PositiveSmallIntegerField(
        "наставляемых у одного наставника, не более",
        default=2,
        help_text="Обычное ограничение локальных положений; школа может изменить.",
    )
    programme_min_months = models.PositiveSmallIntegerField("срок программы, от (мес.)", default=3)
    programme_max_months = models.PositiveSmallIntegerField("срок программы, до (мес.)", default=12)
    date_style = models.CharField(
        "формат дат в документах", max_length=10, choices=DateStyle.choices, default=DateStyle.WORDS
    )

    class Meta:
        verbose_name = "образовательная организация"
        verbose_name_plural = "образовательные организации"
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(programme_min_months__lte=models.F("programme_max_months")),
                name="school_programme_months_ordered",
                violation_error_message="Минимальный срок программы больше максимального.",
            ),
            models.CheckConstraint(
                condition=models.Q(max_mentees_per_mentor__gte=1),
                name="school_max_mentees_positive",
                violation_error_message="У наставника должно быть хотя бы одно место.",
            ),
        ]

    def __str__(self):
        return self.short_name

    def full_name_in(self, case: str) -> str:
        """The full name in "gen" or "dat": as the school checked it, else as suggested from the nominative."""
        stored = {"gen": self.full_name_genitive, "dat": self.full_name_dative}[case].strip()
        return stored or decline_org_name(self.full_name, case)


class PartnerKind(models.TextChoices):
    COLLEGE = "college", "педагогический колледж"
    UNIVERSITY = "university", "вуз"
    ENTERPRISE = "enterprise", "предприятие, социальный партнёр"


class PartnerOrganisation(models.Model):
    """A college, university or social partner whose students or staff take part in the school's mentoring."""

    school = models.ForeignKey(
        School, verbose_name="образовательная организация", on_delete=models.PROTECT, related_name="partners"
    )
    kind = models.CharField("вид организации", max_length=20, choices=PartnerKind.choices)
    name = models.CharField("полное наименование", max_length=500, help_text="Точно как в уставе.")
    name_genitive = models.CharField(
        "полное наименование в родительном падеже",
        max_length=500,
        blank=True,
        help_text="Кого? чего? — для «студент … колледжа». Пусто — предлагается автоматически по полному наименованию.",
    )
    short_name = models.CharField("сокращённое наименование", max_length=200)
    head_name = models.CharField("ФИО руководителя", max_length=200, help_text="Подписывает соглашение о сотрудничестве.")
    head_position = models.CharField("должность руководителя", max_length=200, default="Директор")
    head_basis = models.CharField(
        "руководитель действует на основании", max_length=200, default="Устава", help_text="В родительном падеже: «Устава», «доверенности от …»."
    )
    address = models.CharField("адрес", max_length=500, blank=True)
    phone = PhoneField("телефон", max_length=100, blank=True)
    email = EmailField("e-mail", blank=True)
    inn = models.CharField("ИНН", max_length=12, blank=True, validators=[digits])
    kpp = models.CharField("КПП", max_length=9, blank=True, validators=[digits])
    ogrn = models.CharField("ОГРН", max_length=15, blank=True, validators=[digits])

    class Meta:
        verbose_name = "организация-партнёр"
        verbose_name_plural = "организации-партнёры"
        ordering = ["short_name"]
        constraints = [
            models.UniqueConstraint(
                "school",
                Lower("short_name"),
                name="partner_unique_short_name_per_school",
                violation_error_message="Партнёр с таким сокращённым наименованием уже есть.",
            )
        ]

    def __str__(self):
        return self.short_name

    def name_in(self, case: str) -> str:
        """The full name in "gen" or "dat": as checked, else as suggested from the nominative."""
        stored = self.name_genitive.strip() if case == "gen" else ""
        return stored or decline_org_name(self.name, case)


class Affiliation(models.TextChoices):
    """Who the person is to the school: its staff, or somebody of a partner organisation."""

    STAFF = "staff", "работник организации"
    STUDENT = "student", "студент вуза/колледжа"
    LECTURER = "lecturer", "преподаватель вуза/колледжа"
    PARTNER = "partner", "работник социального партнёра"


# The partner kinds each outside affiliation belongs to.
AFFILIATION_PARTNER_KINDS = {
    Affiliation.STUDENT: (PartnerKind.COLLEGE, PartnerKind.UNIVERSITY),
    Affiliation.LECTURER: (PartnerKind.COLLEGE, PartnerKind.UNIVERSITY),
    Affiliation.PARTNER: (PartnerKind.ENTERPRISE,),
}


# Who is on each side of a pair in each mentoring form (catalogues.MentoringForm.code): (mentor, mentee).
FORM_PARTICIPANTS = {
    "teacher-teacher": (Affiliation.STAFF, Affiliation.STAFF),
    "head-teacher": (Affiliation.STAFF, Affiliation.STAFF),
    "employer-student": (Affiliation.STAFF, Affiliation.STUDENT),
    "university-young": (Affiliation.LECTURER, Affiliation.STAFF),
    "partner-teacher": (Affiliation.PARTNER, Affiliation.STAFF),
}
MENTOR_AFFILIATIONS = {mentor for mentor, _ in FORM_PARTICIPANTS.values()}
MENTEE_AFFILIATIONS = {mentee for _, mentee in FORM_PARTICIPANTS.values()}


def form_fits_people(code: str, *, mentor_affiliation: str, mentee_affiliation: str) -> bool:
    """Whether a pair of these two people can work in the form `code` (a form the list does not know: staff only)."""
    return FORM_PARTICIPANTS.get(code, (Affiliation.STAFF, Affiliation.STAFF)) == (mentor_affiliation, mentee_affiliation)


def form_refusal(form, *, mentor_teacher, mentee_teachers) -> str | None:
    """Why a pair of these people cannot have the mentoring form `form` (catalogues.MentoringForm), in words; None if it can."""
    for mentee in mentee_teachers:
        if not form_fits_people(form.code, mentor_affiliation=mentor_teacher.affiliation, mentee_affiliation=mentee.affiliation):
            return (
                f"Форма «{form.name}» не подходит: наставник — {mentor_teacher.get_affiliation_display()}, "
                f"наставляемый {mentee.short_name} — {mentee.get_affiliation_display()}."
            )
    return None


class Gender(models.TextChoices):
    MALE = "m", "мужской"
    FEMALE = "f", "женский"


def young_specialist(on: datetime.date) -> models.Q:
    """Staff under 35 with at most 3 years of teaching on day `on`: the bank's control group. A condition, so a
    count can filter by it in place (district monitoring counts every band of a district in one pass)."""
    return models.Q(
        affiliation=Affiliation.STAFF,
        is_employed=True,
        birth_date__gt=add_years(on, -YOUNG_SPECIALIST_MAX_AGE),
        teaching_since__gte=add_years(on, -YOUNG_SPECIALIST_MAX_YEARS),
        teaching_since__lte=on,
    )


def early_career(on: datetime.date) -> models.Q:
    """Staff under 35 with more than 3 and at most 5 years on day `on`: the band district monitoring counts apart."""
    return models.Q(
        affiliation=Affiliation.STAFF,
        is_employed=True,
        birth_date__gt=add_years(on, -YOUNG_SPECIALIST_MAX_AGE),
        teaching_since__gte=add_years(on, -EARLY_CAREER_MAX_YEARS),
        teaching_since__lt=add_years(on, -YOUNG_SPECIALIST_MAX_YEARS),
    )


class TeacherQuerySet(models.QuerySet):
    def staff(self):
        """The school's own employees: not the students, lecturers and partners' people who take part too."""
        return self.filter(affiliation=Affiliation.STAFF)

    def young_specialists(self, on: datetime.date | None = None):
        """Staff under 35 with at most 3 years of teaching: the bank's control group (young_specialist)."""
        return self.filter(young_specialist(on or timezone.localdate()))

    def early_career(self, on: datetime.date | None = None):
        """Under 35 with more than 3 and at most 5 years: the band district monitoring counts apart (early_career)."""
        return self.filter(early_career(on or timezone.localdate()))


class Teacher(models.Model):
    """A participant of the school's mentoring: a staff member (педагогический работник), or a student,
    lecturer or social partner's employee of one of the school's partner organisations (`affiliation`)."""

    school = models.ForeignKey(School, verbose_name="образовательная организация", on_delete=models.PROTECT, related_name="teachers")
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    patronymic = models.CharField("отчество", max_length=100, blank=True)
    gender = models.CharField(
        "пол", max_length=1, choices=Gender.choices, blank=True, help_text="Нужен для склонения ФИО в приказах."
    )
    affiliation = models.CharField(
        "кто это для организации", max_length=20, choices=Affiliation.choices, default=Affiliation.STAFF
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        verbose_name="организация-партнёр",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text="Для студента, преподавателя вуза/колледжа и работника социального партнёра.",
    )
    course = models.PositiveSmallIntegerField(
        "курс", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    speciality = models.CharField("специальность (направление подготовки)", max_length=300, blank=True)
    position = models.CharField(
        "должность", max_length=200, help_text="Для студента — «студент»; для преподавателя и работника партнёра — должность там."
    )
    subjects = models.CharField("предметы", max_length=500, blank=True, help_text="Через запятую.")
    birth_date = models.DateField("дата рождения", null=True, blank=True)
    teaching_since = models.DateField("дата начала педагогической деятельности", null=True, blank=True)
    email = EmailField("e-mail", blank=True)
    phone = PhoneField("телефон", max_length=50, blank=True, help_text="Например, +7 912 345-67-89.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="учётная запись",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teacher",
    )
    is_employed = models.BooleanField("работает в организации", default=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    objects = TeacherQuerySet.as_manager()
    # The audit trail: who changed what and when (the curator's «История» page).
    history = HistoricalRecords(excluded_fields=["updated_at"], verbose_name="педагог (история изменений)")

    class Meta:
        verbose_name = "педагог"
        verbose_name_plural = "педагоги"
        ordering = ["last_name", "first_name", "patronymic"]
        constraints = [
            models.UniqueConstraint(
                "school",
                Lower("email"),
                condition=~models.Q(email=""),
                name="teacher_unique_email_per_school",
                violation_error_message="Педагог с таким e-mail уже есть в этой организации.",
            ),
            models.CheckConstraint(
                condition=models.Q(teaching_since__isnull=True)
                | models.Q(birth_date__isnull=True)
                | models.Q(teaching_since__gt=models.F("birth_date")),
                name="teacher_teaching_after_birth",
                violation_error_message="Дата начала педагогической деятельности раньше даты рождения.",
            ),
        ]
        indexes = [models.Index(fields=["school", "last_name"])]

    def __str__(self):
        return self.full_name

    def clean(self):
        errors = {}
        if self.affiliation == Affiliation.STAFF:
            if self.organisation_id:
                errors["organisation"] = "Работник организации не относится к организации-партнёру: уберите её или выберите, кто это."
            if self.course or self.speciality:
                errors["course"] = "Курс и специальность указываются только для студента."
        else:
            if not self.organisation_id:
                errors["organisation"] = "Укажите организацию-партнёр, из которой этот участник."
            elif self.organisation.kind not in AFFILIATION_PARTNER_KINDS[self.affiliation]:
                wanted = "вуз или колледж" if self.affiliation != Affiliation.PARTNER else "предприятие — социального партнёра"
                errors["organisation"] = f"«{self.organisation}» — {self.organisation.get_kind_display()}; здесь нужен {wanted}."
            elif self.school_id and self.organisation.school_id != self.school_id:
                errors["organisation"] = "Эта организация-партнёр записана у другой образовательной организации."
            if self.affiliation == Affiliation.STUDENT and not self.course:
                errors["course"] = "Укажите курс студента."
            if self.affiliation != Affiliation.STUDENT and (self.course or self.speciality):
                errors["course"] = "Курс и специальность указываются только для студента."
        if errors:
            raise ValidationError(errors)

    @property
    def is_staff_member(self) -> bool:
        return self.affiliation == Affiliation.STAFF

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        """«Иванова М.П.», the form signatures and tables use."""
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip()

    def age(self, on: datetime.date | None = None) -> int | None:
        if not self.birth_date:
            return None
        return full_years(self.birth_date, on or timezone.localdate())

    def experience_years(self, on: datetime.date | None = None) -> int | None:
        """Full years of teaching on the given day."""
        if not self.teaching_since:
            return None
        return max(full_years(self.teaching_since, on or timezone.localdate()), 0)

    def experience_band(self, on: datetime.date | None = None) -> str:
        """'0-3' or '3-5' for teachers under 35 in those bands, '' otherwise (same rule as the queryset)."""
        on = on or timezone.localdate()
        if self.affiliation != Affiliation.STAFF:  # young specialists are the school's own staff
            return ""
        if not (self.birth_date and self.teaching_since) or self.age(on) >= YOUNG_SPECIALIST_MAX_AGE:
            return ""
        if self.teaching_since > on:
            return ""
        if self.teaching_since >= add_years(on, -YOUNG_SPECIALIST_MAX_YEARS):
            return "0-3"
        if self.teaching_since >= add_years(on, -EARLY_CAREER_MAX_YEARS):
            return "3-5"
        return ""

    def is_young_specialist(self, on: datetime.date | None = None) -> bool:
        return self.experience_band(on) == "0-3"

    @property
    def subject_list(self) -> list[str]:
        return [s.strip() for s in self.subjects.split(",") if s.strip()]
