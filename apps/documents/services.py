"""Writes to the order register: create a draft, sign it (freeze, render, store), attach the scan."""

import datetime
import hashlib
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from apps.core.dates import school_year_start
from apps.roadmap.models import Event, EventStatus, Roadmap
from apps.roadmap.services import event_complete

from . import content
from .documents import order_pdf
from .models import DocumentSettings, Order, OrderKind, OrderStatus
from .scans import validate_scan
from .selectors import latest_pairs_draft

# The standard roadmap's result documents that are orders (apps/roadmap/standard.py), by a
# word that identifies each; checked in this order.
EVENT_RESULT_KINDS = [
    ("внедрени", OrderKind.IMPLEMENTATION),
    ("положени", OrderKind.REGULATIONS),
    ("куратор", OrderKind.CURATOR),
    ("закреплени", OrderKind.PAIRS),
    ("итогов", OrderKind.FINAL_EVENT),
    ("завершени", OrderKind.COMPLETION),
]


def order_kind_for_event(event) -> str | None:
    """The order kind an event of the roadmap results in, if its result is an order."""
    result = (event.result_document or "").strip().lower()
    if not result.startswith("приказ"):
        return None
    for word, kind in EVENT_RESULT_KINDS:
        if word in result:
            return kind
    return None


def event_for_order(*, school, kind: str, on: datetime.date | None = None):
    """The open event of the school's roadmap for the school year that this kind of order fulfils."""
    year = school_year_start(on or timezone.localdate())
    events = (
        Event.objects.filter(stage__roadmap__school=school, stage__roadmap__year_start=year, result_document__istartswith="приказ")
        .exclude(status__in=(EventStatus.DONE, EventStatus.CANCELLED))
        .order_by("stage__number", "order", "pk")
    )
    return next((e for e in events if order_kind_for_event(e) == kind), None)


def suggest_order_number(*, school, on: datetime.date) -> str:
    """The next number in the school's register for that year, with the nomenclature index: «46-од»."""
    numbers = Order.objects.filter(school=school, date__year=on.year).exclude(number="").values_list("number", flat=True)
    used = [int(m.group(1)) for n in numbers if (m := re.match(r"\s*(\d+)", n))]
    index = content.document_settings(school).order_index.strip()
    following = max(used, default=0) + 1
    return f"{following}-{index}" if index else str(following)


@transaction.atomic
def order_create(
    *,
    school,
    kind: str,
    pairs=(),
    members=(),
    responsible=None,
    roadmap=None,
    event=None,
    event_date: datetime.date | None = None,
    event_format: str = "",
    extra_grounds: str = "",
    by=None,
) -> Order:
    """A draft order in the register, linked to the roadmap event it fulfils (found if not given)."""
    if kind not in OrderKind.values:
        raise ValidationError(f"Неизвестный вид приказа: {kind}.")
    pairs, members = list(pairs), list(members)
    if any(p.school_id != school.pk for p in pairs):
        raise ValidationError("Пары и группы должны относиться к той же организации.")
    if any(t.school_id != school.pk for t in members) or (responsible is not None and responsible.school_id != school.pk):
        raise ValidationError("Педагоги должны работать в той же организации.")
    if event is None:
        event = event_for_order(school=school, kind=kind)
    elif event.stage.roadmap.school_id != school.pk:
        raise ValidationError("Мероприятие относится к дорожной карте другой организации.")
    if kind == OrderKind.REGULATIONS and roadmap is None:
        roadmap = event.stage.roadmap if event is not None else _current_roadmap(school)
    order = Order(
        school=school,
        kind=kind,
        responsible=responsible,
        roadmap=roadmap,
        event=event,
        event_date=event_date,
        event_format=event_format,
        extra_grounds=extra_grounds,
        created_by=by,
    )
    order.full_clean()
    order.save()
    order.pairs.set(pairs)
    order.members.set(members)
    return order


@transaction.atomic
def order_include_pair(*, pair, by=None) -> tuple[Order, bool]:
    """Put the pair into the school's draft order о закреплении (the newest one), or a new draft for it.

    Returns the order and whether it was created now.
    """
    if not pair.is_open:
        raise ValidationError("В приказ о закреплении включают формирующиеся и работающие пары.")
    if Order.objects.filter(kind=OrderKind.PAIRS, pairs=pair).exists():
        raise ValidationError("Пара уже включена в приказ о закреплении.")
    draft = latest_pairs_draft(school=pair.school, lock=True)
    if draft is None:
        return order_create(school=pair.school, kind=OrderKind.PAIRS, pairs=[pair], by=by), True
    draft.pairs.add(pair)
    return draft, False


def _current_roadmap(school):
    year = school_year_start(timezone.localdate())
    return Roadmap.objects.filter(school=school, year_start__lte=year).order_by("-year_start").first()


@transaction.atomic
def order_sign(*, order: Order, number: str, date: datetime.date, by=None, site_url: str | None = None) -> Order:
    """Sign a draft: number and date it, freeze its data, render and store the PDF, mark its roadmap event done.

    `site_url`: the portal's address frozen into the QR code (apps.core.site.site_url; SITE_URL if not given).
    """
    order = Order.objects.select_for_update().select_related("school").get(pk=order.pk)
    if order.status == OrderStatus.SIGNED:
        raise ValidationError("Приказ уже подписан: его нельзя подписать повторно.")
    problems = content.order_problems(order)
    if problems:
        raise ValidationError(problems)
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": "Укажите номер приказа."})
    if date is None:
        raise ValidationError({"date": "Укажите дату приказа."})
    order.number, order.date, order.year = number, date, date.year
    order.full_clean()  # the number is unique in the school's year
    order.status = OrderStatus.SIGNED
    order.signed_at = timezone.now()
    order.signed_by = by
    order.payload = content.order_payload(order, site_url=site_url)
    pdf = order_pdf(order=order)  # rendered from the payload just frozen
    order.file_sha256 = hashlib.sha256(pdf).hexdigest()
    order.pdf.save(f"{order.kind}.pdf", ContentFile(pdf), save=False)
    order.full_clean()
    order.save()
    _mark_event_done(order)
    return order


def _mark_event_done(order: Order) -> None:
    """The roadmap event this order fulfils is done on the order's date (through the roadmap's one rule)."""
    if order.event is not None:
        event_complete(event=order.event, on=order.date, mark=f"Приказ {order.designation}.")


@transaction.atomic
def order_attach_scan(*, order: Order, file) -> Order:
    """Keep the scan of the paper copy with the director's signature (PDF, JPEG or PNG)."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != OrderStatus.SIGNED:
        raise ValidationError("Скан прикладывается к подписанному приказу.")
    extension = validate_scan(file)
    file.seek(0)
    old = order.scan.name if order.scan else ""
    order.scan.save(f"scan{extension}", ContentFile(file.read()), save=False)
    order.scan_uploaded_at = timezone.now()
    order.full_clean()
    order.save(update_fields=["scan", "scan_uploaded_at", "updated_at"])
    if old:
        transaction.on_commit(lambda: order.scan.storage.delete(old))
    return order


@transaction.atomic
def order_publish(*, order: Order, published: bool = True) -> Order:
    """Show the signed order in the normative base of the school's website (or take it off)."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if published and order.status != OrderStatus.SIGNED:
        raise ValidationError("Опубликовать на сайте можно только подписанный приказ.")
    if published == order.is_published:
        return order
    order.published_at = timezone.now() if published else None
    order.save(update_fields=["published_at", "updated_at"])
    return order


@transaction.atomic
def document_settings_save(*, settings: DocumentSettings) -> DocumentSettings:
    settings.full_clean()
    settings.save()
    return settings
