"""«Создать программу по шаблону» as the next step on the curator's pair page (the pair admin's strip)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.pairs.tests.factories import login_for, make_active_pair
from apps.programmes.models import Programme

pytestmark = pytest.mark.django_db

STARTED = timezone.localdate() - datetime.timedelta(days=30)


def create_url(pair):
    return reverse("programmes:pair_programme_create", args=[pair.pk])


def test_the_strip_button_creates_the_programme_and_leads_back_to_the_pair(client, curator_a, school_a):
    pair = make_active_pair(school=school_a, started_on=STARTED)
    client.force_login(curator_a)
    page = client.get(reverse("admin:pairs_pair_change", args=[pair.pk])).content.decode()
    assert f'action="{create_url(pair)}"' in page

    response = client.post(create_url(pair), follow=True)
    programme = Programme.objects.get(pair=pair)
    assert response.redirect_chain[-1][0] == reverse("admin:pairs_pair_change", args=[pair.pk])
    assert f"Программа создана по шаблону, мероприятий: {programme.activities.count()}." in response.content.decode()
    assert create_url(pair) not in response.content.decode()  # the next step is the order

    again = client.post(create_url(pair), follow=True)
    assert "У этой пары уже есть программа." in again.content.decode()
    assert Programme.objects.filter(pair=pair).count() == 1


def test_only_the_curator_of_the_pairs_school_creates_it_and_only_by_post(client, curator_a, curator_b, director_a, school_a):
    pair = make_active_pair(school=school_a, started_on=STARTED)
    client.force_login(curator_a)
    assert client.get(create_url(pair)).status_code == 405
    client.force_login(curator_b)
    assert client.post(create_url(pair)).status_code == 404
    client.force_login(director_a)
    assert client.post(create_url(pair)).status_code == 403
    client.force_login(login_for(pair.mentor.teacher))
    assert client.post(create_url(pair)).status_code == 403
    assert not Programme.objects.filter(pair=pair).exists()
