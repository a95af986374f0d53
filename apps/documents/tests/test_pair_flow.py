"""«Включить в приказ о закреплении», the pair's step after its programme (apps/documents/pair_flow.py), and the
order's pair picker that names each pair «наставник → наставляемые»."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.documents.models import Order, OrderKind, OrderStatus
from apps.documents.services import order_create
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import make_active_pair, make_pair
from apps.programmes.services import programme_create_from_template

pytestmark = pytest.mark.django_db

STARTED = timezone.localdate() - datetime.timedelta(days=30)


def include_url(pair):
    return reverse("documents:pair_order_include", args=[pair.pk])


def working_with_programme(school):
    pair = make_active_pair(school=school, started_on=STARTED)
    programme_create_from_template(pair=pair)
    for teacher in (pair.mentor.teacher, *(m.mentee.teacher for m in pair.memberships.all())):
        consent_give(teacher=teacher, kind=ConsentKind.PERSONAL_DATA)  # a pairs order asks it of everyone named
    return pair


def test_the_first_pair_starts_a_draft_order_the_next_ones_join_it(client, curator_a, school_a):
    first, second = working_with_programme(school_a), working_with_programme(school_a)
    client.force_login(curator_a)
    page = client.get(reverse("admin:pairs_pair_change", args=[first.pk])).content.decode()
    assert "будет создан проект приказа с этой парой" in page and f'action="{include_url(first)}"' in page

    response = client.post(include_url(first), follow=True)
    assert "Создан проект приказа о закреплении с этой парой (пар и групп в нём: 1)." in response.content.decode()
    order = Order.objects.get()
    assert (order.kind, order.status, order.created_by) == (OrderKind.PAIRS, OrderStatus.DRAFT, curator_a)

    page = client.get(reverse("admin:pairs_pair_change", args=[second.pk])).content.decode()
    assert f"её добавят в проект приказа, подготовленный {timezone.localtime(order.created_at):%d.%m.%Y}" in page
    response = client.post(include_url(second), follow=True)
    assert "Пара добавлена в проект приказа о закреплении (пар и групп в нём: 2)." in response.content.decode()
    assert Order.objects.get() == order and set(order.pairs.all()) == {first, second}

    response = client.post(include_url(second), follow=True)
    assert "уже включена в приказ о закреплении (проект)" in response.content.decode()
    assert order.pairs.count() == 2


def test_only_the_curator_of_the_pairs_school_includes_it_and_only_by_post(client, curator_a, curator_b, director_a, school_a):
    pair = working_with_programme(school_a)
    client.force_login(curator_a)
    assert client.get(include_url(pair)).status_code == 405
    client.force_login(curator_b)
    assert client.post(include_url(pair)).status_code == 404
    client.force_login(director_a)
    assert client.post(include_url(pair)).status_code == 403
    assert include_url(pair) not in client.get(reverse("admin:pairs_pair_change", args=[pair.pk])).content.decode()
    assert not Order.objects.exists()


def test_the_orders_pair_picker_names_pairs_in_a_fixed_number_of_queries(client, curator_a, school_a, django_assert_max_num_queries):
    pairs = [make_pair(school=school_a, started_on=STARTED) for _ in range(2)]
    order = order_create(school=school_a, kind=OrderKind.PAIRS)
    order.pairs.set(pairs)  # pairs without consents: the page lists why each cannot be signed, in the same queries
    change = reverse("admin:documents_order_change", args=[order.pk])
    client.force_login(curator_a)
    with django_assert_max_num_queries(60) as few:
        assert client.get(change).status_code == 200
    mentor = MentorFactory(teacher__school=school_a, teacher__last_name="Орлова", capacity=10)
    for n in range(5):
        mentees = [MenteeFactory(teacher__school=school_a, teacher__last_name=f"Наставляемая{n}{k}") for k in range(2)]
        pairs.append(make_pair(mentor=mentor, mentees=mentees, started_on=STARTED))
    order.pairs.set(pairs)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(change).content.decode()
    for pair in pairs[2:]:
        assert f">{pair}</option>" in page
    assert len({str(pair) for pair in pairs[2:]}) == 5  # one mentor's five groups, five names
