"""Reads for the municipal coordinator: every school of one municipality, read-only.

Each function answers in a fixed number of queries whatever the number of schools,
teachers or pairs: figures are grouped by school in the database, never fetched per school.
Teachers who have not given (or withdrew) consent to the processing of personal data are
left out of every registry, as they are out of the school banks.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, Sum
from django.utils import timezone

from apps.catalogues.models import Competence, Request
from apps.consents.models import ConsentKind
from apps.consents.selectors import has_active_consent
from apps.core.dates import SchoolYear
from apps.documents.models import Order, OrderKind
from apps.documents.selectors import published_orders, signed_orders
from apps.mentees.models import Mentee, MenteeStatus
from apps.mentors.models import Mentor, MentorStatus
from apps.municipal.models import TargetGroup
from apps.municipal.selectors import registrations_of, targets_of
from apps.pairs.models import Pair, PairStatus, completed_by, dissolved_by, ran_in_school_year
from apps.pairs.selectors import mentors_with_load
from apps.programmes.models import Activity, Programme, activity_done_by, activity_of_school_year
from apps.roadmap.models import Event, EventStatus
from apps.schools.models import Affiliation, School, Teacher, early_career, young_specialist
from apps.schools.selectors import teacher_name_matches
from apps.surveys.models import QuestionnaireKind, Response, submitted_in_school_year

# The local acts every school must have signed and published on its site (seeds 001, 003, 004:
# «наличие пакета локальных актов ОО … в соответствии с требованиями размещения документов на сайте»).
REQUIRED_ORDERS = (
    OrderKind.IMPLEMENTATION,
    OrderKind.REGULATIONS,
    OrderKind.CURATOR,
    OrderKind.PAIRS,
)
SATISFACTION_KINDS = (QuestionnaireKind.MENTOR_SATISFACTION, QuestionnaireKind.MENTEE_SATISFACTION)
# Average satisfaction below this share of the scale (7 of 10) is marked as lagging.
SATISFACTION_LAG_SHARE = 0.7


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def municipality_schools(municipality):
    return School.objects.filter(municipality=municipality).select_related("curator").order_by("short_name", "pk")


# ---------------------------------------------------------------------------
# Monitoring table: schools × indicators


@dataclass
class SchoolRow:
    school: School
    teachers: int = 0
    young_total: int = 0
    young_in_bank: int = 0
    early_total: int = 0
    early_in_bank: int = 0
    mentors: int = 0
    mentees: int = 0
    mentees_waiting: int = 0
    pairs: int = 0
    pairs_active: int = 0
    programmes_total: int = 0
    programmes_completed: int = 0
    activities_overdue: int = 0
    satisfaction: float | None = None  # average of all scale answers, on a 10-point scale
    satisfaction_responses: int = 0
    roadmap_total: int = 0
    roadmap_done: int = 0
    roadmap_overdue: int = 0
    orders_signed: set = field(default_factory=set)
    orders_published: set = field(default_factory=set)
    lagging: dict = field(default_factory=dict)  # column key → why, in words

    @property
    def young_percent(self) -> int | None:
        return _percent(self.young_in_bank, self.young_total)

    @property
    def early_percent(self) -> int | None:
        return _percent(self.early_in_bank, self.early_total)

    @property
    def roadmap_percent(self) -> int | None:
        return _percent(self.roadmap_done, self.roadmap_total)

    @property
    def documents_signed(self) -> int:
        return len(self.orders_signed)

    @property
    def documents_published(self) -> int:
        return len(self.orders_published)

    @property
    def documents_missing(self) -> list[str]:
        return [kind.label for kind in REQUIRED_ORDERS if kind not in self.orders_signed]

    @property
    def documents_unpublished(self) -> list[str]:
        return [kind.label for kind in REQUIRED_ORDERS if kind in self.orders_signed and kind not in self.orders_published]


def lagging_reasons(row: SchoolRow) -> dict:
    """Which cells of a school's row lag behind, and why: the one place these rules live."""
    reasons = {}
    if row.young_total and row.young_in_bank < row.young_total:
        reasons["young"] = "не все молодые специалисты включены в банк наставляемых"
    if row.mentees_waiting:
        reasons["waiting"] = "есть наставляемые без наставника"
    if row.activities_overdue:
        reasons["overdue"] = "есть просроченные мероприятия программ"
    if row.satisfaction is not None and row.satisfaction < 10 * SATISFACTION_LAG_SHARE:
        reasons["satisfaction"] = "средняя удовлетворённость ниже 7 из 10"
    if not row.roadmap_total:
        reasons["roadmap"] = "нет дорожной карты на учебный год"
    elif row.roadmap_overdue:
        reasons["roadmap"] = "есть мероприятия дорожной карты с истёкшим сроком"
    if row.documents_signed < len(REQUIRED_ORDERS):
        reasons["documents"] = "подписаны не все обязательные приказы"
    if row.documents_published < len(REQUIRED_ORDERS):
        reasons["published"] = "не все обязательные приказы размещены на сайте"
    return reasons


# sort key → (label, value getter); None values go last whatever the direction
SORTS = {
    "school": ("Образовательная организация", lambda r: r.school.short_name.lower()),
    "teachers": ("Педагогов", lambda r: r.teachers),
    "young": ("Охват молодых специалистов", lambda r: r.young_percent),
    "early": ("Охват педагогов со стажем 3–5 лет", lambda r: r.early_percent),
    "mentors": ("Наставники", lambda r: r.mentors),
    "mentees": ("Наставляемые", lambda r: r.mentees),
    "waiting": ("Ожидают наставника", lambda r: r.mentees_waiting),
    "pairs": ("Пары и группы", lambda r: r.pairs),
    "programmes": ("Программы завершены", lambda r: r.programmes_completed),
    "overdue": ("Просроченные мероприятия", lambda r: r.activities_overdue),
    "satisfaction": ("Удовлетворённость", lambda r: r.satisfaction),
    "roadmap": ("Дорожная карта", lambda r: r.roadmap_percent),
    "documents": ("Приказы подписаны", lambda r: r.documents_signed),
    "published": ("Приказы размещены на сайте", lambda r: r.documents_published),
}
DEFAULT_SORT = "school"


def sort_rows(rows: list[SchoolRow], sort: str) -> tuple[list[SchoolRow], str]:
    """Rows sorted by `sort` («young», «-young» descending); an unknown key sorts by school."""
    key = sort.lstrip("-")
    if key not in SORTS:
        key, sort = DEFAULT_SORT, DEFAULT_SORT
    descending = sort.startswith("-")
    getter = SORTS[key][1]
    present = [r for r in rows if getter(r) is not None]
    missing = [r for r in rows if getter(r) is None]
    present.sort(key=lambda r: (getter(r), r.school.short_name.lower()), reverse=descending)
    return present + missing, sort


def _by_school(queryset, **aggregates) -> dict[int, dict]:
    return {row.pop("school"): row for row in queryset.values("school").annotate(**aggregates).order_by()}


def _satisfaction(municipality, year: SchoolYear) -> dict[int, tuple[float | None, int]]:
    """Per school: the average of every scale answer of the satisfaction questionnaires, brought to 10 points,
    and the number of questionnaires answered. Added up from the scores each response carries
    (Response.set_scale_score, written with the answers): no answer's JSON is read."""
    rows = (
        Response.objects.filter(questionnaire__kind__in=SATISFACTION_KINDS, pair__school__municipality=municipality)
        .filter(submitted_in_school_year(year))
        .values("pair__school")
        .annotate(responses=Count("pk"), points=Sum("scale_points"), answers=Sum("scale_answers"))
        .order_by()
    )
    return {
        row["pair__school"]: (round(row["points"] / row["answers"], 2) if row["answers"] else None, row["responses"])
        for row in rows
    }


def monitoring_rows(*, municipality, year: SchoolYear | None = None, today: datetime.date | None = None) -> list[SchoolRow]:
    """Every school of the municipality with its indicators of school year `year` (the current one by default)
    and lagging marks, ordered by name. The year's pairs, programmes, activities, answers and roadmap by the
    rules their models state; the banks and staff as they stand on the year's counting day (today within it,
    its last day once over); the orders as signed and published by now."""
    today = today or timezone.localdate()
    year = year or SchoolYear.of(today)
    today = year.counting_day(today)
    rows = {school.pk: SchoolRow(school=school) for school in municipality_schools(municipality)}
    in_municipality = Q(school__municipality=municipality)

    consented_mentees = Mentee.objects.filter(in_municipality).filter(has_active_consent(ConsentKind.PERSONAL_DATA))
    # The bands as conditions on each teacher's row, and the bank entry (of a school of the district, consented)
    # through the teacher's own mentee row: no list of ids to look every teacher up in, three times over.
    young, early = young_specialist(today), early_career(today)
    in_bank = Q(mentee__school__municipality=municipality) & has_active_consent(ConsentKind.PERSONAL_DATA, "pk")
    for school_id, f in _by_school(
        Teacher.objects.filter(in_municipality),
        teachers=Count("pk", filter=Q(is_employed=True, affiliation=Affiliation.STAFF)),
        young_total=Count("pk", filter=young),
        young_in_bank=Count("pk", filter=young & in_bank),
        early_total=Count("pk", filter=early),
        early_in_bank=Count("pk", filter=early & in_bank),
    ).items():
        vars(rows[school_id]).update(f)

    for school_id, f in _by_school(
        Mentor.objects.filter(in_municipality).filter(has_active_consent(ConsentKind.PERSONAL_DATA)),
        mentors=Count("pk", filter=~Q(status=MentorStatus.ARCHIVED)),
    ).items():
        vars(rows[school_id]).update(f)

    for school_id, f in _by_school(
        consented_mentees,
        mentees=Count("pk"),
        mentees_waiting=Count("pk", filter=Q(status=MenteeStatus.WAITING)),
    ).items():
        vars(rows[school_id]).update(f)

    for school_id, f in _by_school(
        Pair.objects.filter(in_municipality).of_school_year(year),
        pairs=Count("pk", filter=~dissolved_by(today)),
        pairs_active=Count(
            "pk", filter=~Q(status=PairStatus.DRAFT) & ~dissolved_by(today) & ~completed_by(today)
        ),
    ).items():
        vars(rows[school_id]).update(f)

    programmes = (
        Programme.objects.filter(pair__school__municipality=municipality)
        .filter(ran_in_school_year(year, "pair__"))
        .values("pair__school")
        .annotate(total=Count("pk"), completed=Count("pk", filter=completed_by(today, "pair__")))
    )
    for p in programmes.order_by():
        row = rows[p["pair__school"]]
        row.programmes_total, row.programmes_completed = p["total"], p["completed"]

    overdue = (
        Activity.objects.filter(programme__pair__school__municipality=municipality, due_date__lt=today)
        .filter(ran_in_school_year(year, "programme__pair__"), activity_of_school_year(year))
        .exclude(activity_done_by(today))
        .exclude(dissolved_by(today, "programme__pair__"))
        .values("programme__pair__school")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for a in overdue:
        rows[a["programme__pair__school"]].activities_overdue = a["n"]

    for school_id, (average, count) in _satisfaction(municipality, year).items():
        rows[school_id].satisfaction, rows[school_id].satisfaction_responses = average, count

    events = (
        Event.objects.filter(stage__roadmap__school__municipality=municipality, stage__roadmap__year_start=year.start)
        .values("stage__roadmap__school")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=EventStatus.DONE)),
            overdue=Count("pk", filter=~Q(status=EventStatus.DONE) & Q(deadline__lt=today)),
        )
        .order_by()
    )
    for e in events:
        row = rows[e["stage__roadmap__school"]]
        row.roadmap_total, row.roadmap_done, row.roadmap_overdue = e["total"], e["done"], e["overdue"]

    required = Order.objects.filter(in_municipality, kind__in=REQUIRED_ORDERS)
    for school_id, kind in signed_orders(required).values_list("school", "kind").distinct():
        rows[school_id].orders_signed.add(kind)
    for school_id, kind in published_orders(required).values_list("school", "kind").distinct():
        rows[school_id].orders_published.add(kind)

    for row in rows.values():
        row.lagging = lagging_reasons(row)
    return list(rows.values())


def monitoring_totals(rows: list[SchoolRow]) -> dict:
    """The municipality's line: sums, and percents of the sums."""
    sums = {
        name: sum(getattr(r, name) for r in rows)
        for name in (
            "teachers", "young_total", "young_in_bank", "early_total", "early_in_bank", "mentors", "mentees",
            "mentees_waiting", "pairs", "pairs_active", "programmes_total", "programmes_completed",
            "activities_overdue", "satisfaction_responses", "roadmap_total", "roadmap_done",
        )
    }  # fmt: skip
    rated = [(r.satisfaction, r.satisfaction_responses) for r in rows if r.satisfaction is not None]
    weight = sum(n for _, n in rated)
    return {
        **sums,
        "schools": len(rows),
        "young_percent": _percent(sums["young_in_bank"], sums["young_total"]),
        "early_percent": _percent(sums["early_in_bank"], sums["early_total"]),
        "roadmap_percent": _percent(sums["roadmap_done"], sums["roadmap_total"]),
        "satisfaction": round(sum(s * n for s, n in rated) / weight, 2) if weight else None,
        "documents_complete": sum(1 for r in rows if r.documents_signed == len(REQUIRED_ORDERS)),
        "published_complete": sum(1 for r in rows if r.documents_published == len(REQUIRED_ORDERS)),
        "lagging_schools": sum(1 for r in rows if r.lagging),
    }


# ---------------------------------------------------------------------------
# Registries across schools


def district_competences(municipality):
    """Competences a coordinator may filter by: the common ones and those of the municipality's schools."""
    return Competence.objects.filter(Q(school__isnull=True) | Q(school__municipality=municipality)).order_by("order", "name")


def district_requests(municipality):
    return Request.objects.filter(Q(school__isnull=True) | Q(school__municipality=municipality)).order_by("order", "name")


def mentor_registry(*, municipality, school=None, competence=None, request=None, free_only=False, q=""):
    """Consented mentors of every school of the municipality, with competences and free places.

    `request` keeps mentors whose competences close that professional request: what a school
    short of a mentor looks for in its neighbours (network mentoring, «сетевое взаимодействие»).
    """
    mentors = (
        mentors_with_load(
            Mentor.objects.filter(school__municipality=municipality)
            .filter(has_active_consent(ConsentKind.PERSONAL_DATA))
            .exclude(status=MentorStatus.ARCHIVED)
        )
        .select_related("teacher", "school")
        .prefetch_related(Prefetch("competences", queryset=Competence.objects.order_by("order", "name")))
        .order_by("teacher__last_name", "teacher__first_name", "pk")
    )
    if school is not None:
        mentors = mentors.filter(school=school)
    if competence is not None:
        mentors = mentors.filter(competences=competence)
    if request is not None:
        mentors = mentors.filter(pk__in=Mentor.objects.filter(competences__requests=request).values("pk"))
    if free_only:
        mentors = mentors.filter(load__lt=F("capacity"))
    if q:
        mentors = mentors.filter(teacher_name_matches(q))
    return mentors


def curator_registry(*, municipality) -> list[dict]:
    """Each school with its curator and contacts; a curator without consent is named as hidden."""
    schools = list(
        School.objects.filter(municipality=municipality)
        .select_related("curator")
        .annotate(curator_consented=has_active_consent(ConsentKind.PERSONAL_DATA, "curator"))
        .order_by("short_name", "pk")
    )
    return [
        {
            "school": s,
            "curator": s.curator if s.curator_consented else None,
            "hidden": s.curator_id is not None and not s.curator_consented,
        }
        for s in schools
    ]


def mentee_registry(*, municipality, school=None, request=None, q=""):
    """Consented mentees still waiting for a mentor, with their professional requests."""
    mentees = (
        Mentee.objects.filter(school__municipality=municipality, status=MenteeStatus.WAITING)
        .filter(has_active_consent(ConsentKind.PERSONAL_DATA))
        .select_related("teacher", "school", "preferred_form")
        .prefetch_related(Prefetch("requests", queryset=Request.objects.order_by("order", "name")))
        .order_by("teacher__last_name", "teacher__first_name", "pk")
    )
    if school is not None:
        mentees = mentees.filter(school=school)
    if request is not None:
        mentees = mentees.filter(requests=request)
    if q:
        mentees = mentees.filter(teacher_name_matches(q))
    return mentees


# ---------------------------------------------------------------------------
# Registration targets (seed 002, items 6.2–6.3) against the facts of the monitoring table


def _registration_base(row: SchoolRow, group: str) -> int:
    """Whom a target counts: the school's one curator (whether appointed or not), its employed teachers,
    or its mentors (those the monitoring counts)."""
    if group == TargetGroup.CURATORS:
        return 1
    if group == TargetGroup.TEACHERS:
        return row.teachers
    return row.mentors


def registration_table(rows: list[SchoolRow], *, municipality, year: SchoolYear) -> dict:
    """Per school and target: registered of whom, the percent, and whether it is below the target; and the
    district's line. Two queries, whatever the number of schools."""
    targets = list(targets_of(municipality, year.start))
    registered = registrations_of(targets)
    schools = []
    sums = {t.pk: [0, 0, 0] for t in targets}  # registered, base, schools that entered nothing
    for row in rows:
        cells = []
        for target in targets:
            base = _registration_base(row, target.group)
            value = registered.get((row.school.pk, target.pk))
            percent = _percent(value, base) if value is not None else None
            lagging = value is None or (percent is not None and percent < target.percent)  # nothing entered lags too
            cells.append({"target": target, "registered": value, "base": base, "percent": percent, "lagging": lagging})
            if value is None:
                sums[target.pk][2] += 1
            else:
                sums[target.pk][0] += value
            sums[target.pk][1] += base
        schools.append({"school": row.school, "cells": cells})
    totals = [
        {"target": t, "registered": sums[t.pk][0], "base": sums[t.pk][1], "percent": _percent(sums[t.pk][0], sums[t.pk][1]),
         "missing": sums[t.pk][2]}
        for t in targets
    ]
    return {"targets": targets, "schools": schools, "totals": totals}
