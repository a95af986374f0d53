"""Figures of `manage.py bench` for matching: the assignment of a whole bank, on synthetic plain data (no database)."""

import random
import time

from apps.core.bench import POSITIONS, benchmark
from apps.matching.algorithm import BEST, COVER, MenteeData, MentorData, assign


def synthetic_matching(mentees: int, mentors: int, *, seed: int = 4):
    """A bank like a real one: 14 common requests (each closed by one or two of 20 competences),
    one to four requests per mentee, a subject or two, a preferred form; mentors with two to six
    competences and one to three places, some taken; a few dissolved pairs."""
    rng = random.Random(seed)
    requests, competences, forms = range(1, 15), range(1, 21), [1, 1, 1, 1, 2, 3]
    subjects = [s for _, group in POSITIONS for s in group if s] + ["начальные классы"]
    closers = {r: frozenset(rng.sample(competences, rng.randint(1, 2))) for r in requests}
    mentee_data = [
        MenteeData(
            id=i,
            request_ids=frozenset(rng.sample(requests, rng.randint(1, 4))),
            subjects=frozenset(rng.sample(subjects, rng.randint(1, 2))),
            preferred_form_id=rng.choice(forms + [None]),
            experience_years=rng.randint(0, 5),
        )
        for i in range(1, mentees + 1)
    ]
    mentor_data = []
    for j in range(1, mentors + 1):
        capacity = rng.randint(1, 3)
        mentor_data.append(
            MentorData(
                id=j,
                competence_ids=frozenset(rng.sample(competences, rng.randint(2, 6))),
                subjects=frozenset(rng.sample(subjects, rng.randint(1, 2))),
                form_ids=frozenset({1, 2}) if rng.random() < 0.1 else frozenset({1}),
                capacity_free=rng.randint(1, capacity),
                capacity=capacity,
                experience_years=rng.randint(5, 40),
            )
        )
    excluded = {(rng.randint(1, mentees), rng.randint(1, mentors)) for _ in range(max(1, mentees // 20))}
    return mentee_data, mentor_data, closers, excluded


def _time_assign(mentees: int, mentors: int) -> float:
    """The slower of the two modes, median of three runs: scoring every pair and the assignment itself."""
    mentee_data, mentor_data, closers, excluded = synthetic_matching(mentees, mentors)
    assign(mentee_data[:5], mentor_data[:5], BEST, request_closers=closers)  # load numpy and scipy outside the timing
    slowest = 0.0
    for mode in (BEST, COVER):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            result = assign(mentee_data, mentor_data, mode, request_closers=closers, excluded=excluded)
            runs.append(time.perf_counter() - started)
        if not result.proposals:
            raise RuntimeError(f"matching {mentees}×{mentors}: nobody was assigned in mode {mode}")
        slowest = max(slowest, sorted(runs)[1])
    return slowest


@benchmark("match_school", title="Подбор пар: распределение школы, 60 наставляемых × 40 наставников", quick=True)
def match_school():
    return _time_assign(60, 40), "s"


@benchmark("match_district", title="Подбор пар: распределение района, 2000 наставляемых × 1500 наставников", quick=True)
def match_district():
    return _time_assign(2000, 1500), "s"
