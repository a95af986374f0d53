"""Error pages speak Russian, like the rest of the portal."""

import pytest
from django.test import Client, override_settings


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_not_found_and_forbidden_pages_are_russian(client, teacher_user):
    assert "Страница не найдена" in client.get("/net-takoj-stranicy/").content.decode()
    client.force_login(teacher_user)
    response = client.get("/bank/nastavlyaemye/")
    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()
    assert "доступна куратору" in response.content.decode()


# --- issue 16, finding 6: a body that cannot be read in its declared charset


KOI8_FORM = "username=%C1%C4%CD%C9%CE&password=%D0%C1%D2%CF%CC%D8&csrfmiddlewaretoken=x".encode()


def _undecodable_posts(client):
    """(what, response) for every kind of unreadable request at every URL worth trying."""
    urls = [
        "/accounts/login/",
        "/admin/login/",
        "/admin/schools/teacher/",
        "/anketa/mentee_request/",
        "/soglasiya/dat/publication/",
        "/",
    ]
    for url in urls:
        yield url, "koi8-r form", client.generic(
            "POST", url, KOI8_FORM, content_type="application/x-www-form-urlencoded; charset=koi8-r"
        )
        yield url, "unknown charset", client.generic(
            "POST", url, KOI8_FORM, content_type="application/x-www-form-urlencoded; charset=x-no-such-charset"
        )
        yield url, "unknown charset on a GET", client.generic(
            "GET", url + "?q=%C1%C2", CONTENT_TYPE="text/plain; charset=x-no-such-charset"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "curator", "teacher"])
def test_an_undecodable_request_gets_our_400_page(who, curator_a, teacher_user):
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")  # the CSRF cookie, as a browser has it
    assert "csrftoken" in client.cookies
    if who != "anonymous":
        client.force_login(curator_a if who == "curator" else teacher_user)
    for url, what, response in _undecodable_posts(client):
        assert response.status_code == 400, (url, what, response.status_code)
        page = response.content.decode()
        assert "Неверный запрос" in page and "Запрос не удалось обработать" in page, (url, what)
        assert "no-store" in response["Cache-Control"]
    # A form in UTF-8 next to it is read as usual (the login form answers with its own errors).
    ordinary = Client().post("/accounts/login/", {"username": "кто-то", "password": "неверный"})
    assert ordinary.status_code == 200
