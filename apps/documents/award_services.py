"""Writes of the order о поощрении наставников: the draft with the selected mentors, one mentor's award.

The rule of who may be in it is awards.py's, asked here and again at signing (rules.order_problems).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.mentors.models import Mentor

from .awards import mentor_refusals
from .models import AwardKind, MentorAward, Order, OrderKind
from .services import order_create


@transaction.atomic
def awards_order_create(*, school, mentors, kind: str = AwardKind.GRATITUDE, reason: str = "", by=None, on=None) -> Order:
    """A draft order о поощрении наставников with the mentors the rule lets in on `on` (default today);
    the others are on the returned order's `refused_mentors` (`MentorRefusal`), for the caller to say so."""
    if kind not in AwardKind.values:
        raise ValidationError({"kind": "Выберите вид поощрения: благодарность или почётная грамота."})
    mentors = list(Mentor.objects.filter(pk__in=[m.pk for m in mentors]).select_related("teacher").order_by("pk"))
    on = on or timezone.localdate()
    refused = mentor_refusals(school=school, mentors=mentors, on=on)
    refused_ids = {r.mentor.pk for r in refused}
    eligible = [m for m in mentors if m.pk not in refused_ids]
    if not eligible:
        raise ValidationError(
            "Ни один из выбранных наставников не может быть поощрён: " + "; ".join(r.text for r in refused) + "."
        )
    order = order_create(school=school, kind=OrderKind.AWARDS, by=by, on=on)
    for mentor in eligible:
        award = MentorAward(order=order, mentor=mentor, kind=kind, reason=reason.strip())
        award.full_clean()
        award.save()
    order.refused_mentors = refused
    return order


@transaction.atomic
def award_save(*, award: MentorAward, on=None) -> MentorAward:
    """Add or change one mentor's award in a draft (the order's page): only a draft, only a mentor the rule lets
    in on `on` (default: the order's date, else today)."""
    order = Order.objects.select_for_update().get(pk=award.order_id)
    if order.is_signed:
        raise ValidationError("Приказ подписан: поощрения в нём не меняются.")
    if order.kind != OrderKind.AWARDS:
        raise ValidationError("Поощрения наставников включают только в приказ о поощрении наставников.")
    refusals = mentor_refusals(school=order.school, mentors=[award.mentor], on=on or order.date or timezone.localdate())
    if refusals:
        raise ValidationError({"mentor": f"Наставника {refusals[0].text} нельзя поощрить этим приказом."})
    award.full_clean()
    award.save()
    return award
