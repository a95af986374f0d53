import datetime

import pytest

from apps.core.dates import add_months
from apps.matching.forms import score_text


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2026, 9, 1), 9, datetime.date(2027, 6, 1)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2027, 12, 15), 12, datetime.date(2028, 12, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    "score, text",
    [(12, "12 баллов"), (1.0, "1 балл"), (3, "3 балла"), (8.66, "8,7 балла"), (0.04, "0 баллов"), (-1.5, "−1,5 балла"), (21, "21 балл")],
)
def test_score_text(score, text):
    assert score_text(score) == text
