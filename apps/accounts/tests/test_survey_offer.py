"""A teacher who answered by her personal link is offered her own account — only she, only to her card's e-mail."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.accounts.tokens import survey_offer_token
from apps.schools.tests.factories import TeacherFactory, UserFactory
from apps.surveys.tests.factories import give_personal_data_consent, link_of, make_invitation, mentee_answers

pytestmark = pytest.mark.django_db

OFFER = "Создать учётную запись"


@pytest.fixture
def teacher(school_a):
    teacher = TeacherFactory(school=school_a, email="olga.petrova@school34.example")
    give_personal_data_consent(teacher)
    return teacher


def answer_by_link(client, teacher):
    invitation = make_invitation(teacher)
    response = client.post(link_of(invitation), mentee_answers())
    assert response["Location"] == reverse("surveys:thanks")
    return invitation, client.get(response["Location"]).content.decode()


def offer_token(page) -> str:
    return re.search(r'name="offer" value="([^"]+)"', page).group(1)


def test_the_thank_you_page_offers_an_account_that_arrives_by_e_mail(client, teacher):
    _, page = answer_by_link(client, teacher)
    assert OFFER in page and "o***@school34.example" in page and "olga.petrova@" not in page

    response = client.post(reverse("account_from_survey"), {"offer": offer_token(page)})
    assert response.status_code == 200 and "Письмо отправлено" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["olga.petrova@school34.example"]
    assert "Вы попросили учётную запись на странице анкеты" in message.body
    teacher.refresh_from_db()
    assert teacher.user.has_role(Role.TEACHER) and not teacher.user.has_usable_password()

    again = client.post(reverse("account_from_survey"), {"offer": offer_token(page)})
    assert "Письмо уже отправлено" in again.content.decode()
    assert len(mail.outbox) == 1


def test_the_used_link_page_offers_the_account_instead_of_a_cabinet_she_does_not_have(client, teacher):
    invitation, _ = answer_by_link(client, teacher)
    client.cookies.clear()
    page = client.get(link_of(invitation))
    assert page.status_code == 410
    text = page.content.decode()
    assert "Анкета по этой ссылке уже заполнена" in text and OFFER in text
    assert "войдите в личный кабинет" not in text


def test_a_teacher_with_a_login_is_sent_to_the_login_page(client, teacher):
    teacher.user = UserFactory(school=teacher.school, roles=[Role.TEACHER])
    teacher.save()
    _, page = answer_by_link(client, teacher)
    assert OFFER not in page and "У вас уже есть учётная запись" in page


def test_without_e_mail_the_page_sends_her_to_the_curator(client, teacher):
    teacher.email = ""
    teacher.save()
    _, page = answer_by_link(client, teacher)
    assert OFFER not in page and "выдать код первого входа" in page


def test_nothing_is_offered_to_a_blocked_account(client, teacher):
    teacher.user = UserFactory(school=teacher.school, is_active=False, roles=[Role.TEACHER])
    teacher.save()
    _, page = answer_by_link(client, teacher)
    assert "Личный кабинет на портале" not in page


def test_a_forged_or_stale_offer_is_refused(client, teacher, monkeypatch):
    assert client.post(reverse("account_from_survey"), {"offer": "forged"}).status_code == 400
    token = survey_offer_token(teacher)
    later = timezone.now() + datetime.timedelta(hours=3)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    assert client.post(reverse("account_from_survey"), {"offer": token}).status_code == 400
    assert not mail.outbox and not User.objects.filter(email=teacher.email).exists()


def test_the_offer_never_goes_to_an_address_typed_in(client, teacher):
    token = survey_offer_token(teacher)
    client.post(reverse("account_from_survey"), {"offer": token, "email": "attacker@example.org"})
    assert [m.to for m in mail.outbox] == [["olga.petrova@school34.example"]]


def test_the_thank_you_page_without_a_link_offers_nothing(client, school_a):
    page = client.get(reverse("surveys:thanks")).content.decode()
    assert "Личный кабинет на портале" not in page
