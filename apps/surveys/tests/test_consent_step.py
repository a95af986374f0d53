"""The consent comes first: nothing is stored before it, and it is stored with its text version and time."""

import pytest
from django.utils import timezone

from apps.consents.models import Consent, ConsentKind, ConsentText
from apps.mentees.models import Mentee
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.models import Invitation, Response

from .factories import link_of, make_invitation, mentee_answers

pytestmark = pytest.mark.django_db

CHECKBOX = "Я даю согласие на обработку персональных данных на условиях, изложенных выше"


@pytest.fixture
def teacher(school_a):
    return TeacherFactory(school=school_a)


def test_the_consent_page_shows_the_current_text_with_its_version(client, teacher):
    text = ConsentText.objects.current(ConsentKind.PERSONAL_DATA)
    page = client.get(link_of(make_invitation(teacher))).content.decode()
    assert text.title in page
    assert "152-ФЗ" in page
    assert f"Версия текста {text.version}" in page
    assert CHECKBOX in page


def test_questionnaire_answers_posted_before_consent_store_nothing(client, teacher):
    invitation = make_invitation(teacher)
    response = client.post(link_of(invitation), mentee_answers())
    assert response.status_code == 200
    assert CHECKBOX in response.content.decode()
    assert not Consent.objects.exists()
    assert not Response.objects.exists()
    assert not Mentee.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_the_checkbox_is_required(client, teacher):
    response = client.post(link_of(make_invitation(teacher)), {"step": "consent"})
    assert response.status_code == 200
    assert "Без согласия на обработку персональных данных анкету заполнить нельзя." in response.content.decode()
    assert not Consent.objects.exists()


def test_giving_consent_stores_version_and_time_and_nothing_else(client, teacher):
    invitation = make_invitation(teacher)
    url = link_of(invitation)
    before = timezone.now()
    response = client.post(url, {"step": "consent", "agree": "on"})
    assert response.status_code == 302
    assert response["Location"] == url
    consent = Consent.objects.get()
    assert consent.teacher == teacher
    assert consent.school == teacher.school
    assert consent.kind == ConsentKind.PERSONAL_DATA
    assert consent.text == ConsentText.objects.current(ConsentKind.PERSONAL_DATA)
    assert consent.source == Consent.Source.ONLINE
    assert before <= consent.given_at <= timezone.now()
    assert consent.withdrawn_at is None
    assert not Response.objects.exists()
    assert not Mentee.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None  # the link still leads to the questionnaire
    page = client.get(url).content.decode()
    assert "Отправить анкету" in page
    assert CHECKBOX not in page


def test_consent_is_not_given_twice(client, teacher):
    url = link_of(make_invitation(teacher))
    client.post(url, {"step": "consent", "agree": "on"})
    client.post(url, {"step": "consent", "agree": "on"})
    assert Consent.objects.count() == 1


def test_a_withdrawn_consent_brings_the_consent_step_back(client, teacher):
    from apps.consents.services import consent_withdraw

    url = link_of(make_invitation(teacher))
    client.post(url, {"step": "consent", "agree": "on"})
    consent_withdraw(consent=Consent.objects.get())
    response = client.post(url, mentee_answers())
    assert CHECKBOX in response.content.decode()
    assert not Response.objects.exists()
    assert not Invitation.objects.filter(used_at__isnull=False).exists()
