"""The programme list leaves for XLSX: the pair's columns as the pair list has them, and the plan's progress."""

import datetime

import pytest
from django.utils import timezone

from apps.pairs.tests.factories import make_pair
from apps.programmes.models import Activity, Programme
from apps.schools.tests.list_export import download, xlsx_table

pytestmark = pytest.mark.django_db

HEADERS = [
    "Программа", "Наставник", "Наставляемые", "Форма наставничества", "Статус пары", "Начало", "Окончание",
    "Мероприятий в плане", "Выполнено", "Просрочено",
]  # fmt: skip


def programme_of(pair, title):
    return Programme.objects.create(pair=pair, title=title, starts_on=pair.started_on, ends_on=pair.planned_end_on)


def test_programmes_with_their_pairs_and_progress(client, curator_a, school_a, school_b):
    pair = make_pair(school=school_a)
    programme = programme_of(pair, "Программа адаптации")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Activity.objects.create(programme=programme, title="Посетить уроки", due_date=pair.started_on, done=True, done_on=pair.started_on)
    Activity.objects.create(programme=programme, title="Открытый урок", due_date=min(yesterday, pair.planned_end_on))
    Activity.objects.create(programme=programme, title="Итоговая встреча", due_date=pair.planned_end_on, done=True, done_on=pair.planned_end_on)
    programme_of(make_pair(school=school_b), "Чужая программа")
    client.force_login(curator_a)
    headers, rows = xlsx_table(download(client, Programme))
    assert headers == HEADERS
    assert [row["Программа"] for row in rows] == ["Программа адаптации"]
    row = rows[0]
    assert row["Наставник"] == pair.mentor.teacher.full_name
    assert row["Наставляемые"] == pair.memberships.get().mentee.teacher.full_name
    assert row["Статус пары"] == "формируется"
    assert row["Окончание"].date() == pair.planned_end_on
    assert (row["Мероприятий в плане"], row["Выполнено"], row["Просрочено"]) == (3, 2, 1)


def test_the_pair_status_filter(client, curator_a, school_a):
    programme_of(make_pair(school=school_a), "Программа")
    client.force_login(curator_a)
    assert xlsx_table(download(client, Programme, query="?pair__status__exact=active"))[1] == []
    assert len(xlsx_table(download(client, Programme, query="?pair__status__exact=draft"))[1]) == 1
