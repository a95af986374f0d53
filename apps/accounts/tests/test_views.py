import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_in_russian_and_rejects_a_wrong_password(client, teacher_user):
    page = client.get(reverse("login"))
    assert "Вход" in page.content.decode()
    response = client.post(reverse("login"), {"username": "teacher-a", "password": "не тот"})
    assert response.status_code == 200
    assert "Неверный логин (e-mail) или пароль" in response.content.decode()
