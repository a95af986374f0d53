"""The score stored on each response (Response.set_scale_score) against the figure it replaces: the district
table used to add up every scale answer out of the answers' JSON in SQL. Both are computed here for a mix of
answers: several scales, questions left blank, no scale answer at all, a response sent again (also on a new
version of the questionnaire), and rows stored before the score existed, in every shape the JSON allowed."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db.models import Count, FloatField, Q, Sum
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from apps.core.dates import SchoolYear
from apps.district.selectors import _satisfaction
from apps.monitoring.tests.data import consent_all, mentee_teacher
from apps.pairs.tests.factories import make_pair
from apps.schools.tests.factories import SchoolFactory
from apps.surveys.models import Question, Questionnaire, QuestionnaireKind, QuestionType, Response, scale_score
from apps.surveys.selectors import current_questionnaire
from apps.surveys.services import response_submit

pytestmark = pytest.mark.django_db

MENTOR = QuestionnaireKind.MENTOR_SATISFACTION
MENTEE = QuestionnaireKind.MENTEE_SATISFACTION
fill_migration = importlib.import_module("apps.surveys.migrations.0008_response_scale_score")


def old_json_scores(responses, group_by: str) -> dict:
    """apps/district/selectors.py `_satisfaction` before the stored score, grouped by `group_by`:
    {group: (sum of points, number of scale answers)}."""
    scale_max = dict(
        ((questionnaire, code), high)
        for questionnaire, code, high in Question.objects.filter(
            questionnaire__kind__in=(MENTOR, MENTEE), type=QuestionType.SCALE, scale_max__gt=0
        ).values_list("questionnaire", "code", "scale_max")
    )
    codes = sorted({code for _, code in scale_max})
    values = {
        f"scale_{i}": Coalesce(KeyTextTransform("value", KeyTransform(code, "answers")), KeyTextTransform(code, "answers"))
        for i, code in enumerate(codes)
    }
    sums = {}
    for j, ((questionnaire, code), high) in enumerate(scale_max.items()):
        value = f"scale_{codes.index(code)}"
        answered = Q(questionnaire=questionnaire, **{f"{value}__regex": r"^-?[0-9]+$"})
        sums[f"points_{j}"] = Sum(Cast(value, FloatField()) * 10.0 / high, filter=answered)
        sums[f"answers_{j}"] = Count("pk", filter=answered)
    rows = responses.annotate(**values).values(group_by).annotate(**sums).order_by()
    return {
        row[group_by]: (
            sum(row[f"points_{j}"] or 0 for j in range(len(scale_max))),
            sum(row[f"answers_{j}"] for j in range(len(scale_max))),
        )
        for row in rows
    }


def own_questionnaire(school, kind, *, version=2, scales=((1, 10, True), (1, 5, True), (0, 7, False), (1, 3, False))):
    """The school's own satisfaction questionnaire: scale questions s0, s1… as (from, to, required), a number
    question (never part of the score), a yes/no and an open one."""
    questionnaire = Questionnaire.objects.create(school=school, kind=kind, version=version, title=f"Своя анкета, версия {version}")
    for n, (low, high, required) in enumerate(scales):
        Question.objects.create(
            questionnaire=questionnaire, order=n, code=f"s{n}", text=f"Оцените {n}", type=QuestionType.SCALE,
            scale_min=low, scale_max=high, required=required,
        )  # fmt: skip
    Question.objects.create(questionnaire=questionnaire, order=10, code="hours", text="Часов", type=QuestionType.NUMBER, scale_max=10)
    Question.objects.create(questionnaire=questionnaire, order=11, code="continue", text="Продолжите?", type=QuestionType.BOOLEAN, required=False)
    Question.objects.create(questionnaire=questionnaire, order=12, code="improve", text="Что улучшить", required=False)
    return questionnaire


def submit(pair, teacher, questionnaire, **answers):
    return response_submit(teacher=teacher, questionnaire=questionnaire, answers={"hours": 12, "improve": "", **answers}, pair=pair)


def stored_scores() -> dict:
    return {pk: (points, count) for pk, points, count in Response.objects.values_list("pk", "scale_points", "scale_answers")}


@pytest.fixture
def pairs():
    school = SchoolFactory()
    made = [make_pair(school=school) for _ in range(6)]
    for pair in made:
        consent_all(pair)
    return made


def test_the_stored_score_is_the_old_json_figure_for_a_mix_of_answers(pairs):
    school = pairs[0].school
    mine = own_questionnaire(school, MENTOR)
    blank = own_questionnaire(school, MENTEE, scales=((1, 10, False), (1, 4, False)))
    standard = current_questionnaire(school=None, kind=MENTEE)
    standard_scales = [q.code for q in standard.questions.all() if q.type == QuestionType.SCALE]

    r1 = submit(pairs[0], pairs[0].mentor.teacher, mine, s0=8, s1=4, s2=5, s3=1)
    r2 = submit(pairs[1], pairs[1].mentor.teacher, mine, s0=10, s1=3)  # the optional scales left blank
    r3 = submit(pairs[2], pairs[2].mentor.teacher, mine, s0=1, s1=1, s2=0, s3=3)  # 0 of 7 is an answer
    r4 = submit(pairs[0], mentee_teacher(pairs[0]), blank)  # no scale answer at all
    r5 = response_submit(
        teacher=mentee_teacher(pairs[1]), questionnaire=standard, pair=pairs[1],
        answers={code: 6 + n % 5 for n, code in enumerate(standard_scales)} | {"continue": True},
    )  # fmt: skip

    assert (r1.scale_answers, r2.scale_answers, r3.scale_answers, r4.scale_answers) == (4, 2, 4, 0)
    assert r1.scale_points == pytest.approx(8 + 8 + 50 / 7 + 10 / 3)
    assert (r4.scale_points, r4.score) == (0, None)
    assert r2.score == pytest.approx(8.0)
    old = old_json_scores(Response.objects.all(), "pk")
    assert stored_scores() == old
    assert old[r4.pk] == (0, 0) and old[r5.pk][1] == len(standard_scales)


def test_a_response_sent_again_is_scored_again(pairs):
    school = pairs[0].school
    mine = own_questionnaire(school, MENTOR)
    teacher = pairs[0].mentor.teacher
    first = submit(pairs[0], teacher, mine, s0=9, s1=5, s2=7, s3=3)
    assert (first.scale_points, first.scale_answers) == (39.0, 4)  # 9 + 10 + 10 + 10

    again = submit(pairs[0], teacher, mine, s0=2, s1=1)  # the same row, now two answers
    assert again.pk == first.pk
    assert (again.scale_points, again.scale_answers) == (4.0, 2)

    newer = own_questionnaire(school, MENTOR, version=3, scales=((1, 4, True),))  # a new version takes its place
    latest = submit(pairs[0], teacher, newer, s0=3)
    assert latest.pk == first.pk and (latest.questionnaire, latest.scale_points, latest.scale_answers) == (newer, 7.5, 1)
    assert Response.objects.count() == 1
    assert stored_scores() == old_json_scores(Response.objects.all(), "pk")


def test_the_migration_scores_rows_stored_before_and_the_district_figure_stays_the_same(pairs):
    """Rows written before response_submit stored the value with its question (a bare number), by hand or by
    imports: numbers as text, fractions, yes/no, lists and empty values are not scale answers."""
    school = pairs[0].school
    mine = own_questionnaire(school, MENTOR)
    blank = own_questionnaire(school, MENTEE, scales=((1, 10, False), (1, 4, False)))
    submit(pairs[0], pairs[0].mentor.teacher, mine, s0=7, s1=2, s2=6)
    legacy = [
        (pairs[1], pairs[1].mentor.teacher, mine, {"s0": 9, "s1": "4", "s2": {"value": "7"}, "s3": {"value": 2}}),
        (pairs[2], pairs[2].mentor.teacher, mine, {"s0": 7.5, "s1": True, "s2": [3], "s3": None, "hours": 5}),
        (pairs[3], pairs[3].mentor.teacher, mine, {"s0": {"value": None}, "s1": "", "s2": "-1", "s3": " 2"}),
        (pairs[4], pairs[4].mentor.teacher, mine, {}),
        (pairs[1], mentee_teacher(pairs[1]), blank, {"s0": {"type": "scale", "value": 10}, "s1": 1}),
        (pairs[2], mentee_teacher(pairs[2]), blank, {"s0": "десять", "s1": {"value": False}}),
    ]
    for pair, teacher, questionnaire, answers in legacy:
        Response.objects.create(pair=pair, teacher=teacher, questionnaire=questionnaire, answers=answers)
    Response.objects.update(scale_points=0, scale_answers=0)  # as the column was added

    fill_migration.score_existing_responses(django_apps, None)

    scores = stored_scores()
    assert scores == old_json_scores(Response.objects.all(), "pk")
    assert sorted(count for _, count in scores.values()) == [0, 0, 0, 1, 2, 3, 4]
    by_school = old_json_scores(Response.objects.all(), "pair__school")
    points, count = by_school[school.pk]
    year = SchoolYear.of(timezone.localdate(Response.objects.first().submitted_at))
    assert _satisfaction(school.municipality, year) == {school.pk: (round(points / count, 2), Response.objects.count())}


def test_only_scale_questions_with_a_positive_top_count():
    questions = [
        Question(code="a", type=QuestionType.SCALE, scale_min=1, scale_max=5),
        Question(code="b", type=QuestionType.NUMBER, scale_max=10),
        Question(code="c", type=QuestionType.SCALE, scale_min=-5, scale_max=0),
        Question(code="d", type=QuestionType.CHOICE),
    ]
    assert scale_score({"a": 5, "b": 7, "c": -3, "d": "2"}, questions) == (10.0, 1)
    assert scale_score({}, questions) == (0.0, 0)
