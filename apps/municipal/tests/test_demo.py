"""The demo's district: its public page shows last year's contest winner; this year's contest is open
with the coordinator on the jury; a second run of seed_demo changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from ..models import Application, Contest, Score

pytestmark = pytest.mark.django_db


def test_the_demo_district_has_a_page_and_two_contests(client):
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    counts = (Contest.objects.count(), Application.objects.count(), Score.objects.count())
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    assert (Contest.objects.count(), Application.objects.count(), Score.objects.count()) == counts == (2, 1, 3)

    page = client.get("/nastavnichestvo/rayon/nevsky/").content.decode()
    assert "Вместе — от первых уроков к уверенности" in page and "1 место" in page

    assert client.login(username="coordinator", password="demo-12345")
    contests = client.get(reverse("konkurs:list")).content.decode()
    assert contests.count("Оценить заявки") == 2
    assert client.login(username="curator", password="demo-12345")
    assert "Подать заявку" in client.get(reverse("konkurs:list")).content.decode()
