"""The date a done event carries: one rule (`event_done_on`) that the page, the admin and signed orders all ask.

The admin's form and the page's service used to decide it apart and disagreed: the admin dated an already
done event today when its date was left empty, and let a date in the future through.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.dates import school_year_start
from apps.documents.models import OrderKind, OrderStatus
from apps.roadmap import results
from apps.roadmap.models import Event, EventStatus
from apps.roadmap.services import (
    DONE_ON_IN_FUTURE,
    event_complete,
    event_done_on,
    event_update,
    roadmap_create,
)

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def event(school_a):
    roadmap = roadmap_create(school=school_a, year_start=school_year_start(timezone.localdate()))
    # An event whose result is not an order: events fulfilled by orders are done only by them (test_results.py).
    return Event.objects.get(stage__roadmap=roadmap, title__startswith="Подготовка шаблонов")


def _done_earlier(event, days=5):
    on = timezone.localdate() - datetime.timedelta(days=days)
    event_update(event=event, status=EventStatus.DONE, deadline=event.deadline, responsible="", note="", done_on=on)
    return on


def _changelist_post(client, event, **row):
    """The admin's event list, every row posted back as shown, `row` changed for `event`."""
    url = reverse("admin:roadmap_event_changelist")
    formset = client.get(url).context["cl"].formset
    data = {
        "form-TOTAL_FORMS": str(formset.total_form_count()),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Сохранить",
    }
    for i, form in enumerate(formset.forms):
        instance = form.instance
        data[f"form-{i}-id"] = str(instance.pk)
        data[f"form-{i}-status"] = instance.status
        data[f"form-{i}-done_on"] = f"{instance.done_on:%d.%m.%Y}" if instance.done_on else ""
        if instance.pk == event.pk:
            data.update({f"form-{i}-{name}": value for name, value in row.items()})
    return client.post(url, data)


def _page_post(client, event, **values):
    data = {
        "status": event.status,
        "deadline": event.deadline.isoformat(),
        "responsible": event.responsible,
        "note": event.note,
        "done_on": "",
        **values,
    }
    prefixed = {f"event-{event.pk}-{key}": value for key, value in data.items()}
    return client.post(reverse("roadmap:event_edit", args=[event.pk]), prefixed, **HX)


def test_the_rule(event):
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=3)
    assert event_done_on(event=event, status=EventStatus.DONE) == today
    assert event_done_on(event=event, status=EventStatus.DONE, done_on=earlier) == earlier
    assert event_done_on(event=event, status=EventStatus.CANCELLED, done_on=earlier) is None
    event.status, event.done_on = EventStatus.DONE, earlier
    assert event_done_on(event=event, status=EventStatus.DONE) == earlier  # kept


@pytest.mark.parametrize("where", ["page", "admin"])
def test_an_already_done_event_keeps_its_date_when_the_date_is_left_empty(client, curator_a, event, where):
    on = _done_earlier(event)
    client.force_login(curator_a)
    if where == "page":
        _page_post(client, event, status=EventStatus.DONE, done_on="")
    else:
        assert _changelist_post(client, event, status=EventStatus.DONE, done_on="").status_code == 302
    event.refresh_from_db()
    assert (event.status, event.done_on) == (EventStatus.DONE, on)


@pytest.mark.parametrize("where", ["page", "admin"])
def test_reopening_clears_the_date(client, curator_a, event, where):
    _done_earlier(event)
    client.force_login(curator_a)
    on = f"{timezone.localdate():%d.%m.%Y}"
    if where == "page":
        _page_post(client, event, status=EventStatus.IN_PROGRESS, done_on=on)
    else:
        assert _changelist_post(client, event, status=EventStatus.IN_PROGRESS, done_on=on).status_code == 302
    event.refresh_from_db()
    assert (event.status, event.done_on) == (EventStatus.IN_PROGRESS, None)


@pytest.mark.parametrize("where", ["page", "admin"])
def test_a_date_in_the_future_is_refused_in_russian(client, curator_a, event, where):
    client.force_login(curator_a)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    if where == "page":
        response = _page_post(client, event, status=EventStatus.DONE, done_on=tomorrow.isoformat())
    else:
        response = _changelist_post(client, event, status=EventStatus.DONE, done_on=f"{tomorrow:%d.%m.%Y}")
    assert response.status_code == 200
    assert DONE_ON_IN_FUTURE in response.content.decode()
    event.refresh_from_db()
    assert (event.status, event.done_on) == (EventStatus.PLANNED, None)


def test_the_admin_change_page_asks_the_same_rule(client, curator_a, event):
    on = _done_earlier(event)
    client.force_login(curator_a)
    data = {
        "stage": str(event.stage_id),
        "order": str(event.order),
        "title": event.title,
        "deadline": f"{event.deadline:%d.%m.%Y}",
        "responsible": event.responsible,
        "result_document": event.result_document,
        "status": EventStatus.DONE,
        "done_on": "",
        "note": "",
    }
    response = client.post(reverse("admin:roadmap_event_change", args=[event.pk]), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.done_on == on


def test_event_complete_dates_an_open_event_once_and_notes_why(event):
    on = timezone.localdate() - datetime.timedelta(days=2)
    event_complete(event=event, on=on, mark="Приказ от 01.01 № 1.")
    event.refresh_from_db()
    assert (event.status, event.done_on) == (EventStatus.DONE, on)
    assert event.note.endswith("Приказ от 01.01 № 1.")
    event_complete(event=event, on=timezone.localdate(), mark="ещё раз")
    event.refresh_from_db()
    assert event.done_on == on and "ещё раз" not in event.note  # done stays done


def test_the_roadmap_names_the_signed_status_and_the_kinds_as_documents_does():
    assert results.SIGNED == OrderStatus.SIGNED
    assert {kind for _, kind in results.ORDER_RESULT_KINDS} == set(OrderKind.values)
