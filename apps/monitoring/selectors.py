"""The monitoring dashboard's figures: one call, a fixed number of queries whatever the size of the school.

Every figure is of one school year (core.dates.SchoolYear): that year's pairs, programmes, activities,
answers and roadmap, by the rules their models state (pairs.models.ran_in_school_year and the like);
the banks are counted as they stand on the year's counting day.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Func, IntegerField, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.catalogues.models import MentoringForm
from apps.consents.models import ConsentKind
from apps.consents.selectors import has_active_consent
from apps.core.dates import SchoolYear
from apps.mentees.models import Mentee, MenteeStatus
from apps.pairs.models import Pair, completed_by, dissolved_by, ran_in_school_year
from apps.programmes.models import Activity, Programme, activity_done_by, activity_of_school_year
from apps.roadmap.models import EventStatus, Roadmap, Stage
from apps.schools.models import Teacher
from apps.surveys.models import QuestionnaireKind, QuestionType, Response
from apps.surveys.selectors import current_questionnaires

from .models import MonitoringRound


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def bank_coverage(*, school, today: datetime.date) -> dict:
    """Young specialists (and the 3–5 years band) in the bank, and the bank by status: consented mentees only."""
    consented = Mentee.objects.filter(school=school).filter(
        has_active_consent(ConsentKind.PERSONAL_DATA)
    )
    by_status = dict(consented.values_list("status").annotate(n=Count("pk")).order_by())
    teachers = Teacher.objects.filter(school=school)
    band = {}
    for name, queryset in (
        ("young", teachers.young_specialists(today)),
        ("early", teachers.early_career(today)),
    ):
        figures = queryset.aggregate(
            total=Count("pk"), in_bank=Count("pk", filter=Q(mentee__in=consented))
        )
        band[name] = figures
    return {
        "young_total": band["young"]["total"],
        "young_in_bank": band["young"]["in_bank"],
        "young_percent": _percent(band["young"]["in_bank"], band["young"]["total"])
        if band["young"]["total"]
        else 100,
        "early_total": band["early"]["total"],
        "early_in_bank": band["early"]["in_bank"],
        "early_percent": _percent(band["early"]["in_bank"], band["early"]["total"])
        if band["early"]["total"]
        else 100,
        "mentees": [
            {"value": value, "label": label, "count": by_status.get(value, 0)}
            for value, label in MenteeStatus.choices
        ],
        "mentees_total": sum(by_status.values()),
    }


def _pairs_by_form(*, school, year: SchoolYear, day: datetime.date) -> list[dict]:
    """Pairs and groups of the year that formed or worked (dissolved by the counting day left out), for every
    form of the catalogue."""
    counted = Q(pairs__school=school) & ran_in_school_year(year, "pairs__") & ~dissolved_by(day, "pairs__")
    forms = MentoringForm.objects.annotate(n=Count("pairs", filter=counted)).order_by(
        "order", "pk"
    )
    return [{"code": form.code, "label": form.name, "count": form.n} for form in forms]


def _programmes(*, school, year: SchoolYear, today: datetime.date) -> dict:
    """The programmes of the year's pairs (completed by the counting day), their activities due within the year."""
    done = activity_done_by(today)
    activities = (
        Activity.objects.filter(programme__pair__school=school)
        .filter(ran_in_school_year(year, "programme__pair__"), activity_of_school_year(year))
        .aggregate(
            n_total=Count("pk"),
            n_done=Count("pk", filter=done),
            n_overdue=Count("pk", filter=~done & Q(due_date__lt=today)),
        )
    )
    programmes = (
        Programme.objects.filter(pair__school=school)
        .filter(ran_in_school_year(year, "pair__"))
        .aggregate(
            n_total=Count("pk"),
            n_completed=Count("pk", filter=completed_by(today, "pair__")),
        )
    )
    activities = {key[2:]: value for key, value in activities.items()}
    programmes = {key[2:]: value for key, value in programmes.items()}
    planned = activities["total"] - activities["done"] - activities["overdue"]
    return {
        "activities_total": activities["total"],
        "activities_done": activities["done"],
        "activities_overdue": activities["overdue"],
        "activities_planned": planned,
        "percent_done": _percent(activities["done"], activities["total"]),
        "programmes_total": programmes["total"],
        "programmes_completed": programmes["completed"],
    }


def _average(values: list[int]) -> Decimal | None:
    """Two decimals, half up: as the satisfaction results page rounds them (surveys.selectors)."""
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _stored_value(stored):
    return stored.get("value") if isinstance(stored, dict) else stored


def _satisfaction(*, school, year: SchoolYear) -> list[dict]:
    """The averages of the scale questions of both satisfaction questionnaires, question by question. Only the
    answers' JSON is read: the results page's summary (surveys.selectors.satisfaction_summary) also loads every
    response's pair, its members and the open answers, which no figure here shows. Three queries for both
    questionnaires (their current versions, their questions, the answers); at one school's size (tens of
    answers) the JSON costs less than a query would. The stored 10-point score (Response.scale_points) does not
    serve here: these are raw averages per question."""
    kinds = {QuestionnaireKind.MENTOR_SATISFACTION: "mentor", QuestionnaireKind.MENTEE_SATISFACTION: "mentee"}
    questionnaires = current_questionnaires(school=school, kinds=list(kinds))
    answers_of = {kind: [] for kind in kinds}
    for kind, answers in (
        Response.objects.filter(questionnaire__kind__in=list(kinds), pair__school=school)
        .of_school_year(year)
        .values_list("questionnaire__kind", "answers")
    ):
        answers_of[kind].append(answers)
    groups = []
    for kind, who in kinds.items():
        questionnaire, answers = questionnaires[kind], answers_of[kind]
        questions = []
        for question in questionnaire.questions.all() if questionnaire else []:
            if question.type not in (QuestionType.SCALE, QuestionType.NUMBER):
                continue
            values = [
                value
                for value in (_stored_value(stored.get(question.code)) for stored in answers)
                if isinstance(value, int) and not isinstance(value, bool)
            ]
            questions.append(
                {
                    "code": question.code,
                    "text": question.text,
                    "average": _average(values),
                    "count": len(values),
                    "scale_max": question.scale_max,
                }
            )
        groups.append(
            {
                "who": who,
                "title": QuestionnaireKind(kind).label,
                "responses": len(answers),
                "scale_max": max((q["scale_max"] for q in questions), default=0),
                "questions": questions,
            }
        )
    return groups


def _roadmap(*, school, year: SchoolYear) -> dict:
    year_start = year.start
    roadmap = Roadmap.objects.filter(school=school, year_start=year_start).first()
    result = {
        "year_start": year_start,
        "school_year": f"{year_start}/{year_start + 1}",
        "exists": roadmap is not None,
        "stages": [],
    }
    if roadmap is None:
        return result
    stages = (
        Stage.objects.filter(roadmap=roadmap)
        .annotate(
            total=Count("events"),
            done=Count("events", filter=Q(events__status=EventStatus.DONE)),
        )
        .order_by("number")
    )
    result["stages"] = [
        {
            "number": s.number,
            "title": s.title,
            "total": s.total,
            "done": s.done,
            "percent": _percent(s.done, s.total),
        }
        for s in stages
    ]
    result["total"] = sum(s["total"] for s in result["stages"])
    result["done"] = sum(s["done"] for s in result["stages"])
    result["percent"] = _percent(result["done"], result["total"])
    return result


def dashboard_figures(*, school, year: SchoolYear | None = None, today: datetime.date | None = None) -> dict:
    """Every figure of the monitoring dashboard for one school and school year (the current one by default),
    counted on the year's counting day (today within the year, its last day once it is over)."""
    today = today or timezone.localdate()
    year = year or SchoolYear.of(today)
    day = year.counting_day(today)
    return {
        "today": day,
        "year": year,
        "coverage": bank_coverage(school=school, today=day),
        "pairs_by_form": _pairs_by_form(school=school, year=year, day=day),
        "programmes": _programmes(school=school, year=year, today=day),
        "satisfaction": _satisfaction(school=school, year=year),
        "roadmap": _roadmap(school=school, year=year),
    }


def _school_year_of(expression) -> Func:
    """In the database: the calendar year the school year of a date began in (31.08.2026 → 2025, 1.09.2026 → 2026)."""
    return Func(
        expression, template="EXTRACT(YEAR FROM (%(expressions)s - INTERVAL '8 months'))::integer", output_field=IntegerField()
    )


def years_with_data(*, today: datetime.date, school=None, municipality=None, round_years=None, pairs=None, roadmaps=None) -> list[SchoolYear]:
    """The school years of a school (or of a district; or of the given `pairs` and `roadmaps`) that have pairs,
    a roadmap or a round, up to the current one, which is always there; newest first. Three queries whatever
    the number of pairs (two when the caller has read the rounds already and passes their `round_years`)."""
    if pairs is None:
        where = {"school": school} if school is not None else {"school__municipality": municipality}
        pairs, roadmaps = Pair.objects.filter(**where), Roadmap.objects.filter(**where)
    current = SchoolYear.of(today).start
    starts = {current}
    spans = (
        pairs.annotate(first=_school_year_of(F("started_on")), last=_school_year_of(Coalesce(F("ended_on"), Value(today))))
        .values_list("first", "last")
        .order_by()
        .distinct()
    )
    for first, last in spans:
        starts.update(range(first, min(last, current) + 1))
    starts.update(roadmaps.values_list("year_start", flat=True).order_by().distinct())
    if round_years is None:
        rounds = MonitoringRound.objects.filter(
            school=school if school is not None else None, municipality=municipality if school is None else None
        )
        round_years = rounds.values_list("year_start", flat=True).distinct()
    starts.update(round_years)
    return [SchoolYear(start) for start in sorted((s for s in starts if s <= current), reverse=True)]
