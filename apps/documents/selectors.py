"""Reads with their permission checks: who may reach which documents."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from apps.pairs.models import Pair, PairStatus
from apps.schools.admin_scope import scope_queryset

from .models import Order, OrderKind, OrderStatus

DENIED = "Документы доступны куратору и руководителю образовательной организации."


def can_use_documents(user) -> bool:
    """The curator or director of a school (or the administrator): never a teacher or a district coordinator."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_superuser or bool(user.school_id and user.has_perm("documents.view_order"))


def documents_staff_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not can_use_documents(request.user):
            raise PermissionDenied(DENIED)
        return view(request, *args, **kwargs)

    return wrapped


def reachable(user, queryset, school_field: str = "school"):
    """`queryset` cut to the user's school (everything for the administrator)."""
    return scope_queryset(queryset, user, school_field)


def get_reachable(user, queryset, school_field: str = "school", **lookup):
    """One object of the user's school, or 404 — another school's object looks like a missing one."""
    return get_object_or_404(reachable(user, queryset, school_field), **lookup)


def default_pairs(*, school, kind: str):
    """Pairs an order of this kind is usually about, when the curator has not chosen."""
    pairs = Pair.objects.filter(school=school)
    if kind == OrderKind.PAIRS:
        # Forming or working pairs no signed order has assigned yet.
        assigned = Order.objects.filter(school=school, kind=OrderKind.PAIRS, status=OrderStatus.SIGNED, pairs__isnull=False).values("pairs")
        return pairs.filter(status__in=(PairStatus.DRAFT, PairStatus.ACTIVE)).exclude(pk__in=assigned)
    if kind == OrderKind.COMPLETION:
        completed = Order.objects.filter(school=school, kind=OrderKind.COMPLETION, status=OrderStatus.SIGNED, pairs__isnull=False).values(
            "pairs"
        )
        return pairs.filter(status=PairStatus.COMPLETED).exclude(pk__in=completed)
    if kind == OrderKind.FINAL_EVENT:
        return pairs.filter(status__in=(PairStatus.ACTIVE, PairStatus.COMPLETED))
    return pairs.none()


def signed_orders(orders=None, *, school=None):
    """Orders that count as signed: the director has signed them in the register.

    Among `orders` (every order if None), of `school` if given.
    """
    orders = Order.objects.all() if orders is None else orders
    if school is not None:
        orders = orders.filter(school=school)
    return orders.filter(status=OrderStatus.SIGNED)


def published_orders(orders=None, *, school=None):
    """Orders published on the school's site, newest first: signed, and put into the normative base of the
    «Наставничество» section by the curator. The one rule the public section and the district both read."""
    return signed_orders(orders, school=school).filter(published_at__isnull=False).order_by("-date", "-pk")


def latest_pairs_draft(*, school, lock: bool = False) -> Order | None:
    """The draft order о закреплении a pair is added to (services.order_include_pair); `lock`: its row, for the write."""
    drafts = Order.objects.filter(school=school, kind=OrderKind.PAIRS, status=OrderStatus.DRAFT)
    if lock:
        drafts = drafts.select_for_update()
    return drafts.order_by("-created_at", "-pk").first()


def orders_of_pair(pair):
    return Order.objects.filter(pairs=pair).order_by("-date", "-pk")


def orders_of_event(event):
    return Order.objects.filter(event=event).order_by("-date", "-pk")
