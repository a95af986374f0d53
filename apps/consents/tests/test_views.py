"""A teacher withdraws and gives their own consents on their page, and nobody else's."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.consents.models import Consent, ConsentKind
from apps.consents.services import consent_give
from apps.schools.tests.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent(teacher_user):
    return consent_give(teacher=teacher_user.teacher, kind=ConsentKind.PERSONAL_DATA)


def test_withdrawing_from_the_teachers_page(client, teacher_user, consent):
    client.force_login(teacher_user)
    home = client.get("/").content.decode()
    assert "Отозвать" in home
    assert reverse("consents:withdraw", args=[consent.pk]) in home
    assert "Дата отзыва будет сохранена" in home  # the confirmation text

    response = client.post(reverse("consents:withdraw", args=[consent.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    page = response.content.decode()
    assert "Согласие отозвано: обработка персональных данных." in page
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert f"отозвано {timezone.localtime(consent.withdrawn_at):%d.%m.%Y %H:%M}" in page
    assert Consent.objects.filter(pk=consent.pk).exists()
    assert reverse("consents:withdraw", args=[consent.pk]) not in page  # no button for a withdrawn one
    assert reverse("consents:give", args=["personal_data"]) in page  # it can be given again


def test_withdrawing_needs_post(client, teacher_user, consent):
    client.force_login(teacher_user)
    assert client.get(reverse("consents:withdraw", args=[consent.pk])).status_code == 405
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_another_teachers_consent_cannot_be_withdrawn(client, teacher_user, school_a, school_b):
    other_a = consent_give(teacher=TeacherFactory(school=school_a), kind=ConsentKind.PERSONAL_DATA)
    other_b = consent_give(teacher=TeacherFactory(school=school_b), kind=ConsentKind.PERSONAL_DATA)
    client.force_login(teacher_user)
    for consent in (other_a, other_b):
        assert client.post(reverse("consents:withdraw", args=[consent.pk])).status_code == 404
        consent.refresh_from_db()
        assert consent.withdrawn_at is None
    assert client.post(reverse("consents:withdraw", args=[999999])).status_code == 404


def test_anonymous_and_users_without_a_card_cannot_withdraw(client, consent, school_a):
    url = reverse("consents:withdraw", args=[consent.pk])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(UserFactory(school=school_a))
    assert client.post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_giving_the_publication_consent(client, teacher_user):
    client.force_login(teacher_user)
    url = reverse("consents:give", args=["publication"])
    assert url in client.get("/").content.decode()
    page = client.get(url).content.decode()
    assert "Согласие на публикацию сведений на сайте образовательной организации" in page
    response = client.post(url, {})
    assert "Отметьте согласие, чтобы продолжить." in response.content.decode()
    assert not Consent.objects.exists()
    response = client.post(url, {"agree": "on"}, follow=True)
    assert "Согласие дано: публикация сведений на сайте." in response.content.decode()
    consent = Consent.objects.get()
    assert (consent.teacher, consent.kind, consent.source) == (teacher_user.teacher, "publication", "online")
    assert url not in response.content.decode()


def test_pair_consents_are_not_given_on_the_teachers_own(client, teacher_user):
    client.force_login(teacher_user)
    assert client.get(reverse("consents:give", args=["mentee_assignment"])).status_code == 404
    assert client.get(reverse("consents:give", args=["nonsense"])).status_code == 404
