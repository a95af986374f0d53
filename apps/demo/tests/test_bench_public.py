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
