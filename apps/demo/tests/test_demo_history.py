"""The demo's history is built through the services, so its roadmap, register, news and the district's table agree:
every event done by an order points at a signed order in the register, no note names an order the register lacks,
the news say what the data says."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import transaction

from apps.district.selectors import REQUIRED_ORDERS, monitoring_rows
from apps.documents.models import Order, OrderKind, OrderStatus
from apps.pairs.models import Pair, PairStatus
from apps.public.models import NewsPost
from apps.roadmap.models import Event, EventStatus
from apps.roadmap.results import event_order_kind, fulfilling_order
from apps.schools.models import School

pytestmark = pytest.mark.django_db

# Before the pairs order is due (23.11), after it (03.12: the order signed), late in the year (the final event).
DAYS = [datetime.date(2026, 11, 23), datetime.date(2026, 12, 3), datetime.date(2027, 7, 15)]


@pytest.fixture(scope="module")
def seeded(request, django_db_setup, django_db_blocker):
    """The demo seeded on ``request.param`` (a day), once for every test of this module on that day: a seed
    with its signed orders' PDFs takes 10-20 s, and these tests only read. In a transaction of its own that
    is rolled back afterwards; each test's own transaction nests in it, as a savepoint."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", f"--today={request.param.isoformat()}", stdout=None)
            school = School.objects.get(slug="school-34")
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield school
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.mark.parametrize("seeded", DAYS, ids=str, indirect=True)
def test_every_document_event_done_points_at_a_signed_order_in_the_register(seeded):
    school = seeded
    events = list(Event.objects.filter(stage__roadmap__school=school).select_related("stage__roadmap"))
    signed = {o.number: o for o in Order.objects.filter(school=school, status=OrderStatus.SIGNED)}
    done_by_order = [e for e in events if event_order_kind(e) and e.status == EventStatus.DONE]
    assert done_by_order, "the demo signs the orders already due"
    for event in done_by_order:
        order = fulfilling_order(event)
        assert order is not None, event.title
        assert order.number in signed and order.school == school and order.kind == event_order_kind(event)
        assert order.date == event.done_on and order.pdf and order.payload
    # No note names an order the register does not hold (the old demo wrote «№ 121-о»).
    for event in events:
        for number in re.findall(r"№\s*([0-9][\w\-]*)", event.note):
            assert number in signed, f"{event.title}: {event.note}"
    # The district reads the same register: a required order counts as signed exactly when its event is done.
    row = next(r for r in monitoring_rows(municipality=school.municipality) if r.school == school)
    for kind in REQUIRED_ORDERS:
        event = next(e for e in events if event_order_kind(e) == kind)
        assert (kind in row.orders_signed) == (event.status == EventStatus.DONE), kind
    assert row.roadmap_done == sum(e.status == EventStatus.DONE for e in events)


@pytest.mark.parametrize("seeded", DAYS, ids=str, indirect=True)
def test_the_news_claim_only_what_the_data_holds(seeded):
    school = seeded
    news = NewsPost.objects.get(school=school, title="В школе сформированы наставнические пары")
    published = news.published_at.date()
    working = Pair.objects.filter(school=school, status=PairStatus.ACTIVE, started_on__lte=published).with_names()
    groups = sum(len([m for m in p.memberships.all() if m.left_on is None]) > 1 for p in working)
    assert (len(working) - groups, groups) == (4, 1)
    assert news.lead.startswith("Четыре пары и одна группа начали работу") and "Шесть" not in news.lead
    order = Order.objects.filter(school=school, kind=OrderKind.PAIRS, status=OrderStatus.SIGNED, date__lte=published).first()
    claim = re.search(r"утверждено приказом директора от (\d\d\.\d\d\.\d{4}) № (\S+) ", news.body)
    if order is None:
        assert "утверждено приказом" not in news.body
    else:
        assert claim and claim.groups() == (f"{order.date:%d.%m.%Y}", order.number)
    # The signed pairs order, when there is one, names only pairs whose participants all consented (the forming
    # pair of Ilyin, without his consent, is not in it).
    for signed in Order.objects.filter(school=school, kind=OrderKind.PAIRS, status=OrderStatus.SIGNED):
        names = {p["mentees"][0]["short"]["nom"] for p in signed.payload["pairs"]}
        assert "Ильин Д.А." not in names


@pytest.mark.parametrize("seeded", [datetime.date(2027, 7, 15)], ids=str, indirect=True)
def test_the_final_event_order_holds_the_announced_festival(seeded):
    school = seeded
    order = Order.objects.get(school=school, kind=OrderKind.FINAL_EVENT, status=OrderStatus.SIGNED)
    announcement = NewsPost.objects.get(school=school, title__startswith="Итоговое мероприятие")
    assert order.event_date == announcement.event_date
    assert order.payload["event"]["format"] == "фестиваль открытых уроков молодых педагогов"
