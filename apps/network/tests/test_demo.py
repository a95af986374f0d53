"""The demo's network mentoring: `curator2` of the neighbour school and one pending request, loaded again and again."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from apps.network.models import NetworkRequest, RequestStatus

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed_demo", "--today=2026-11-23", stdout=out, stderr=out)
    return out.getvalue()


def test_the_demo_has_curator2_and_one_pending_request(client):
    output = seed()
    assert "логин curator2" in output
    seed()  # idempotent
    request = NetworkRequest.objects.get()
    assert request.status == RequestStatus.PENDING
    assert request.mentee.school.slug == "school-34" and request.mentor.school != request.mentee.school
    curator2 = get_user_model().objects.get(username="curator2")
    assert curator2.school == request.mentor.school and curator2.is_curator
    assert client.login(username="curator2", password="demo-12345")
    page = client.get("/setevoe/").content.decode()
    assert 'data-figure="incoming">1<' in page and request.mentee.teacher.full_name in page
