"""E-mail addresses and Russian phone numbers: one check and one written form for every place they are entered.

- `validate_email`: Django's check, plus a domain with a dot in it. Django lets through `name@localhost`
  and addresses at a bare IP; a school's staff never have those, and `m.ivanova@school34` is a typo for
  `…@school34.ru`. `EmailField` is Django's model field with this check.
- `normalise_phone`: any way a Russian number is written (8…, +7…, 7…, spaces, brackets, dashes) becomes
  «+7 XXX XXX-XX-XX»; anything else is refused with a message saying what is expected. `PhoneField` is a
  model field that stores the written form (model validation calls `to_python`, so the admin's forms and
  every `full_clean` store it normalised; a save or a lookup takes the value as it is).
- `normalise_contacts`: a free text of contacts («тел. 8 (812) 417-34-34, e-mail …, кабинет 214»): its phone
  numbers rewritten, its e-mail addresses checked.
"""

import re

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models

EMAIL_MESSAGE = "Введите адрес электронной почты целиком, например ivanova@school34.ru."


class EmailValidator(validators.EmailValidator):
    """Django's e-mail check without its exceptions for `localhost` and IP addresses: the domain has a dot."""

    message = EMAIL_MESSAGE
    domain_allowlist = []

    def validate_domain_part(self, domain_part):
        return bool(self.domain_regex.match(domain_part))  # a name with a dot; no [IP address]


validate_email = EmailValidator()


def normalise_email(value: str) -> str:
    """The address without surrounding spaces, its domain in lower case (the part before @ is the mailbox's own)."""
    value = (value or "").strip()
    local, at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}" if at else value


class EmailFormField(forms.EmailField):
    default_validators = [validate_email]


class EmailField(models.EmailField):
    """Django's EmailField with `validate_email` (a dot in the domain); stored trimmed, domain in lower case."""

    default_validators = [validate_email]

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_email(value) if value else value

    def get_prep_value(self, value):
        # Django's CharField runs to_python on every save and lookup: the written form is made by
        # validation (full_clean), never on the way to the database.
        return models.Field.get_prep_value(self, value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": EmailFormField, **kwargs})


PHONE_EXAMPLE = "+7 912 345-67-89"
PHONE_FORMAT = "+7 {} {}-{}-{}"
PHONE_SEPARATORS = re.compile(r"[\s()\-‐‑‒–—.]+")


def normalise_phone(value: str) -> str:
    """A Russian phone number in its written form «+7 XXX XXX-XX-XX»; '' stays ''.

    Accepted: 11 digits starting with 8, 7 or +7, with spaces, brackets, dashes and dots anywhere. Ten digits
    are refused, not guessed: «812 417-34-34» could be a city number or a mobile one missing a digit.
    Anything else raises ValidationError with a message in Russian.
    """
    text = (value or "").strip()
    if not text:
        return ""
    plus = text.startswith("+")
    digits = PHONE_SEPARATORS.sub("", text[1:] if plus else text)
    if not digits.isdigit():
        raise ValidationError(
            f"В номере телефона могут быть только цифры, пробелы, скобки и дефисы, «+» — только в начале; например {PHONE_EXAMPLE}.",
            code="phone_characters",
        )
    if plus and not digits.startswith("7"):
        raise ValidationError(f"Укажите российский номер: после «+» — 7, например {PHONE_EXAMPLE}.", code="phone_country")
    if len(digits) != 11:
        raise ValidationError(
            f"В номере телефона 11 цифр (с 8 или +7 в начале), например {PHONE_EXAMPLE}; здесь цифр: {len(digits)}.",
            code="phone_length",
        )
    if not (digits[0] == "7" or (digits[0] == "8" and not plus)):
        raise ValidationError(f"Номер начинается с 8 или +7, например {PHONE_EXAMPLE}.", code="phone_prefix")
    return PHONE_FORMAT.format(digits[1:4], digits[4:7], digits[7:9], digits[9:])


class PhoneField(models.CharField):
    """A phone number stored as «+7 XXX XXX-XX-XX» (see `normalise_phone`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return normalise_phone(super().to_python(value))

    def get_prep_value(self, value):
        # As for EmailField: a number stored before (or by a bulk write) never fails a save or a lookup.
        return models.Field.get_prep_value(self, value)


# In a free text: an address (up to the first space), and a number that starts with +7 or 8 and has 11
# digits with separators between them (a cabinet number or a time is never taken for one).
EMAIL_IN_TEXT = re.compile(r"[^\s<>«»\"',;:()\[\]]+@[^\s<>«»\"',;:()\[\]]+")
PHONE_IN_TEXT = re.compile(r"(?<![\w+])(?:\+\s?7|8)(?:[\s()\-‐‑‒–—.]*\d){10}(?![\w])")


def normalise_contacts(text: str) -> str:
    """A text of contacts with its phone numbers in the written form; a malformed address is refused."""
    for address in EMAIL_IN_TEXT.findall(text or ""):
        address = address.rstrip(".")
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(f"Адрес «{address}» — {EMAIL_MESSAGE[0].lower()}{EMAIL_MESSAGE[1:]}", code="invalid") from None
    return PHONE_IN_TEXT.sub(lambda match: normalise_phone(match.group()), text or "")
