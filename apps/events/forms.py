from django import forms

from apps.core.forms import https_urls
from apps.schools.models import Teacher

from .models import SCHOOL_KINDS, Event, EventKind
from .services import participant_role

EVENT_FIELDS = ["kind", "title", "starts_at", "place", "link", "description", "capacity", "registration_deadline"]


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = EVENT_FIELDS
        formfield_callback = https_urls
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "registration_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, for_school: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]
        if for_school:
            self.fields["kind"].choices = [(k.value, k.label) for k in SCHOOL_KINDS]
        else:
            self.fields["kind"].choices = [(k.value, k.label) for k in EventKind]
        for name, field in self.fields.items():
            css = "form-select" if name == "kind" else "form-control"
            if self.is_bound and name in self.errors:
                css += " is-invalid"
            field.widget.attrs["class"] = css


class TeacherChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, teacher):
        return f"{teacher.full_name} — {participant_role(teacher)}"


class RegistrationForm(forms.Form):
    teachers = TeacherChoiceField(
        label="Участники",
        queryset=Teacher.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": "Выберите хотя бы одного участника.", "invalid_choice": "Педагог не найден."},
    )

    def __init__(self, *args, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teachers"].queryset = teachers


class MaterialForm(forms.Form):
    title = forms.CharField(label="Название материала", max_length=300)
    file = forms.FileField(label="Файл", help_text="PDF, DOCX, PPTX, XLSX, JPEG или PNG, не больше 20 МБ.")
