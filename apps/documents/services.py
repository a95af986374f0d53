"""Writes to the order register: create a draft, sign it (freeze, render, store), attach the scan, enter an
order signed outside the portal. What an order may say is apps/documents/rules.py, asked here at every step."""

import datetime
import hashlib
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from apps.core.dates import school_year_start
from apps.roadmap.models import Event, EventStatus, Roadmap
from apps.roadmap.results import event_order_kind
from apps.roadmap.services import event_complete

from . import content, rules
from .documents import order_pdf
from .models import DocumentSettings, Order, OrderKind, OrderStatus
from .names import teacher_forms
from .scans import validate_scan
from .selectors import latest_pairs_draft


def order_kind_for_event(event) -> str | None:
    """The order kind an event of the roadmap results in, if its result is an order (apps/roadmap/results.py)."""
    return event_order_kind(event)


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
    on: datetime.date | None = None,
) -> Order:
    """A draft order in the register, linked to the roadmap event it fulfils (found if not given).

    Of `pairs`, only those the rule lets into this kind of order on `on` (default today: the day the draft is
    made, or the day it is meant to be signed) are included (apps/documents/rules.py);
    the others are on the returned order's `refused_pairs` (`rules.PairRefusal`), for the caller to say so.
    """
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
    elif event_order_kind(event) != kind:
        raise ValidationError(f"Мероприятие «{event.title}» выполняется приказом другого вида.")
    pairs, refused = rules.split_pairs(kind=kind, pairs=pairs, on=on or timezone.localdate())
    if kind in (OrderKind.REGULATIONS, OrderKind.PROGRAMME) and roadmap is None:
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
    order.refused_pairs = refused
    return order


@transaction.atomic
def order_include_pairs(*, pairs, by=None) -> tuple[Order | None, list, list]:
    """Put the pairs into the school's draft order о закреплении (the newest one), or a new draft for them:
    the one way a pair gets into that order (the pair's strip and the pairs list both call it).

    Only pairs the rule lets in are added (apps/documents/rules.py); pairs already in an order о закреплении
    (signed or draft) are left out. Returns (the draft, or None when nothing was added; the pairs added;
    `rules.PairRefusal` of the pairs left out, with why).
    """
    pairs = list(pairs)
    schools = {p.school_id for p in pairs}
    if len(schools) > 1:
        raise ValidationError("Выберите пары одной организации.")
    if not pairs:
        return None, [], []
    school = pairs[0].school
    in_orders = {}
    for link in Order.pairs.through.objects.filter(order__kind=OrderKind.PAIRS, pair_id__in=[p.pk for p in pairs]).select_related("order"):
        in_orders.setdefault(link.pair_id, link.order)
    refused = [
        rules.PairRefusal(p, reasons=[f"уже включена в приказ о закреплении {in_orders[p.pk].designation}"]) for p in pairs if p.pk in in_orders
    ]
    eligible, refusals = rules.split_pairs(kind=OrderKind.PAIRS, pairs=[p for p in pairs if p.pk not in in_orders], on=timezone.localdate())
    refused += refusals
    if not eligible:
        return None, [], refused
    draft = latest_pairs_draft(school=school, lock=True)
    if draft is None:
        draft = order_create(school=school, kind=OrderKind.PAIRS, pairs=eligible, by=by)
    else:
        draft.pairs.add(*eligible)
    return draft, eligible, refused


def order_include_pair(*, pair, by=None) -> tuple[Order, bool]:
    """Put one pair into the draft order о закреплении (see `order_include_pairs`); refused with why.

    Returns the order and whether it was created now.
    """
    had_draft = latest_pairs_draft(school=pair.school) is not None
    order, added, refused = order_include_pairs(pairs=[pair], by=by)
    if not added:
        raise ValidationError(f"Пару {refused[0].text} нельзя включить в приказ о закреплении.")
    return order, not had_draft


def _current_roadmap(school):
    year = school_year_start(timezone.localdate())
    return Roadmap.objects.filter(school=school, year_start__lte=year).order_by("-year_start").first()


@transaction.atomic
def order_sign(*, order: Order, number: str, date: datetime.date, by=None, site_url: str | None = None) -> Order:
    """Sign a draft: number and date it, freeze its data, render and store the PDF, mark its roadmap event done.

    `site_url`: the portal's address frozen into the QR code (apps.core.site.site_url; SITE_URL if not given).
    """
    order = Order.objects.select_for_update(of=("self",)).select_related("school__curator", "roadmap", "event").get(pk=order.pk)
    if order.status == OrderStatus.SIGNED:
        raise ValidationError("Приказ уже подписан: его нельзя подписать повторно.")
    if date is None:
        raise ValidationError({"date": "Укажите дату приказа."})
    problems = rules.order_problems(order, on=date)  # everything the order may not say, asked again now
    if problems:
        raise ValidationError(problems)
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": "Укажите номер приказа."})
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
    _appoint_curator(order)
    _mark_event_done(order)
    return order


def _appoint_curator(order: Order) -> None:
    """A signed order о назначении куратора makes the person it appointed the school's curator."""
    if order.kind != OrderKind.CURATOR:
        return
    teacher_id = rules.appointed_teacher_id(order)
    school = order.school
    if teacher_id and school.curator_id != teacher_id:
        school.curator_id = teacher_id
        school.save(update_fields=["curator"])


def _mark_event_done(order: Order) -> None:
    """The roadmap event this order fulfils is done on the order's date (apps/roadmap/results.py: only so)."""
    if order.event is not None:
        event_complete(event=order.event, on=order.date)  # the row links the order itself: no note repeats it


@transaction.atomic
def order_register_outside(
    *, school, kind: str, number: str, date: datetime.date | None, scan, event=None, responsible=None, by=None
) -> Order:
    """An order signed on paper outside the portal, entered in the register with its number, date and scan.

    It counts as signed wherever the register is read (the district, the roadmap): its roadmap event is done
    on its date. What it says is on paper: the portal keeps the scan (its SHA-256 on the verification page)
    and, for the curator's order, whom it appointed (`responsible`, else the curator in the school's card).
    """
    errors = {}
    if kind not in OrderKind.values:
        errors["kind"] = "Выберите вид приказа."
    number = (number or "").strip()
    if not number:
        errors["number"] = "Укажите номер приказа."
    if date is None:
        errors["date"] = "Укажите дату приказа."
    elif date > timezone.localdate():
        errors["date"] = "Дата приказа не может быть позже сегодняшнего дня."
    if not scan:
        errors["scan"] = "Загрузите скан подписанного приказа."
    else:
        try:
            extension = validate_scan(scan)
        except ValidationError as error:
            errors["scan"] = error.messages
    person = None
    if kind == OrderKind.CURATOR:
        person = responsible or school.curator
        if person is None:
            errors["responsible"] = "Укажите, кого приказ назначил куратором."
        elif person.school_id != school.pk:
            errors["responsible"] = "Педагог должен работать в той же организации."
    if event is not None and not errors.get("kind"):
        if event.stage.roadmap.school_id != school.pk:
            errors["event"] = "Мероприятие относится к дорожной карте другой организации."
        elif event_order_kind(event) != kind:
            errors["event"] = f"Мероприятие «{event.title}» выполняется приказом другого вида."
    if errors:
        raise ValidationError(errors)
    if event is None:
        event = event_for_order(school=school, kind=kind, on=date)
    scan.seek(0)
    data = scan.read()
    order = Order(
        school=school,
        kind=kind,
        status=OrderStatus.SIGNED,
        made_outside=True,
        number=number,
        date=date,
        year=date.year,
        event=event,
        responsible=person,
        created_by=by,
        file_sha256=hashlib.sha256(data).hexdigest(),
        scan_uploaded_at=timezone.now(),
    )
    order.payload = {
        "version": content.PAYLOAD_VERSION,
        "kind": kind,
        "kind_label": order.get_kind_display(),
        "title": content.TITLES[kind],
        "status": OrderStatus.SIGNED,
        "number": number,
        "date": date.isoformat(),
        "made_outside": True,
        "curator": teacher_forms(person) if person is not None else None,
    }
    order.scan.save(f"scan{extension}", ContentFile(data), save=False)
    order.full_clean()  # the number is unique in the school's year
    order.save()
    _appoint_curator(order)
    _mark_event_done(order)
    return order


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
