"""Error pages speak Russian, like the rest of the portal."""

import pytest
from django.test import override_settings


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_not_found_and_forbidden_pages_are_russian(client, teacher_user):
    assert "Страница не найдена" in client.get("/net-takoj-stranicy/").content.decode()
    client.force_login(teacher_user)
    response = client.get("/bank/nastavlyaemye/")
    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()
    assert "доступна куратору" in response.content.decode()
