"""The public section shows a person only per their consent to dissemination (art. 10.1 of 152-ФЗ):
nothing without it or after its withdrawal, and of the categories only those it allows."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.catalogues.models import Competence
from apps.consents.models import Consent, ConsentKind, PublicCategory
from apps.consents.services import consent_give, consent_withdraw
from apps.mentors.tests.factories import MentorFactory

from .data import build_public_school

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def data(school_a):
    return build_public_school(school_a)


def page(client, school, name="mentors") -> str:
    response = client.get(reverse(f"public:{name}", args=[school.slug]))
    assert response.status_code == 200
    return response.content.decode()


def reconsent(teacher, categories, conditions=""):
    """The teacher withdraws the consent and gives a new one with other categories (a consent is never edited)."""
    consent_withdraw(consent=Consent.objects.active().get(teacher=teacher, kind=ConsentKind.PUBLICATION))
    return consent_give(teacher=teacher, kind=ConsentKind.PUBLICATION, categories=categories, conditions=conditions)


def test_without_a_dissemination_consent_nobody_is_shown(client, school_a, data):
    mentor = MentorFactory(teacher__school=school_a, teacher__last_name="Безсогласная", status="active")
    consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)  # processing alone is not enough
    assert "Безсогласная" not in page(client, school_a)
    assert data.shown.teacher.last_name in page(client, school_a)


def test_a_withdrawn_dissemination_consent_hides_the_person_and_the_photo(client, school_a, data):
    photo = reverse("public:mentor_photo", args=[school_a.slug, data.shown.pk])
    assert client.get(photo).getvalue().startswith(b"\xff\xd8\xff")  # the photo itself, read to its end (the file is closed)
    consent_withdraw(consent=Consent.objects.active().get(teacher=data.shown.teacher, kind=ConsentKind.PUBLICATION))
    assert data.shown.teacher.last_name not in page(client, school_a)
    assert client.get(photo).status_code == 404


def test_a_category_not_allowed_is_not_shown(client, school_a, data):
    teacher = data.shown.teacher
    teacher.subjects = "астрономия"
    teacher.save()
    photo = reverse("public:mentor_photo", args=[school_a.slug, data.shown.pk])
    competence = Competence.objects.create(school=school_a, name="Проектирование уроков по ФГОС")
    data.shown.competences.add(competence)
    html = page(client, school_a)
    assert photo in html and teacher.position.capitalize() in html and "астрономия" in html and competence.name in html

    reconsent(teacher, [PublicCategory.NAME, PublicCategory.SUBJECTS])  # name and subjects, no photo
    html = page(client, school_a)
    assert teacher.full_name in html and "Астрономия" in html
    assert photo not in html and client.get(photo).status_code == 404
    assert teacher.position.capitalize() not in html
    assert competence.name not in html

    reconsent(teacher, [PublicCategory.NAME, PublicCategory.PHOTO], conditions="Запрещаю копирование фотографии.")
    html = page(client, school_a)
    assert photo in html and client.get(photo).getvalue().startswith(b"\xff\xd8\xff")
    assert "астрономия" not in html.lower()
    assert "Условия и запреты, установленные субъектом персональных данных: Запрещаю копирование фотографии." in html


def test_the_curators_position_only_if_allowed(client, school_a, data):
    school_a.curator = data.shown.teacher
    school_a.save()
    teacher = data.shown.teacher
    assert teacher.position.capitalize() in page(client, school_a, "home")
    reconsent(teacher, [PublicCategory.NAME])
    html = page(client, school_a, "home")
    assert teacher.full_name in html and teacher.position.capitalize() not in html


def test_the_mentors_page_reads_a_fixed_number_of_queries(client, school_a, data, django_assert_max_num_queries):
    for n in range(10):
        mentor = MentorFactory(teacher__school=school_a, teacher__last_name=f"Наставникова{n}", status="active")
        consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)
        consent_give(teacher=mentor.teacher, kind=ConsentKind.PUBLICATION, categories=list(PublicCategory.values))
    cache.clear()
    with django_assert_max_num_queries(8):
        html = page(client, school_a)
    assert "Наставникова9" in html
