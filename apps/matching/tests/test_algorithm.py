"""The matching algorithm on hand-built cases with a known optimum, and against a linear programme on random ones."""

import dataclasses
import random

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment, linprog

from apps.matching.algorithm import (
    BEST,
    COVER,
    DESIRED_REASON,
    Labels,
    MenteeData,
    MentorData,
    Problem,
    Weights,
    assign,
    is_candidate,
    rank,
    score,
)
from apps.matching.bench import synthetic_matching

# Requests 1–4 and the competences (10 + request id) that close them.
DISCIPLINE, PARENTS, DOCUMENTS, ICT = 1, 2, 3, 4
CLOSERS = {r: {10 + r} for r in (DISCIPLINE, PARENTS, DOCUMENTS, ICT)}
LABELS = Labels(
    requests={DISCIPLINE: "дисциплина", PARENTS: "родители", DOCUMENTS: "документация", ICT: "ИКТ"},
    forms={1: "педагог – педагог", 2: "руководитель образовательной организации – педагог"},
)
ONLY_REQUESTS = Weights(requests=1, subject=0, form=0, capacity=0, experience=0)


def mentee(id, requests=(), subjects=(), form=None, years=None, desired=()):
    return MenteeData(
        id=id,
        request_ids=frozenset(requests),
        subjects=frozenset(subjects),
        preferred_form_id=form,
        experience_years=years,
        desired_mentor_ids=frozenset(desired),
    )


def mentor(id, closes=(), subjects=(), forms=None, free=1, capacity=None, years=None, approved=True):
    return MentorData(
        id=id,
        competence_ids=frozenset(10 + r for r in closes),
        subjects=frozenset(subjects),
        form_ids=None if forms is None else frozenset(forms),
        capacity_free=free,
        capacity=capacity,
        experience_years=years,
        approved=approved,
    )


# ---------------------------------------------------------------------------
# One pair: score and reasons


def test_reasons_name_the_matched_requests_and_every_criterion():
    young = mentee(1, requests=[DISCIPLINE, PARENTS, DOCUMENTS, ICT], subjects=["математика"], form=1, years=1)
    expert = mentor(7, closes=[DOCUMENTS, DISCIPLINE, PARENTS], subjects=["математика", "физика"], forms=[1], free=1, capacity=2, years=13)

    total, reasons = score(young, expert, Weights(), CLOSERS, labels=LABELS)

    assert reasons == [
        "закрывает 3 из 4 запросов: дисциплина; родители; документация",
        "тот же предмет: математика",
        "желаемая форма: педагог – педагог",
        "свободно 1 место из 2",
        "стаж больше на 12 лет",
    ]
    w = Weights()
    assert total == pytest.approx(w.requests * 3 / 4 + w.subject + w.form + w.capacity * 1 / 2 + w.experience * 10 / 10)


@pytest.mark.parametrize(
    "requests, closes, free, capacity, gap, expected",
    [
        ([DISCIPLINE], [DISCIPLINE], 2, 2, -1, ["закрывает 1 из 1 запроса: дисциплина", "свободно 2 места из 2", "стаж меньше на 1 год"]),
        ([DISCIPLINE, ICT], [], 1, 1, 0, ["не закрывает ни одного из 2 запросов", "свободно 1 место из 1", "стаж такой же"]),
        ([ICT], [ICT], 3, 5, 22, ["закрывает 1 из 1 запроса: ИКТ", "свободно 3 места из 5", "стаж больше на 22 года"]),
    ],
)
def test_reasons_are_correct_russian_for_any_number(requests, closes, free, capacity, gap, expected):
    _, reasons = score(
        mentee(1, requests=requests, subjects=["химия"], years=5),
        mentor(2, closes=closes, subjects=["химия"], free=free, capacity=capacity, years=5 + gap),
        Weights(),
        CLOSERS,
        labels=LABELS,
    )
    assert [r for r in reasons if not r.startswith("тот же предмет")] == expected


def test_several_common_subjects_and_an_unknown_experience():
    _, reasons = score(
        mentee(1, subjects=["физика", "астрономия"], form=2), mentor(2, subjects=["астрономия", "физика"], forms=[1]), Weights(), CLOSERS
    )
    assert reasons == ["общие предметы: астрономия, физика", "свободно 1 место из 1"]  # form 2 does not fit, no years


def test_experience_gap_counts_up_to_ten_years_and_against_a_younger_mentor():
    only_experience = Weights(requests=0, subject=0, form=0, capacity=0, experience=2)
    base = mentee(1, subjects=["химия"], years=5)
    assert score(base, mentor(2, subjects=["химия"], years=35), only_experience, {})[0] == pytest.approx(2)
    assert score(base, mentor(2, subjects=["химия"], years=10), only_experience, {})[0] == pytest.approx(1)
    assert score(base, mentor(2, subjects=["химия"], years=3), only_experience, {})[0] == pytest.approx(-0.4)


def test_who_is_not_a_candidate():
    young = mentee(1, requests=[DISCIPLINE], subjects=["химия"])
    assert is_candidate(young, mentor(2, closes=[DISCIPLINE]), CLOSERS)
    assert is_candidate(young, mentor(2, subjects=["химия"]), CLOSERS)
    assert not is_candidate(young, mentor(2, subjects=["физика"], closes=[ICT]), CLOSERS), "nothing in common"
    assert not is_candidate(young, mentor(2, closes=[DISCIPLINE], free=0, capacity=2), CLOSERS), "no free place"
    assert not is_candidate(young, mentor(2, closes=[DISCIPLINE]), CLOSERS, excluded={(1, 2)}), "dissolved pair"


def test_the_matrix_gives_the_same_scores_as_one_pair_at_a_time():
    rng = random.Random(5)
    mentees = [
        mentee(i, requests=rng.sample(range(1, 5), rng.randint(0, 3)), subjects=rng.sample(["а", "б", "в"], rng.randint(0, 2)),
               form=rng.choice([None, 1, 2]), years=rng.choice([None, 0, 2, 4]), desired=rng.sample(range(20), rng.choice([0, 0, 1, 2])))
        for i in range(30)
    ]  # fmt: skip
    mentors = [
        mentor(j, closes=rng.sample(range(1, 5), rng.randint(0, 3)), subjects=rng.sample(["а", "б", "в"], rng.randint(0, 2)),
               forms=rng.choice([None, [1], [1, 2]]), free=rng.randint(0, 2), capacity=2, years=rng.choice([None, 3, 15, 40]))
        for j in range(20)
    ]  # fmt: skip
    problem = Problem(mentees, mentors, weights=Weights(), request_closers=CLOSERS, excluded={(3, 4)})
    for i, e in enumerate(mentees):
        for j, o in enumerate(mentors):
            assert problem.scores[i, j] == pytest.approx(score(e, o, Weights(), CLOSERS)[0], abs=1e-12)
            assert problem.candidate[i, j] == is_candidate(e, o, CLOSERS, excluded={(3, 4)})


# ---------------------------------------------------------------------------
# Ranking


def test_rank_sorts_best_first_and_keeps_the_given_order_on_ties():
    young = mentee(1, requests=[DISCIPLINE, PARENTS])
    mentors = [mentor(10, closes=[DISCIPLINE]), mentor(11, closes=[DISCIPLINE, PARENTS]), mentor(12, closes=[PARENTS]), mentor(13)]
    ranked = rank(young, mentors, ONLY_REQUESTS, CLOSERS, labels=LABELS)
    assert [c.mentor_id for c in ranked] == [11, 10, 12]  # 13 closes nothing and shares no subject
    assert [c.score for c in ranked] == pytest.approx([1.0, 0.5, 0.5])
    assert ranked[0].reasons[0] == "закрывает 2 из 2 запросов: дисциплина; родители"
    assert [c.mentor_id for c in rank(young, mentors, ONLY_REQUESTS, CLOSERS, limit=2)] == [11, 10]


def test_a_dissolved_pairs_mentor_is_never_ranked_again():
    young = mentee(1, requests=[DISCIPLINE])
    mentors = [mentor(10, closes=[DISCIPLINE]), mentor(11, closes=[DISCIPLINE])]
    assert [c.mentor_id for c in rank(young, mentors, ONLY_REQUESTS, CLOSERS, excluded={(1, 10)})] == [11]


# ---------------------------------------------------------------------------
# Assignment: hand-built optima


def test_the_optimum_beats_taking_the_best_mentor_first():
    # Greedy gives A the best mentor X (1.0) and leaves B with nobody: 1.0 in all.
    # The optimum gives A the second-best Y (0.5) and B the only one who fits, X (1.0): 1.5.
    a = mentee(1, requests=[DISCIPLINE, PARENTS])
    b = mentee(2, requests=[DOCUMENTS])
    x = mentor(10, closes=[DISCIPLINE, PARENTS, DOCUMENTS])
    y = mentor(11, closes=[DISCIPLINE])
    result = assign([a, b], [x, y], BEST, weights=ONLY_REQUESTS, request_closers=CLOSERS)
    assert result.as_dict() == {1: 11, 2: 10}
    assert result.total_score == pytest.approx(1.5)
    assert result.unassigned == ()


def test_capacity_lets_one_mentor_take_two_and_no_more():
    mentees = [mentee(i, requests=[DISCIPLINE]) for i in (1, 2, 3)]
    strong = mentor(10, closes=[DISCIPLINE, PARENTS], free=2, capacity=2)
    weak = mentor(11, subjects=["химия"])
    result = assign(mentees, [strong, weak], COVER, weights=ONLY_REQUESTS, request_closers=CLOSERS)
    assert sorted(result.as_dict().values()) == [10, 10]  # the weak one shares nothing with them
    assert len(result.unassigned) == 1

    one_place = dataclasses.replace(strong, capacity_free=1)
    assert list(assign(mentees, [one_place], BEST, weights=ONLY_REQUESTS, request_closers=CLOSERS).as_dict().values()) == [10]


def test_ties_are_settled_without_losing_anyone():
    mentees = [mentee(1, requests=[DISCIPLINE]), mentee(2, requests=[DISCIPLINE])]
    mentors = [mentor(10, closes=[DISCIPLINE]), mentor(11, closes=[DISCIPLINE])]
    for mode in (BEST, COVER):
        result = assign(mentees, mentors, mode, weights=ONLY_REQUESTS, request_closers=CLOSERS)
        assert sorted(result.as_dict().values()) == [10, 11]
        assert result.total_score == pytest.approx(2.0)


def test_cover_pairs_everyone_where_best_keeps_the_higher_total():
    # A: X closes the request (10), Y only shares a subject (1). B: only X shares a subject (1).
    # Best: A–X, B unpaired (10 > 1 + 1). Cover: A–Y and B–X, both paired.
    weights = Weights(requests=10, subject=1, form=0, capacity=0, experience=0)
    a = mentee(1, requests=[DISCIPLINE], subjects=["физика"])
    b = mentee(2, requests=[PARENTS], subjects=["химия"])
    x = mentor(10, closes=[DISCIPLINE], subjects=["химия"])
    y = mentor(11, subjects=["физика"])

    best = assign([a, b], [x, y], BEST, weights=weights, request_closers=CLOSERS)
    assert best.as_dict() == {1: 10}
    assert best.unassigned == (2,)
    assert best.total_score == pytest.approx(10)

    cover = assign([a, b], [x, y], COVER, weights=weights, request_closers=CLOSERS)
    assert cover.as_dict() == {1: 11, 2: 10}
    assert cover.unassigned == ()
    assert cover.total_score == pytest.approx(2)


def test_best_leaves_a_mentee_unpaired_rather_than_give_a_harmful_match():
    weights = Weights(requests=0, subject=1, form=0, capacity=0, experience=5)
    veteran = mentee(1, subjects=["химия"], years=30)
    novice_mentor = mentor(10, subjects=["химия"], years=5)  # 1 − 5 = −4
    assert assign([veteran], [novice_mentor], BEST, weights=weights).unassigned == (1,)
    assert assign([veteran], [novice_mentor], COVER, weights=weights).as_dict() == {1: 10}


def test_a_dissolved_pair_is_not_proposed_again_even_if_it_scores_best():
    a = mentee(1, requests=[DISCIPLINE, PARENTS])
    former = mentor(10, closes=[DISCIPLINE, PARENTS])
    other = mentor(11, closes=[DISCIPLINE])
    result = assign([a], [former, other], BEST, weights=ONLY_REQUESTS, request_closers=CLOSERS, excluded={(1, 10)})
    assert result.as_dict() == {1: 11}
    alone = assign([a], [former], COVER, weights=ONLY_REQUESTS, request_closers=CLOSERS, excluded={(1, 10)})
    assert alone.unassigned == (1,)


def test_nobody_to_match_and_unknown_mode():
    assert assign([], [], BEST).proposals == ()
    assert assign([mentee(1, requests=[DISCIPLINE])], [], COVER).unassigned == (1,)
    assert assign([mentee(1)], [mentor(10)], BEST).unassigned == (1,)
    with pytest.raises(ValueError):
        assign([], [], "fastest")


# ---------------------------------------------------------------------------
# Random banks: the same optimum as a linear programme (the capacitated assignment polytope is integral)


def lp_optimum(problem: Problem, mode: str) -> tuple[int, float]:
    usable = problem.candidate & np.array([m.approved for m in problem.mentors], dtype=bool)[None, :]
    if mode == BEST:
        usable = usable & (problem.scores > 0)
    edges = list(zip(*np.nonzero(usable), strict=True))
    if not edges:
        return 0, 0.0
    n_e, n_o = usable.shape
    a = np.zeros((n_e + n_o, len(edges)))
    for k, (i, j) in enumerate(edges):
        a[i, k] = a[n_e + j, k] = 1
    bounds = np.array([1] * n_e + [m.capacity_free for m in problem.mentors])
    weight = np.array([problem.scores[i, j] for i, j in edges])

    def solve(c, extra_a=None, extra_b=None):
        a_ub, b_ub = (a, bounds) if extra_a is None else (np.vstack([a, extra_a]), np.append(bounds, extra_b))
        result = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=(0, 1), method="highs")
        assert result.status == 0
        return result

    if mode == BEST:
        return None, -solve(-weight).fun
    most = round(-solve(-np.ones(len(edges))).fun)
    return most, -solve(-weight, extra_a=-np.ones((1, len(edges))), extra_b=[-most]).fun


@pytest.mark.parametrize("seed", range(12))
def test_random_banks_reach_the_linear_programmes_optimum(seed):
    rng = random.Random(seed)
    n_mentors = rng.randint(1, 6)
    mentees = [
        mentee(i, requests=rng.sample(range(1, 5), rng.randint(1, 2)), subjects=rng.sample(["а", "б", "в", "г"], 1), form=rng.choice([None, 1]),
               years=rng.randint(0, 20), desired=[100 + rng.randrange(n_mentors)] if rng.random() < 0.3 else [])
        for i in range(rng.randint(3, 14))
    ]  # fmt: skip
    mentors = [
        mentor(100 + j, closes=rng.sample(range(1, 5), rng.randint(0, 2)), subjects=rng.sample(["а", "б", "в", "г"], 1), forms=[1],
               free=rng.randint(1, 3), capacity=3, years=rng.randint(0, 30), approved=rng.random() < 0.8)
        for j in range(n_mentors)
    ]  # fmt: skip
    excluded = {(rng.randrange(len(mentees)), 100 + rng.randrange(len(mentors)))}
    weights = Weights(requests=5, subject=3, form=2, capacity=1, experience=4, desired=3)
    problem = Problem(mentees, mentors, weights=weights, request_closers=CLOSERS, excluded=excluded)

    for mode in (BEST, COVER):
        result = problem.assign(mode)
        most, best_total = lp_optimum(problem, mode)
        assert result.total_score == pytest.approx(best_total, abs=1e-6), mode
        if mode == COVER:
            assert len(result.proposals) == most
        loads = {}
        approved = {m.id for m in mentors if m.approved}
        for p in result.proposals:
            loads[p.mentor_id] = loads.get(p.mentor_id, 0) + 1
            assert (p.mentee_id, p.mentor_id) not in excluded
            assert p.mentor_id in approved, "a candidate of the bank is never assigned"
        assert all(loads[m.id] <= m.capacity_free for m in mentors if m.id in loads)
        assert len(result.proposals) + len(result.unassigned) == len(mentees)


def previous_assignment(problem: Problem, mode: str) -> tuple[float, dict[int, int]]:
    """The assignment as `Problem.assign` made it before it worked in place (gain matrix, maximised; kept as the reference)."""
    usable = problem.candidate & problem.approved[None, :]
    if mode == BEST:
        usable = usable & (problem.scores > 0)
    rows = np.flatnonzero(usable.any(axis=1))
    if not rows.size:
        return 0.0, {}
    cols = np.flatnonzero(usable[rows].any(axis=0))
    usable_rc = usable[np.ix_(rows, cols)]
    gain = problem.scores[np.ix_(rows, cols)]
    if mode == COVER:
        lowest, highest = float(gain[usable_rc].min()), float(gain[usable_rc].max())
        gain = gain + (rows.size + 1) * (highest - lowest + 1.0) - min(lowest, 0.0)
    gain = np.where(usable_rc, gain, 0.0)
    free = np.array([problem.mentors[j].capacity_free for j in cols])
    slot_col = np.repeat(np.arange(cols.size), np.minimum(free, usable_rc.sum(axis=0)))
    chosen = {}
    for r, s in zip(*linear_sum_assignment(gain[:, slot_col], maximize=True), strict=True):
        if usable_rc[r, slot_col[s]]:
            chosen[problem.mentees[rows[r]].id] = problem.mentors[cols[slot_col[s]]].id
    index_e = {m.id: i for i, m in enumerate(problem.mentees)}
    index_o = {m.id: j for j, m in enumerate(problem.mentors)}
    total = sum(float(problem.scores[index_e[e], index_o[o]]) for e, o in chosen.items())
    return total, chosen


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("one_place", [False, True])
def test_the_in_place_assignment_gives_the_previous_total_on_district_like_banks(seed, one_place):
    """District-like random banks (the bench's generator, smaller): the same total score and pairs as before.
    `one_place`: every mentor has one free place and every mentee a candidate, the path without copies."""
    mentees, mentors, closers, excluded = synthetic_matching(150, 110, seed=seed)
    if one_place:
        mentors = [dataclasses.replace(m, capacity_free=1, competence_ids=frozenset(range(1, 21))) for m in mentors]
    problem = Problem(mentees, mentors, request_closers=closers, excluded=excluded)
    for mode in (BEST, COVER):
        result = problem.assign(mode)
        total, pairs = previous_assignment(problem, mode)
        assert result.total_score == pytest.approx(total, abs=1e-9), mode
        assert result.as_dict() == pairs, mode


# ---------------------------------------------------------------------------
# The mentor the mentee named, and candidates of the bank


def test_the_named_mentor_gets_the_bonus_and_the_reason_first():
    young = mentee(1, requests=[DISCIPLINE], subjects=["химия"], desired=[7])
    named = mentor(7, closes=[DISCIPLINE], free=1, capacity=1)
    other = mentor(8, closes=[DISCIPLINE], free=1, capacity=1)

    named_total, named_reasons = score(young, named, Weights(), CLOSERS, labels=LABELS)
    other_total, other_reasons = score(young, other, Weights(), CLOSERS, labels=LABELS)

    assert named_reasons[0] == DESIRED_REASON == "наставляемый сам назвал этого наставника"
    assert DESIRED_REASON not in other_reasons
    assert named_total - other_total == pytest.approx(Weights().desired)
    assert Weights().maximum == pytest.approx(6 + 2 + 2 + 1 + 1 + 3)
    assert [c.mentor_id for c in rank(young, [other, named], Weights(), CLOSERS)] == [7, 8]


def test_the_bonus_follows_its_weight_and_zero_turns_it_off():
    young = mentee(1, requests=[DISCIPLINE], desired=[7])
    named, other = mentor(7, closes=[DISCIPLINE]), mentor(8, closes=[DISCIPLINE])
    off = Weights(desired=0)
    assert score(young, named, off, CLOSERS)[0] == pytest.approx(score(young, other, off, CLOSERS)[0])
    assert score(young, named, Weights(desired=10), CLOSERS)[0] - score(young, other, off, CLOSERS)[0] == pytest.approx(10)


def test_a_named_mentor_is_a_candidate_with_nothing_else_in_common():
    young = mentee(1, requests=[DISCIPLINE], subjects=["химия"], desired=[7])
    stranger = mentor(7, subjects=["физика"], closes=[ICT])
    assert is_candidate(young, stranger, CLOSERS)
    assert not is_candidate(mentee(1, requests=[DISCIPLINE], subjects=["химия"]), stranger, CLOSERS)
    assert not is_candidate(young, mentor(7, free=0, capacity=1), CLOSERS), "still needs a free place"
    assert not is_candidate(young, stranger, CLOSERS, excluded={(1, 7)}), "a dissolved pair stays dissolved"
    (candidate,) = rank(young, [stranger], Weights(), CLOSERS, labels=LABELS)
    assert candidate.reasons[:2] == (DESIRED_REASON, "не закрывает ни одного из 1 запроса")


def test_two_mentees_name_one_mentor_with_one_place_and_the_total_decides():
    # Both name X (one place). A has nobody else; B has Y, as good as X apart from the wish.
    a = mentee(1, requests=[DISCIPLINE], desired=[10])
    b = mentee(2, requests=[DISCIPLINE], desired=[10])
    x = mentor(10, closes=[DISCIPLINE], free=1, capacity=1)
    y = mentor(11, closes=[PARENTS], subjects=[], free=1, capacity=1)
    b_with_y = mentee(2, requests=[DISCIPLINE, PARENTS], desired=[10])
    result = assign([a, b_with_y], [x, y], BEST, weights=Weights(), request_closers=CLOSERS)
    assert result.as_dict() == {1: 10, 2: 11}
    # Alone, B gets the mentor B named over an equal one.
    z = mentor(12, closes=[DISCIPLINE], free=1, capacity=1)
    assert assign([b], [z, x], BEST, weights=Weights(), request_closers=CLOSERS).as_dict() == {2: 10}


def test_a_candidate_of_the_bank_is_ranked_but_never_assigned():
    young = mentee(1, requests=[DISCIPLINE, PARENTS])
    candidate = mentor(10, closes=[DISCIPLINE, PARENTS], approved=False)
    approved = mentor(11, closes=[DISCIPLINE])
    problem = Problem([young], [candidate, approved], weights=ONLY_REQUESTS, request_closers=CLOSERS)
    assert [c.mentor_id for c in problem.ranked()[1]] == [10, 11]
    for mode in (BEST, COVER):
        assert problem.assign(mode).as_dict() == {1: 11}
    only_candidate = Problem([young], [candidate], weights=ONLY_REQUESTS, request_closers=CLOSERS)
    assert only_candidate.assign(COVER).unassigned == (1,)
    assert [c.mentor_id for c in only_candidate.ranked()[1]] == [10]


def test_a_named_mentor_outside_the_bank_changes_nothing():
    young = mentee(1, requests=[DISCIPLINE], desired=[999])
    problem = Problem([young], [mentor(10, closes=[DISCIPLINE])], weights=Weights(), request_closers=CLOSERS)
    assert problem.scores[0, 0] == pytest.approx(score(young, mentor(10, closes=[DISCIPLINE]), Weights(), CLOSERS)[0])
    assert DESIRED_REASON not in problem.ranked()[1][0].reasons
