"""The order о поощрении наставников: who may be in it and what it says (the writes: award_services.py).

The rule (issue 15's: a document says only what is true): a mentor is thanked or awarded for the work of a
pair — so only a mentor of the school, still employed, who led a pair that worked (began work and was not
dissolved) in the school year of the order's date, on or before that date. Asked when the draft is made
(the mentors the rule keeps out are named with why), and again at signing (`rules.order_problems`).
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from apps.core.dates import SchoolYear
from apps.mentors.models import Mentor
from apps.pairs.models import Pair, PairStatus

from .models import Order
from .names import teacher_forms

WORKED_STATUSES = (PairStatus.ACTIVE, PairStatus.COMPLETED)


def default_reason(year: SchoolYear) -> str:
    return f"за результативную работу в качестве наставника в {year.label} учебном году"


@dataclass
class MentorRefusal:
    mentor: Mentor
    reasons: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return f"{self.mentor.teacher.short_name}: " + "; ".join(self.reasons)


def worked_pairs(*, mentors, on: datetime.date):
    """The pairs of these mentors that worked in the school year of `on`, begun by `on`."""
    return Pair.objects.of_school_year(SchoolYear.of(on)).filter(mentor__in=mentors, status__in=WORKED_STATUSES, started_on__lte=on)


def mentor_refusals(*, school, mentors, on: datetime.date) -> list[MentorRefusal]:
    """The mentors who may not be in an order о поощрении of `school` dated `on`, each with why (two queries)."""
    mentors = list(mentors)
    year = SchoolYear.of(on)
    worked = set(worked_pairs(mentors=mentors, on=on).values_list("mentor_id", flat=True))
    refusals = []
    for mentor in mentors:
        refusal = MentorRefusal(mentor)
        if mentor.school_id != school.pk:
            refusal.reasons.append("наставник другой организации")
        elif not mentor.teacher.is_employed:
            refusal.reasons.append("не работает в организации")
        elif mentor.pk not in worked:
            refusal.reasons.append(f"нет наставнических пар (групп), работавших в {year.label} учебном году по дату приказа")
        if refusal.reasons:
            refusals.append(refusal)
    return refusals


def award_problems(order: Order, *, on: datetime.date) -> list[str]:
    """What keeps an order о поощрении from being signed on `on`; empty when nothing."""
    awards = list(order.awards.select_related("mentor__teacher")) if order.pk else []
    if not awards:
        return ["Выберите наставников, которых поощряет приказ."]
    return [
        f"Наставника {refusal.text} нельзя поощрить этим приказом."
        for refusal in mentor_refusals(school=order.school, mentors=[a.mentor for a in awards], on=on)
    ]


def awards_block(order: Order) -> list[dict]:
    """The order's awards as its payload says them: names and positions declined by the template (dative for
    «объявить благодарность», accusative for «наградить почётной грамотой»)."""
    year = SchoolYear.of(order.date or timezone.localdate())
    awards = order.awards.select_related("mentor__teacher").order_by("kind", "mentor__teacher__last_name", "mentor__teacher__first_name", "pk")
    return [
        {
            "kind": award.kind,
            "mentor": teacher_forms(award.mentor.teacher),
            "mentor_id": award.mentor_id,
            "reason": award.reason.strip() or default_reason(year),
        }
        for award in awards
    ]
