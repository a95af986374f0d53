"""The filter above each bank's table; `selectors.filter_bank` takes the cleaned data as it is."""

from django import forms

from apps.catalogues.models import Competence, Request
from apps.mentees.models import MenteeStatus
from apps.mentors.models import MentorStatus

BAND_CHOICES = [("", "все"), ("young", "молодые специалисты (до 35 лет, стаж до 3 лет)"), ("early", "до 35 лет, стаж 3–5 лет")]


class MentorBankFilter(forms.Form):
    q = forms.CharField(label="ФИО", required=False)
    status = forms.ChoiceField(label="Статус", choices=[("", "все")] + MentorStatus.choices, required=False)
    competence = forms.ModelChoiceField(label="Компетенция", queryset=Competence.objects.none(), required=False, empty_label="все")
    subject = forms.CharField(label="Предмет", required=False)
    free_only = forms.BooleanField(label="Есть свободные места", required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = Competence.objects.for_school(school)


class MenteeBankFilter(forms.Form):
    q = forms.CharField(label="ФИО", required=False)
    status = forms.ChoiceField(label="Статус", choices=[("", "все")] + MenteeStatus.choices, required=False)
    request = forms.ModelChoiceField(label="Запрос", queryset=Request.objects.none(), required=False, empty_label="все")
    subject = forms.CharField(label="Предмет", required=False)
    band = forms.ChoiceField(label="Категория", choices=BAND_CHOICES, required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = Request.objects.for_school(school)
