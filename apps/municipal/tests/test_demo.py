"""The demo's district: its public page shows last year's contest winner; this year's contest is open
with the coordinator on the jury; a second run of seed_demo changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from ..models import Application, Contest, HelpMessage, MunicipalRoadmap, RegistrationTarget, Score

pytestmark = pytest.mark.django_db


def test_the_demo_district_has_a_page_and_two_contests(client):
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    def counts():
        models = (Contest, Application, Score, MunicipalRoadmap, RegistrationTarget, HelpMessage)
        return tuple(model.objects.count() for model in models)

    first = counts()
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    assert counts() == first == (2, 1, 3, 1, 3, 2)

    page = client.get("/nastavnichestvo/rayon/nevsky/").content.decode()
    assert "Вместе — от первых уроков к уверенности" in page and "1 место" in page

    assert client.login(username="coordinator", password="demo-12345")
    contests = client.get(reverse("konkurs:list")).content.decode()
    assert contests.count("Оценить заявки") == 2
    district = client.get(reverse("district:monitoring")).content.decode()
    assert "Регистрация в сообществах: цель и факт" in district and "3 из" in district
    assert "Выполнено мероприятий: <strong>1 из 26</strong>" in client.get(reverse("rayon_konkurs:roadmap")).content.decode()
    assert "Срок персонализированной программы" in client.get(reverse("rayon_konkurs:questions")).content.decode()
    assert client.login(username="curator", password="demo-12345")
    assert "Подать заявку" in client.get(reverse("konkurs:list")).content.decode()
