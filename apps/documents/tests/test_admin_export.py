"""The order register leaves for XLSX: kind, number, date, status, who signed it."""

import datetime

import pytest

from apps.documents.models import Order, OrderKind
from apps.documents.services import order_create, order_sign
from apps.schools.tests.list_export import download, xlsx_table

pytestmark = pytest.mark.django_db

HEADERS = ["Вид приказа", "Номер", "Дата", "Статус", "Мероприятие дорожной карты", "Подписал", "Скан с подписью", "На сайте"]


def test_orders_with_their_signature(client, curator_a, director_a, school, people, school_b):
    director_a.first_name, director_a.last_name = "Татьяна", "Сергеева"
    director_a.save()
    signed = order_sign(order=order_create(school=school, kind=OrderKind.CURATOR), number="7-од", date=datetime.date(2025, 9, 1), by=director_a)
    order_create(school=school, kind=OrderKind.IMPLEMENTATION, responsible=people.curator)
    order_create(school=school_b, kind=OrderKind.CURATOR)
    client.force_login(curator_a)
    headers, rows = xlsx_table(download(client, Order))
    assert headers == HEADERS
    assert len(rows) == 2
    row = next(r for r in rows if r["Номер"] == "7-од")
    assert row["Вид приказа"] == "Приказ о назначении куратора"
    assert row["Дата"].date() == signed.date
    assert (row["Статус"], row["Подписал"], row["Скан с подписью"], row["На сайте"]) == ("подписан", "Татьяна Сергеева", "нет", "нет")
    _, drafts = xlsx_table(download(client, Order, query="?status__exact=draft"))
    assert [(r["Вид приказа"], r["Статус"], r["Подписал"]) for r in drafts] == [
        ("Приказ о внедрении целевой модели наставничества", "черновик", None)
    ]
