"""The copy of a signed order that the school's website shows («копия для сайта»).

A signed order names mentors, mentees, the curator and whoever must read it; publishing it is
dissemination of their personal data (152-ФЗ art. 10.1), allowed only by each person's consent to
dissemination. So the website never gets the signed file. It gets this copy, rendered from the order's
frozen text (`Order.payload`), with these changes:
- a person's full name is printed only if their active consent to dissemination allows the name, and
  their position only if it allows the position too; otherwise both give way to «[ФИО не публикуется]».
  Initials were considered and rejected: initials with a position and a school still identify a teacher
  among sixty colleagues;
- the acquaintance sheet («С приказом ознакомлены») is left out: it is an internal record;
- a note at the top says so; the QR code still leads to the verification page of the original.
The head of the school keeps their name: the law publishes it on the school's site anyway (273-ФЗ
art. 29).

Consents are read on every request; the rendered file is cached under a key made of what they allow, so a
withdrawal (or a new consent) changes the key and the next visitor gets a new copy, with no stale one.
"""

import copy
import hashlib
import json

from django.core.cache import cache

from apps.consents.models import Consent, ConsentKind, PublicCategory

from .documents import ORDER_TEMPLATES, payload_context, render_pdf
from .models import Order
from .names import CASES

HIDDEN = "[ФИО не публикуется]"
CACHE_SECONDS = 6 * 60 * 60
NAME_KEYS = ("full", "short", "initials_first")


def _is_person(value) -> bool:
    return isinstance(value, dict) and "id" in value and "full" in value and "position" in value


def _people(value, found: set[int]) -> set[int]:
    if _is_person(value):
        found.add(value["id"])
    if isinstance(value, dict):
        for item in value.values():
            _people(item, found)
    elif isinstance(value, list):
        for item in value:
            _people(item, found)
    return found


def people_in(payload: dict) -> set[int]:
    """The ids of the teachers the order's text names (the acquaintance sheet aside)."""
    return _people({key: value for key, value in payload.items() if key != "acquaintance"}, set())


def allowed_categories(teacher_ids) -> dict[int, frozenset]:
    """What each teacher's active consent to dissemination allows (nobody listed: nothing)."""
    consents = Consent.objects.active().filter(kind=ConsentKind.PUBLICATION, teacher_id__in=teacher_ids)
    return {teacher_id: frozenset(categories or ()) for teacher_id, categories in consents.values_list("teacher_id", "categories")}


def _redact(value, allowed: dict):
    if isinstance(value, list):
        return [_redact(item, allowed) for item in value]
    if not isinstance(value, dict):
        return value
    value = {key: _redact(item, allowed) for key, item in value.items()}
    if _is_person(value):
        categories = allowed.get(value["id"], frozenset())
        if PublicCategory.NAME not in categories:
            for key in NAME_KEYS:
                value[key] = dict.fromkeys(CASES, HIDDEN)
            value["signature"] = HIDDEN
        if PublicCategory.NAME not in categories or PublicCategory.POSITION not in categories:
            value["position"] = dict.fromkeys(CASES, "")
    return value


def public_payload(payload: dict, allowed: dict) -> dict:
    """`payload` as the website may show it, given what each person allowed."""
    result = _redact(copy.deepcopy(payload), allowed)
    result["acquaintance"] = []
    result["public_copy"] = True
    return result


def public_copy_pdf(order: Order) -> bytes:
    """The website's copy of a signed order (see the module's docstring)."""
    if not order.has_public_text:
        raise ValueError("An order without a frozen text has no public copy.")
    allowed = allowed_categories(people_in(order.payload))
    state = json.dumps(sorted((pk, sorted(c)) for pk, c in allowed.items()))
    key = f"public-order:{order.pk}:{order.updated_at.timestamp()}:{hashlib.sha256(state.encode()).hexdigest()[:16]}"
    content = cache.get(key)
    if content is None:
        content = render_pdf(ORDER_TEMPLATES[order.kind], payload_context(public_payload(order.payload, allowed)))
        cache.set(key, content, CACHE_SECONDS)
    return content
