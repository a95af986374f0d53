"""One school with data in two school years, the last (2025/2026 as written) and the current (2026/2027),
built with the factories and the clock helpers: the answers and practices of last year are made on a day
of last year (freeze_today), as they would have been.

Last year only:    pair P1 (1.10.2025–29.05.2026, completed) with a programme of 3 activities
                   (two done, one not done, due 1.04.2026), a mentor's answer «6» of 30.05.2026,
                   the 2025/2026 roadmap, the practice «Прошлогодняя практика».
Current year only: pair P2 (from 1.09.2026, working) with a programme of 2 activities (one done,
                   one overdue on 20.11.2026), a mentor's answer «9», the 2026/2027 roadmap,
                   the practice «Практика этого года».
Both years:        pair P3 (2.03.2026 – still open): it ran in both, no programme, no answers.
"""

from apps.core.tests.clock import freeze_today
from apps.pairs.models import PairStatus
from apps.pairs.services import pair_end
from apps.pairs.tests.factories import make_pair
from apps.practices.models import BestPractice
from apps.roadmap.services import roadmap_create

from .data import MENTOR, TODAY, answer, consent_all, on, programme


def build_two_years(school, monkeypatch):
    freeze_today(monkeypatch, on(2026, 5, 30))  # a day of last school year
    p1 = make_pair(school=school, started_on=on(2025, 10, 1))
    p3 = make_pair(school=school, started_on=on(2026, 3, 2), months=9)
    for pair in (p1, p3):
        consent_all(pair)
    programme(p1, [(on(2025, 11, 1), True), (on(2026, 2, 1), True), (on(2026, 4, 1), False)])
    pair_end(pair=p1, status=PairStatus.COMPLETED, ended_on=on(2026, 5, 29))
    answer(p1, p1.mentor.teacher, MENTOR, 6)
    roadmap_create(school=school, year_start=on.year - 1)
    BestPractice.objects.create(school=school, title="Прошлогодняя практика")

    freeze_today(monkeypatch, TODAY)  # back to the current school year
    p2 = make_pair(school=school, started_on=on(2026, 9, 1))
    consent_all(p2)
    programme(p2, [(on(2026, 9, 15), True), (on(2026, 10, 1), False)])
    answer(p2, p2.mentor.teacher, MENTOR, 9)
    roadmap_create(school=school, year_start=on.year)
    BestPractice.objects.create(school=school, title="Практика этого года")
    return {"p1": p1, "p2": p2, "p3": p3}
