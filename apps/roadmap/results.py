"""Which events of the roadmap are fulfilled by an order, and by which one: the one rule.

An event whose result is an order (the standard roadmap's «Приказ о …») is done only by a signed order
of that kind in the school's register: one signed in the portal, or one signed outside the portal and
entered with its number, date and scan. Free-text «выполнено» stays for the other events only. The
documents app (a layer above) signs orders and marks their events through `event_complete`; the page,
the admin forms and the district's figures read this module, never a second copy of the rule.

Orders live in documents, a layer above: the roadmap reaches them through the reverse relation
`Event.orders` and names their kinds and status by value (a test keeps these values equal to
`documents.models.OrderKind` and `OrderStatus.SIGNED`).
"""

from django.db.models import Prefetch

from .models import Event, EventStatus

SIGNED = "signed"

# The standard roadmap's result documents that are orders (apps/roadmap/standard.py), by a word that
# identifies each; checked in this order. The values are `documents.models.OrderKind` values.
ORDER_RESULT_KINDS = [
    ("внедрени", "implementation_order"),
    ("положени", "regulations_order"),
    ("куратор", "curator_order"),
    ("закреплени", "pairs_order"),
    ("итогов", "final_event_order"),
    ("завершени", "completion_order"),
    ("поощрени", "awards_order"),  # «Приказ о поощрении наставников» (before «программ»: «…по итогам программ»; stage 6, the award of the best mentors)
    ("программ", "programme_order"),  # «Приказ об утверждении Программы наставничества»: after «завершении программ»
]


def event_order_kind(event) -> str | None:
    """The kind of order the event results in, if its result is an order; None for any other event."""
    result = (event.result_document or "").strip().lower()
    if not result.startswith("приказ"):
        return None
    return next((kind for word, kind in ORDER_RESULT_KINDS if word in result), None)


def signed_orders():
    """Signed orders, newest first (the register's `signed` status), as `Event.orders` reaches them."""
    orders = Event.orders.rel.related_model._default_manager
    return orders.filter(status=SIGNED).order_by("-date", "-pk")


def with_fulfilling_orders(events):
    """`events` with their signed orders prefetched into `signed_orders` (what `fulfilling_order` reads)."""
    return events.prefetch_related(Prefetch("orders", queryset=signed_orders(), to_attr="signed_orders"))


def fulfilling_order(event):
    """The signed order of the event's kind that fulfils it (the newest), or None.

    Reads the prefetched `signed_orders` when the event has them (`with_fulfilling_orders`), else asks.
    """
    kind = event_order_kind(event)
    if kind is None or event.pk is None:
        return None
    orders = getattr(event, "signed_orders", None)
    if orders is None:
        orders = list(signed_orders().filter(event=event))
    return next((o for o in orders if o.kind == kind), None)


def status_refusal(*, event, status: str) -> str | None:
    """Why the event cannot be given `status` by hand (the page, the admin's forms), in words; None if it can.

    `event` holds the stored values. An event fulfilled by an order cannot be marked done by hand; one
    already fulfilled by a signed order stays done. An event marked done by hand before this rule
    (its history) may be saved again as it is.
    """
    kind = event_order_kind(event)
    if kind is None:
        return None
    order = fulfilling_order(event)
    if order is not None and status != EventStatus.DONE:
        return f"Мероприятие выполнено приказом {order.designation}: его статус не меняется."
    if order is None and status == EventStatus.DONE and event.status != EventStatus.DONE:
        return (
            "Это мероприятие выполняется приказом: оно станет выполненным, когда приказ будет подписан в реестре "
            "приказов, или когда будет внесён скан приказа, подписанного вне портала, с его номером и датой."
        )
    return None


def result_change_refusal(*, event, result_document: str) -> str | None:
    """Why the event's result cannot become `result_document` (None if it can): an event fulfilled by an order
    keeps that order as its result, so that retyping the result cannot turn it into one marked done by hand."""
    kind = event_order_kind(event) if event.pk else None
    if kind is None:
        return None
    if event_order_kind(Event(result_document=result_document)) != kind:
        return (
            f"Результат этого мероприятия — приказ («{event.result_document}»): его выполняет подписанный приказ, "
            "поэтому вид результата не меняется. Уточнить формулировку можно, сохранив слова «Приказ …» о том же."
        )
    return None
