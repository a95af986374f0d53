from django import forms

from .models import FitAnswer


class FitForm(forms.Form):
    """«Подходит ли вам пара?» — asked of both sides after the first meeting."""

    answer = forms.ChoiceField(
        label="Подходит ли вам пара?",
        choices=FitAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Выберите ответ.", "invalid_choice": "Выберите один из предложенных ответов."},
    )
    comment = forms.CharField(
        label="Комментарий (необязательно)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ваш ответ и комментарий увидит только куратор.",
    )
