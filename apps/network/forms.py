from django import forms

from apps.catalogues.models import Request
from apps.core.dates import add_months
from apps.matching.forms import DateInput, default_months

NOTE_HELP = "Что важно знать школе наставника: запрос наставляемого, удобное время и формат встреч."


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, mentor):
        return f"{mentor.teacher.full_name} — {mentor.school.short_name}, {mentor.teacher.position} (свободно {mentor.capacity - mentor.load} из {mentor.capacity})"


class MenteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, mentee):
        return f"{mentee.teacher.full_name} — {mentee.school.short_name}, {mentee.teacher.position}"


class AskForm(forms.Form):
    """The mentee's curator asks a partner school for its mentor."""

    mentee = MenteeChoiceField(label="Наставляемый вашей организации", queryset=None, empty_label="— выберите —")
    mentor = MentorChoiceField(label="Наставник другой организации муниципалитета", queryset=None, empty_label="— выберите —")
    note = forms.CharField(
        label="Сообщение куратору школы наставника",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
    )

    def __init__(self, *args, mentees, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees
        self.fields["mentor"].queryset = mentors
        self.fields["mentee"].error_messages["invalid_choice"] = (
            "Этот наставляемый уже не ожидает наставника или для него есть запрос."
        )
        self.fields["mentor"].error_messages["invalid_choice"] = "У этого наставника нет свободных мест или он недоступен."


class ProposeForm(forms.Form):
    """The coordinator proposes a mentor of the registry for a waiting mentee of another school."""

    mentee = MenteeChoiceField(label="Наставляемый другой организации", queryset=None, empty_label="— выберите —")
    note = forms.CharField(
        label="Сообщение куратору школы наставника",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
    )

    def __init__(self, *args, mentees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees
        self.fields["mentee"].error_messages["invalid_choice"] = (
            "Этот наставляемый уже не ожидает наставника или для него есть запрос."
        )


class RequestFilterForm(forms.Form):
    """?zapros=<id>: the professional request the registry was filtered by (as in apps/district's filters)."""

    zapros = forms.ModelChoiceField(
        label="Профессиональный запрос", queryset=Request.objects.all(), required=False, empty_label="любой"
    )

    def chosen(self):
        return self.cleaned_data.get("zapros") if self.is_valid() else None


class AcceptForm(forms.Form):
    started_on = forms.DateField(label="Начало работы пары", widget=DateInput())
    planned_end_on = forms.DateField(label="Плановое окончание", widget=DateInput())
    reason = forms.CharField(label="Комментарий (необязательно)", required=False, max_length=2000)

    @classmethod
    def for_request(cls, request, *, today, data=None, prefix=None):
        school = request.mentee.school
        initial = {"started_on": today, "planned_end_on": add_months(today, default_months(school))}
        return cls(data, initial=initial, prefix=prefix)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_on"), cleaned.get("planned_end_on")
        if start and end and end <= start:
            self.add_error("planned_end_on", "Плановое окончание должно быть позже начала.")
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Причина отказа",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Укажите причину отказа: её увидит школа, которая просила наставника."},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Причина (необязательно)", required=False, max_length=2000)
