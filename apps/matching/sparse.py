"""The assignment of a large bank (a district): solved on a few promising pairs, then proved optimal for all.

The dense solver (`scipy.optimize.linear_sum_assignment` on one column per free place) needs about
half a second of CPU for 2,000 mentees × 1,500 mentors, most of it spent on pairs that no optimum
uses. Here:

1. every mentee keeps their best few mentors and every mentor their best few mentees (relative to
   what each mentee could get at best): a sparse graph of ~25 edges a mentee;
2. that graph is solved exactly (`min_weight_full_bipartite_matching`, one column per place used and
   one «unassigned» column per mentee);
3. prices that prove it optimal are computed: a price `v` per mentor (the least, found as longest
   paths over «mentee moves from their mentor to another» arcs) and the mentee's surplus
   `u = gain − v(own mentor)`. The linear programme's dual is then feasible for the *whole* matrix when
   no usable pair gains more than `u + v` (one vectorised comparison); by LP duality the total is the
   optimum of the whole bank, the same as the dense solver's;
4. a pair that breaks the proof is added to the graph; the prices are computed again, and the graph
   solved again only when the assignment itself is no longer optimal on it. After a few rounds the
   caller falls back to the dense solver, so the result is always exact.

Plain numpy/scipy on plain arrays; no Django.
"""

from __future__ import annotations

import numpy as np

TOLERANCE = 1e-9  # float noise when comparing sums of scores
ROW_BEST = 5  # each mentee's best mentors in the first graph (all ties of the last one)
COLUMN_BEST = 3  # × the largest number of places: each mentor's mentees who lose least by taking them
PRICED_BEST = 8  # after the first prices: each mentee's best mentors net of the price
MAX_SOLVES = 5
MAX_EDGES_PER_MENTEE = 45  # the bench's bank: 26–33 (first and second graph); blocks of ties: 50 and more
FIRST_BROKEN_LIMIT = 5  # × mentees: at most this many pairs that break the first proof are added (the worst)
HUGE = 1e30  # the penalty of a pair that is not usable, in the float32 choice of edges


def assign(scores: np.ndarray, usable: np.ndarray, free: np.ndarray, *, bonus: float = 0.0) -> np.ndarray | None:
    """The mentor (column) of every mentee (row), −1 for none, maximising the total of
    `scores + bonus` over usable pairs with at most `free[j]` mentees a mentor; None when the
    proof did not close within a few rounds (the caller then solves densely).

    `bonus` (COVER) is added to every usable pair: big enough, it makes one more pair worth more
    than any difference in scores. A pair is never worse than «unassigned» only if its gain is
    positive: with `bonus=0` the caller passes only pairs with a positive score.
    """
    n, m = scores.shape
    free = np.asarray(free, dtype=np.int64)
    scores = np.ascontiguousarray(scores)
    # The choice of edges is a heuristic: float32 is enough, and a pair that is not usable gets a huge
    # penalty added (a masked write over millions of cells costs several times more than an addition).
    penalty = usable.astype(np.float32)
    penalty -= 1.0
    penalty *= np.float32(HUGE)
    scores32 = scores.astype(np.float32)
    edges = _first_edges(scores32 + penalty, usable, free)
    largest_score = float(np.abs(scores32).max(initial=0))
    match = None
    solves = passes = 0
    solved_now = priced = False
    # BEST may prefer to leave a mentee out, COVER never when everyone can be paired. Both first try
    # without the «unassigned» columns when the graph has a full matching (a fifth less work); if that
    # was wrong for BEST, the proof fails at once and the graph is solved again with them.
    always_unassigned = False
    while True:
        flat = np.flatnonzero(edges)  # (flat indices: several times quicker than np.nonzero on 2-D)
        if flat.size > MAX_EDGES_PER_MENTEE * n:
            return None  # whole blocks of ties: the sparse graph is no longer small, the dense solver is quicker
        rows, cols = np.divmod(flat, m)
        gain = scores.ravel()[flat]
        if match is None:
            if solves == MAX_SOLVES:
                return None
            match, with_unassigned = _solve(rows, cols, gain, n, m, free, bonus, always_unassigned=always_unassigned)
            solves += 1
            solved_now = True
        # After a solve the prices exist (up to m passes); on a grown graph, passes well beyond the last
        # count mean a cycle that gains, and solving again is cheaper than waiting for the proof.
        prices = _prices(rows, cols, gain + bonus, match, n, m, free, max_rounds=m + 1 if solved_now else 2 * passes + 10)
        if prices is None:
            if solved_now and not with_unassigned and not bonus:
                always_unassigned = True  # BEST: someone is better left out
                match = None
                continue
            if solved_now:
                return None  # float noise broke the proof of a fresh optimum: let the dense solver answer
            match = None  # not optimal on the larger graph: solve it again
            continue
        u, v, passes = prices
        # Net of the mentor's price, a pair must not gain more than the mentee's surplus (bonus taken out of u).
        # Screened in float32 with a margin wider than its rounding, then the few cells flagged checked in float64.
        limit = u - bonus
        net32 = scores32 - v.astype(np.float32)[None, :]
        largest = largest_score + float(np.abs(v).max(initial=0)) + float(np.abs(limit).max(initial=0))
        margin = 8 * float(np.finfo(np.float32).eps) * largest
        flagged = net32 > (limit - margin - TOLERANCE).astype(np.float32)[:, None]
        flagged &= usable
        cells = np.flatnonzero(flagged)
        flagged_rows, flagged_cols = np.divmod(cells, m)
        excess = scores.ravel()[cells] - v[flagged_cols] - limit[flagged_rows]
        broken = cells[excess > TOLERANCE]
        if not broken.size:
            return match
        if not priced:
            # The first prices are rough: give every mentee their best mentors net of them, and solve again.
            priced = True
            net32 += penalty
            edges |= _best_in_rows(net32, PRICED_BEST)
            edges &= usable
            match = None
            if broken.size > FIRST_BROKEN_LIMIT * n:  # rough prices may break pairs by the hundred thousand
                excess = excess[excess > TOLERANCE]
                broken = broken[np.argpartition(excess, -FIRST_BROKEN_LIMIT * n)[-FIRST_BROKEN_LIMIT * n :]]
        else:
            solved_now = False
        np.put(edges, broken, True)  # flat indices, whatever the memory layout


def _first_edges(masked: np.ndarray, usable: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Each mentee's best mentors, and each mentor's mentees who lose least against their own best
    (`masked`: scores, with −HUGE added where not usable; changed in place)."""
    edges = _best_in_rows(masked, ROW_BEST)
    best = masked.max(axis=1)
    best[best < -HUGE / 2] = 0.0  # a mentee with no candidate
    masked -= best[:, None]  # 0: as good as the mentee's best; the penalty stays
    edges |= _best_in_rows(masked.T.copy(), COLUMN_BEST * int(free.max(initial=1))).T
    edges &= usable
    return edges


def _best_in_rows(matrix: np.ndarray, k: int) -> np.ndarray:
    """True for the k largest of every row and everything tied with the k-th (the caller drops what is not usable)."""
    k = min(k, matrix.shape[1])
    if k == 0:
        return np.zeros(matrix.shape, dtype=bool)
    kth = np.partition(matrix, -k, axis=1)[:, -k]
    return matrix >= kth[:, None]


def _solve(rows, cols, gain, n, m, free, bonus, *, always_unassigned: bool) -> tuple[np.ndarray, bool]:
    """The optimum on the given edges, a column per place a mentor can use, and an «unassigned» column per
    mentee unless everyone can be paired and `always_unassigned` is false (then the best *full* matching:
    the optimum in COVER, to be proved in BEST). Returns the mentor of every mentee and whether the
    «unassigned» columns were there."""
    # Imported here, not at the top: scipy takes most of a second to import, and every process loads
    # the matching code with the URL conf while only a matching run needs the solver.
    import scipy.sparse as sp
    from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

    copies = np.minimum(free, np.bincount(cols, minlength=m))
    first = np.concatenate(([0], np.cumsum(copies)[:-1]))
    places = int(copies.sum())
    repeat = copies[cols]
    ends = np.cumsum(repeat)
    edge_rows = np.repeat(rows, repeat)
    edge_places = np.repeat(first[cols], repeat) + np.arange(ends[-1] if ends.size else 0) - np.repeat(ends - repeat, repeat)
    # The solver minimises positive weights: a cost is the distance to the best gain (+1), «unassigned» costs the most.
    top = float(gain.max(initial=0.0)) + 1.0
    weights = top - np.repeat(gain, repeat)
    graph = sp.csr_array((weights, (edge_rows, edge_places)), shape=(n, places))
    with_unassigned = always_unassigned or bool((maximum_bipartite_matching(graph, perm_type="column") < 0).any())
    if with_unassigned:
        graph = sp.csr_array(
            (
                np.concatenate((weights, np.full(n, top + bonus))),
                (np.concatenate((edge_rows, np.arange(n))), np.concatenate((edge_places, places + np.arange(n)))),
            ),
            shape=(n, places + n),
        )
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
    place_mentor = np.repeat(np.arange(m), copies)
    match = np.full(n, -1, dtype=np.int64)
    real = matched_cols < places
    match[matched_rows[real]] = place_mentor[matched_cols[real]]
    return match, with_unassigned


def _prices(rows, cols, gain, match, n, m, free, *, max_rounds: int):
    """The least mentor prices v ≥ 0 and mentee surpluses u ≥ 0 that prove `match` optimal on the edges
    given (complementary slackness: u + v = gain on a pair, v = 0 on a mentor with a place left, u = 0 for
    an unassigned mentee); None when there are none, i.e. `match` is not optimal on these edges."""
    matched = match >= 0
    v = np.zeros(m)
    alone = ~matched[rows]
    if alone.any():  # an unassigned mentee: a mentor they could take must cost at least the gain
        np.maximum.at(v, cols[alone], gain[alone])
    own_edge = matched[rows] & (cols == match[rows])
    own = np.zeros(n)
    own[rows[own_edge]] = gain[own_edge]
    # Arc k → j: the mentee of mentor k could move to j; then v[j] ≥ v[k] + gain(j) − gain(k).
    arc = matched[rows] & ~own_edge
    order = np.argsort(cols[arc])  # grouped by target; the order within a group does not matter
    source = match[rows[arc]][order]
    target = cols[arc][order]
    weight = (gain[arc] - own[rows[arc]])[order]
    passes = 0
    if target.size:
        starts = np.flatnonzero(np.r_[True, target[1:] != target[:-1]])
        heads = target[starts]
        for passes in range(1, max_rounds + 1):
            best = np.maximum.reduceat(v[source] + weight, starts)
            raised = best > v[heads] + TOLERANCE
            if not raised.any():
                break
            v[heads[raised]] = best[raised]
        else:
            return None  # a cycle that gains: the assignment is not optimal
    u = np.zeros(n)
    u[matched] = own[matched] - v[match[matched]]
    load = np.bincount(match[matched], minlength=m)
    if (u < -TOLERANCE).any() or (v[load < free] > TOLERANCE).any():
        return None  # a mentee would gain by leaving, or a free place would take someone
    return u, v, passes
