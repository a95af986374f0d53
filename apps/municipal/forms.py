"""The coordinator's and the schools' forms; they only validate, the services decide."""

from django import forms
from django.utils import timezone

from apps.core.dates import school_year_start
from apps.pairs.models import Pair, PairStatus
from apps.roadmap.models import EventStatus

from .models import CONTEST_TITLE, Contest, DistrictOrderKind, HelpTopic, MunicipalRoadmap, Nomination, TargetGroup
from .services import jury_candidates

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REQUIRED = "Заполните это поле."


class ContestForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300, initial=CONTEST_TITLE, error_messages={"required": REQUIRED})
    year_start = forms.IntegerField(
        label="Учебный год (год начала)", min_value=2020, max_value=2100,
        help_text="Например, 2026 — для 2026/2027 учебного года.",
        error_messages={"required": REQUIRED, "invalid": "Введите год числом, например 2026."},
    )
    description = forms.CharField(label="Условия конкурса", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    applications_from = forms.DateField(label="Приём заявок с", widget=DATE_INPUT, error_messages={"required": REQUIRED, "invalid": "Введите дату."})
    applications_until = forms.DateField(label="Приём заявок по", widget=DATE_INPUT, error_messages={"required": REQUIRED, "invalid": "Введите дату."})
    results_on = forms.DateField(label="Подведение итогов", widget=DATE_INPUT, error_messages={"required": REQUIRED, "invalid": "Введите дату."})
    nominations = forms.CharField(
        label="Номинации", widget=forms.Textarea(attrs={"rows": 3}), help_text="По одной в строке.",
        error_messages={"required": "Укажите хотя бы одну номинацию."},
    )
    criteria = forms.CharField(
        label="Критерии оценки", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="По одному в строке; каждый оценивается от 0 до 10 баллов.",
        error_messages={"required": "Укажите хотя бы один критерий оценки."},
    )

    @classmethod
    def initial_for(cls, contest=None) -> dict:
        if contest is None:
            return {"title": CONTEST_TITLE, "year_start": school_year_start(timezone.localdate())}
        return {
            "title": contest.title, "year_start": contest.year_start, "description": contest.description,
            "applications_from": contest.applications_from, "applications_until": contest.applications_until,
            "results_on": contest.results_on,
            "nominations": "\n".join(n.name for n in contest.nominations.all()),
            "criteria": "\n".join(c.name for c in contest.criteria.all()),
        }


class JuryForm(forms.Form):
    jury = forms.ModelMultipleChoiceField(
        label="Члены жюри", queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Координаторы района и сотрудники школ района с доступом к порталу.",
    )

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["jury"]
        field.queryset = jury_candidates(contest.municipality)
        field.label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} — {user.school.short_name if user.school_id else 'муниципальный координатор'}"
        )


class ApplicationForm(forms.Form):
    nomination = forms.ModelChoiceField(label="Номинация", queryset=None, empty_label=None, error_messages={"required": REQUIRED})
    pair = forms.ModelChoiceField(
        label="Пара / группа", queryset=None, error_messages={"required": "Выберите пару или группу."},
        help_text="Работающая или завершившая программу пара вашей школы.",
    )
    title = forms.CharField(label="Название работы", max_length=300, error_messages={"required": REQUIRED})
    description = forms.CharField(
        label="Описание работы команды", widget=forms.Textarea(attrs={"rows": 5}), error_messages={"required": REQUIRED}
    )
    materials = forms.FileField(label="Материалы (PDF)", required=False, help_text="Один файл PDF, не больше 20 МБ.")

    def __init__(self, *args, contest, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = Nomination.objects.filter(contest=contest)
        self.fields["pair"].queryset = (
            Pair.objects.filter(school=school, status__in=(PairStatus.ACTIVE, PairStatus.COMPLETED))
            .exclude(contest_applications__contest=contest)
            .with_names()
        )


class DistrictPageForm(forms.Form):
    slug = forms.SlugField(
        label="Адрес страницы района", max_length=80,
        help_text="Латинские буквы, цифры и дефис: с этим адресом страница будет, например, /nastavnichestvo/rayon/nevsky/.",
        error_messages={"required": REQUIRED, "invalid": "Только латинские буквы, цифры и дефис, как в адресе /nastavnichestvo/rayon/nevsky/."},
    )
    intro = forms.CharField(label="О наставничестве в районе", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    embed_origins = forms.CharField(
        label="Сайты, на которых встраивается страница", widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text="Адрес сайта органа управления образованием, по одному в строке, например https://edu.nevsky.ru.",
    )


class ScoresForm(forms.Form):
    """One number field per application and criterion; an empty one is not scored yet."""

    def __init__(self, *args, applications, criteria, existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = []
        for application in applications:
            row = []
            for criterion in criteria:
                name = f"s_{application.pk}_{criterion.pk}"
                self.fields[name] = forms.IntegerField(
                    label=f"{application.title}: {criterion.name}",
                    min_value=0,
                    max_value=criterion.max_score,
                    required=False,
                    initial=existing.get((application.pk, criterion.pk)),
                    error_messages={
                        "invalid": "Введите целое число.",
                        "min_value": "Балл не меньше 0.",
                        "max_value": f"Балл не больше {criterion.max_score}.",
                    },
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm score-input", "min": 0, "max": criterion.max_score}),
                )
                row.append(self[name])
            self.cells.append((application, row))

    def values(self) -> dict[tuple[int, int], int]:
        values = {}
        for name, value in self.cleaned_data.items():
            if value is not None:
                _, application_id, criterion_id = name.split("_")
                values[(int(application_id), int(criterion_id))] = value
        return values


class TargetForm(forms.Form):
    channel = forms.CharField(
        label="Где регистрируются", max_length=300, error_messages={"required": REQUIRED},
        help_text="Например: региональная группа «Наставничество» в Telegram.",
    )
    group = forms.ChoiceField(label="Кто", choices=TargetGroup.choices, error_messages={"required": REQUIRED})
    percent = forms.IntegerField(
        label="Цель, %", min_value=1, max_value=100,
        error_messages={"required": REQUIRED, "invalid": "Введите число процентов.", "min_value": "Цель — от 1 до 100 %%.", "max_value": "Цель — от 1 до 100 %%."},
    )


class RegistrationsForm(forms.Form):
    """One number per (school, target): «r_<school>_<target>»; an empty field means «не внесено»."""

    def __init__(self, *args, schools, targets, existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for school in schools:
            row = []
            for target in targets:
                name = f"r_{school.pk}_{target.pk}"
                self.fields[name] = forms.IntegerField(
                    label=f"{school.short_name}: {target.channel}, {target.get_group_display()}",
                    min_value=0, max_value=1 if target.group == TargetGroup.CURATORS else 100000, required=False,
                    initial=existing.get((school.pk, target.pk)),
                    error_messages={
                        "invalid": "Введите целое число.",
                        "min_value": "Не меньше 0.",
                        "max_value": "Куратор в школе один: 0 или 1." if target.group == TargetGroup.CURATORS else "Слишком большое число.",
                    },
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 0}),
                )
                row.append(self[name])
            self.rows.append((school, row))

    def values_by_school(self) -> dict[int, dict[int, int | None]]:
        values: dict[int, dict[int, int | None]] = {}
        for name, value in self.cleaned_data.items():
            _, school_id, target_id = name.split("_")
            values.setdefault(int(school_id), {})[int(target_id)] = value
        return values


class QuestionForm(forms.Form):
    topic = forms.ChoiceField(label="Тема", choices=HelpTopic.choices, error_messages={"required": REQUIRED})
    subject = forms.CharField(label="Вопрос кратко", max_length=200, error_messages={"required": REQUIRED})
    text = forms.CharField(label="Подробно", widget=forms.Textarea(attrs={"rows": 5}), error_messages={"required": "Напишите текст сообщения."})


class MessageForm(forms.Form):
    text = forms.CharField(label="Сообщение", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Напишите текст сообщения."})


class MunicipalItemForm(forms.Form):
    deadline = forms.DateField(label="Срок", widget=DATE_INPUT, error_messages={"required": REQUIRED, "invalid": "Введите дату."})
    responsible = forms.CharField(label="Ответственный исполнитель", max_length=300, required=False)
    result = forms.CharField(label="Результат, вид документа", max_length=500, required=False)
    status = forms.ChoiceField(label="Статус", choices=EventStatus.choices)
    done_on = forms.DateField(
        label="Выполнено", widget=DATE_INPUT, required=False, help_text="Для выполненного: если пусто — сегодня.",
        error_messages={"invalid": "Введите дату."},
    )
    note = forms.CharField(label="Отметка о выполнении", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DistrictOrderForm(forms.Form):
    kind = forms.ChoiceField(label="Вид приказа", choices=DistrictOrderKind.choices)
    contest = forms.ModelChoiceField(
        label="Конкурс", queryset=None, required=False, empty_label="—", help_text="Для приказов о проведении конкурса и об его итогах."
    )
    roadmap = forms.ModelChoiceField(
        label="Дорожная карта района", queryset=None, required=False, empty_label="—", help_text="Для приказа об утверждении дорожной карты."
    )
    appointee_name = forms.CharField(
        label="ФИО назначаемого координатора", max_length=200, required=False,
        help_text="Полностью, фамилия первой: «Кондрашова Наталья Викторовна».",
    )
    appointee_position = forms.CharField(
        label="Должность назначаемого — кого?", max_length=300, required=False,
        help_text="В винительном падеже, как в тексте приказа «Назначить …, заведующего районным методическим кабинетом, …».",
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contest"].queryset = Contest.objects.filter(municipality=municipality)
        self.fields["roadmap"].queryset = MunicipalRoadmap.objects.filter(municipality=municipality)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in (DistrictOrderKind.CONTEST, DistrictOrderKind.CONTEST_RESULTS) and not data.get("contest"):
            self.add_error("contest", "Выберите конкурс.")
        if kind == DistrictOrderKind.ROADMAP and not data.get("roadmap"):
            self.add_error("roadmap", "Выберите дорожную карту района.")
        if kind == DistrictOrderKind.COORDINATOR:
            for name in ("appointee_name", "appointee_position"):
                if not data.get(name, "").strip():
                    self.add_error(name, REQUIRED)
        return data


class SignForm(forms.Form):
    number = forms.CharField(label="Номер", max_length=30, error_messages={"required": REQUIRED})
    date = forms.DateField(label="Дата подписания", widget=DATE_INPUT, error_messages={"required": REQUIRED, "invalid": "Введите дату."})
    scan = forms.FileField(label="Скан подписанного приказа (PDF)", error_messages={"required": "Загрузите скан подписанного приказа (PDF)."})
