"""Forms built from a questionnaire's questions at run time (a school edits questions, not code)."""

from itertools import groupby

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms

from apps.catalogues.models import Competence, MentoringForm, Request

from .models import ChoiceSource, QuestionType

YES, NO = "yes", "no"
BOOLEAN_CHOICES = [(YES, "да"), (NO, "нет")]
TEXT_MAX_LENGTH = 500
NUMBER_MAX = 1000


def catalogue_queryset(source: str, school):
    """Items a teacher of `school` may pick for a question that takes its options from a catalogue."""
    if source == ChoiceSource.REQUESTS:
        return Request.objects.for_school(school)
    if source == ChoiceSource.COMPETENCES:
        return Competence.objects.for_school(school)
    if source == ChoiceSource.FORMS:
        return MentoringForm.objects.all()
    raise ValueError(f"unknown choice source {source!r}")


class CatalogueMultipleChoiceField(forms.ModelMultipleChoiceField):
    default_error_messages = {"invalid_choice": "Выберите варианты из списка.", "invalid_pk_value": "Выберите варианты из списка."}


class CatalogueChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": "Выберите вариант из списка."}


def question_field(question, school) -> forms.Field:
    """The form field for one question; labels, help and «required» come from the question."""
    common = {"label": question.text, "help_text": question.help_text, "required": question.required}
    type_ = question.type
    if type_ == QuestionType.TEXT:
        return forms.CharField(max_length=TEXT_MAX_LENGTH, **common)
    if type_ == QuestionType.TEXTAREA:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **common)
    if type_ == QuestionType.NUMBER:
        return forms.IntegerField(min_value=0, max_value=NUMBER_MAX, **common)
    if type_ == QuestionType.SCALE:
        choices = [(str(n), str(n)) for n in range(question.scale_min, question.scale_max + 1)]
        return forms.TypedChoiceField(choices=choices, coerce=int, empty_value=None, widget=forms.RadioSelect, **common)
    if type_ == QuestionType.BOOLEAN:
        return forms.ChoiceField(choices=BOOLEAN_CHOICES, widget=forms.RadioSelect, **common)
    if type_ in (QuestionType.CHOICE, QuestionType.MULTICHOICE):
        multiple = type_ == QuestionType.MULTICHOICE
        if question.choice_source:
            queryset = catalogue_queryset(question.choice_source, school)
            if multiple:
                return CatalogueMultipleChoiceField(queryset=queryset, widget=forms.CheckboxSelectMultiple, **common)
            return CatalogueChoiceField(queryset=queryset, widget=forms.RadioSelect, empty_label=None, **common)
        choices = [(c, c) for c in question.own_choices]
        if multiple:
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    raise ValueError(f"unknown question type {type_!r}")


def initial_value(question, value):
    """A stored answer (see services.serialize_answer) as the form field's initial value; None if it no longer fits."""
    if value in (None, "", []):
        return None
    try:
        if question.choice_source:
            items = value if isinstance(value, list) else [value]
            ids = [item["id"] for item in items]
            return ids if question.type == QuestionType.MULTICHOICE else ids[0]
        if question.type == QuestionType.BOOLEAN:
            return YES if value is True else NO if value is False else None
        if question.type == QuestionType.MULTICHOICE:
            return [str(v) for v in value] if isinstance(value, list) else None
        if question.type in (QuestionType.SCALE, QuestionType.CHOICE):
            return str(value)
        return value
    except (KeyError, TypeError, IndexError):
        return None


class QuestionnaireForm(forms.Form):
    """One field per question, named by its code; sections become fieldsets."""

    def __init__(self, *args, questionnaire, school, previous_answers=None, **kwargs):
        self.questionnaire = questionnaire
        self.questions = list(questionnaire.questions.all())
        previous_answers = previous_answers or {}
        initial = {}
        for question in self.questions:
            stored = previous_answers.get(question.code)
            if isinstance(stored, dict):
                value = initial_value(question, stored.get("value"))
                if value is not None:
                    initial[question.code] = value
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        for question in self.questions:
            self.fields[question.code] = question_field(question, school)
        self.helper = self._helper()

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True  # the page's own <form> carries the token
        blocks = []
        for section, questions in groupby(self.questions, key=lambda q: q.section):
            fields = []
            for question in questions:
                if question.type in (QuestionType.SCALE, QuestionType.BOOLEAN):
                    fields.append(InlineRadios(question.code))
                else:
                    fields.append(Field(question.code))
            blocks.append(Fieldset(section, *fields, css_class="survey-section mb-4"))
        helper.layout = Layout(*blocks)
        return helper

    def answers(self) -> dict:
        """Cleaned answers by question code: booleans as bool, scales as int, catalogue items as model objects."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.code)
            if question.type == QuestionType.BOOLEAN:
                value = True if value == YES else False if value == NO else None
            elif hasattr(value, "all") and not isinstance(value, list):
                value = list(value)
            answers[question.code] = value
        return answers


class PersonalDataConsentForm(forms.Form):
    agree = forms.BooleanField(
        label="Я даю согласие на обработку персональных данных на условиях, изложенных выше",
        error_messages={"required": "Без согласия на обработку персональных данных анкету заполнить нельзя."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
