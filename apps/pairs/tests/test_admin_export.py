"""The pair list leaves for XLSX and CSV: mentor, mentees, form, status in Russian, dates as dates."""

import pytest

from apps.mentees.tests.factories import MenteeFactory
from apps.pairs.models import Pair
from apps.schools.tests.list_export import csv_table, download, xlsx_sheet, xlsx_table

from .factories import make_active_pair, make_pair

pytestmark = pytest.mark.django_db

HEADERS = [
    "Наставник", "Наставляемые", "Форма наставничества", "Виды наставничества", "Статус", "Начало", "Плановое окончание",
    "Фактическое окончание", "Причина завершения или расформирования",
]  # fmt: skip


@pytest.fixture
def pairs(school_a, school_b):
    group = make_pair(
        school=school_a,
        mentor=None,
        mentees=[MenteeFactory(teacher__school=school_a, teacher__last_name=name) for name in ("Белова", "Авдеева")],
    )
    active = make_active_pair(school=school_a)
    make_pair(school=school_b)
    return {"group": group, "active": active}


def test_pairs_with_their_mentees_and_russian_labels(client, curator_a, pairs):
    client.force_login(curator_a)
    response = download(client, Pair)
    headers, rows = xlsx_table(response)
    assert headers == HEADERS
    assert len(rows) == 2  # school B's pair is not there
    group = pairs["group"]
    row = next(r for r in rows if r["Наставник"] == group.mentor.teacher.full_name)
    assert row["Наставляемые"].split("\n") == [m.mentee.teacher.full_name for m in group.memberships.order_by("pk")]
    assert row["Форма наставничества"] == "педагог – педагог"
    assert row["Статус"] == "формируется"
    assert row["Начало"].date() == group.started_on
    assert row["Фактическое окончание"] is None
    sheet = xlsx_sheet(response)
    assert sheet.cell(row=2, column=headers.index("Начало") + 1).number_format == "DD.MM.YYYY"


def test_the_status_filter_and_the_dates_in_csv(client, curator_a, pairs):
    client.force_login(curator_a)
    active = pairs["active"]
    headers, rows = csv_table(download(client, Pair, fmt="csv", query="?status__exact=active"))
    assert [row["Наставник"] for row in rows] == [active.mentor.teacher.full_name]
    assert rows[0]["Статус"] == "работает"
    assert rows[0]["Начало"] == f"{active.started_on:%d.%m.%Y}"
    assert rows[0]["Фактическое окончание"] == ""
