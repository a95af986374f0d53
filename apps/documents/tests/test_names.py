"""Names and job titles in the cases the documents need, including the surnames that trip naive rules."""

import pytest

from apps.documents.names import PersonName, decline_position, declined, detect_gender, short_name, teacher_position
from apps.schools.models import Teacher


@pytest.mark.parametrize(
    "name, gender, case, expected",
    [
        # Гоголь: declines for a man, not for a woman.
        ("Гоголь Николай Васильевич", "m", "ins", "Гоголем Николаем Васильевичем"),
        ("Гоголь Анна Васильевна", "f", "ins", "Гоголь Анной Васильевной"),
        ("Гоголь Анна Васильевна", "f", "gen", "Гоголь Анны Васильевны"),
        # Шевченко: never declines.
        ("Шевченко Игорь Васильевич", "m", "dat", "Шевченко Игорю Васильевичу"),
        ("Шевченко Ольга Ивановна", "f", "acc", "Шевченко Ольгу Ивановну"),
        # Дурново-Сидорова: the first part stays, the second declines.
        ("Дурново-Сидорова Мария Петровна", "f", "acc", "Дурново-Сидорову Марию Петровну"),
        ("Дурново-Сидорова Мария Петровна", "f", "ins", "Дурново-Сидоровой Марией Петровной"),
        ("Дурново-Сидоров Пётр Ильич", "m", "dat", "Дурново-Сидорову Петру Ильичу"),
        # Ильин / Ильина.
        ("Ильин Илья Ильич", "m", "acc", "Ильина Илью Ильича"),
        ("Ильин Илья Ильич", "m", "ins", "Ильиным Ильёй Ильичом"),
        ("Ильина Ирина Ильинична", "f", "acc", "Ильину Ирину Ильиничну"),
        # Кузьмич: declines for a man only.
        ("Кузьмич Павел Олегович", "m", "gen", "Кузьмича Павла Олеговича"),
        ("Кузьмич Ольга Николаевна", "f", "gen", "Кузьмич Ольги Николаевны"),
        # Белых: never declines.
        ("Белых Сергей Петрович", "m", "ins", "Белых Сергеем Петровичем"),
        ("Белых Анна Сергеевна", "f", "dat", "Белых Анне Сергеевне"),
        # The examples of the issue.
        ("Иванова Мария Петровна", "f", "acc", "Иванову Марию Петровну"),
        ("Петров Иван Сергеевич", "m", "ins", "Петровым Иваном Сергеевичем"),
        ("Соловьёв Пётр Ильич", "m", "gen", "Соловьёва Петра Ильича"),
    ],
)
def test_full_names_decline_by_case_and_gender(name, gender, case, expected):
    assert declined(name, case, gender) == expected


@pytest.mark.parametrize(
    "name, case, expected",
    [
        ("Белых Сергей Петрович", "gen", "Белых Сергея Петровича"),
        ("Белых Анна Сергеевна", "gen", "Белых Анны Сергеевны"),
        ("Кузьмич Ольга Николаевна", "dat", "Кузьмич Ольге Николаевне"),
        ("Кузьмич Павел Олегович", "dat", "Кузьмичу Павлу Олеговичу"),
        ("Гоголь Анна Васильевна", "ins", "Гоголь Анной Васильевной"),
    ],
)
def test_gender_is_detected_when_not_stored(name, case, expected):
    assert declined(name, case) == expected


def test_detect_gender():
    assert detect_gender(last_name="Белых", first_name="Сергей", patronymic="Петрович") == "m"
    assert detect_gender(last_name="Белых", first_name="Анна", patronymic="Сергеевна") == "f"
    assert detect_gender(last_name="Белых") == ""


@pytest.mark.parametrize(
    "name, case, expected",
    [
        ("Иванова Мария Петровна", "nom", "Иванова М.П."),
        ("Иванова Мария Петровна", "dat", "Ивановой М.П."),
        ("Ильин Илья Ильич", "dat", "Ильину И.И."),
        ("Гоголь Анна Васильевна", "gen", "Гоголь А.В."),
        ("Шевченко Игорь", "dat", "Шевченко И."),
    ],
)
def test_initials_forms(name, case, expected):
    assert short_name(name, case) == expected


def test_signature_puts_initials_first():
    assert PersonName.parse("Сергеева Татьяна Александровна").signature() == "Т.А. Сергеева"
    assert PersonName.parse("Сергеева Татьяна Александровна").signature("dat") == "Т.А. Сергеевой"


@pytest.mark.parametrize(
    "position, case, expected",
    [
        ("учитель", "acc", "учителя"),
        ("учитель", "ins", "учителем"),
        ("учитель начальных классов", "gen", "учителя начальных классов"),
        ("педагог-психолог", "acc", "педагога-психолога"),
        ("педагог-психолог", "ins", "педагогом-психологом"),
        ("учитель-логопед", "dat", "учителю-логопеду"),
        ("социальный педагог", "dat", "социальному педагогу"),
        ("старший воспитатель", "gen", "старшего воспитателя"),
        ("заместитель директора по УВР", "ins", "заместителем директора по УВР"),
        ("педагог дополнительного образования", "acc", "педагога дополнительного образования"),
        ("директор", "gen", "директора"),
        ("советник директора по воспитанию", "dat", "советнику директора по воспитанию"),
        ("вожатая", "gen", "вожатая"),  # not recognised: left as written
    ],
)
def test_positions_decline_their_head(position, case, expected):
    assert decline_position(position, case) == expected


def test_teacher_position_names_the_subjects():
    assert teacher_position(Teacher(position="учитель", subjects="русский язык, литература")) == "учитель русского языка и литературы"
    assert teacher_position(Teacher(position="учитель", subjects="физика")) == "учитель физики"
    assert teacher_position(Teacher(position="учитель", subjects="шахматы")) == "учитель"
    assert teacher_position(Teacher(position="педагог-психолог", subjects="")) == "педагог-психолог"
