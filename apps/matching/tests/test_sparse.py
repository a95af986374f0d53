"""The district path (`apps.matching.sparse`): the same optimum as the dense solver on banks of every shape."""

import dataclasses
import random

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from apps.matching import sparse
from apps.matching.algorithm import BEST, COVER, Problem, Weights
from apps.matching.bench import synthetic_matching


def usable_pairs(problem: Problem, mode: str) -> np.ndarray:
    usable = problem.candidate & problem.approved[None, :]
    return usable & (problem.scores > 0) if mode == BEST else usable


def dense_optimum(problem: Problem, mode: str) -> tuple[int, float]:
    """Pairs and total score of plain `linear_sum_assignment` on one column per free place (the reference)."""
    usable = usable_pairs(problem, mode)
    if not usable.any():
        return 0, 0.0
    gain = problem.scores.copy()
    if mode == COVER:
        lowest, highest = gain[usable].min(), gain[usable].max()
        gain += (usable.shape[0] + 1) * (highest - lowest + 1.0) - min(lowest, 0.0)
    gain[~usable] = 0.0
    places = np.repeat(np.arange(len(problem.mentors)), [max(m.capacity_free, 0) for m in problem.mentors])
    rows, slots = linear_sum_assignment(gain[:, places], maximize=True)
    real = usable[rows, places[slots]]
    return int(real.sum()), float(problem.scores[rows[real], places[slots][real]].sum())


def check_valid(problem: Problem, mode: str, result) -> None:
    usable = usable_pairs(problem, mode)
    row = {m.id: i for i, m in enumerate(problem.mentees)}
    col = {m.id: j for j, m in enumerate(problem.mentors)}
    loads = np.zeros(len(problem.mentors), dtype=int)
    for p in result.proposals:
        i, j = row[p.mentee_id], col[p.mentor_id]
        assert usable[i, j], "only a candidate pair (not excluded, approved mentor, positive score in BEST)"
        assert p.score == problem.scores[i, j]
        loads[j] += 1
    assert all(loads[j] <= m.capacity_free for j, m in enumerate(problem.mentors)), "no mentor over their free places"
    assert sorted([p.mentee_id for p in result.proposals] + list(result.unassigned)) == sorted(row), "everyone once"


def solved_sparsely(problem: Problem, mode: str, monkeypatch):
    """`Problem.assign` forced onto the sparse path; fails if it fell back to the dense solver."""
    monkeypatch.setattr(Problem, "_sparse_pays", lambda *args: True)
    monkeypatch.setattr(Problem, "_assign_dense", lambda *args: pytest.fail("fell back to the dense solver"))
    monkeypatch.setattr(sparse, "MAX_EDGES_PER_MENTEE", 10**6)  # small banks with blocks of ties: the sparse path all the same
    return problem.assign(mode)


def shaped_bank(seed: int, mentees: int, mentors: int, *, tweak=None):
    mentee_data, mentor_data, closers, excluded = synthetic_matching(mentees, mentors, seed=seed)
    if tweak:
        mentee_data, mentor_data, excluded = tweak(random.Random(seed), mentee_data, mentor_data, excluded)
    return mentee_data, mentor_data, closers, excluded


def everyone_excluded_from_someone(rng, mentees, mentors, excluded):
    return mentees, mentors, excluded | {(e.id, rng.choice(mentors).id) for e in mentees}


def some_mentors_full_or_unapproved(rng, mentees, mentors, excluded):
    changed = [
        dataclasses.replace(m, capacity_free=0) if rng.random() < 0.1 else dataclasses.replace(m, approved=rng.random() > 0.1) for m in mentors
    ]
    return mentees, changed, excluded


def named_mentors_and_strangers(rng, mentees, mentors, excluded):
    # A mentee who named a mentor; one who shares nothing with anyone (no candidate at all).
    changed = [dataclasses.replace(e, desired_mentor_ids=frozenset({rng.choice(mentors).id})) if rng.random() < 0.2 else e for e in mentees]
    changed[0] = dataclasses.replace(changed[0], request_ids=frozenset({999}), subjects=frozenset({"астрономия на латыни"}))
    return changed, mentors, excluded


def younger_mentors(rng, mentees, mentors, excluded):
    older = [dataclasses.replace(e, experience_years=rng.randint(10, 20)) for e in mentees]
    return older, [dataclasses.replace(m, experience_years=rng.randint(0, 12)) for m in mentors], excluded


SHAPES = [
    pytest.param(1, 300, 200, None, Weights(), id="more-mentees-than-places"),
    pytest.param(2, 120, 300, None, Weights(), id="fewer-mentees-than-places"),
    pytest.param(3, 250, 250, everyone_excluded_from_someone, Weights(), id="everyone-excluded-from-someone"),
    pytest.param(4, 260, 180, some_mentors_full_or_unapproved, Weights(), id="full-and-unapproved-mentors"),
    pytest.param(5, 200, 150, named_mentors_and_strangers, Weights(), id="named-mentors-and-no-candidate"),
    # Whole-number weights on yes/no criteria only: a great many exact ties.
    pytest.param(6, 300, 160, None, Weights(requests=0, subject=1, form=1, capacity=0, experience=0, desired=0), id="ties"),
    # Negative scores (a much younger mentor weighs heavily): BEST leaves some out, COVER pairs them anyway.
    pytest.param(7, 220, 200, younger_mentors, Weights(requests=1, subject=0, form=0, capacity=0, experience=10, desired=0), id="negative-scores"),
]


@pytest.mark.parametrize("mode", [BEST, COVER])
@pytest.mark.parametrize(("seed", "mentees", "mentors", "tweak", "weights"), SHAPES)
def test_the_sparse_path_reaches_the_dense_optimum(seed, mentees, mentors, tweak, weights, mode, monkeypatch):
    mentee_data, mentor_data, closers, excluded = shaped_bank(seed, mentees, mentors, tweak=tweak)
    problem = Problem(mentee_data, mentor_data, weights=weights, request_closers=closers, excluded=excluded)
    pairs, total = dense_optimum(problem, mode)

    result = solved_sparsely(problem, mode, monkeypatch)

    assert result.total_score == pytest.approx(total, abs=1e-6)
    if mode == COVER:
        assert len(result.proposals) == pairs, "as many pairs as the dense solver makes"
    check_valid(problem, mode, result)


@pytest.mark.parametrize("mode", [BEST, COVER])
def test_a_poor_first_graph_is_completed_until_the_proof_holds(mode, monkeypatch):
    """One mentor a mentee and none a mentor in the first graph: the first optimum is not the bank's,
    the proof finds the pairs that break it, and the graph grows (and is solved again) until it holds."""
    mentee_data, mentor_data, closers, excluded = synthetic_matching(300, 180, seed=11)
    problem = Problem(mentee_data, mentor_data, request_closers=closers, excluded=excluded)
    pairs, total = dense_optimum(problem, mode)
    monkeypatch.setattr(sparse, "ROW_BEST", 1)
    monkeypatch.setattr(sparse, "COLUMN_BEST", 0)
    solves = []
    real_solve = sparse._solve
    monkeypatch.setattr(sparse, "_solve", lambda *args, **kwargs: solves.append(1) or real_solve(*args, **kwargs))

    result = solved_sparsely(problem, mode, monkeypatch)

    assert len(solves) >= 2, "the first graph alone was not enough"
    assert result.total_score == pytest.approx(total, abs=1e-6)
    assert len(result.proposals) == pairs or mode == BEST
    check_valid(problem, mode, result)


def test_best_leaves_a_mentee_out_when_everyone_could_be_paired_but_worse(monkeypatch):
    """Anna gains 10 with Ivanova and 0.1 with Petrova; Boris only 0.1 with Ivanova. Everyone can be paired
    (Anna–Petrova, Boris–Ivanova: 0.2), but the best is Anna–Ivanova alone (10): the first full matching
    fails the proof and the graph is solved again with the «unassigned» columns. COVER pairs both."""
    scores = np.array([[10.0, 0.1], [0.1, 0.0]])
    usable = np.array([[True, True], [True, False]])
    solves = []
    real_solve = sparse._solve
    monkeypatch.setattr(sparse, "_solve", lambda *args, **kwargs: solves.append(kwargs) or real_solve(*args, **kwargs))

    assert sparse.assign(scores, usable, np.array([1, 1])).tolist() == [0, -1]
    assert solves == [{"always_unassigned": False}, {"always_unassigned": True}]
    assert sparse.assign(scores, usable, np.array([1, 1]), bonus=100.0).tolist() == [1, 0]


def test_blocks_of_ties_too_large_for_a_sparse_graph_go_to_the_dense_solver(monkeypatch):
    """Experience weighs all and the years are few: whole blocks of mentors tie, the «best few» are
    most of them, and the sparse path hands over to the dense solver instead of solving a dense graph."""
    mentee_data, mentor_data, closers, excluded = shaped_bank(7, 220, 200, tweak=younger_mentors)
    weights = Weights(requests=1, subject=0, form=0, capacity=0, experience=10, desired=0)
    problem = Problem(mentee_data, mentor_data, weights=weights, request_closers=closers, excluded=excluded)
    pairs, total = dense_optimum(problem, COVER)
    free = np.array([m.capacity_free for m in mentor_data])
    assert sparse.assign(problem.scores, usable_pairs(problem, COVER), free, bonus=1e4) is None
    monkeypatch.setattr(Problem, "_sparse_pays", lambda *args: True)

    result = problem.assign(COVER)

    assert (result.total_score, len(result.proposals)) == (pytest.approx(total, abs=1e-6), pairs)
    check_valid(problem, COVER, result)


def test_when_the_proof_does_not_close_the_dense_solver_answers(monkeypatch):
    mentee_data, mentor_data, closers, excluded = synthetic_matching(300, 180, seed=12)
    problem = Problem(mentee_data, mentor_data, request_closers=closers, excluded=excluded)
    pairs, total = dense_optimum(problem, COVER)
    monkeypatch.setattr(Problem, "_sparse_pays", lambda *args: True)
    monkeypatch.setattr(sparse, "ROW_BEST", 1)
    monkeypatch.setattr(sparse, "COLUMN_BEST", 0)
    monkeypatch.setattr(sparse, "MAX_SOLVES", 1)
    mentee_ids = [m.id for m in mentee_data]
    assert sparse.assign(problem.scores, usable_pairs(problem, COVER), np.array([m.capacity_free for m in mentor_data])) is None

    result = problem.assign(COVER)

    assert (result.total_score, len(result.proposals)) == (pytest.approx(total, abs=1e-6), pairs)
    assert sorted([p.mentee_id for p in result.proposals] + list(result.unassigned)) == sorted(mentee_ids)


def test_the_bench_bank_gets_the_dense_total(monkeypatch):
    """The district of the bench, smaller (600 × 450) and on the path the district takes."""
    mentee_data, mentor_data, closers, excluded = synthetic_matching(600, 450, seed=4)
    problem = Problem(mentee_data, mentor_data, request_closers=closers, excluded=excluded)
    for mode in (BEST, COVER):
        pairs, total = dense_optimum(problem, mode)
        result = solved_sparsely(problem, mode, monkeypatch)
        assert (result.total_score, len(result.proposals)) == (pytest.approx(total, abs=1e-6), pairs)


def test_the_district_takes_the_sparse_path_and_a_school_or_a_lopsided_bank_the_dense_one():
    def path(mentees, mentors):
        mentee_data, mentor_data, closers, excluded = synthetic_matching(mentees, mentors, seed=3)
        problem = Problem(mentee_data, mentor_data, request_closers=closers, excluded=excluded)
        return problem._sparse_pays(problem.candidate)

    assert path(600, 450), "as many places as mentees, or a few more"
    assert not path(60, 40), "a school"
    assert not path(250, 1000), "four times as many places as mentees"
    assert not path(1500, 300), "a third of a place per mentee"


def test_nobody_to_match_on_the_sparse_path(monkeypatch):
    mentee_data, mentor_data, closers, _ = synthetic_matching(40, 30, seed=1)
    nobody_free = [dataclasses.replace(m, capacity_free=0) for m in mentor_data]
    problem = Problem(mentee_data, nobody_free, request_closers=closers)
    for mode in (BEST, COVER):
        result = solved_sparsely(problem, mode, monkeypatch)
        assert result.proposals == () and len(result.unassigned) == 40
