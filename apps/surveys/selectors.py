"""Reads of the survey app."""

from django.urls import reverse

from .models import Questionnaire, QuestionnaireKind, Response

# Questionnaires a teacher fills on their own, without a personal link.
SELF_SERVICE_KINDS = (QuestionnaireKind.MENTEE_REQUEST, QuestionnaireKind.MENTOR)


def current_questionnaire(*, school, kind) -> Questionnaire | None:
    return Questionnaire.objects.current(school=school, kind=kind)


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
