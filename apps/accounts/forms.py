from django import forms


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="Код из приложения",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": "Введите шесть цифр из приложения-аутентификатора.", "required": "Введите код."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": r"\s*\d{6}\s*", "autofocus": True}
        ),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()
