"""The monitoring dashboard's figures: one call, a fixed number of queries whatever the size of the school."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from apps.catalogues.models import MentoringForm
from apps.consents.models import ConsentKind
from apps.consents.selectors import has_active_consent
from apps.core.dates import school_year_start
from apps.mentees.models import Mentee, MenteeStatus
from apps.pairs.models import PairStatus
from apps.programmes.models import Activity, Programme
from apps.roadmap.models import EventStatus, Roadmap, Stage
from apps.schools.models import Teacher
from apps.surveys.models import QuestionnaireKind
from apps.surveys.selectors import satisfaction_summary


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


def _pairs_by_form(*, school) -> list[dict]:
    """Pairs and groups that formed or worked (dissolved ones left out), for every form of the catalogue."""
    counted = Q(pairs__school=school) & ~Q(pairs__status=PairStatus.DISSOLVED)
    forms = MentoringForm.objects.annotate(n=Count("pairs", filter=counted)).order_by(
        "order", "pk"
    )
    return [{"code": form.code, "label": form.name, "count": form.n} for form in forms]


def _programmes(*, school, today: datetime.date) -> dict:
    activities = Activity.objects.filter(programme__pair__school=school).aggregate(
        n_total=Count("pk"),
        n_done=Count("pk", filter=Q(done=True)),
        n_overdue=Count("pk", filter=Q(done=False, due_date__lt=today)),
    )
    programmes = Programme.objects.filter(pair__school=school).aggregate(
        n_total=Count("pk"),
        n_completed=Count("pk", filter=Q(pair__status=PairStatus.COMPLETED)),
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


def _satisfaction(*, school) -> list[dict]:
    groups = []
    for kind, who in (
        (QuestionnaireKind.MENTOR_SATISFACTION, "mentor"),
        (QuestionnaireKind.MENTEE_SATISFACTION, "mentee"),
    ):
        summary = satisfaction_summary(school=school, kind=kind)
        scales = [q for q in summary["questions"] if q.get("kind") == "scale"]
        groups.append(
            {
                "who": who,
                "title": summary["title"],
                "responses": summary["responses"],
                "scale_max": max((q["scale_max"] for q in scales), default=0),
                "questions": [
                    {
                        "code": q["code"],
                        "text": q["text"],
                        "average": q["average"],
                        "count": q["count"],
                        "scale_max": q["scale_max"],
                    }
                    for q in scales
                ],
            }
        )
    return groups


def _roadmap(*, school, today: datetime.date) -> dict:
    year_start = school_year_start(today)
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


def dashboard_figures(*, school, today: datetime.date | None = None) -> dict:
    """Every figure of the monitoring dashboard for one school."""
    today = today or timezone.localdate()
    return {
        "today": today,
        "coverage": bank_coverage(school=school, today=today),
        "pairs_by_form": _pairs_by_form(school=school),
        "programmes": _programmes(school=school, today=today),
        "satisfaction": _satisfaction(school=school),
        "roadmap": _roadmap(school=school, today=today),
    }
