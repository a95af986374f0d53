"""What an order may say, per kind: the one rule for it.

Asked when a draft is made (`order_create` keeps only the pairs the rule lets in; the draft's page lists the
others, «не включены», with the reasons), when a pair is put into a draft, when the curator picks pairs on
the draft's page, and again at signing (`order_sign` refuses with every reason, in Russian). A signed order
is never asked again: what was signed stays as it was.

Per kind:
- о закреплении пар: forming or working pairs with mentees, not yet assigned by another signed order, whose
  every participant has the required consents on the order's date — the pair's own (`Pair.consent_items`:
  the mentor's to the duties, each mentee's to the assignment, as the pair's strip and its start ask) and
  each participant's consent to the processing of personal data in force (as the banks ask);
- о завершении программ: completed pairs only (ended on or before the order's date), not yet in another
  signed completion order;
- об итоговом мероприятии: a date on or after the order's, in the same school year; working or completed
  pairs that had started by the order's date;
- о внедрении: a working group of staff still employed;
- об утверждении Положения и Дорожной карты, об утверждении Программы наставничества: a roadmap of the school for
  the order's school year (or the next): the programme is of that year and follows its stages;
- о назначении куратора: a teacher of the school still employed;
- о поощрении наставников: mentors whose pairs worked in the order's school year (apps/documents/awards.py);
- any order that names the curator (pairs, completion, the Положение, the final event without another
  responsible): only an appointed curator — the one in the school's card whom the newest signed order о
  назначении куратора (dated on or before this order) appointed. A director signs «Куратору … обеспечить»
  only for the person their own order appointed; the card alone is a setting anybody with access could change.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from apps.consents.models import Consent, ConsentKind
from apps.core.dates import school_year_start
from apps.pairs.models import CONSENT_NAMES, Pair, PairMentee, PairStatus
from apps.roadmap.results import event_order_kind

from .awards import award_problems
from .models import Order, OrderKind, OrderStatus

PAIR_KINDS = (OrderKind.PAIRS, OrderKind.COMPLETION, OrderKind.FINAL_EVENT)
PERSONAL_DATA_WORDS = "согласие на обработку персональных данных"


@dataclass
class PairRefusal:
    """Why a pair may not be in an order of a kind: the reasons in words and the people they name."""

    pair: Pair
    reasons: list = field(default_factory=list)
    teachers: list = field(default_factory=list)  # named by a reason: the draft's page links each

    @property
    def text(self) -> str:
        return f"«{self.pair}»: " + "; ".join(self.reasons)


def pairs_for_rules(pairs):
    """The pairs with what the rule reads, fetched at once: the mentor's and mentees' cards, the active consents."""
    memberships = PairMentee.objects.select_related("mentee__teacher").order_by("pk")
    return pairs.select_related("mentor__teacher", "school").prefetch_related(
        Prefetch("memberships", queryset=memberships),
        Prefetch("consents", queryset=Consent.objects.filter(withdrawn_at__isnull=True)),
    )


def _as_rule_pairs(pairs) -> list:
    pairs = list(pairs)
    if not pairs:
        return []
    ids = [p.pk for p in pairs]
    by_id = {p.pk: p for p in pairs_for_rules(Pair.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


def _current_teachers(pair) -> list:
    return [pair.mentor.teacher, *sorted((m.mentee.teacher for m in pair.memberships.all() if m.left_on is None), key=lambda t: (t.short_name, t.pk))]


def _given_by(consent, on: datetime.date) -> bool:
    return consent is not None and timezone.localtime(consent.given_at).date() <= on


def consent_gaps(pair, *, on: datetime.date, personal_data: set) -> list[tuple]:
    """(teacher, the consent in words) for every consent the pair's participants lack on `on`.

    The pair's own consents are `Pair.consent_items` (the one definition the strip and the pair's start use);
    `personal_data`: ids of teachers whose consent to the processing of personal data was given by `on`.
    """
    gaps = [(teacher, CONSENT_NAMES[kind]) for teacher, kind, consent in pair.consent_items() if not _given_by(consent, on)]
    gaps += [(teacher, PERSONAL_DATA_WORDS) for teacher in _current_teachers(pair) if teacher.pk not in personal_data]
    order = {t.pk: n for n, t in enumerate(_current_teachers(pair))}
    return sorted(gaps, key=lambda gap: order.get(gap[0].pk, len(order)))


def _personal_data_given(pairs, on: datetime.date) -> set:
    teacher_ids = {t.pk for pair in pairs for t in _current_teachers(pair)}
    if not teacher_ids:
        return set()
    return set(
        Consent.objects.active()
        .filter(kind=ConsentKind.PERSONAL_DATA, teacher_id__in=teacher_ids, given_at__date__lte=on)
        .values_list("teacher_id", flat=True)
    )


def _signed_with(kind: str, pairs, *, exclude_order=None) -> dict:
    """pair id → the signed order of `kind` that already names it (one query)."""
    links = Order.pairs.through.objects.filter(
        order__kind=kind, order__status=OrderStatus.SIGNED, pair_id__in=[p.pk for p in pairs]
    ).select_related("order")
    if exclude_order is not None and exclude_order.pk:
        links = links.exclude(order_id=exclude_order.pk)
    taken = {}
    for link in links.order_by("order__date", "order_id"):
        taken.setdefault(link.pair_id, link.order)
    return taken


def pair_refusals(*, kind: str, pairs, on: datetime.date, exclude_order=None) -> list[PairRefusal]:
    """The pairs that may not be in an order of `kind` dated `on`, each with why; the others may."""
    if kind not in PAIR_KINDS:
        return []
    pairs = _as_rule_pairs(pairs)
    if not pairs:
        return []
    personal_data = _personal_data_given(pairs, on) if kind == OrderKind.PAIRS else set()
    taken = _signed_with(kind, pairs, exclude_order=exclude_order) if kind in (OrderKind.PAIRS, OrderKind.COMPLETION) else {}
    refusals = []
    for pair in pairs:
        refusal = PairRefusal(pair)
        if kind == OrderKind.PAIRS:
            _pairs_order_reasons(refusal, on=on, personal_data=personal_data)
        elif kind == OrderKind.COMPLETION:
            _completion_reasons(refusal, on=on)
        else:
            _final_event_reasons(refusal, on=on)
        if pair.pk in taken:
            refusal.reasons.append(f"уже включена в подписанный приказ {taken[pair.pk].designation}")
        if refusal.reasons:
            refusals.append(refusal)
    return refusals


def _pairs_order_reasons(refusal: PairRefusal, *, on, personal_data) -> None:
    pair = refusal.pair
    if not pair.is_open:
        refusal.reasons.append(f"пара {pair.get_status_display()}: в приказ о закреплении включают формирующиеся и работающие пары")
        return
    if not any(m.left_on is None for m in pair.memberships.all()):
        refusal.reasons.append("в паре нет наставляемых")
        return
    for teacher, words in consent_gaps(pair, on=on, personal_data=personal_data):
        refusal.reasons.append(f"нет согласия: {teacher.short_name} — {words}")
        if teacher not in refusal.teachers:
            refusal.teachers.append(teacher)


def _completion_reasons(refusal: PairRefusal, *, on) -> None:
    pair = refusal.pair
    if pair.is_open:
        refusal.reasons.append(
            f"пара {pair.get_status_display()} (плановое окончание — {pair.planned_end_on:%d.%m.%Y}): "
            "в приказ о завершении включают только завершённые пары"
        )
    elif pair.status == PairStatus.DISSOLVED:
        refusal.reasons.append(f"пара расформирована {pair.ended_on:%d.%m.%Y}: её программа не завершена")
    elif pair.ended_on > on:
        refusal.reasons.append(f"пара завершена {pair.ended_on:%d.%m.%Y}, позже даты приказа ({on:%d.%m.%Y})")


def _final_event_reasons(refusal: PairRefusal, *, on) -> None:
    pair = refusal.pair
    if pair.status == PairStatus.DRAFT:
        refusal.reasons.append("пара ещё не начала работу")
    elif pair.status == PairStatus.DISSOLVED:
        refusal.reasons.append(f"пара расформирована {pair.ended_on:%d.%m.%Y}")
    elif pair.started_on > on:
        refusal.reasons.append(f"пара начинает работу {pair.started_on:%d.%m.%Y}, позже даты приказа ({on:%d.%m.%Y})")


def split_pairs(*, kind: str, pairs, on: datetime.date, exclude_order=None) -> tuple[list, list[PairRefusal]]:
    """(the pairs the rule lets into an order of `kind` dated `on`, the refusals of the others)."""
    pairs = list(pairs)
    refusals = pair_refusals(kind=kind, pairs=pairs, on=on, exclude_order=exclude_order)
    refused = {r.pair.pk for r in refusals}
    return [p for p in pairs if p.pk not in refused], refusals


# --- the curator ---------------------------------------------------------------------------------------


def appointed_teacher_id(order: Order) -> int | None:
    """Whom a signed order о назначении куратора appointed (frozen in its data at signing or entry)."""
    return ((order.payload or {}).get("curator") or {}).get("id") or order.responsible_id


def curator_appointment(school, *, on: datetime.date) -> Order | None:
    """The newest signed order о назначении куратора dated on or before `on` (whoever it appointed)."""
    return (
        Order.objects.filter(school=school, kind=OrderKind.CURATOR, status=OrderStatus.SIGNED, date__lte=on)
        .order_by("-date", "-pk")
        .first()
    )


def is_appointed_curator(school, *, on: datetime.date) -> bool:
    order = curator_appointment(school, on=on) if school.curator_id else None
    return order is not None and appointed_teacher_id(order) == school.curator_id


def _names_curator(order: Order) -> bool:
    if order.kind in (OrderKind.PAIRS, OrderKind.COMPLETION, OrderKind.REGULATIONS, OrderKind.PROGRAMME):
        return True
    return order.kind == OrderKind.FINAL_EVENT and order.responsible_id is None


def curator_problems(order: Order, *, on: datetime.date) -> list[str]:
    """An order naming the curator names only the appointed one."""
    if not _names_curator(order):
        return []
    school = order.school
    curator = school.curator
    if curator is None:
        if order.kind in (OrderKind.PAIRS, OrderKind.COMPLETION):
            return ["Куратор не назначен: укажите куратора в карточке организации и подпишите приказ о назначении куратора."]
        return []
    if not curator.is_employed:
        return [f"Куратор {curator.short_name} не работает в организации: назначьте другого куратора."]
    appointment = curator_appointment(school, on=on)
    if appointment is None:
        return [
            f"Куратор {curator.short_name} не назначен приказом: приказ поручает куратору, поэтому сначала подпишите "
            "приказ о назначении куратора (или внесите скан такого приказа, подписанного вне портала)."
        ]
    if appointed_teacher_id(appointment) != curator.pk:
        return [
            f"В карточке организации куратор — {curator.short_name}, а приказом {appointment.designation} куратором "
            f"назначен другой педагог: подпишите приказ о назначении куратора {curator.short_name}."
        ]
    return []


# --- the whole order --------------------------------------------------------------------------------------


def _not_employed(teachers) -> list[str]:
    return [t.short_name for t in teachers if t is not None and not t.is_employed]


def order_problems(order: Order, *, on: datetime.date | None = None) -> list[str]:
    """Everything that keeps the order from being signed on `on` (its date, else today), in words; empty when none."""
    on = on or order.date or timezone.localdate()
    kind = order.kind
    school = order.school
    problems = []
    pairs = list(order.pairs.all()) if order.pk else []
    if kind in (OrderKind.PAIRS, OrderKind.COMPLETION) and not pairs:
        problems.append("Выберите наставнические пары и группы.")
    for refusal in pair_refusals(kind=kind, pairs=pairs, on=on, exclude_order=order):
        problems.append(f"Пару {refusal.text} нельзя включить в приказ.")
    if kind == OrderKind.CURATOR:
        person = order.responsible or school.curator
        if person is None:
            problems.append("Укажите куратора (поле «ответственный» или куратор в карточке организации).")
        elif not person.is_employed:
            problems.append(f"{person.short_name} не работает в организации: куратором назначают работника организации.")
    if kind == OrderKind.IMPLEMENTATION:
        members = list(order.members.all()) if order.pk else []
        if not members:
            problems.append("Укажите состав рабочей группы.")
        gone = _not_employed([order.responsible, *members])
        if gone:
            problems.append(f"Не работают в организации: {', '.join(gone)} — исключите их из рабочей группы.")
    if kind in (OrderKind.REGULATIONS, OrderKind.PROGRAMME):
        problems += _roadmap_problems(order, on=on)
    if kind == OrderKind.FINAL_EVENT:
        problems += _final_event_problems(order, on=on)
    if kind == OrderKind.AWARDS:
        problems += award_problems(order, on=on)
    problems += curator_problems(order, on=on)
    if order.event_id and event_order_kind(order.event) != kind:
        problems.append(f"Мероприятие дорожной карты «{order.event.title}» выполняется приказом другого вида.")
    return problems


def _roadmap_problems(order: Order, *, on: datetime.date) -> list[str]:
    roadmap = order.roadmap
    if roadmap is None:
        return ["Укажите дорожную карту, которую утверждает приказ."]
    year = school_year_start(on)
    if roadmap.school_id != order.school_id:
        return ["Дорожная карта относится к другой организации."]
    if roadmap.year_start not in (year, year + 1):
        return [
            f"Дорожная карта на {roadmap.school_year} учебный год не относится к учебному году приказа "
            f"({year}/{year + 1}): выберите дорожную карту этого или следующего учебного года."
        ]
    if not roadmap.stages.filter(events__isnull=False).exists():
        return ["В дорожной карте нет мероприятий."]
    return []


def _final_event_problems(order: Order, *, on: datetime.date) -> list[str]:
    problems = []
    if not order.event_date:
        problems.append("Укажите дату итогового мероприятия.")
    elif order.event_date < on:
        problems.append(f"Итоговое мероприятие ({order.event_date:%d.%m.%Y}) не может пройти раньше даты приказа ({on:%d.%m.%Y}).")
    elif school_year_start(order.event_date) != school_year_start(on):
        year = school_year_start(on)
        problems.append(f"Итоговое мероприятие должно пройти в учебном году приказа ({year}/{year + 1}).")
    gone = _not_employed([order.responsible])
    if gone:
        problems.append(f"Ответственный {gone[0]} не работает в организации.")
    return problems


# --- what a draft's page lists --------------------------------------------------------------------------


def candidate_pairs(*, school, kind: str, on: datetime.date):
    """The pairs an order of this kind is usually about: what «не включены» is looked for among."""
    pairs = Pair.objects.filter(school=school)
    if kind == OrderKind.PAIRS:
        assigned = Order.objects.filter(school=school, kind=kind, status=OrderStatus.SIGNED).values("pairs")
        return pairs.filter(status__in=(PairStatus.DRAFT, PairStatus.ACTIVE)).exclude(pk__in=assigned)
    if kind == OrderKind.COMPLETION:
        completed = Order.objects.filter(school=school, kind=kind, status=OrderStatus.SIGNED).values("pairs")
        due = pairs.filter(status=PairStatus.ACTIVE, planned_end_on__lte=on)  # to be completed: listed with why not yet
        return (pairs.filter(status=PairStatus.COMPLETED) | due).exclude(pk__in=completed)
    if kind == OrderKind.FINAL_EVENT:
        return pairs.filter(status__in=(PairStatus.ACTIVE, PairStatus.COMPLETED))
    return pairs.none()


def draft_exclusions(order: Order, *, on: datetime.date | None = None) -> list[PairRefusal]:
    """The pairs the draft does not include because the rule keeps them out: «не включены», with why."""
    if order.is_signed or order.kind not in PAIR_KINDS or not order.pk:
        return []
    on = on or timezone.localdate()
    candidates = candidate_pairs(school=order.school, kind=order.kind, on=on).exclude(pk__in=order.pairs.values("pk"))
    return pair_refusals(kind=order.kind, pairs=candidates.order_by("pk"), on=on, exclude_order=order)
