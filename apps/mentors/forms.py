from django import forms

from apps.catalogues.models import Competence

from .models import MentorStatus


class MentorBankFilter(forms.Form):
    q = forms.CharField(label="ФИО", required=False)
    status = forms.ChoiceField(label="Статус", choices=[("", "все")] + MentorStatus.choices, required=False)
    competence = forms.ModelChoiceField(label="Компетенция", queryset=Competence.objects.none(), required=False, empty_label="все")
    subject = forms.CharField(label="Предмет", required=False)
    free_only = forms.BooleanField(label="Есть свободные места", required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = Competence.objects.for_school(school)
