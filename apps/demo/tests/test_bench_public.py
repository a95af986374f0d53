"""The section's figure in `manage.py bench` is measured on the real demo school."""

import pytest

from apps.core import bench
from apps.demo import bench as demo_bench

# Transactional with the standard data put back: a browser test on the same worker may have flushed it.
pytestmark = pytest.mark.django_db(transaction=True)


def test_public_home_median_is_a_quick_figure_measured_on_the_demo_school(standard_data, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(demo_bench, "PUBLIC_RUNS", 3)
    figure = next(b for b in bench.discover() if b.id == "public_home_median")
    assert figure.quick
    value, unit = figure.func()
    assert unit == "ms" and value > 0


def test_the_cached_page_is_compared_with_a_static_file_through_one_gunicorn(standard_data, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(demo_bench, "GUNICORN_RUNS", 3)
    demo_bench.gunicorn_figures.cache_clear()
    figures = {b.id: b for b in bench.discover()}
    ratio = figures["public_cached_vs_static_ratio"]
    assert ratio.quick
    value, unit = ratio.func()  # starts gunicorn, fetches the file, the page and its 304, stops it
    assert unit == "x" and value > 0
    for id in ("static_file_gunicorn_ms", "public_cached_gunicorn_ms", "public_not_modified_gunicorn_ms"):
        value, unit = figures[id].func()
        assert unit == "ms" and value > 0
    demo_bench.gunicorn_figures.cache_clear()
