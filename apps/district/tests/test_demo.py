"""The demo has a municipal coordinator who sees the demo school and its neighbour."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_demo_coordinator_sees_two_schools(client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, stderr=out)
    assert "муниципальный координатор — coordinator / demo-12345" in out.getvalue()
    assert client.login(username="coordinator", password="demo-12345")
    page = client.get(reverse("district:monitoring")).content.decode()
    assert 'data-school="school-34"' in page and 'data-school="school-41"' in page
    assert "Район" in page  # the menu entry
    mentors = client.get(reverse("district:mentors")).content.decode()
    assert "Никитина Светлана Юрьевна" in mentors and "ГБОУ школа № 34" in mentors
    assert "Орлова Наталья Викторовна" in client.get(reverse("district:curators")).content.decode()
