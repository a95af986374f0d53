"""The home page `/`: staff go to the back-office, a teacher sees their own card, pairs and consents."""

import pytest
from django.urls import reverse

from apps.consents.models import Consent, ConsentText
from apps.mentees.tests.factories import MenteeFactory
from apps.pairs.tests.factories import make_pair
from apps.schools.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_go_to_the_back_office(client, curator_a):
    client.force_login(curator_a)
    assert client.get("/")["Location"] == reverse("admin:index")


def test_teacher_sees_their_own_pair_and_consents_and_nobody_elses(client, teacher_user, school_a, django_assert_max_num_queries):
    teacher = teacher_user.teacher
    mentee = MenteeFactory(teacher=teacher, school=school_a)
    pair = make_pair(mentees=[mentee], school=school_a)
    other_pair = make_pair(school=school_a)
    Consent.objects.create(
        school=school_a, teacher=teacher, kind="personal_data", text=ConsentText.objects.current("personal_data")
    )
    client.force_login(teacher_user)
    with django_assert_max_num_queries(17):  # the page, «Что сделать», «Мои мероприятия», the reflection offers
        page = client.get("/").content.decode()
    assert teacher.full_name in page
    assert pair.mentor.teacher.full_name in page
    assert other_pair.mentor.teacher.full_name not in page
    assert "Обработка персональных данных (версия текста 2)" in page


def test_user_without_teacher_card_gets_an_explanation(client, school_a):
    client.force_login(UserFactory(school=school_a))
    assert "не связана с карточкой педагога" in client.get("/").content.decode()
