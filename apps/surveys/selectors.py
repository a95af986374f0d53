"""Reads of the survey app."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from apps.core.dates import SchoolYear
from apps.pairs.models import Pair, PairMentee, PairStatus
from apps.pairs.selectors import pairs_of_teacher

from .models import Invitation, Questionnaire, QuestionnaireKind, QuestionType, Response

# Questionnaires a teacher fills on their own, without a personal link.
SELF_SERVICE_KINDS = (QuestionnaireKind.MENTEE_REQUEST, QuestionnaireKind.MENTOR)


def current_questionnaire(*, school, kind) -> Questionnaire | None:
    return Questionnaire.objects.current(school=school, kind=kind)


def current_questionnaires(*, school, kinds) -> dict:
    """{kind: the school's current questionnaire of that kind, or None}, their questions loaded: two queries."""
    found = Questionnaire.objects.current_of_kinds(school=school, kinds=kinds)
    prefetch_related_objects([q for q in found.values() if q is not None], "questions")
    return found


def previous_answers(*, teacher, kind, pair=None) -> dict:
    """The teacher's stored answers to this kind of questionnaire (to show them again), or {}."""
    response = (
        Response.objects.filter(teacher=teacher, pair=pair, questionnaire__kind=kind)
        .only("answers")
        .order_by("-submitted_at")
        .first()
    )
    return response.answers if response else {}


def self_service_surveys(teacher) -> list[dict]:
    """The questionnaires the teacher's own page offers, each with its URL and whether it is already submitted."""
    submitted = set(
        Response.objects.filter(teacher=teacher, pair__isnull=True, questionnaire__kind__in=SELF_SERVICE_KINDS).values_list(
            "questionnaire__kind", flat=True
        )
    )
    return [{"kind": kind, "url": reverse("surveys:fill", args=[kind]), "submitted": kind in submitted} for kind in SELF_SERVICE_KINDS]


def answers_for_display(answers: dict) -> list[dict]:
    """Stored answers as an ordered list of {"section", "question", "text"} for reading."""
    rows = []
    for code, answer in sorted(answers.items(), key=lambda item: (item[1] or {}).get("order", 0) if isinstance(item[1], dict) else 0):
        if not isinstance(answer, dict):
            rows.append({"section": "", "question": code, "text": str(answer)})
            continue
        rows.append({"section": answer.get("section", ""), "question": answer.get("question", code), "text": answer_text(answer.get("value"))})
    return rows


def answer_text(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return "да"
    if value is False:
        return "нет"
    if isinstance(value, dict):
        return str(value.get("name", ""))
    if isinstance(value, list):
        return "; ".join(answer_text(v) for v in value)
    return str(value)


# --- satisfaction results ------------------------------------------------------------------

SATISFACTION_KINDS = (QuestionnaireKind.MENTOR_SATISFACTION, QuestionnaireKind.MENTEE_SATISFACTION)


def _average(values) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _percent(part, whole) -> int:
    return round(part * 100 / whole) if whole else 0


def pair_label(pair) -> str:
    """«Наставник — наставляемые», from prefetched memberships."""
    mentees = ", ".join(m.mentee.teacher.short_name for m in pair.memberships.all())
    return f"{pair.mentor.teacher.short_name} — {mentees or 'нет наставляемых'}"


def _pairs_prefetch():
    return Prefetch("pair__memberships", queryset=PairMentee.objects.select_related("mentee__teacher").order_by("pk"))


def satisfaction_responses(*, school, kind, pairs=None, year=None) -> list[Response]:
    """The school's answers to one satisfaction questionnaire (of the given pairs; submitted within school year `year`)."""
    responses = Response.objects.filter(questionnaire__kind=kind, pair__school=school)
    if year is not None:
        responses = responses.of_school_year(year)
    if pairs is not None:
        responses = responses.filter(pair__in=pairs)
    return list(
        responses.select_related("teacher", "pair__mentor__teacher").prefetch_related(_pairs_prefetch()).order_by("pair_id", "submitted_at", "pk")
    )


def satisfaction_summary(*, school, kind, pairs=None, responses=None, year=None) -> dict:
    """Answers to one satisfaction questionnaire of the school (or of the given pairs), question by question.

    Scale questions: exact average (two decimals), number of answers and the count of each value of the scale;
    yes/no questions: counts; open questions: the texts with the pair they are about. The questions are the
    school's current questionnaire; answers are matched by question code.
    """
    questionnaire = current_questionnaire(school=school, kind=kind)
    if responses is None:
        responses = satisfaction_responses(school=school, kind=kind, pairs=pairs, year=year)
    summary = {"kind": kind, "title": QuestionnaireKind(kind).label, "questionnaire": questionnaire, "responses": len(responses), "questions": []}
    if questionnaire is None:
        return summary
    for question in questionnaire.questions.all():
        answers = []
        for response in responses:
            stored = response.answers.get(question.code)
            value = stored.get("value") if isinstance(stored, dict) else stored
            if value not in (None, "", []):
                answers.append((response, value))
        row = {"code": question.code, "text": question.text, "section": question.section, "type": question.type}
        if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
            values = [v for _, v in answers if isinstance(v, int) and not isinstance(v, bool)]
            counts = {value: 0 for value in range(question.scale_min, question.scale_max + 1)} if question.type == QuestionType.SCALE else {}
            for value in values:
                counts[value] = counts.get(value, 0) + 1
            top = max(counts.values(), default=0)
            row.update(
                kind="scale",
                average=_average(values),
                count=len(values),
                scale_min=question.scale_min,
                scale_max=question.scale_max,
                distribution=[{"value": v, "count": c, "width": _percent(c, top)} for v, c in sorted(counts.items())],
            )
        elif question.type == QuestionType.BOOLEAN:
            yes = sum(1 for _, v in answers if v is True)
            no = sum(1 for _, v in answers if v is False)
            row.update(kind="boolean", yes=yes, no=no, count=yes + no, yes_percent=_percent(yes, yes + no), no_percent=_percent(no, yes + no))
        else:
            row.update(kind="open", answers=[{"text": answer_text(v), "pair": r.pair, "teacher": r.teacher} for r, v in answers], count=len(answers))
        summary["questions"].append(row)
    return summary


def satisfaction_overview(*, school) -> dict:
    """Everything the results page shows, in a fixed number of queries whatever the number of pairs and answers."""
    invited = defaultdict(set)  # pair id → {(teacher id, kind)}
    for teacher_id, pair_id, kind in (
        Invitation.objects.filter(school=school, kind__in=SATISFACTION_KINDS, pair__isnull=False)
        .values_list("teacher_id", "pair_id", "kind")
        .distinct()
    ):
        invited[pair_id].add((teacher_id, kind))
    summaries, answered = [], defaultdict(set)
    scale_values = defaultdict(list)  # pair id → every scale answer
    for kind in SATISFACTION_KINDS:
        responses = satisfaction_responses(school=school, kind=kind)
        for response in responses:
            answered[response.pair_id].add((response.teacher_id, kind))
            for stored in response.answers.values():
                if isinstance(stored, dict) and stored.get("type") == QuestionType.SCALE and isinstance(stored.get("value"), int):
                    scale_values[response.pair_id].append(stored["value"])
        summary = satisfaction_summary(school=school, kind=kind, responses=responses)
        kind_invited = {(p, t) for p, people in invited.items() for t, k in people if k == kind}
        kind_answered = {(p, t) for p, people in answered.items() for t, k in people if k == kind}
        summary["invited"] = len(kind_invited | kind_answered)
        summary["rate"] = _percent(len(kind_answered), summary["invited"])
        summaries.append(summary)

    pair_ids = set(invited) | set(answered)
    pairs = (
        Pair.objects.filter(school=school, pk__in=pair_ids)
        .select_related("mentor__teacher", "form")
        .prefetch_related(Prefetch("memberships", queryset=PairMentee.objects.select_related("mentee__teacher").order_by("pk")))
        .order_by("-ended_on", "pk")
    )
    rows = []
    for pair in pairs:
        people = invited[pair.pk] | answered[pair.pk]
        rows.append(
            {
                "pair": pair,
                "label": pair_label(pair),
                "invited": len(people),
                "answered": len(answered[pair.pk]),
                "average": _average(scale_values[pair.pk]),
            }
        )
    total_invited = sum(s["invited"] for s in summaries)
    total_answered = sum(len(a) for a in answered.values())
    return {
        "summaries": summaries,
        "pairs": rows,
        "invited": total_invited,
        "answered": total_answered,
        "rate": _percent(total_answered, total_invited),
    }


def satisfaction_pair_results(*, pair) -> dict:
    """One pair: who was asked and who answered, each answer in full, and the pair's aggregates."""
    school = pair.school
    invitations = list(Invitation.objects.filter(pair=pair, kind__in=SATISFACTION_KINDS).values_list("teacher_id", "kind", "sent_at", "reminded_at"))
    summaries, people = [], []
    responses_by = {}
    for kind in SATISFACTION_KINDS:
        responses = satisfaction_responses(school=school, kind=kind, pairs=[pair])
        for response in responses:
            responses_by[(response.teacher_id, kind)] = response
        summaries.append(satisfaction_summary(school=school, kind=kind, responses=responses))
    participants = [(pair.mentor.teacher, QuestionnaireKind.MENTOR_SATISFACTION)] + [
        (m.mentee.teacher, QuestionnaireKind.MENTEE_SATISFACTION) for m in pair.memberships.all()
    ]
    for teacher, kind in participants:
        sent = [(s, r) for t, k, s, r in invitations if t == teacher.pk and k == kind]
        response = responses_by.get((teacher.pk, kind))
        people.append(
            {
                "teacher": teacher,
                "role": "наставник" if kind == QuestionnaireKind.MENTOR_SATISFACTION else "наставляемый",
                "invited": bool(sent),
                "reminded": any(r for _, r in sent),
                "response": response,
                "answers": answers_for_display(response.answers) if response else [],
            }
        )
    return {"summaries": summaries, "people": people, "answered": sum(1 for p in people if p["response"]), "total": len(people)}


# --- final reflection ----------------------------------------------------------------------

REFLECTION = QuestionnaireKind.REFLECTION
# A pair's members reflect on it while it works (towards its end) and once it is completed.
REFLECTION_STATUSES = (PairStatus.ACTIVE, PairStatus.COMPLETED)


def reflection_pairs(teacher):
    """The pairs the teacher may reflect on: those they lead or are (were, to its end) a mentee of, working or completed."""
    return pairs_of_teacher(teacher).filter(status__in=REFLECTION_STATUSES)


def reflection_offers(teacher, *, today=None) -> list[dict]:
    """The teacher's page: each working pair, and each pair completed this school year, with its reflection link."""
    year = SchoolYear.of(today or timezone.localdate())
    pairs = (
        reflection_pairs(teacher)
        .filter(Q(status=PairStatus.ACTIVE) | Q(ended_on__gte=year.first_day))
        .with_names()
        .select_related("form")
        .annotate(reflected=Exists(Response.objects.filter(pair=OuterRef("pk"), teacher=teacher, questionnaire__kind=REFLECTION)))
        .order_by("-started_on", "pk")
    )
    return [
        {
            "pair": pair,
            "label": pair_label(pair),
            "role": "наставник" if pair.mentor.teacher_id == teacher.pk else "наставляемый",
            "submitted": pair.reflected,
            "url": reverse("surveys:reflection", args=[pair.pk]),
        }
        for pair in pairs
    ]


def reflection_overview(*, school, year=None) -> list[dict]:
    """The curator's page and the analytical report: every working or completed pair (of school year `year`) with
    each member's reflection answers, or none yet; in a fixed number of queries whatever the number of pairs."""
    pairs = Pair.objects.filter(school=school, status__in=REFLECTION_STATUSES)
    responses = Response.objects.filter(questionnaire__kind=REFLECTION, pair__school=school)
    if year is not None:
        pairs = pairs.of_school_year(year)
        responses = responses.of_school_year(year)
    by_person = {(r.pair_id, r.teacher_id): r for r in responses.order_by("submitted_at", "pk")}
    rows = []
    for pair in pairs.with_names().select_related("form").order_by("-started_on", "pk"):
        members = [(pair.mentor.teacher, "наставник")] + [
            (m.mentee.teacher, "наставляемый") for m in pair.memberships.all() if m.left_on is None or m.left_on == pair.ended_on
        ]
        people = []
        for teacher, role in members:
            response = by_person.get((pair.pk, teacher.pk))
            people.append(
                {
                    "teacher": teacher,
                    "role": role,
                    "response": response,
                    "answers": answers_for_display(response.answers) if response else [],
                }
            )
        rows.append(
            {
                "pair": pair,
                "label": pair_label(pair),
                "people": people,
                "answered": sum(1 for p in people if p["response"]),
                "total": len(people),
            }
        )
    return rows


def reflection_summary(*, school, year, limit: int = 10) -> dict:
    """The analytical report's final-stage section: how many members of the year's pairs reflected, and their
    answers question by question (the first `limit` of each, in the order given; `more` counts the rest)."""
    rows = reflection_overview(school=school, year=year)
    questionnaire = current_questionnaire(school=school, kind=REFLECTION)
    questions = []
    for question in questionnaire.questions.all() if questionnaire else []:
        texts = []
        for row in rows:
            for person in row["people"]:
                stored = person["response"].answers.get(question.code) if person["response"] else None
                value = stored.get("value") if isinstance(stored, dict) else stored
                if isinstance(value, str) and value.strip():
                    texts.append(" ".join(value.split()))
        questions.append({"code": question.code, "text": question.text, "answers": texts[:limit], "more": max(len(texts) - limit, 0)})
    return {
        "participants": sum(row["total"] for row in rows),
        "answered": sum(row["answered"] for row in rows),
        "questions": questions,
    }
