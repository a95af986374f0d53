"""The municipal roadmap: created from the district plan (seed 002) for a school year, shown as the schools'
timeline, its items edited by the district's coordinator only."""

import datetime

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.core.tests.clock import freeze_today, school_year_start
from apps.schools.tests.factories import UserFactory

from ..models import MunicipalItem, MunicipalRoadmap
from .data import TODAY, build_district

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(school_a, monkeypatch):
    freeze_today(monkeypatch, TODAY)
    return build_district(school_a)


def test_the_coordinator_creates_the_plan_and_marks_an_item_done(client, district, django_assert_max_num_queries):
    client.force_login(district.coordinator)
    url = reverse("rayon_konkurs:roadmap")
    assert "Создать по плану мероприятий района" in client.get(url).content.decode()
    client.post(url)
    client.post(url)  # a second press creates nothing more
    plan = MunicipalRoadmap.objects.get()
    assert plan.year_start == school_year_start()
    assert list(plan.sections.values_list("number", flat=True)) == [1, 2, 4, 5, 6, 7]  # as in the plan: no section 3
    assert MunicipalItem.objects.filter(section__roadmap=plan).count() == 26
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    assert "Муниципальный конкурс «НАСТАВНИК + НАСТАВЛЯЕМЫЙ = КОМАНДА»" in page
    assert "просрочено" in page  # 1.1 was due on 30 September

    item = MunicipalItem.objects.get(number="1.1", section__roadmap=plan)
    edit = reverse("rayon_konkurs:roadmap_item", args=[item.pk])
    bad = client.post(edit, {"deadline": "", "status": "done", "done_on": (TODAY + datetime.timedelta(days=1)).isoformat()})
    assert bad.status_code == 200 and bad.context["form"].errors["deadline"] == ["Заполните это поле."]
    bad = client.post(edit, {"deadline": item.deadline.isoformat(), "status": "done", "done_on": (TODAY + datetime.timedelta(days=1)).isoformat()})
    assert bad.context["form"].errors["done_on"] == ["Дата выполнения не может быть позже сегодняшней."]
    response = client.post(
        edit, {"deadline": item.deadline.isoformat(), "status": "done", "done_on": "", "responsible": "Отдел образования", "result": "Приказ № 100-д", "note": ""}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "done" and item.done_on == TODAY and item.result == "Приказ № 100-д"


def test_others_cannot_see_or_edit_the_plan(client, district, school_b):
    client.force_login(district.coordinator)
    client.post(reverse("rayon_konkurs:roadmap"))
    item = MunicipalItem.objects.first()
    client.force_login(district.curator)
    assert client.get(reverse("rayon_konkurs:roadmap")).status_code == 403
    client.force_login(UserFactory(username="coordinator-b", is_staff=True, municipality=school_b.municipality, roles=[Role.COORDINATOR]))
    assert client.get(reverse("rayon_konkurs:roadmap_item", args=[item.pk])).status_code == 404
    assert "Создать по плану" in client.get(reverse("rayon_konkurs:roadmap")).content.decode()  # B has none of its own
