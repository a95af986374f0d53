"""The two figures of `manage.py bench` for documents: registered, quick, and measuring what they say."""

import pytest

from apps.core import bench
from apps.documents.bench import pdf_order_1_page


def test_figures_are_registered_and_quick():
    figures = {b.id: b for b in bench.discover()}
    assert figures["pdf_pairs_order_100"].quick and figures["pdf_order_1_page"].quick


@pytest.mark.django_db
def test_the_one_page_figure_renders_one_page():
    value, unit = pdf_order_1_page()  # raises if the order spills onto a second page
    assert unit == "s" and 0 < value < 5
