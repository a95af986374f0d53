"""A teacher's e-mail and phone through the real pages: the curator's card, the staff import."""

import datetime

import pytest
from django.urls import reverse

from apps.schools.models import School, Teacher
from apps.schools.staff_import import StaffImportError, staff_import, staff_list_xlsx

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:schools_teacher_add")
TODAY = datetime.date(2026, 11, 23)


def card(**changes):
    data = {
        "last_name": "Иванова",
        "first_name": "Мария",
        "patronymic": "Петровна",
        "gender": "f",
        "position": "учитель",
        "subjects": "математика",
        "is_employed": "on",
        "email": "",
        "phone": "",
    }
    return {**data, **changes}


def test_the_card_stores_the_number_and_address_in_one_written_form(client, curator_a, school_a):
    client.force_login(curator_a)
    response = client.post(ADD_URL, card(email=" M.Ivanova@School34.RU ", phone="8 (912) 345-67-89"))
    assert response.status_code == 302, response.content.decode()[:2000]
    teacher = Teacher.objects.get(school=school_a, last_name="Иванова")
    assert (teacher.email, teacher.phone) == ("M.Ivanova@school34.ru", "+7 912 345-67-89")


@pytest.mark.parametrize(
    ("field", "typed", "error"),
    [
        ("email", "m.ivanova@school34", "Введите адрес электронной почты целиком, например ivanova@school34.ru."),
        ("email", "ivanova@localhost", "Введите адрес электронной почты целиком, например ivanova@school34.ru."),
        ("phone", "345-67-89", "В номере телефона 11 цифр (с 8 или +7 в начале), например +7 912 345-67-89; здесь цифр: 7."),
        ("phone", "+1 212 555 0123", "Укажите российский номер: после «+» — 7, например +7 912 345-67-89."),
        ("phone", "8 912 345-67-89 (рабочий)", "В номере телефона могут быть только цифры, пробелы, скобки и дефисы, «+» — только в начале; например +7 912 345-67-89."),
    ],
)
def test_a_bad_number_or_address_is_a_field_error_in_russian(client, curator_a, field, typed, error):
    client.force_login(curator_a)
    response = client.post(ADD_URL, card(**{field: typed}))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [error]
    assert not Teacher.objects.filter(last_name="Иванова").exists()


def person(last_name, email, phone, **values):
    return {
        "last_name": last_name, "first_name": "Елена", "patronymic": "Александровна", "position": "учитель",
        "birth_date": datetime.date(1972, 7, 8), "teaching_since": datetime.date(1995, 9, 1),
        "email": email, "phone": phone, **values,
    }  # fmt: skip


def test_the_staff_import_writes_numbers_alike_and_refuses_bad_ones(school_a):
    good = person("Кузнецова", "Kuznetsova@School34.example", "89115550011")
    bad_phone = person("Орлова", "orlova@school34.example", "555-00-11")
    bad_email = person("Белова", "m.belova@school34", "+7 921 000-00-01")

    def run(*rows):
        return staff_import(school=school_a, content=staff_list_xlsx(rows), filename="list.xlsx", today=TODAY)

    with pytest.raises(StaffImportError) as caught:
        run(good, bad_phone, bad_email)
    messages = "\n".join(caught.value.messages)
    assert "«555-00-11» — в номере телефона 11 цифр (с 8 или +7 в начале)" in messages
    assert "«m.belova@school34» — введите адрес электронной почты целиком" in messages
    assert not Teacher.objects.filter(school=school_a).exists()

    run(good)
    teacher = Teacher.objects.get(school=school_a, last_name="Кузнецова")
    assert (teacher.email, teacher.phone) == ("kuznetsova@school34.example", "+7 911 555-00-11")
    # The same file again changes nothing: what is stored is the file's number written alike.
    assert run(good).unchanged == 1


def test_the_school_card_writes_its_number_alike(school_a):
    school_a.phone, school_a.email = "8 (812) 417-34-34", "School34@Spb.Edu.RU"
    school_a.full_clean()
    assert (school_a.phone, school_a.email) == ("+7 812 417-34-34", "School34@spb.edu.ru")
    school_a.save()
    assert School.objects.get(pk=school_a.pk).phone == "+7 812 417-34-34"
