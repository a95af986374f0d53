
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from apps.core.dates import add_months
from apps.core.text import plural

from .algorithm import BEST, COVER
from .models import MatchingSettings

MONTHS_DEFAULT = 9  # a school year, as the seeds' programmes run
MODE_CHOICES = [(BEST, "лучшее соответствие"), (COVER, "охватить всех")]
NOBODY = ""


def default_months(school) -> int:
    return min(max(MONTHS_DEFAULT, school.programme_min_months), school.programme_max_months)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class WeightsForm(forms.ModelForm):
    class Meta:
        model = MatchingSettings
        fields = ["requests_weight", "subject_weight", "form_weight", "capacity_weight", "experience_weight", "desired_weight"]
        widgets = {name: forms.NumberInput(attrs={"min": 0, "max": 10, "step": 1}) for name in fields}


class ModeForm(forms.Form):
    mode = forms.ChoiceField(
        label="Как распределять", choices=MODE_CHOICES, initial=BEST, widget=forms.RadioSelect(attrs={"class": "form-check-input"})
    )


class PairTermsForm(forms.Form):
    """Form of mentoring, start and length: what every new pair needs besides its people."""

    form = forms.TypedChoiceField(label="Форма наставничества", coerce=int)
    started_on = forms.DateField(label="Начало", widget=DateInput)
    months = forms.IntegerField(label="Срок, мес.")

    def __init__(self, *args, school, forms_list, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.forms_by_id = {f.pk: f for f in forms_list}
        self.fields["form"].choices = [(f.pk, f.name) for f in forms_list]
        self.fields["started_on"].initial = timezone.localdate()
        months = self.fields["months"]
        low, high = school.programme_min_months, school.programme_max_months
        months.validators += [MinValueValidator(low), MaxValueValidator(high)]  # the fields are this form's own copies
        months.widget.attrs.update(min=low, max=high)
        months.initial = default_months(school)
        months.help_text = f"По положению — от {low} до {high}."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("form") is not None:
            cleaned["form_object"] = self.forms_by_id[cleaned["form"]]
        if cleaned.get("started_on") and cleaned.get("months"):
            cleaned["planned_end_on"] = add_months(cleaned["started_on"], cleaned["months"])
        return cleaned


class DraftRowForm(PairTermsForm):
    """One row of the proposed assignment: the mentee's mentor (or nobody) and the pair's terms."""

    mentor = forms.TypedChoiceField(label="Наставник", coerce=int, empty_value=None, required=False)
    field_order = ["mentor", "form", "started_on", "months"]

    def __init__(self, *args, candidates, mentor_by_id, mentee_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        mentor = self.fields["mentor"]
        mentor.choices = [(NOBODY, "не назначать")] + [
            (c.mentor_id, f"{mentor_by_id[c.mentor_id].teacher.short_name}{candidate_mark(mentor_by_id[c.mentor_id])} — {score_text(c.score)}")
            for c in candidates
        ]
        mentor.error_messages["invalid_choice"] = (
            "Этого наставника уже нельзя предложить: у него не осталось свободных мест или он выбыл из банка."
        )
        # The table shows no labels: each control says what it is and for whom.
        for name, field in self.fields.items():
            css = "form-select form-select-sm" if name in ("mentor", "form") else "form-control form-control-sm"
            field.widget.attrs.update({"class": css, "aria-label": f"{field.label} — {mentee_name}"})
        mentor.widget.attrs["style"] = "min-width: 15rem"
        self.fields["form"].widget.attrs["style"] = "min-width: 11rem"


class ManualPairForm(PairTermsForm):
    """A pair or group put together by hand: one mentor, one or several mentees."""

    mentor = forms.TypedChoiceField(label="Наставник", coerce=int)
    mentees = forms.TypedMultipleChoiceField(
        label="Наставляемые", coerce=int, widget=forms.CheckboxSelectMultiple, help_text="Несколько человек — наставническая группа."
    )
    field_order = ["mentor", "mentees", "form", "started_on", "months"]

    def __init__(self, *args, mentors, mentees, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentor_by_id = {m.pk: m for m in mentors}
        self.mentee_by_id = {m.pk: m for m in mentees}
        self.fields["mentor"].choices = [("", "— выберите —")] + [(m.pk, mentor_label(m)) for m in mentors]
        self.fields["mentees"].choices = [(m.pk, m.teacher.full_name) for m in mentees]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mentor") is not None:
            cleaned["mentor_object"] = self.mentor_by_id[cleaned["mentor"]]
        cleaned["mentee_objects"] = [self.mentee_by_id[pk] for pk in cleaned.get("mentees", [])]
        return cleaned


CANDIDATE_MARK = "кандидат, не утверждён"


def candidate_mark(mentor) -> str:
    """« (кандидат, не утверждён)» after the name of a mentor who waits for approval; nothing otherwise."""
    return f" ({CANDIDATE_MARK})" if mentor.is_candidate else ""


def mentor_label(mentor) -> str:
    free = max(mentor.capacity - mentor.load, 0)
    places = f"свободно {free} из {mentor.capacity}" if free else f"мест нет ({mentor.capacity} из {mentor.capacity} заняты)"
    return f"{mentor.teacher.full_name}{candidate_mark(mentor)} — {places}"


def score_text(score: float) -> str:
    """«7,5 балла», «8 баллов»: a score as a curator reads it."""
    value = round(float(score), 1)
    sign = "−" if value < 0 else ""
    if value.is_integer():
        n = abs(int(value))
        return f"{sign}{n} {plural(n, 'балл', 'балла', 'баллов')}"
    return f"{sign}{abs(value):.1f} балла".replace(".", ",")  # a fraction takes the genitive singular
