import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.schools.models import Teacher
from apps.schools.tests.factories import TeacherFactory

TODAY = datetime.date(2026, 11, 23)


def teacher(birth, since):
    return Teacher(last_name="Петров", first_name="Иван", patronymic="Сергеевич", birth_date=birth, teaching_since=since)


def test_age_counts_full_years_around_the_birthday():
    assert teacher(datetime.date(1991, 11, 23), None).age(TODAY) == 35
    assert teacher(datetime.date(1991, 11, 24), None).age(TODAY) == 34


def test_experience_counts_full_years_and_never_goes_negative():
    assert teacher(None, datetime.date(2023, 9, 1)).experience_years(TODAY) == 3
    assert teacher(None, datetime.date(2027, 9, 1)).experience_years(TODAY) == 0
    assert teacher(None, None).experience_years(TODAY) is None


@pytest.mark.parametrize(
    "birth, since, band, young",
    [
        (datetime.date(2000, 1, 1), datetime.date(2024, 9, 1), "0-3", True),
        (datetime.date(2000, 1, 1), datetime.date(2023, 11, 23), "0-3", True),  # exactly 3 years: still young
        (datetime.date(2000, 1, 1), datetime.date(2023, 11, 22), "3-5", False),
        (datetime.date(2000, 1, 1), datetime.date(2021, 11, 23), "3-5", False),  # exactly 5 years
        (datetime.date(2000, 1, 1), datetime.date(2021, 11, 22), "", False),
        (datetime.date(1991, 11, 23), datetime.date(2025, 9, 1), "", False),  # turned 35 today
        (datetime.date(1991, 11, 24), datetime.date(2025, 9, 1), "0-3", True),
        (None, datetime.date(2025, 9, 1), "", False),
    ],
)
def test_young_specialist_bands(birth, since, band, young):
    t = teacher(birth, since)
    assert t.experience_band(TODAY) == band
    assert t.is_young_specialist(TODAY) is young


@pytest.mark.django_db
def test_queryset_bands_agree_with_the_model(school_a):
    cases = [
        (datetime.date(2000, 1, 1), datetime.date(2024, 9, 1)),
        (datetime.date(2000, 1, 1), datetime.date(2023, 11, 23)),
        (datetime.date(2000, 1, 1), datetime.date(2022, 9, 1)),
        (datetime.date(1985, 1, 1), datetime.date(2025, 9, 1)),
        (datetime.date(1991, 11, 24), datetime.date(2025, 9, 1)),
    ]
    teachers = [TeacherFactory(school=school_a, birth_date=b, teaching_since=s) for b, s in cases]
    young = set(Teacher.objects.young_specialists(TODAY))
    early = set(Teacher.objects.early_career(TODAY))
    assert young == {t for t in teachers if t.experience_band(TODAY) == "0-3"}
    assert early == {t for t in teachers if t.experience_band(TODAY) == "3-5"}
    assert len(young) == 3 and len(early) == 1


def test_names():
    t = teacher(None, None)
    assert t.full_name == "Петров Иван Сергеевич"
    assert t.short_name == "Петров И.С."
    assert Teacher(last_name="Ли", first_name="Ирина").short_name == "Ли И."


@pytest.mark.django_db
def test_same_email_twice_in_a_school_is_rejected_in_russian(school_a, school_b):
    TeacherFactory(school=school_a, email="Ivanova@school.example")
    duplicate = TeacherFactory.build(school=school_a, email="ivanova@school.example")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Педагог с таким e-mail уже есть в этой организации." in str(error.value)
    # Another school may have its own teacher with that address.
    TeacherFactory.build(school=school_b, email="ivanova@school.example").full_clean()


@pytest.mark.django_db
def test_teaching_cannot_start_before_birth(school_a):
    t = TeacherFactory.build(school=school_a, birth_date=datetime.date(1990, 1, 1), teaching_since=datetime.date(1980, 1, 1))
    with pytest.raises(ValidationError, match="раньше даты рождения"):
        t.full_clean()
