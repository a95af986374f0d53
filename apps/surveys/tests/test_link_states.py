"""A personal link answers with a clear Russian page in every state, and never with a 500."""

import datetime

import pytest
from django.utils import timezone

from apps.consents.models import Consent
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.models import Invitation

from .factories import give_personal_data_consent, link_of, make_invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(school_a):
    return TeacherFactory(school=school_a)


def test_a_fresh_link_opens_the_consent_step(client, teacher):
    response = client.get(link_of(make_invitation(teacher)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Согласие на обработку персональных данных" in page
    assert teacher.full_name in page
    assert "no-store" in response["Cache-Control"]  # a personal link's page is never kept by a browser or proxy


def test_a_link_with_consent_opens_the_questionnaire(client, teacher):
    give_personal_data_consent(teacher)
    page = client.get(link_of(make_invitation(teacher))).content.decode()
    assert "Анкета молодого педагога: профессиональные запросы" in page
    assert "Отправить анкету" in page


@pytest.mark.parametrize(
    "change, status, text",
    [
        ({"used_at": timezone.now()}, 410, "Анкета по этой ссылке уже заполнена"),
        ({"expires_at": timezone.now() - datetime.timedelta(minutes=1)}, 410, "Срок действия ссылки истёк — попросите куратора прислать новую"),
        ({"revoked_at": timezone.now()}, 410, "Ссылка отозвана"),
    ],
)
def test_a_link_that_no_longer_works_says_why(client, teacher, change, status, text):
    invitation = make_invitation(teacher)
    Invitation.objects.filter(pk=invitation.pk).update(**change)
    for method in (client.get, client.post):
        response = method(link_of(invitation))
        assert response.status_code == status
        assert text in response.content.decode()
    assert not Consent.objects.exists()


def test_a_revoked_link_through_the_service(client, teacher):
    from apps.surveys.services import invitation_revoke

    invitation = invitation_revoke(invitation=make_invitation(teacher))
    assert client.get(link_of(invitation)).status_code == 410


GARBAGE = [
    "x",
    "abc:def",
    "abc:def:ghi",
    ".eJyrVkpKLUpVslJKSixOVaoFAC4KBcw:1xVSnd:tampered",
    "eyJuIjoiZTc5MDEwOWE1OTAwYWE3YTk0OWViNDQ2MGFiMWUxMzQifQ:1xVSnd:BTMzZwIqxfw3vQe-AsLKolCCM0Low8TGzIOSfnt--nk",
    "%00",
    "%FF%FE",
    "ссылка",
    "'; DROP TABLE surveys_invitation; --",
    "a/b/c",
    "..%2F..%2Fetc%2Fpasswd",
    "<script>alert(1)</script>",
    "A" * 5000,
    ":" * 300,
    "🙂",
]


@pytest.mark.parametrize("token", GARBAGE)
def test_garbage_tokens_get_the_invalid_link_page(client, token):
    for method in (client.get, client.post):
        response = method(f"/anketa/l/{token}/")
        assert response.status_code == 404, token
        assert "Ссылка недействительна" in response.content.decode()


def test_a_token_signed_for_something_else_is_invalid(client, teacher):
    from django.core import signing

    invitation = make_invitation(teacher)
    forged = signing.dumps({"n": invitation.nonce}, salt="another.salt", compress=True)
    assert client.get(f"/anketa/l/{forged}/").status_code == 404
    wrong_shape = signing.dumps(["not", "a", "dict"], salt="surveys.invitation")
    assert client.get(f"/anketa/l/{wrong_shape}/").status_code == 404
    unknown = signing.dumps({"n": "0" * 32}, salt="surveys.invitation", compress=True)
    assert client.get(f"/anketa/l/{unknown}/").status_code == 404


def test_a_link_cannot_be_submitted_twice(client, teacher):
    from .factories import mentee_answers

    give_personal_data_consent(teacher)
    url = link_of(make_invitation(teacher))
    assert client.post(url, mentee_answers()).status_code == 302
    response = client.post(url, mentee_answers())
    assert response.status_code == 410
    assert "Анкета по этой ссылке уже заполнена" in response.content.decode()
