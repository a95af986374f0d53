"""Issue 16, finding 5: the same form sent several times at once (a double click, two tabs) ends in the
user's ordinary answer, never a server error.

Each test logs one teacher in on several test clients, releases their POSTs together from threads
(each thread has its own database connection) and widens the window between the service's check and its
insert, so that every request finds no row and inserts: the unique constraint refuses all but the first,
and the service must then carry on with the row the first one committed.
"""

import threading
import time

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from apps.consents.models import Consent, ConsentKind
from apps.mentees.models import Mentee
from apps.surveys.models import Response
from apps.surveys.tests.factories import give_personal_data_consent, mentee_answers

pytestmark = pytest.mark.django_db(transaction=True)

PAUSE = 0.5  # seconds between the model's validation and its insert: every request gets past the check


def post_at_once(user, url, data, times):
    """POST `data` to `url` from `times` clients of `user` at the same moment; a status or the exception each."""
    clients = []
    for _ in range(times):
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(times)
    results = [None] * times

    def run(index):
        try:
            barrier.wait(timeout=10)
            results[index] = clients[index].post(url, data)
        except Exception as error:  # the test client re-raises what would be a 500
            results[index] = error
        finally:
            connections.close_all()  # this thread's connection only

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request is stuck (deadlock?)"
    return results


def slow_after_validation(monkeypatch, model):
    full_clean = model.full_clean

    def slow(self, *args, **kwargs):
        full_clean(self, *args, **kwargs)
        time.sleep(PAUSE)

    monkeypatch.setattr(model, "full_clean", slow)


@pytest.fixture
def teacher(standard_data, teacher_user):
    return teacher_user.teacher


def test_the_mentee_questionnaire_sent_twice_at_once(teacher, teacher_user, monkeypatch):
    give_personal_data_consent(teacher)
    slow_after_validation(monkeypatch, Response)

    results = post_at_once(teacher_user, reverse("surveys:fill", args=["mentee_request"]), mentee_answers(), 2)

    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors  # before the fix: IntegrityError response_one_per_teacher
    assert [(r.status_code, r["Location"]) for r in results] == [(302, reverse("surveys:thanks"))] * 2
    assert Response.objects.filter(teacher=teacher).count() == 1
    assert Mentee.objects.filter(teacher=teacher).count() == 1


def test_the_publication_consent_given_three_times_at_once(teacher, teacher_user, monkeypatch):
    slow_after_validation(monkeypatch, Consent)

    results = post_at_once(teacher_user, reverse("consents:give", args=["publication"]), {"agree": "on", "categories": ["name"]}, 3)

    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors  # before the fix: IntegrityError consent_one_active_per_kind
    assert [(r.status_code, r["Location"]) for r in results] == [(302, reverse("home"))] * 3
    assert Consent.objects.active().filter(teacher=teacher, kind=ConsentKind.PUBLICATION).count() == 1
