"""Hand-built schools for the dashboard tests: every figure below is counted by hand in the docstrings."""

from apps.core.tests.clock import Scenario
from apps.mentees.tests.factories import MenteeFactory
from apps.pairs.models import PairStatus
from apps.pairs.services import pair_end
from apps.pairs.tests.factories import make_pair
from apps.programmes.models import Activity, Programme
from apps.roadmap.models import Event, EventStatus
from apps.roadmap.services import roadmap_create
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.models import QuestionnaireKind
from apps.surveys.selectors import current_questionnaire
from apps.surveys.services import response_submit
from apps.surveys.tests.factories import give_personal_data_consent

on = Scenario(written_for=2026)  # the scenario reads as 2026/2027; it runs in the current school year
TODAY = on(2026, 11, 20)
MENTOR = QuestionnaireKind.MENTOR_SATISFACTION
MENTEE = QuestionnaireKind.MENTEE_SATISFACTION
SCALES = {
    MENTOR: (
        "programme_useful",
        "communication",
        "meetings_useful",
        "plan_done",
        "expectations_met",
        "mentee_progress",
    ),
    MENTEE: (
        "programme_useful",
        "communication",
        "meetings_useful",
        "plan_done",
        "expectations_met",
        "confidence_grew",
    ),
}


def consent_all(pair):
    give_personal_data_consent(pair.mentor.teacher)
    for membership in pair.memberships.all():
        give_personal_data_consent(membership.mentee.teacher)


def programme(pair, activities):
    """A programme with activities given as (due date, done)."""
    prog = Programme.objects.create(
        pair=pair,
        title="Программа",
        starts_on=pair.started_on,
        ends_on=pair.planned_end_on,
    )
    Activity.objects.bulk_create(
        Activity(
            programme=prog,
            title=f"Мероприятие {i}",
            due_date=due,
            done=done,
            done_on=due if done else None,
            order=i,
        )
        for i, (due, done) in enumerate(activities)
    )
    return prog


def answer(pair, teacher, kind, score):
    answers = {code: score for code in SCALES[kind]}
    answers.update(
        {"continue": True, "become_mentor": False, "most_useful": "", "improve": ""}
    )
    return response_submit(
        teacher=teacher,
        questionnaire=current_questionnaire(school=pair.school, kind=kind),
        answers=answers,
        pair=pair,
    )


def mentee_teacher(pair):
    return pair.memberships.get().mentee.teacher


def build_school(school, *, with_roadmap=True):
    """
    Mentee bank (consented): waiting 3 (dissolved pair's mentee, one never paired, the 3–5 years one),
    paired 1, completed 2 → 6; one more mentee without consent is not counted.
    Young specialists: the 6 mentee-factory teachers of 0–3 years (pA, pB, pC, pD, waiting, no consent)
    and one teacher outside the bank → 7, in the bank 5 → 71 %.
    3–5 years: the waiting mentee and one teacher outside the bank → 1 of 2 → 50 %.
    Pairs by form «педагог — педагог»: pA, pB, pC (pD dissolved is left out) → 3.
    Programmes: pA (done 2, overdue 1, planned 1) and pB (done 2), pB completed → 2, completed 1;
    activities 6: done 4, overdue 1, planned 1.
    Satisfaction: mentors of pB (8) and pC (9) → 8.50 on every scale; mentee of pB (7) → 7.00.
    Roadmap 2026/2027: stage 1 all done, stage 2 one done.
    Every pair counted ran within 2026/2027: pB and pC began in March and completed on 2 November.
    """
    p_a = make_pair(school=school, started_on=on(2026, 9, 1), months=8)
    p_b = make_pair(school=school, started_on=on(2026, 3, 2))
    p_c = make_pair(school=school, started_on=on(2026, 3, 2))
    p_d = make_pair(school=school)
    for pair in (p_a, p_b, p_c, p_d):
        consent_all(pair)
    programme(
        p_a,
        [
            (on(2026, 9, 15), True),
            (on(2026, 10, 1), True),
            (on(2026, 10, 15), False),
            (on(2027, 3, 1), False),
        ],
    )
    programme(
        p_b, [(on(2026, 9, 20), True), (on(2026, 10, 20), True)]
    )
    pair_end(pair=p_b, status=PairStatus.COMPLETED, ended_on=on(2026, 11, 2))
    pair_end(pair=p_c, status=PairStatus.COMPLETED, ended_on=on(2026, 11, 2))
    pair_end(
        pair=p_d,
        status=PairStatus.DISSOLVED,
        ended_on=on(2025, 12, 1),
        reason="Переезд наставника",
    )
    give_personal_data_consent(MenteeFactory(teacher__school=school).teacher)
    MenteeFactory(teacher__school=school)  # no consent: not in the bank's figures
    TeacherFactory(
        school=school,
        birth_date=on(2001, 1, 1),
        teaching_since=on(2025, 9, 1),
    )
    early = MenteeFactory(
        teacher__school=school, teacher__teaching_since=on(2022, 9, 1)
    )
    give_personal_data_consent(early.teacher)
    TeacherFactory(
        school=school,
        birth_date=on(1997, 1, 1),
        teaching_since=on(2023, 1, 10),
    )
    answer(p_b, p_b.mentor.teacher, MENTOR, 8)
    answer(p_c, p_c.mentor.teacher, MENTOR, 9)
    answer(p_b, mentee_teacher(p_b), MENTEE, 7)
    roadmap = None
    if with_roadmap:
        roadmap = roadmap_create(school=school, year_start=on.year)
        Event.objects.filter(stage__roadmap=roadmap, stage__number=1).update(
            status=EventStatus.DONE, done_on=TODAY
        )
        first = (
            Event.objects.filter(stage__roadmap=roadmap, stage__number=2)
            .order_by("order")
            .first()
        )
        Event.objects.filter(pk=first.pk).update(status=EventStatus.DONE, done_on=TODAY)
    return {"pairs": (p_a, p_b, p_c, p_d), "roadmap": roadmap}


def grow_school(school, size):
    """`size` open pairs with a programme of 3 activities, and `size` mentor answers: the load for the query bound."""
    for i in range(size):
        pair = make_pair(school=school, started_on=on(2026, 9, 1), months=8)
        consent_all(pair)
        programme(
            pair,
            [
                (on(2026, 9, 15), True),
                (on(2026, 10, 15), False),
                (on(2027, 3, 1), False),
            ],
        )
    for i in range(size):
        pair = make_pair(school=school)
        consent_all(pair)
        pair_end(
            pair=pair, status=PairStatus.COMPLETED, ended_on=on(2026, 5, 29)
        )
        answer(pair, pair.mentor.teacher, MENTOR, 5 + i % 5)
    roadmap_create(school=school, year_start=on.year)
