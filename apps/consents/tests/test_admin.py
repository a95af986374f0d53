"""The consent in the back-office: the curator records a paper one with what it allows; the district never
sees a subject's identity document."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.consents.models import Consent, ConsentKind, ConsentText, PublicCategory
from apps.consents.services import consent_give
from apps.schools.tests.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_curator_records_a_paper_dissemination_consent_with_its_categories(client, curator_a, school_a):
    teacher = TeacherFactory(school=school_a, last_name="Бумажная")
    text = ConsentText.objects.current(ConsentKind.PUBLICATION)
    url = reverse("admin:consents_consent_add")
    client.force_login(curator_a)
    page = client.get(url).content.decode()
    assert "фотографическое изображение" in page and "Адрес субъекта" in page
    now = timezone.localtime()
    data = {
        "teacher": teacher.pk,
        "kind": ConsentKind.PUBLICATION,
        "text": text.pk,
        "given_at_0": now.strftime("%d.%m.%Y"),
        "given_at_1": now.strftime("%H:%M:%S"),
        "categories": [PublicCategory.PHOTO],
        "conditions": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Без фамилии, имени и отчества сведения о педагоге не публикуются" in response.content.decode()
    response = client.post(url, {**data, "categories": [PublicCategory.NAME, PublicCategory.PHOTO]})
    assert response.status_code == 302, response.context["adminform"].form.errors
    consent = Consent.objects.get(teacher=teacher)
    assert (consent.source, consent.categories) == (Consent.Source.PAPER, ["name", "photo"])
    change = client.get(reverse("admin:consents_consent_change", args=[consent.pk])).content.decode()
    assert "фамилия, имя, отчество, фотографическое изображение" in change


def test_the_district_coordinator_never_sees_the_subjects_identity_document(client, school_a):
    consent = consent_give(
        teacher=TeacherFactory(school=school_a), kind=ConsentKind.PERSONAL_DATA, subject={"subject_document": "паспорт 40 12 345678"}
    )
    coordinator = UserFactory(
        username="coordinator", municipality=school_a.municipality, is_staff=True, roles=[Role.COORDINATOR]
    )
    client.force_login(coordinator)
    response = client.get(reverse("admin:consents_consent_change", args=[consent.pk]))
    assert response.status_code == 200  # the district reads the consent itself
    assert "40 12 345678" not in response.content.decode()
