"""Roadmap events fulfilled by orders (apps/roadmap/results.py) are done only by a signed order in the register,
or by an order signed outside the portal entered with its number, date and scan; the roadmap page, its admin and
the district read the same register."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.core.dates import school_year_start
from apps.district.selectors import monitoring_rows
from apps.documents.models import Order, OrderKind, OrderStatus
from apps.documents.services import order_create, order_sign
from apps.roadmap.models import Event, EventStatus
from apps.roadmap.services import roadmap_create

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def roadmap(school):
    return roadmap_create(school=school, year_start=school_year_start(timezone.localdate()))


@pytest.fixture
def curator_event(roadmap):
    return Event.objects.get(stage__roadmap=roadmap, result_document="Приказ о назначении куратора")


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def edit_data(event, **values):
    data = {"status": event.status, "deadline": event.deadline.isoformat(), "responsible": event.responsible, "note": event.note, "done_on": ""}
    data.update(values)
    return {f"event-{event.pk}-{k}": v for k, v in data.items()}


def test_an_event_fulfilled_by_an_order_cannot_be_marked_done_by_hand(client, curator_a, curator_event):
    client.force_login(curator_a)
    # The roadmap page's in-place form.
    html = client.post(
        reverse("roadmap:event_edit", args=[curator_event.pk]), edit_data(curator_event, status="done", note="№ 124-о"), **HX
    ).content.decode()
    assert "Это мероприятие выполняется приказом" in html
    # The admin's change page.
    admin_data = {
        "stage": curator_event.stage_id, "order": curator_event.order, "title": curator_event.title,
        "deadline": curator_event.deadline.isoformat(), "responsible": "", "result_document": curator_event.result_document,
        "status": "done", "done_on": "", "note": "Приказ № 124-о",
    }  # fmt: skip
    response = client.post(reverse("admin:roadmap_event_change", args=[curator_event.pk]), admin_data)
    assert response.status_code == 200 and "Это мероприятие выполняется приказом" in response.content.decode()
    curator_event.refresh_from_db()
    assert curator_event.status == EventStatus.PLANNED and curator_event.note == ""
    # An event whose result is not an order is marked by hand as before.
    other = Event.objects.get(stage=curator_event.stage, title__startswith="Подготовка шаблонов")
    response = client.post(reverse("roadmap:event_edit", args=[other.pk]), edit_data(other, status="done", note="Шаблоны готовы"), **HX)
    other.refresh_from_db()
    assert other.status == EventStatus.DONE


def test_retyping_the_result_does_not_turn_an_order_event_into_one_marked_by_hand(client, curator_a, curator_event):
    client.force_login(curator_a)
    admin_data = {
        "stage": curator_event.stage_id, "order": curator_event.order, "title": curator_event.title,
        "deadline": curator_event.deadline.isoformat(), "responsible": "", "result_document": "Распределение обязанностей",
        "status": "done", "done_on": "", "note": "",
    }  # fmt: skip
    response = client.post(reverse("admin:roadmap_event_change", args=[curator_event.pk]), admin_data)
    assert response.status_code == 200
    assert "Результат этого мероприятия — приказ («Приказ о назначении куратора»)" in response.content.decode()
    curator_event.refresh_from_db()
    assert (curator_event.status, curator_event.result_document) == (EventStatus.PLANNED, "Приказ о назначении куратора")
    # The same order in other words is fine (and still not done by hand).
    admin_data.update(result_document="Приказ директора о назначении куратора программ", status=EventStatus.PLANNED)
    assert client.post(reverse("admin:roadmap_event_change", args=[curator_event.pk]), admin_data).status_code == 302
    curator_event.refresh_from_db()
    assert curator_event.result_document == "Приказ директора о назначении куратора программ"


def test_a_signed_order_marks_its_event_and_the_page_names_it(client, curator_a, school, people, curator_event, django_assert_max_num_queries):
    today = timezone.localdate()
    order = order_sign(order=order_create(school=school, kind=OrderKind.CURATOR), number="7-к", date=today)
    curator_event.refresh_from_db()
    assert order.event == curator_event
    assert (curator_event.status, curator_event.done_on) == (EventStatus.DONE, today)
    client.force_login(curator_a)
    with django_assert_max_num_queries(30):
        html = client.get(reverse("roadmap:year", args=[curator_event.stage.roadmap.year_start])).content.decode()
    assert f"Приказ от {today:%d.%m.%Y} № 7-к" in html and reverse("documents:order_pdf", args=[order.pk]) in html
    # Done by the order, it stays done.
    html = client.post(reverse("roadmap:event_edit", args=[curator_event.pk]), edit_data(curator_event, status="planned"), **HX).content.decode()
    assert f"Мероприятие выполнено приказом от {today:%d.%m.%Y} № 7-к: его статус не меняется." in html
    curator_event.refresh_from_db()
    assert curator_event.status == EventStatus.DONE
    page = client.get(reverse("admin:roadmap_event_change", args=[curator_event.pk])).content.decode()
    assert "выполнено приказом" in page.lower() and reverse("admin:documents_order_change", args=[order.pk]) in page


def test_an_order_signed_outside_the_portal_is_entered_with_its_number_date_and_scan(client, curator_a, school, people, curator_event, roadmap):
    url = reverse("admin:documents_order_outside") + f"?event={curator_event.pk}"
    client.force_login(curator_a)
    page = client.get(url).content.decode()
    assert "Внести приказ, подписанный вне портала" in page and 'value="curator_order" selected' in page
    today = timezone.localdate()
    base = {"kind": OrderKind.CURATOR, "number": "124-о", "date": today.isoformat(), "event": curator_event.pk, "responsible": ""}

    # Bad cases first: no scan, a file that is not a scan, a date ahead, no number.
    html = client.post(url, base).content.decode()
    assert "Загрузите скан подписанного приказа." in html
    html = client.post(url, {**base, "scan": SimpleUploadedFile("scan.pdf", b"GIF89a not a scan")}).content.decode()
    assert "PDF, JPEG или PNG" in html
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    html = client.post(url, {**base, "date": tomorrow, "scan": SimpleUploadedFile("scan.png", png())}).content.decode()
    assert "Дата приказа не может быть позже сегодняшнего дня." in html
    html = client.post(url, {**base, "number": "", "scan": SimpleUploadedFile("scan.png", png())}).content.decode()
    assert "Укажите номер приказа." in html
    assert not Order.objects.exists()

    response = client.post(url, {**base, "scan": SimpleUploadedFile("scan.png", png())})
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("admin:documents_order_change", args=[order.pk])
    assert (order.status, order.made_outside, order.number, order.date) == (OrderStatus.SIGNED, True, "124-о", today)
    assert order.scan and order.file_sha256 and order.payload["curator"]["id"] == people.curator.pk
    curator_event.refresh_from_db()
    assert (curator_event.status, curator_event.done_on) == (EventStatus.DONE, today)

    # The roadmap page links the scan; the district counts the order signed.
    html = client.get(reverse("roadmap:year", args=[roadmap.year_start])).content.decode()
    assert f"Приказ от {today:%d.%m.%Y} № 124-о" in html and "подписан вне портала" in html
    scan = client.get(reverse("documents:order_pdf", args=[order.pk]))
    assert scan.status_code == 200 and b"".join(scan.streaming_content).startswith(b"\x89PNG")
    row = next(r for r in monitoring_rows(municipality=school.municipality) if r.school == school)
    assert OrderKind.CURATOR in row.orders_signed

    # The same number in the same year is refused; the curator it appointed is the appointed one.
    html = client.post(url, {**base, "event": "", "scan": SimpleUploadedFile("scan.png", png())}).content.decode()
    assert "Приказ с таким номером в этом году уже есть." in html
    from apps.documents.rules import is_appointed_curator

    assert is_appointed_curator(school, on=today)


def test_only_the_schools_staff_enter_an_outside_order(client, director_a, curator_b, teacher_user, curator_event):
    url = reverse("admin:documents_order_outside")
    client.force_login(teacher_user)
    assert client.get(url).status_code in (302, 403)
    client.force_login(curator_b)
    page = client.get(url + f"?event={curator_event.pk}").content.decode()
    assert curator_event.title not in page  # another school's event is not offered
