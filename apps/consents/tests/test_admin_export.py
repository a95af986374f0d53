"""The consent list leaves for XLSX and CSV: who, which consent, how, when given and withdrawn."""

import datetime

import pytest
from django.utils import timezone

from apps.consents.models import Consent, ConsentKind, ConsentText
from apps.schools.tests.factories import TeacherFactory
from apps.schools.tests.list_export import csv_table, download, xlsx_table

pytestmark = pytest.mark.django_db

HEADERS = ["ФИО", "Вид согласия", "Версия текста", "Как получено", "Дано", "Отозвано", "Действует", "Пара / группа: наставник"]


def consent(teacher, kind=ConsentKind.PERSONAL_DATA, *, withdrawn=False, source=Consent.Source.ONLINE):
    given = timezone.now() - datetime.timedelta(days=30)
    return Consent.objects.create(
        school=teacher.school,
        teacher=teacher,
        kind=kind,
        source=source,
        text=ConsentText.objects.current(kind),
        given_at=given,
        withdrawn_at=given + datetime.timedelta(days=2) if withdrawn else None,
    )


@pytest.fixture
def consents(school_a, school_b):
    kept = consent(TeacherFactory(school=school_a, last_name="Согласная"), source=Consent.Source.PAPER)
    withdrawn = consent(TeacherFactory(school=school_a, last_name="Отозвавшая"), ConsentKind.PUBLICATION, withdrawn=True)
    consent(TeacherFactory(school=school_b, last_name="Чужая"))
    return {"kept": kept, "withdrawn": withdrawn}


def test_consents_in_russian_with_dates(client, curator_a, consents):
    client.force_login(curator_a)
    headers, rows = xlsx_table(download(client, Consent))
    assert headers == HEADERS
    by_name = {row["ФИО"].split()[0]: row for row in rows}
    assert set(by_name) == {"Согласная", "Отозвавшая"}
    kept = by_name["Согласная"]
    assert kept["Вид согласия"] == "обработка персональных данных"
    assert kept["Как получено"] == "на бумаге (внесено куратором)"
    assert kept["Дано"].date() == timezone.localdate(consents["kept"].given_at)
    assert (kept["Отозвано"], kept["Действует"]) == (None, "да")
    assert by_name["Отозвавшая"]["Действует"] == "нет"


def test_the_withdrawn_filter_carries_into_csv(client, curator_a, consents):
    client.force_login(curator_a)
    _, rows = csv_table(download(client, Consent, fmt="csv", query="?active=no"))
    assert [row["ФИО"].split()[0] for row in rows] == ["Отозвавшая"]
    withdrawn_at = timezone.localdate(consents["withdrawn"].withdrawn_at)
    assert rows[0]["Отозвано"] == f"{withdrawn_at:%d.%m.%Y}"
    assert rows[0]["Вид согласия"] == "распространение персональных данных на сайте"
