from django import forms

from apps.catalogues.models import Request

from .models import MenteeStatus

BAND_CHOICES = [("", "все"), ("young", "молодые специалисты (до 35 лет, стаж до 3 лет)"), ("early", "до 35 лет, стаж 3–5 лет")]


class MenteeBankFilter(forms.Form):
    q = forms.CharField(label="ФИО", required=False)
    status = forms.ChoiceField(label="Статус", choices=[("", "все")] + MenteeStatus.choices, required=False)
    request = forms.ModelChoiceField(label="Запрос", queryset=Request.objects.none(), required=False, empty_label="все")
    subject = forms.CharField(label="Предмет", required=False)
    band = forms.ChoiceField(label="Категория", choices=BAND_CHOICES, required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = Request.objects.for_school(school)
