"""The bench's district data set: built as described, and every timed page opens on it."""

import pytest
from django.test import Client

from apps.core import bench as core_bench
from apps.demo import bench
from apps.demo.district_data import SMALL, build_district, build_region
from apps.mentors.models import Mentor
from apps.surveys.models import Response

pytestmark = pytest.mark.django_db


def test_the_small_district_has_its_size_and_every_page_opens(settings):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    made = build_district("Район для теста", SMALL)
    assert made["counts"] == {"schools": 5, "teachers": 60, "mentors": 15, "mentees": 20, "pairs": 15, "responses": 100}
    assert Mentor.objects.filter(school__municipality__name="Район для теста").count() == 15
    assert Response.objects.count() == 100
    for url, role, _ in bench.PAGES.values():
        client = Client()
        if role != "public":  # the public section is opened by an anonymous visitor
            client.force_login(made[role])
        url = url.format(slug=made["slug"])
        assert client.get(url, secure=True).status_code == 200, url


def test_every_page_has_its_figures_in_the_full_run_only():
    ids = {b.id: b for b in core_bench.discover()}
    for name in bench.PAGES:
        assert f"page_{name}_p95" in ids and not ids[f"page_{name}_p95"].quick
        assert f"page_{name}_queries" in ids and f"page_{name}_queries_10x" in ids
    assert ids["page_district_monitoring_queries_10x"].quick is False


def test_a_region_is_districts_side_by_side_each_coordinator_seeing_only_their_own(settings):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    first, second = build_region("Регион для теста", SMALL, districts=2)
    assert first["counts"] == second["counts"] == {"schools": 5, "teachers": 60, "mentors": 15, "mentees": 20, "pairs": 15, "responses": 100}
    assert first["slug"] != second["slug"]
    assert second["coordinator"].check_password("bench")  # one hash made once, the same password as before
    client = Client()
    client.force_login(second["coordinator"])
    page = client.get("/rayon/", secure=True)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Регион для теста: район 2" in text and "Регион для теста: район 1" not in text
    client.force_login(first["curator"])
    assert client.get(f"/nastavnichestvo/{second['slug']}/", secure=True).status_code == 200  # public: any school's section


def test_the_region_figures_run_only_with_region():
    ids = {b.id: b for b in core_bench.discover()}
    for name in bench.PAGES:
        for suffix in ("median", "p95", "queries", "queries_small"):
            figure = ids[f"region_page_{name}_{suffix}"]
            assert figure.region and not figure.quick
    assert ids["region_data_set"].region and ids["region_database_size"].region
