import unicodedata

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.core.cache import cache

from . import services
from .models import User

PASSWORD_MISMATCH = "Пароли не совпадают."
# At most one «Забыли пароль?» e-mail per account in this time, however often the form is sent.
RESET_MAIL_PAUSE = 2 * 60


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


class LoginForm(auth_forms.AuthenticationForm):
    """The login name or the e-mail (apps.accounts.backends.EmailLoginBackend), and the password."""

    error_messages = {
        "invalid_login": "Неверный логин (e-mail) или пароль. Проверьте раскладку клавиатуры и клавишу Caps Lock.",
        "inactive": "Вход в портал заблокирован. Обратитесь к куратору наставничества.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.label = "Логин или e-mail"
        field.max_length = 254
        field.widget.attrs.update({"maxlength": 254, "autocomplete": "username", "autocapitalize": "none"})
        field.error_messages["required"] = "Введите логин или e-mail."
        self.fields["password"].label = "Пароль"
        self.fields["password"].error_messages["required"] = "Введите пароль."


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The back-office's login page asks the same way as the portal's; only staff get past it."""

    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": "Неверный логин (e-mail) или пароль, или у этой учётной записи нет доступа к рабочему столу "
        "куратора. Педагоги входят на главной странице портала.",
    }


def _password_fields(form):
    form.fields["new_password1"].label = "Новый пароль"
    form.fields["new_password2"].label = "Новый пароль ещё раз"
    form.fields["new_password2"].help_text = "Введите тот же пароль, чтобы не ошибиться."
    for name in ("new_password1", "new_password2"):
        form.fields[name].error_messages["required"] = "Введите пароль."


class PortalSetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form for a set-password link; the password is written by services.user_password_set."""

    error_messages = {"password_mismatch": PASSWORD_MISMATCH}

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        _password_fields(self)

    def save(self, commit=True):
        return services.user_password_set(user=self.user, password=self.cleaned_data["new_password1"])


def _same_email(a: str, b: str) -> bool:
    return unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()


class PortalPasswordResetForm(auth_forms.PasswordResetForm):
    """«Забыли пароль?»: the page always says the same, whether such an e-mail exists or not.

    Besides Django's rule (an active account with a password), an invited teacher who lost the
    invitation gets the link too; a blocked one never does. One e-mail per account per RESET_MAIL_PAUSE.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail"
        self.fields["email"].error_messages.update(
            {"required": "Введите e-mail.", "invalid": "Введите правильный адрес электронной почты."}
        )

    def get_users(self, email):
        for user in User._default_manager.filter(email__iexact=email, is_active=True):
            if not (user.has_usable_password() or user.invited_at) or not _same_email(email, user.email):
                continue
            if cache.add(f"accounts:reset-mail:{user.pk}", True, RESET_MAIL_PAUSE):
                yield user


class SetupCodeForm(forms.Form):
    """The printed sheet's login and one-time code, and the new password twice."""

    login = forms.CharField(
        label="Логин",
        max_length=150,
        error_messages={"required": "Введите логин с листа."},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    code = forms.CharField(
        label="Код",
        max_length=20,
        help_text="Восемь букв и цифр с листа; регистр и дефис не важны.",
        error_messages={"required": "Введите код с листа."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    new_password1, new_password2 = auth_forms.SetPasswordMixin.create_password_fields()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password_fields(self)

    def clean_code(self):
        code = services.normalise_code(self.cleaned_data["code"])
        if len(code) != services.CODE_LENGTH:
            raise forms.ValidationError(f"В коде {services.CODE_LENGTH} знаков: проверьте его по листу.")
        return code

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", PASSWORD_MISMATCH)
        return cleaned
