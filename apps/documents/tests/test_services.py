"""The order register: numbering, signing that freezes the data, the roadmap event, the scan."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.documents import documents
from apps.documents.models import DocumentSettings, Order, OrderKind, OrderStatus
from apps.documents.services import (
    order_attach_scan,
    order_create,
    order_kind_for_event,
    order_sign,
    suggest_order_number,
)
from apps.roadmap.models import Event, EventStatus
from apps.roadmap.results import fulfilling_order

from .factories import make_school, needs_pdf_tools, pdf_text

pytestmark = pytest.mark.django_db

OCT_3 = datetime.date(2025, 10, 3)


def test_numbers_are_suggested_per_school_and_year_with_the_index(school, people):
    assert suggest_order_number(school=school, on=OCT_3) == "1-од"
    order_sign(order=order_create(school=school, kind=OrderKind.CURATOR), number="44-од", date=OCT_3)
    assert suggest_order_number(school=school, on=OCT_3) == "45-од"
    assert suggest_order_number(school=school, on=datetime.date(2026, 1, 12)) == "1-од"  # a new year starts again
    DocumentSettings.objects.create(school=school, order_index="")
    assert suggest_order_number(school=school, on=OCT_3) == "45"
    assert suggest_order_number(school=make_school(), on=OCT_3) == "1-од"


def test_a_number_is_unique_in_the_school_and_year(school, people):
    order_sign(order=order_create(school=school, kind=OrderKind.CURATOR), number="45-од", date=OCT_3)
    second = order_create(school=school, kind=OrderKind.CURATOR)
    with pytest.raises(ValidationError, match="Приказ с таким номером в этом году уже есть."):
        order_sign(order=second, number="45-од", date=datetime.date(2025, 12, 1))
    assert Order.objects.get(pk=second.pk).status == OrderStatus.DRAFT
    # Next year the same number is free again.
    order_sign(order=second, number="45-од", date=datetime.date(2026, 2, 2))


@needs_pdf_tools
def test_a_signed_order_keeps_what_was_signed(school, people, pairs, contains):
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one])
    order = order_sign(order=order, number="45-од", date=OCT_3)
    with order.pdf.open("rb"):  # closed after reading
        stored = order.pdf.read()
    assert order.file_sha256 == hashlib.sha256(stored).hexdigest()
    assert order.payload["number"] == "45-од" and order.payload["status"] == "signed"

    # The world changes after signing …
    people.petrov.last_name = "Петровский"
    people.petrov.save()
    school.director_name = "Новикова Елена Викторовна"
    school.save()

    # … the signed order does not; a new draft does.
    again = Order.objects.get(pk=order.pk)
    contains(pdf_text(documents.pairs_order_pdf(order=again)), "за Петровым Иваном Сергеевичем", "Т.А. Сергеева")
    assert "Петровский" not in pdf_text(documents.pairs_order_pdf(order=again))
    # A new draft renders today's data (the rule keeps an assigned pair out of a second order о закреплении,
    # so the pair is put in by hand: only what the draft shows is looked at here).
    draft = order_create(school=school, kind=OrderKind.PAIRS)
    draft.pairs.add(pairs.one)
    contains(pdf_text(documents.pairs_order_pdf(order=draft)), "за Петровским Иваном Сергеевичем", "Е.В. Новикова")


def test_signing_twice_or_incomplete_is_refused(school, people):
    empty = order_create(school=school, kind=OrderKind.PAIRS)
    with pytest.raises(ValidationError, match="Выберите наставнические пары"):
        order_sign(order=empty, number="1-од", date=OCT_3)
    order = order_sign(order=order_create(school=school, kind=OrderKind.CURATOR), number="2-од", date=OCT_3)
    with pytest.raises(ValidationError, match="уже подписан"):
        order_sign(order=order, number="3-од", date=OCT_3)
    with pytest.raises(ValidationError, match="Укажите дату итогового мероприятия"):
        order_sign(order=order_create(school=school, kind=OrderKind.FINAL_EVENT), number="4-од", date=OCT_3)
    with pytest.raises(ValidationError, match="состав рабочей группы"):
        order_sign(order=order_create(school=school, kind=OrderKind.IMPLEMENTATION), number="4-од", date=OCT_3)


def test_orders_of_another_school_are_refused(school, people, pairs):
    other = make_school()
    with pytest.raises(ValidationError, match="той же организации"):
        order_create(school=other, kind=OrderKind.PAIRS, pairs=[pairs.one])


def test_signing_marks_the_roadmap_event_done_on_the_order_date(school, people, pairs, roadmap, monkeypatch):
    monkeypatch.setattr("apps.documents.services.timezone.localdate", lambda: datetime.date(2025, 10, 1))
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one])
    assert order.event is not None
    assert order.event.result_document == "Приказ о закреплении наставнических пар/групп"
    assert order.event.stage.roadmap == roadmap

    order_sign(order=order, number="45-од", date=OCT_3)
    event = Event.objects.get(pk=order.event_id)
    assert event.status == EventStatus.DONE
    assert event.done_on == OCT_3
    assert fulfilling_order(event).number == "45-од" and event.note == ""  # the order itself, not a note, says it


def test_each_kind_finds_its_event_of_the_standard_roadmap(school, people, roadmap, monkeypatch):
    monkeypatch.setattr("apps.documents.services.timezone.localdate", lambda: datetime.date(2025, 9, 10))
    for kind in (OrderKind.IMPLEMENTATION, OrderKind.REGULATIONS, OrderKind.CURATOR, OrderKind.PAIRS, OrderKind.FINAL_EVENT):
        order = order_create(school=school, kind=kind)
        assert order.event is not None, kind
        assert order_kind_for_event(order.event) == kind
    assert order_create(school=school, kind=OrderKind.REGULATIONS).roadmap == roadmap


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_scan_is_checked_by_content_and_stored_under_a_random_name(school, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    order = order_create(school=school, kind=OrderKind.CURATOR)
    scan = SimpleUploadedFile("скан.png", _png(), content_type="image/png")
    with pytest.raises(ValidationError, match="к подписанному приказу"):
        order_attach_scan(order=order, file=scan)

    order = order_sign(order=order, number="5-од", date=OCT_3)
    order = order_attach_scan(order=order, file=scan)
    assert order.scan.name.startswith(f"documents/scans/{school.pk}/") and order.scan.name.endswith(".png")
    assert "скан" not in order.scan.name and len(order.scan.name.rsplit("/", 1)[1]) >= 24

    disguised = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF, JPEG или PNG"):
        order_attach_scan(order=order, file=disguised)
    broken = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n garbage", content_type="application/pdf")
    with pytest.raises(ValidationError, match="повреждён"):
        order_attach_scan(order=order, file=broken)
    settings.DOCUMENT_SCAN_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="Файл больше"):
        order_attach_scan(order=order, file=SimpleUploadedFile("big.png", _png() + b"\0" * 200))


def test_a_signed_pdf_is_a_valid_scan_too(school, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    order = order_sign(order=order_create(school=school, kind=OrderKind.CURATOR), number="6-од", date=OCT_3)
    with order.pdf.open("rb"):  # closed after reading
        pdf = order.pdf.read()
    order = order_attach_scan(order=order, file=SimpleUploadedFile("x.pdf", pdf))
    assert order.scan.name.endswith(".pdf")


def test_regulations_after_approval_are_named_in_later_orders(school, people, roadmap, appointed):
    approved = order_sign(order=order_create(school=school, kind=OrderKind.REGULATIONS), number="12-од", date=datetime.date(2025, 9, 15))
    assert approved.payload["regulations"]["max_mentees"] == 2
    later = order_create(school=school, kind=OrderKind.CURATOR)
    from apps.documents.content import order_payload

    grounds = order_payload(later)["grounds"]
    assert grounds[-1].startswith("Положением о системе наставничества педагогических работников")
    assert grounds[-1].endswith("утверждённым приказом от 15 сентября 2025 г. № 12-од")
