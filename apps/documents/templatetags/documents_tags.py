"""Filters for document templates (dates, sums, paragraphs) and the links the admin pages show."""

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import format_html

from apps.core.admin_shared import user_scope

from ..dates import format_date, format_period
from ..models import Order
from ..selectors import can_use_documents, orders_of_event, orders_of_pair
from ..services import order_kind_for_event

register = template.Library()


@register.filter
def docdate(value, style="numeric"):
    """{{ doc.date|docdate:doc.school.date_style }} → «05.06.2025» or «5 июня 2025 г.»."""
    return format_date(value, style)


# Forms whose pairs are the school's own staff on both sides; a frozen order of old has no form_code: staff.
STAFF_FORM_CODES = ("teacher-teacher", "head-teacher", None)


@register.filter
def staff_pairs_only(pairs) -> bool:
    """Every pair is of the school's staff: the pairs order keeps its «наставляемых педагогических работников» line."""
    return all(pair.get("form_code") in STAFF_FORM_CODES for pair in pairs)


@register.filter
def staff_mentors_only(pairs) -> bool:
    """Every mentor is on the school's staff (a lecturer or a partner's employee has no employment contract here)."""
    return all(pair["mentor"].get("affiliation", "staff") == "staff" for pair in pairs)


@register.simple_tag
def period(start, end, style="numeric"):
    return format_period(start, end, style)


@register.filter
def rubles(value):
    """«2 000,00» from "2000.00" (the thousands kept apart by a no-break space)."""
    if value in (None, ""):
        return ""
    amount = Decimal(str(value))
    whole, cents = f"{amount:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return "\u00a0".join(groups) + "," + cents


@register.filter
def paragraphs(text):
    """Non-empty lines of a free-text field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def names_list(people, case="nom"):
    """«Иванову М.П., Петрову И.С.»: short forms of several people in one case."""
    return ", ".join(p["short"][case] for p in people)


@register.filter
def pair_mentors(pairs):
    """The mentors of several pairs, each once, in order."""
    seen, mentors = set(), []
    for pair in pairs:
        mentor = pair["mentor"]
        if mentor["id"] not in seen:
            seen.add(mentor["id"])
            mentors.append(mentor)
    return mentors


@register.filter
def months_word(n):
    """The word after «до N»: «до 1 месяца», «до 12 месяцев»."""
    n = int(n)
    return "месяца" if n % 10 == 1 and n % 100 != 11 else "месяцев"


@register.filter
def mentees_word(n):
    """After «не более N»: «не более 1 наставляемого», «не более 2 наставляемых»."""
    n = int(n)
    return "наставляемого" if n % 10 == 1 and n % 100 != 11 else "наставляемых"


# ---------------------------------------------------------------------------
# Links on the back-office pages of pairs and of the roadmap


def _documents_user(context):
    request = context.get("request")
    return request.user if request is not None and can_use_documents(request.user) else None


def _may_prepare(user) -> bool:
    return user.has_perm("documents.add_order") and user_scope(user).can_write


def _order_links(orders):
    return [
        {
            "url": reverse("documents:order_pdf", args=[o.pk]),
            "label": (f"Приказ № {o.number} от {o.date:%d.%m.%Y}" + (" (скан)" if o.made_outside else ""))
            if o.is_signed
            else f"Проект приказа {o.get_kind_display()}",
            "admin_url": reverse("admin:documents_order_change", args=[o.pk]),
            "order": o,
        }
        for o in orders
    ]


@register.inclusion_tag("documents/admin/_pair_tools.html", takes_context=True)
def pair_document_tools(context, pair):
    user = _documents_user(context)
    if user is None:
        return {"show": False}
    return {
        "show": True,
        "programme_url": reverse("documents:pair_programme", args=[pair.pk]),
        "orders": _order_links(orders_of_pair(pair).filter(kind="pairs_order")[:3]),
        # Into the order о закреплении only through the strip's «Включить в приказ» (apps/documents/pair_flow.py).
    }


@register.inclusion_tag("documents/admin/_pair_module.html", takes_context=True)
def pair_documents_module(context, pair):
    user = _documents_user(context)
    if user is None:
        return {"show": False}
    mentor = pair.mentor.teacher
    memberships = pair.memberships.select_related("mentee__teacher").order_by("joined_on", "pk")
    mentees = [m.mentee.teacher for m in memberships if m.left_on is None or m.left_on == pair.ended_on]

    def link(teacher, kind, with_pair=True):
        url = reverse("documents:teacher_document", args=[teacher.pk, kind])
        return url + (f"?pair={pair.pk}" if with_pair else "")

    rows = [
        ("Согласие наставника на возложение дополнительных обязанностей", mentor, link(mentor, "consent_mentor")),
        # Only a mentor on the school's staff has an employment contract here (a lecturer or a partner's employee has not).
        *([("Дополнительное соглашение к трудовому договору", mentor, link(mentor, "employment_agreement"))] if mentor.is_staff_member else []),
        ("Согласие на обработку персональных данных", mentor, link(mentor, "consent_personal_data", False)),
        # The mentor is the one the public section may show: the art. 10.1 form, with what they allowed.
        ("Согласие на распространение персональных данных", mentor, link(mentor, "consent_dissemination", False)),
    ]
    for teacher in mentees:
        rows.append(("Согласие на закрепление наставника", teacher, link(teacher, "consent_mentee")))
        rows.append(("Согласие на обработку персональных данных", teacher, link(teacher, "consent_personal_data", False)))
    return {
        "show": True,
        "rows": [{"title": title, "who": teacher.short_name, "url": url} for title, teacher, url in rows],
        "orders": _order_links(orders_of_pair(pair)),
        "programme_url": reverse("documents:pair_programme", args=[pair.pk]),
    }


@register.inclusion_tag("documents/admin/_event_tools.html", takes_context=True)
def event_document_tools(context, event):
    user = _documents_user(context)
    kind = order_kind_for_event(event)
    if user is None or kind is None:
        return {"show": False}
    orders = list(orders_of_event(event))
    open_ = not any(o.is_signed for o in orders)
    may_prepare = _may_prepare(user) and user.school_id is not None
    return {
        "show": True,
        "orders": _order_links(orders),
        "create_url": reverse("documents:event_order_create", args=[event.pk])
        if _may_prepare(user) and not any(not o.is_signed for o in orders)
        else "",
        "outside_url": reverse("admin:documents_order_outside") + f"?event={event.pk}" if may_prepare and open_ else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("documents/admin/_roadmap_module.html", takes_context=True)
def roadmap_documents_module(context, roadmap):
    user = _documents_user(context)
    if user is None:
        return {"show": False}
    orders = (
        Order.objects.filter(event__stage__roadmap=roadmap).select_related("event__stage").order_by("event__stage__number", "event__order")
    )
    return {
        "show": True,
        "orders": _order_links(orders),
        "regulations_url": reverse("documents:regulations") + ("" if user.school_id else f"?school={roadmap.school.slug}"),
        "school_programme_url": reverse("documents:school_programme") + ("" if user.school_id else f"?school={roadmap.school.slug}"),
    }


@register.filter
def nm(name):
    """A person's name, never hyphenated at a line end."""
    return format_html('<span class="nm">{}</span>', name)
