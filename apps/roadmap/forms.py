from django import forms

from .models import EventStatus
from .services import validate_done_on


class EventEditForm(forms.Form):
    """The curator's in-place edit of an event."""

    status = forms.ChoiceField(label="Статус", choices=EventStatus.choices)
    deadline = forms.DateField(
        label="Срок", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Укажите срок.", "invalid": "Введите дату в формате ДД.ММ.ГГГГ."},
    )
    responsible = forms.CharField(label="Ответственные", max_length=300, required=False)
    note = forms.CharField(label="Отметка о выполнении", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    done_on = forms.DateField(
        label="Дата выполнения", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Для выполненного мероприятия; пусто — сегодня.",
        error_messages={"invalid": "Введите дату в формате ДД.ММ.ГГГГ."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        self.fields["done_on"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]

    @classmethod
    def for_event(cls, event, data=None):
        initial = {
            "status": event.status,
            "deadline": event.deadline,
            "responsible": event.responsible,
            "note": event.note,
            "done_on": event.done_on,
        }
        return cls(data, initial=initial, prefix=f"event-{event.pk}")

    def clean_done_on(self):
        return validate_done_on(self.cleaned_data.get("done_on"))
