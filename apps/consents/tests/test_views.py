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


def test_giving_the_dissemination_consent(client, teacher_user, django_assert_max_num_queries):
    school = teacher_user.teacher.school
    school.address = "193231, Санкт-Петербург, ул. Коллонтай, д. 23"
    school.save()
    client.force_login(teacher_user)
    url = reverse("consents:give", args=["publication"])
    assert url in client.get("/").content.decode()
    with django_assert_max_num_queries(6):
        page = client.get(url).content.decode()
    assert "Согласие на обработку персональных данных, разрешённых субъектом персональных данных для распространения" in page
    assert "Версия текста 2" in page
    assert school.full_name in page and "ул. Коллонтай" in page
    assert reverse("public:home", args=[school.slug]) in page  # the information resource
    assert reverse("documents:my_consent_form", args=["consent_dissemination"]) in page

    # Bad input first: nothing agreed, then no name among the categories.
    response = client.post(url, {"categories": ["name"]})
    assert "Отметьте согласие, чтобы продолжить." in response.content.decode()
    response = client.post(url, {"agree": "on", "categories": ["photo"]})
    assert "Без фамилии, имени и отчества сведения о вас не публикуются" in response.content.decode()
    response = client.post(url, {"agree": "on", "categories": ["nonsense"]})
    assert response.status_code == 200
    assert not Consent.objects.exists()

    before = timezone.now()
    response = client.post(
        url, {"agree": "on", "categories": ["name", "position"], "conditions": "  Запрещаю копирование сведений.  "}, follow=True
    )
    assert "Согласие дано: распространение персональных данных на сайте." in response.content.decode()
    consent = Consent.objects.get()
    assert (consent.teacher, consent.kind, consent.source) == (teacher_user.teacher, "publication", "online")
    assert (consent.text.version, consent.categories, consent.conditions) == ("2", ["name", "position"], "Запрещаю копирование сведений.")
    assert consent.given_at >= before
    assert url not in response.content.decode()

    # Withdrawn online the same way as any other consent: the record stays with its time.
    response = client.post(reverse("consents:withdraw", args=[consent.pk]), follow=True)
    assert "больше не показываются в разделе «Наставничество»" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_at >= consent.given_at


def test_the_processing_consent_takes_the_subjects_details_optionally(client, teacher_user):
    client.force_login(teacher_user)
    url = reverse("consents:give", args=["personal_data"])
    page = client.get(url).content.decode()
    assert "Обработка другому лицу по поручению оператора не поручается." in page
    assert "3. Оператор, получающий согласие" in page and teacher_user.teacher.school.full_name in page
    assert "Видят только вы и куратор наставничества" in page
    client.post(url, {"agree": "on", "subject_address": "Санкт-Петербург, пр. Большевиков, д. 1, кв. 2", "subject_document": "паспорт 40 12 345678"})
    consent = Consent.objects.get()
    assert (consent.subject_address, consent.subject_document, consent.subject_document_issued) == (
        "Санкт-Петербург, пр. Большевиков, д. 1, кв. 2",
        "паспорт 40 12 345678",
        "",
    )
    assert consent.text.version == "2"
    # Kept out of the change history (the anonymisation clears the record itself).
    assert not hasattr(consent.history.first(), "subject_address")


def test_a_teachers_printable_forms_are_their_own(client, teacher_user, school_b):
    url = reverse("documents:my_consent_form", args=["consent_dissemination"])
    assert client.get(url).status_code == 302  # a visitor logs in first
    client.force_login(UserFactory(school=school_b))
    assert client.get(url).status_code == 404  # a login without a teacher's card
    client.force_login(teacher_user)
    assert client.get(reverse("documents:my_consent_form", args=["consent_mentor"])).status_code == 404
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_pair_consents_are_not_given_on_the_teachers_own(client, teacher_user):
    client.force_login(teacher_user)
    assert client.get(reverse("consents:give", args=["mentee_assignment"])).status_code == 404
    assert client.get(reverse("consents:give", args=["nonsense"])).status_code == 404
