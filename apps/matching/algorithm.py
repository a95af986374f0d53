"""Matching mentees with mentors: plain functions over plain data, no database.

A mentor is a *candidate* for a mentee when they have a free place, the two were never
in a pair that was dissolved (`excluded`), the mentor works in some form the mentee's pair
may have (`allowed_form_ids`: a college student only with a school mentor in «работодатель –
студент»), and the mentor is of some use: their
competences close at least one of the mentee's requests, they share a subject, or the
mentee named them as the mentor they would like.

Every candidate gets a score, a weighted sum of six criteria, each between 0 and 1
(the experience gap between −1 and 1), and the reasons for it in words:

- desired:    1 if the mentee named this mentor in the questionnaire;
- requests:   share of the mentee's requests the mentor's competences close;
- subject:    1 if they teach a common subject;
- form:       1 if the mentor can work in the mentee's preferred mentoring form;
- capacity:   share of the mentor's places still free (spreads the load);
- experience: the mentor's extra years of teaching, up to ten, over ten (negative if fewer).

`assign` finds an optimal assignment of the whole bank at once respecting every
mentor's free places: a linear assignment over capacity-expanded mentor slots
(`scipy.optimize.linear_sum_assignment`). Scores are computed for all pairs at once
with numpy. A district-size bank (2,000 × 1,500) is solved on a sparse graph of promising
pairs and proved optimal for the whole matrix (`apps.matching.sparse`): ~0.3 s of CPU
instead of ~1 s, the same total score. A mentor not yet approved
(`approved=False`, a candidate of the bank) is ranked with the others, so that the curator
sees them, but never assigned: a pair is formed only with an approved mentor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from apps.core.text import plural

from . import sparse

BEST = "best"  # лучшее соответствие: maximum total score
COVER = "cover"  # охватить всех: as many mentees as possible, then maximum total score
MODES = (BEST, COVER)

EXPERIENCE_GAP_CAP = 10  # years: a gap beyond this earns no more
DESIRED_REASON = "наставляемый сам назвал этого наставника"
# From this many mentee × mentor cells on, solve on promising pairs and prove the optimum (`sparse`):
# a school (60 × 40) stays with the dense solver, a district (2,000 × 1,500) gains about 2 times.
SPARSE_FROM_CELLS = 200_000
SPARSE_PLACES_PER_MENTEE = (0.8, 2.0)  # ... and only when free places per mentee are within these bounds


@dataclass(frozen=True)
class MenteeData:
    id: int
    request_ids: frozenset[int] = frozenset()
    subjects: frozenset[str] = frozenset()
    preferred_form_id: int | None = None
    experience_years: int | None = None
    desired_mentor_ids: frozenset[int] = frozenset()  # the mentors the mentee named in the questionnaire
    # Forms a pair with this mentee can have at all (a student: only «работодатель – студент»); None: any.
    allowed_form_ids: frozenset[int] | None = None


@dataclass(frozen=True)
class MentorData:
    id: int
    competence_ids: frozenset[int] = frozenset()
    subjects: frozenset[str] = frozenset()
    form_ids: frozenset[int] | None = None  # forms the mentor can work in; None: any
    capacity_free: int = 1
    experience_years: int | None = None
    capacity: int | None = None  # all places, for «свободно 1 место из 2»; None: as capacity_free
    approved: bool = True  # False: a candidate of the bank, ranked but never assigned


@dataclass(frozen=True)
class Weights:
    requests: float = 6
    subject: float = 2
    form: float = 2
    capacity: float = 1
    experience: float = 1
    desired: float = 3

    @property
    def maximum(self) -> float:
        """The best score a candidate can get."""
        return self.requests + self.subject + self.form + self.capacity + self.experience + self.desired


@dataclass(frozen=True)
class Labels:
    """Names for the reasons: request id → name, form id → name (in display order)."""

    requests: Mapping[int, str] = field(default_factory=dict)
    forms: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    mentor_id: int
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Proposal:
    mentee_id: int
    mentor_id: int
    score: float


@dataclass(frozen=True)
class Assignment:
    mode: str
    proposals: tuple[Proposal, ...]  # in the order of the mentees given
    unassigned: tuple[int, ...]  # mentee ids, in the order given

    @property
    def total_score(self) -> float:
        return sum(p.score for p in self.proposals)

    def as_dict(self) -> dict[int, int]:
        return {p.mentee_id: p.mentor_id for p in self.proposals}


# ---------------------------------------------------------------------------
# One pair, in words


def closed_requests(mentee: MenteeData, mentor: MentorData, request_closers: Mapping[int, Iterable[int]]) -> set[int]:
    """The mentee's requests that some competence of the mentor closes."""
    return {r for r in mentee.request_ids if mentor.competence_ids & frozenset(request_closers.get(r, ()))}


def is_candidate(
    mentee: MenteeData,
    mentor: MentorData,
    request_closers: Mapping[int, Iterable[int]],
    excluded: Iterable[tuple[int, int]] = (),
) -> bool:
    if mentor.capacity_free <= 0 or (mentee.id, mentor.id) in set(excluded):
        return False
    if not shares_form(mentee, mentor):
        return False
    return bool(
        closed_requests(mentee, mentor, request_closers) or mentee.subjects & mentor.subjects or is_desired(mentee, mentor)
    )


def shares_form(mentee: MenteeData, mentor: MentorData) -> bool:
    """The mentor works in a form the mentee's pair may have."""
    return mentee.allowed_form_ids is None or mentor.form_ids is None or bool(mentee.allowed_form_ids & mentor.form_ids)


def is_desired(mentee: MenteeData, mentor: MentorData) -> bool:
    return mentor.id in mentee.desired_mentor_ids


def score(
    mentee: MenteeData,
    mentor: MentorData,
    weights: Weights,
    request_closers: Mapping[int, Iterable[int]],
    *,
    labels: Labels | None = None,
) -> tuple[float, list[str]]:
    """The score of one mentee–mentor pair and its reasons in Russian words.

    Computes exactly what `score_matrix` computes for all pairs at once.
    """
    labels = labels or Labels()
    reasons = []
    total = 0.0

    if is_desired(mentee, mentor):
        total += weights.desired * 1.0
        reasons.append(DESIRED_REASON)

    n_requests = len(mentee.request_ids)
    closed = closed_requests(mentee, mentor, request_closers)
    if n_requests:
        total += weights.requests * (len(closed) / n_requests)
        of = f"{n_requests} {plural(n_requests, 'запроса', 'запросов', 'запросов')}"
        if closed:
            names = "; ".join(_request_names(closed, labels))  # request names may hold commas
            reasons.append(f"закрывает {len(closed)} из {of}: {names}")
        else:
            reasons.append(f"не закрывает ни одного из {of}")

    common = sorted(mentee.subjects & mentor.subjects)
    if common:
        total += weights.subject * 1.0
        word = "тот же предмет" if len(common) == 1 else "общие предметы"
        reasons.append(f"{word}: {', '.join(common)}")

    if _form_fits(mentee.preferred_form_id, mentor.form_ids):
        total += weights.form * 1.0
        name = labels.forms.get(mentee.preferred_form_id)
        reasons.append(f"желаемая форма: {name}" if name else "подходит желаемая форма наставничества")

    capacity = _capacity(mentor)
    total += weights.capacity * (max(mentor.capacity_free, 0) / capacity)
    free = max(mentor.capacity_free, 0)
    reasons.append(f"свободно {free} {plural(free, 'место', 'места', 'мест')} из {capacity}")

    if mentor.experience_years is not None and mentee.experience_years is not None:
        gap = mentor.experience_years - mentee.experience_years
        total += weights.experience * (max(-EXPERIENCE_GAP_CAP, min(gap, EXPERIENCE_GAP_CAP)) / EXPERIENCE_GAP_CAP)
        years = f"{abs(gap)} {plural(abs(gap), 'год', 'года', 'лет')}"
        if gap > 0:
            reasons.append(f"стаж больше на {years}")
        elif gap < 0:
            reasons.append(f"стаж меньше на {years}")
        else:
            reasons.append("стаж такой же")
    return total, reasons


def _request_names(request_ids: Iterable[int], labels: Labels) -> list[str]:
    order = {rid: i for i, rid in enumerate(labels.requests)}
    ids = sorted(request_ids, key=lambda rid: (order.get(rid, len(order)), rid))
    return [labels.requests.get(rid, f"запрос № {rid}") for rid in ids]


def _form_fits(preferred_form_id: int | None, form_ids: frozenset[int] | None) -> bool:
    return preferred_form_id is not None and (form_ids is None or preferred_form_id in form_ids)


def _capacity(mentor: MentorData) -> int:
    return max(mentor.capacity or 0, mentor.capacity_free, 1)


# ---------------------------------------------------------------------------
# All pairs at once


class Problem:
    """Scores and candidacy of every mentee–mentor pair, as numpy matrices (mentees × mentors)."""

    def __init__(
        self,
        mentees: Sequence[MenteeData],
        mentors: Sequence[MentorData],
        *,
        weights: Weights = Weights(),
        request_closers: Mapping[int, Iterable[int]] | None = None,
        excluded: Iterable[tuple[int, int]] = (),
        labels: Labels | None = None,
    ):
        self.mentees = list(mentees)
        self.mentors = list(mentors)
        self.weights = weights
        self.request_closers = {r: frozenset(c) for r, c in (request_closers or {}).items()}
        self.excluded = frozenset(excluded)
        self.labels = labels or Labels()
        self.scores, self.candidate = self._matrices()
        self.approved = np.array([m.approved for m in self.mentors], dtype=bool)

    def _matrices(self) -> tuple[np.ndarray, np.ndarray]:
        mentees, mentors, w = self.mentees, self.mentors, self.weights
        n_mentees, n_mentors = len(mentees), len(mentors)

        # Requests: which of the mentee's requests each mentor closes, as a product of 0/1 matrices.
        request_index = _index(r for m in mentees for r in m.request_ids)
        competence_index = _index(c for r in request_index for c in self.request_closers.get(r, ()))
        wants = _incidence(n_mentees, len(request_index), ((i, request_index[r]) for i, m in enumerate(mentees) for r in m.request_ids))
        closes_request = _incidence(
            len(request_index),
            len(competence_index),
            ((request_index[r], competence_index[c]) for r in request_index for c in self.request_closers.get(r, ())),
        )
        has = _incidence(
            n_mentors,
            len(competence_index),
            ((j, competence_index[c]) for j, m in enumerate(mentors) for c in m.competence_ids if c in competence_index),
        )
        mentor_closes = (has @ closes_request.T > 0).astype(np.float32)  # mentors × requests
        closed = wants @ mentor_closes.T  # mentees × mentors: how many requests closed (float32 holds small counts exactly)
        n_requests = wants.sum(axis=1, dtype=np.float64)

        subject_index = _index(s for m in mentees for s in m.subjects)
        teaches_e = _incidence(n_mentees, len(subject_index), ((i, subject_index[s]) for i, m in enumerate(mentees) for s in m.subjects))
        teaches_o = _incidence(
            n_mentors, len(subject_index), ((j, subject_index[s]) for j, m in enumerate(mentors) for s in m.subjects if s in subject_index)
        )
        shares_subject = (teaches_e @ teaches_o.T) > 0

        form_index = _index(m.preferred_form_id for m in mentees if m.preferred_form_id is not None)
        any_form = np.array([m.form_ids is None for m in mentors], dtype=bool)
        works_in = _incidence(
            n_mentors,
            len(form_index) + 1,  # a last column that no mentee points at
            ((j, form_index[f]) for j, m in enumerate(mentors) for f in (m.form_ids or ()) if f in form_index),
        ).astype(bool)
        works_in[any_form, :-1] = True
        preferred = np.array([form_index.get(m.preferred_form_id, len(form_index)) for m in mentees], dtype=np.intp)
        form_fits = works_in.T[preferred] if n_mentees else np.zeros((0, n_mentors), dtype=bool)

        free = np.array([max(m.capacity_free, 0) for m in mentors], dtype=np.float64)
        capacity = np.array([_capacity(m) for m in mentors], dtype=np.float64)

        # Desired: a mentee names one mentor or a few, so only those cells change (no matrix of its own).
        col = {m.id: j for j, m in enumerate(mentors)}
        desired_cells = [(i, col[o]) for i, m in enumerate(mentees) for o in m.desired_mentor_ids if o in col]
        desired_rows, desired_cols = (list(axis) for axis in zip(*desired_cells, strict=True)) if desired_cells else ([], [])

        # A district's matrices have millions of cells: the terms of the mentor and of the experience gap
        # first (rows copied from a small table), then each other term added in place (the same values as `score`).
        scores = _mentor_and_experience_terms(mentees, mentors, w, w.capacity * (free / capacity))
        with np.errstate(invalid="ignore", divide="ignore"):
            request_share = np.where(n_requests > 0, w.requests / n_requests, 0.0)
        scores += closed * request_share[:, None]
        # The yes/no criteria as one small-typed matrix (a masked addition is branchy and several times slower);
        # float32 holds whole-number weights exactly, other weights keep float64.
        exact32 = all(float(np.float32(x)) == x for x in (w.subject, w.form, w.subject + w.form))
        yes_no = shares_subject.astype(np.float32 if exact32 else np.float64)
        yes_no *= w.subject
        yes_no += form_fits * yes_no.dtype.type(w.form)
        scores += yes_no
        scores[desired_rows, desired_cols] += w.desired

        candidate = closed > 0
        candidate |= shares_subject
        candidate[desired_rows, desired_cols] = True
        candidate &= (free > 0)[None, :]
        if any(m.allowed_form_ids is not None for m in mentees):
            candidate &= self._shares_form()
        if self.excluded:
            row = {m.id: i for i, m in enumerate(mentees)}
            cells = [(row[e], col[o]) for e, o in self.excluded if e in row and o in col]
            if cells:
                rows, cols = zip(*cells, strict=True)
                candidate[list(rows), list(cols)] = False
        return scores, candidate

    def _shares_form(self) -> np.ndarray:
        """mentees × mentors: the mentor works in a form the mentee's pair may have (see `shares_form`)."""
        mentees, mentors = self.mentees, self.mentors
        restricted = [i for i, m in enumerate(mentees) if m.allowed_form_ids is not None]
        result = np.ones((len(mentees), len(mentors)), dtype=bool)
        if not restricted:
            return result
        form_index = _index(f for i in restricted for f in mentees[i].allowed_form_ids)
        allowed = _incidence(len(restricted), len(form_index), ((k, form_index[f]) for k, i in enumerate(restricted) for f in mentees[i].allowed_form_ids))
        works_in = _incidence(
            len(mentors), len(form_index), ((j, form_index[f]) for j, m in enumerate(mentors) for f in (m.form_ids or ()) if f in form_index)
        )
        fits = (allowed @ works_in.T) > 0
        fits[:, [j for j, m in enumerate(mentors) if m.form_ids is None]] = True
        result[restricted] = fits
        return result

    # -- reads

    def ranked(self, *, limit: int | None = 5) -> dict[int, list[Candidate]]:
        """For every mentee, their candidates best first (ties in the order mentors were given), with reasons."""
        masked = np.where(self.candidate, -self.scores, np.inf)
        order = np.argsort(masked, axis=1, kind="stable")
        counts = self.candidate.sum(axis=1)
        result = {}
        for i, mentee in enumerate(self.mentees):
            take = int(counts[i]) if limit is None else min(int(counts[i]), limit)
            result[mentee.id] = [self._candidate(i, int(j)) for j in order[i, :take]]
        return result

    def _candidate(self, i: int, j: int) -> Candidate:
        mentee, mentor = self.mentees[i], self.mentors[j]
        _, reasons = score(mentee, mentor, self.weights, self.request_closers, labels=self.labels)
        return Candidate(mentor_id=mentor.id, score=float(self.scores[i, j]), reasons=tuple(reasons))

    def assign(self, mode: str = BEST) -> Assignment:
        """An optimal assignment of the mentees to the mentors' free places.

        BEST maximises the total score over candidates with a positive score (a mentee
        stays unassigned rather than get a harmful match). COVER first pairs as many
        mentees as possible with any candidate, then maximises the total score: every
        candidate edge gets a bonus larger than any difference the scores can make.
        Mentors not yet approved take no part.
        """
        if mode not in MODES:
            raise ValueError(f"unknown matching mode: {mode!r}")
        usable = self.candidate if self.approved.all() else self.candidate & self.approved[None, :]
        if mode == BEST:
            usable = usable & (self.scores > 0)
        chosen = self._assign_sparse(usable, mode) if self._sparse_pays(usable) else None
        if chosen is None:
            chosen = self._assign_dense(usable, mode)
        proposals, unassigned = [], []
        for i, mentee in enumerate(self.mentees):
            if i in chosen:
                j = chosen[i]
                proposals.append(Proposal(mentee_id=mentee.id, mentor_id=self.mentors[j].id, score=float(self.scores[i, j])))
            else:
                unassigned.append(mentee.id)
        return Assignment(mode=mode, proposals=tuple(proposals), unassigned=tuple(unassigned))

    def _assign_dense(self, usable: np.ndarray, mode: str) -> dict[int, int]:
        """Mentee index → mentor index: the dense solver on one column per free place."""
        # Imported here, not at the top: scipy takes most of a second to import, and every process loads
        # this module with the URL conf while only a matching run needs the solver.
        from scipy.optimize import linear_sum_assignment

        chosen: dict[int, int] = {}
        rows = np.flatnonzero(usable.any(axis=1))
        if rows.size:
            cols = np.flatnonzero(usable[rows].any(axis=0))
            # Copies of district-size matrices cost a fair part of the time: take views when nothing is left out.
            usable_rc = usable if rows.size == usable.shape[0] and cols.size == usable.shape[1] else usable[np.ix_(rows, cols)]
            if usable_rc is usable:
                cost = -self.scores  # the solver minimises: a cost is a negated gain (a new array, changed in place below)
            else:
                cost = -self.scores[np.ix_(rows, cols)]
            if mode == COVER:
                lowest, highest = float(-cost[usable_rc].max()), float(-cost[usable_rc].min())
                # One more pair outweighs any score difference between two assignments.
                cost -= (rows.size + 1) * (highest - lowest + 1.0) - min(lowest, 0.0)
            # Not usable: worth exactly as much as staying unassigned, so the solver may
            # put a mentee there instead of leaving them out, and we read it as unassigned.
            cost[~usable_rc] = 0.0
            # A mentor needs no more slots than mentees who could take them.
            free = np.array([self.mentors[j].capacity_free for j in cols])
            copies = np.minimum(free, usable_rc.sum(axis=0))
            slot_col = np.repeat(np.arange(cols.size), copies)
            slot_cost = cost if slot_col.size == cols.size else cost[:, slot_col]  # one place each: no copy
            assigned_rows, assigned_slots = linear_sum_assignment(slot_cost)
            for r, s in zip(assigned_rows, assigned_slots, strict=True):
                c = slot_col[s]
                if usable_rc[r, c]:
                    chosen[int(rows[r])] = int(cols[c])
        return chosen

    def _sparse_pays(self, usable: np.ndarray) -> bool:
        """A large bank where mentees and places are close in number: the dense solver's hard case.

        With many more places than mentees, or many more mentees than places, the dense solver
        settles it quickly (it works along the smaller side) and the sparse path's passes over the
        whole matrix cost more than they save (measured in docs/benchmarks.md, «match_district: the sparse solver»)."""
        if usable.size < SPARSE_FROM_CELLS:
            return False
        mentees = np.count_nonzero(usable.any(axis=1))
        places = sum(max(m.capacity_free, 0) for m in self.mentors)
        return SPARSE_PLACES_PER_MENTEE[0] * mentees <= places <= SPARSE_PLACES_PER_MENTEE[1] * mentees

    def _assign_sparse(self, usable: np.ndarray, mode: str) -> dict[int, int] | None:
        """Mentee index → mentor index for a large bank (see `apps.matching.sparse`); None if unproven."""
        bonus = 0.0
        if mode == COVER and self.scores.size:
            # As the dense solver's, over all pairs rather than the usable ones: a bonus at least as large
            # (one more pair still outweighs any difference in scores), without a masked pass.
            lowest, highest = float(self.scores.min()), float(self.scores.max())
            bonus = (usable.shape[0] + 1) * (highest - lowest + 1.0) - min(lowest, 0.0)
        free = np.array([max(m.capacity_free, 0) for m in self.mentors], dtype=np.int64)
        match = sparse.assign(self.scores, usable, free, bonus=bonus)
        if match is None:
            return None
        assigned = np.flatnonzero(match >= 0)
        return dict(zip(assigned.tolist(), match[assigned].tolist(), strict=True))


def _mentor_and_experience_terms(mentees, mentors, w: Weights, mentor_term: np.ndarray) -> np.ndarray:
    """mentees × mentors: the mentor's own term plus the capped experience gap (0 where a side's is unknown).

    Mentees have few distinct years of experience: one row per distinct value, then each mentee's row
    is copied (a row copy is several times quicker than arithmetic over the whole matrix)."""
    years = _index(m.experience_years for m in mentees)  # None too: a row with no gap
    exp_o = np.array([m.experience_years or 0 for m in mentors], dtype=np.float64)
    known = np.array([y is not None for y in years], dtype=bool)
    exp_e = np.array([y or 0 for y in years], dtype=np.float64)
    table = np.clip(exp_o[None, :] - exp_e[:, None], -EXPERIENCE_GAP_CAP, EXPERIENCE_GAP_CAP) * (w.experience / EXPERIENCE_GAP_CAP)
    table[~known, :] = 0.0
    table[:, [j for j, m in enumerate(mentors) if m.experience_years is None]] = 0.0
    table += mentor_term[None, :]
    return table[[years[m.experience_years] for m in mentees]]


def _index(values: Iterable) -> dict:
    index: dict = {}
    for v in values:
        index.setdefault(v, len(index))
    return index


def _incidence(n_rows: int, n_cols: int, cells: Iterable[tuple[int, int]]) -> np.ndarray:
    matrix = np.zeros((n_rows, n_cols), dtype=np.float32)
    cells = list(cells)
    if cells:
        rows, cols = zip(*cells, strict=True)
        matrix[list(rows), list(cols)] = 1.0
    return matrix


# ---------------------------------------------------------------------------
# The plain entry points


def rank(
    mentee: MenteeData,
    mentors: Sequence[MentorData],
    weights: Weights = Weights(),
    request_closers: Mapping[int, Iterable[int]] | None = None,
    *,
    excluded: Iterable[tuple[int, int]] = (),
    labels: Labels | None = None,
    limit: int | None = None,
) -> list[Candidate]:
    """One mentee's candidates, best first."""
    problem = Problem([mentee], mentors, weights=weights, request_closers=request_closers, excluded=excluded, labels=labels)
    return problem.ranked(limit=limit)[mentee.id]


def assign(
    mentees: Sequence[MenteeData],
    mentors: Sequence[MentorData],
    mode: str = BEST,
    *,
    weights: Weights = Weights(),
    request_closers: Mapping[int, Iterable[int]] | None = None,
    excluded: Iterable[tuple[int, int]] = (),
) -> Assignment:
    """The optimal assignment of `mentees` to `mentors`' free places in `mode` (BEST or COVER)."""
    return Problem(mentees, mentors, weights=weights, request_closers=request_closers, excluded=excluded).assign(mode)
