"""Two curators of the mentor's school accept two requests for the mentor's last place at the same moment:
real connections, real row locks; one pair is formed, the other request stays waiting with the Russian refusal."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from apps.mentees.tests.factories import MenteeFactory
from apps.network.models import NetworkRequest, RequestStatus
from apps.network.services import network_request_accept, network_request_create
from apps.pairs import services as pair_services
from apps.pairs.selectors import mentor_load
from apps.public.models import PublicSection
from apps.schools.tests.factories import SchoolFactory

from .data import make_network

pytestmark = pytest.mark.django_db(transaction=True)
PAUSE = 0.3


def race(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except ValidationError as error:
            results[index] = ("refused", error)
        except Exception as error:  # an IntegrityError here would be a 500 for the curator
            results[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return results


def test_two_accepts_cannot_overfill_the_mentor(standard_data, monkeypatch):
    check_capacity = pair_services.check_capacity

    def slow_check_capacity(*args, **kwargs):
        check_capacity(*args, **kwargs)
        time.sleep(PAUSE)

    monkeypatch.setattr(pair_services, "check_capacity", slow_check_capacity)
    monkeypatch.setattr(PublicSection, "bump", classmethod(lambda cls, school_id=None: None))
    net = make_network()
    net.mentor.capacity = 1
    net.mentor.save()
    school_c = SchoolFactory(municipality=net.school_a.municipality)
    first = network_request_create(mentee=net.mentee, mentor=net.mentor, requested_by=net.coordinator)
    second = network_request_create(
        mentee=MenteeFactory(teacher__school=school_c), mentor=net.mentor, requested_by=net.coordinator
    )
    start, end = datetime.date(2026, 10, 1), datetime.date(2027, 6, 1)

    def accept(request):
        return lambda: network_request_accept(request=request, decided_by=net.curator_b, started_on=start, planned_end_on=end)

    results = race(accept(first), accept(second))
    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    refusal = next(value for kind, value in results if kind == "refused")
    assert "свободно мест: 0 из 1" in " ".join(refusal.messages)
    assert mentor_load(net.mentor) == 1
    assert sorted(NetworkRequest.objects.values_list("status", flat=True)) == [RequestStatus.ACCEPTED, RequestStatus.PENDING]


def test_one_request_accepted_twice_at_once_forms_one_pair(standard_data, monkeypatch):
    monkeypatch.setattr(PublicSection, "bump", classmethod(lambda cls, school_id=None: None))
    net = make_network()
    request = network_request_create(mentee=net.mentee, mentor=net.mentor, requested_by=net.coordinator)
    start, end = datetime.date(2026, 10, 1), datetime.date(2027, 6, 1)

    def accept():
        return network_request_accept(request=request, decided_by=net.curator_b, started_on=start, planned_end_on=end)

    results = race(accept, accept)
    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    assert "Запрос уже рассмотрен или отозван." in next(value for kind, value in results if kind == "refused").messages
    assert mentor_load(net.mentor) == 1
