from django import forms
from django.utils import timezone

from .models import Meeting, MeetingRating, ProgrammeApproval


class ActivityDoneForm(forms.Form):
    comment = forms.CharField(
        label="Комментарий",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Что получилось, что осталось сделать"}),
    )


class MeetingForm(forms.ModelForm):
    """A meeting as a participant logs it; the mentor also sees the fields of their own notes."""

    class Meta:
        model = Meeting
        fields = ["held_on", "topic", "summary", "next_steps", "mentor_notes", "shared_with_mentee"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
            "mentor_notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"summary": "Что сделано", "shared_with_mentee": "Показать заметки наставляемому"}
        help_texts = {"mentor_notes": "Для себя: наблюдения, договорённости, что проверить в следующий раз."}

    def __init__(self, *args, is_mentor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_mentor:
            del self.fields["mentor_notes"]
            del self.fields["shared_with_mentee"]
        if not self.initial.get("held_on"):
            self.initial["held_on"] = timezone.localdate()  # the instance's empty date would win over field.initial
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_held_on(self):
        from .services import FUTURE_MEETING

        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(FUTURE_MEETING)
        return held_on


class MeetingFeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Встреча была",
        choices=MeetingRating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Оцените встречу.", "invalid_choice": "Выберите один из предложенных ответов."},
    )
    comment = forms.CharField(label="Коротко о встрече (необязательно)", required=False, max_length=500)


class ProgrammeOverviewFilter(forms.Form):
    DEFAULTS = {"status": "open", "only_overdue": False, "only_review": False, "stale_days": None}

    status = forms.ChoiceField(
        label="Пары",
        required=False,
        choices=[
            ("open", "работающие и формирующиеся"),
            ("active", "только работающие"),
            ("closed", "завершённые и расформированные"),
            ("all", "все"),
        ],
    )
    stale_days = forms.TypedChoiceField(
        label="Без активности",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "не важно"), ("14", "14+ дней"), ("28", "28+ дней")],
    )
    only_overdue = forms.BooleanField(label="только с просроченными", required=False)
    only_review = forms.BooleanField(label="на пересмотр", required=False)

    def clean_status(self):
        return self.cleaned_data["status"] or "open"


class ProgrammeApprovalForm(forms.ModelForm):
    """«Согласовано на заседании … протокол от … № …» and «Утверждаю … дата», as the curator enters them."""

    class Meta:
        model = ProgrammeApproval
        fields = ["body", "body_name", "agreed_on", "protocol_number", "approved_on"]
        widgets = {
            "agreed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "approved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"approved_on": "Дата утверждения директором"}
        help_texts = {"approved_on": "Пусто — директор ещё не утвердил программу: в документе останется строка для подписи и даты."}
        error_messages = {
            "agreed_on": {"required": "Укажите дату заседания.", "invalid": "Введите дату заседания, например 15.09.2026."},
            "approved_on": {"invalid": "Введите дату утверждения, например 16.09.2026."},
            "protocol_number": {"required": "Укажите номер протокола."},
            "body": {"required": "Выберите, кто согласовал программу."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate().isoformat()
        self.fields["agreed_on"].widget.attrs["max"] = today
        self.fields["approved_on"].widget.attrs["max"] = today
