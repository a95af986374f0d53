"""Filters of the coordinator's registries: choices limited to the coordinator's municipality."""

from django import forms

from apps.schools.models import School

from .selectors import district_competences, district_requests


class _RegistryFilter(forms.Form):
    q = forms.CharField(label="ФИО", required=False)
    school = forms.ModelChoiceField(label="Организация", queryset=School.objects.none(), required=False, empty_label="все")
    zapros = forms.ModelChoiceField(label="Профессиональный запрос", queryset=None, required=False, empty_label="все")

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(municipality=municipality).order_by("short_name")
        self.fields["zapros"].queryset = district_requests(municipality)

    def filters(self) -> dict:
        """Keyword arguments of the registry's selector; none when the form is empty or invalid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"school": data["school"], "request": data["zapros"], "q": data["q"].strip()}


class MentorRegistryFilter(_RegistryFilter):
    competence = forms.ModelChoiceField(label="Компетенция", queryset=None, required=False, empty_label="все")
    free_only = forms.BooleanField(label="Есть свободные места", required=False)

    field_order = ["q", "school", "competence", "zapros", "free_only"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, municipality=municipality, **kwargs)
        self.fields["competence"].queryset = district_competences(municipality)
        self.fields["zapros"].help_text = "Наставники, чьи компетенции закрывают этот запрос."

    def filters(self) -> dict:
        filters = super().filters()
        if filters:
            filters.update(competence=self.cleaned_data["competence"], free_only=self.cleaned_data["free_only"])
        return filters


class MenteeRegistryFilter(_RegistryFilter):
    pass


class AuthorityForm(forms.Form):
    """The body the district's analytical report is issued by."""

    authority = forms.CharField(
        label="Орган управления образованием",
        max_length=300,
        help_text="Полное наименование органа, от имени которого выпускается аналитическая справка района, например "
        "«Отдел образования администрации Невского района Санкт-Петербурга».",
        error_messages={"required": "Укажите наименование органа управления образованием."},
    )

    def clean_authority(self):
        value = " ".join(self.cleaned_data["authority"].split())
        if not any(ch.isalpha() for ch in value):
            raise forms.ValidationError("Укажите наименование органа управления образованием словами.")
        return value

    head_name = forms.CharField(
        label="ФИО руководителя органа", max_length=200, required=False,
        help_text="Полностью, фамилия первой: «Голова Наталья Александровна». Подписывает приказы района.",
    )
    head_position = forms.CharField(
        label="Должность руководителя", max_length=200, required=False, help_text="Например: «Начальник отдела образования».",
    )
