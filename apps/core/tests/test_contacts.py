"""E-mail and phone: one check and one written form (apps/core/contacts.py), on good and bad input."""

import pytest
from django.core.exceptions import ValidationError

from apps.core.contacts import EmailField, normalise_contacts, normalise_email, normalise_phone, validate_email
from apps.core.text import years, years_column


@pytest.mark.parametrize("address", ["ivanova@school34.ru", "m.ivanova@school34.spb.ru", "Ivanova@School34.RU", "ivanova@школа34.рф"])
def test_real_addresses_pass(address):
    validate_email(address)


@pytest.mark.parametrize(
    "address",
    ["m.ivanova@school34", "ivanova@localhost", "ivanova@[127.0.0.1]", "ivanova", "ivanova@", "@school34.ru", "iva nova@school34.ru", "ivanova@school34..ru", "ivanova@@school34.ru"],
)
def test_an_address_without_a_full_domain_is_refused_in_russian(address):
    with pytest.raises(ValidationError) as caught:
        validate_email(address)
    assert caught.value.messages == ["Введите адрес электронной почты целиком, например ivanova@school34.ru."]


def test_an_address_is_trimmed_and_its_domain_lowered_the_mailbox_kept():
    assert normalise_email("  M.Ivanova@School34.RU ") == "M.Ivanova@school34.ru"
    assert EmailField().clean(" M.Ivanova@School34.RU ", None) == "M.Ivanova@school34.ru"
    assert EmailField().formfield().clean("m.ivanova@school34.ru") == "m.ivanova@school34.ru"
    with pytest.raises(ValidationError) as caught:
        EmailField().formfield().clean("m.ivanova@school34")
    assert caught.value.messages == ["Введите адрес электронной почты целиком, например ivanova@school34.ru."]  # one message, not two


@pytest.mark.parametrize(
    "typed",
    ["+7 912 345-67-89", "+79123456789", "89123456789", "79123456789", "8 (912) 345-67-89", "8-912-345-67-89", "+7 (912) 345 67 89", " 8 912 345 67 89 ", "8.912.345.67.89", "8 912 345–67–89"],
)
def test_every_way_of_writing_a_number_gives_one_written_form(typed):
    assert normalise_phone(typed) == "+7 912 345-67-89"


def test_a_city_number_keeps_its_code():
    assert normalise_phone("8 (812) 417-34-34") == "+7 812 417-34-34"
    assert normalise_phone("") == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("912-34-56", "В номере телефона 11 цифр (с 8 или +7 в начале), например +7 912 345-67-89; здесь цифр: 7."),
        ("(812) 417-34-34", "В номере телефона 11 цифр (с 8 или +7 в начале), например +7 912 345-67-89; здесь цифр: 10."),
        ("8 912 345 67 89 0", "В номере телефона 11 цифр (с 8 или +7 в начале), например +7 912 345-67-89; здесь цифр: 12."),
        ("1 912 345 67 89", "Номер начинается с 8 или +7, например +7 912 345-67-89."),
        ("+8 912 345 67 89", "Укажите российский номер: после «+» — 7, например +7 912 345-67-89."),
        ("+375 29 123-45-67", "Укажите российский номер: после «+» — 7, например +7 912 345-67-89."),
        ("8 912 345 67 89 доб. 12", "В номере телефона могут быть только цифры, пробелы, скобки и дефисы, «+» — только в начале; например +7 912 345-67-89."),
        ("8 912 345+67 89", "В номере телефона могут быть только цифры, пробелы, скобки и дефисы, «+» — только в начале; например +7 912 345-67-89."),
        ("позвонить", "В номере телефона могут быть только цифры, пробелы, скобки и дефисы, «+» — только в начале; например +7 912 345-67-89."),
    ],
)
def test_anything_else_is_refused_saying_what_is_expected(typed, message):
    with pytest.raises(ValidationError) as caught:
        normalise_phone(typed)
    assert caught.value.messages == [message]


def test_a_text_of_contacts_gets_its_numbers_written_alike_and_its_addresses_checked():
    text = "Кабинет 214, вторник 15:00–17:00, тел. 8 (812) 417-34-34, моб. +7 912 3456789; curator@school34.ru."
    assert normalise_contacts(text) == (
        "Кабинет 214, вторник 15:00–17:00, тел. +7 812 417-34-34, моб. +7 912 345-67-89; curator@school34.ru."
    )
    assert normalise_contacts("") == ""
    markdown = "Телефон: +7 (812) 446-21-34, доб. 12\n\nE-mail: [nastavnik@school34.ru](mailto:nastavnik@school34.ru)"
    assert normalise_contacts(markdown) == "Телефон: +7 812 446-21-34, доб. 12\n\nE-mail: [nastavnik@school34.ru](mailto:nastavnik@school34.ru)"
    with pytest.raises(ValidationError) as caught:
        normalise_contacts("Пишите на m.ivanova@school34, отвечу.")
    assert caught.value.messages == ["Адрес «m.ivanova@school34» — введите адрес электронной почты целиком, например ivanova@school34.ru."]


def test_years_are_never_zero():
    assert [years(n) for n in (0, 1, 2, 5, 11, 21, 22)] == ["меньше года", "1 год", "2 года", "5 лет", "11 лет", "21 год", "22 года"]
    assert [years_column(n) for n in (0, 3, None)] == ["меньше года", 3, None]
