"""The help channel: a school's curator asks the district, the coordinator answers, both see the thread;
nobody else does."""

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.schools.tests.factories import UserFactory

from ..models import HelpMessage, HelpQuestion
from .data import build_district

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(school_a):
    return build_district(school_a)


def test_an_empty_question_gets_russian_errors(client, district):
    client.force_login(district.curator)
    response = client.post(reverse("pomoshch:list"), {"topic": "regulations", "subject": "", "text": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"subject": ["Заполните это поле."], "text": ["Напишите текст сообщения."]}
    assert not HelpQuestion.objects.exists()


def test_the_curator_asks_the_coordinator_answers_both_see_the_thread(client, district, django_assert_max_num_queries):
    client.force_login(district.curator)
    response = client.post(
        reverse("pomoshch:list"),
        {"topic": "regulations", "subject": "Срок программы в Положении", "text": "Можно ли указать срок от 3 месяцев до года?"},
    )
    question = HelpQuestion.objects.get()
    assert response["Location"] == reverse("pomoshch:question", args=[question.pk])
    assert question.school == district.school and not question.answered

    client.force_login(district.coordinator)
    with django_assert_max_num_queries(8):
        listing = client.get(reverse("rayon_konkurs:questions")).content.decode()
    assert "Срок программы в Положении" in listing and "ждёт ответа" in listing
    url = reverse("rayon_konkurs:question", args=[question.pk])
    assert client.post(url, {"text": ""}).context["form"].errors == {"text": ["Напишите текст сообщения."]}
    client.post(url, {"text": "Да, это обычная рекомендация: от 3 месяцев до 1 года."})
    question.refresh_from_db()
    assert question.answered
    assert HelpMessage.objects.filter(from_district=True).count() == 1

    client.force_login(district.curator)
    with django_assert_max_num_queries(10):
        thread = client.get(reverse("pomoshch:question", args=[question.pk])).content.decode()
    assert "Можно ли указать срок" in thread and "от 3 месяцев до 1 года" in thread and "Район:" in thread
    client.post(reverse("pomoshch:question", args=[question.pk]), {"close": "1"})
    question.refresh_from_db()
    assert question.closed_at is not None


def test_strangers_get_404_and_a_teacher_403(client, district, school_b, teacher_user):
    client.force_login(district.curator)
    client.post(reverse("pomoshch:list"), {"topic": "other", "subject": "Вопрос", "text": "Текст"})
    question = HelpQuestion.objects.get()
    client.force_login(district.neighbour_curator)  # same district, another school
    assert client.get(reverse("pomoshch:question", args=[question.pk])).status_code == 404
    assert "Вопрос" not in "".join(q.subject for q in client.get(reverse("pomoshch:list")).context["questions"])
    client.force_login(UserFactory(username="coordinator-b", is_staff=True, municipality=school_b.municipality, roles=[Role.COORDINATOR]))
    assert client.get(reverse("rayon_konkurs:question", args=[question.pk])).status_code == 404
    assert client.post(reverse("rayon_konkurs:question", args=[question.pk]), {"text": "Чужой ответ"}).status_code == 404
    client.force_login(district.curator)
    assert client.get(reverse("rayon_konkurs:questions")).status_code == 403
    client.force_login(teacher_user)
    assert client.get(reverse("pomoshch:list")).status_code == 403
    assert HelpMessage.objects.count() == 1
