"""The order's part of the pair's flow (apps/pairs/flow.py): a working pair with a programme is next
included in the order о закреплении — the one way in (the pairs list's action does the same for many).
Documents is above pairs, so it adds the step itself; apps/documents/admin.py imports this module.
A pair the rule keeps out (apps/documents/rules.py) gets no button but the reasons: «не включена: нет согласия …»."""

from django.urls import reverse
from django.utils import timezone

from apps.core.admin_shared import user_scope
from apps.pairs.flow import FlowAction, add_working_step

from . import rules
from .models import Order, OrderKind
from .selectors import can_use_documents, latest_pairs_draft


def order_step(pair, request) -> FlowAction | None:
    """A pair in no order о закреплении (signed or draft): include it in the draft, or a new one."""
    if Order.objects.filter(kind=OrderKind.PAIRS, pairs=pair).exists():
        return None
    user = request.user
    refusals = rules.pair_refusals(kind=OrderKind.PAIRS, pairs=[pair], on=timezone.localdate())
    if refusals:
        return FlowAction(
            "Включить в приказ о закреплении",
            note="Пара не включена в приказ о закреплении: " + "; ".join(refusals[0].reasons) + ".",
        )
    draft = latest_pairs_draft(school=pair.school)
    if draft is None:
        note = "Пара ещё не включена в приказ о закреплении: будет создан проект приказа с этой парой."
    else:
        note = f"Пара ещё не включена в приказ о закреплении: её добавят в проект приказа, подготовленный {timezone.localtime(draft.created_at):%d.%m.%Y}."
    may_prepare = can_use_documents(user) and user.has_perm("documents.add_order") and user_scope(user).can_write
    url = reverse("documents:pair_order_include", args=[pair.pk]) if may_prepare else ""
    return FlowAction("Включить в приказ о закреплении", note=note, url=url, post=True)


add_working_step("order", order_step, rank=20)
