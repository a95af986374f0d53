"""Two curators at the same moment: real connections, real row locks, no capacity exceeded.

Each test starts two threads (each has its own database connection) that meet at a barrier
and then call the same service. A short pause is put right after the rule is checked, so
without row locks both would pass the check and both would write; with the locks the second
waits for the first to commit, checks again and is refused with the Russian message.
"""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from apps.catalogues.models import MentoringForm
from apps.matching.services import DraftRow, draft_confirm
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs import services as pair_services
from apps.pairs.models import PairMentee
from apps.pairs.selectors import mentor_load
from apps.pairs.services import pair_add_mentee, pair_create, pair_update
from apps.public.models import PublicSection
from apps.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db(transaction=True)

STARTED = datetime.date(2025, 10, 1)
PLANNED_END = datetime.date(2026, 5, 31)
PAUSE = 0.3  # seconds between checking a rule and writing: the window a race needs


def race(*calls):
    """Run the calls in threads released together; each result is ("ok", value) or ("refused", error)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except ValidationError as error:
            results[index] = ("refused", error)
        except Exception as error:  # an IntegrityError here would be a 500 for the curator
            results[index] = ("error", error)
        finally:
            connections.close_all()  # this thread's connections only

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return results


@pytest.fixture
def slow_checks(monkeypatch):
    """Widen the window between each rule's check and the write that follows it."""
    check_capacity = pair_services.check_capacity
    full_clean = PairMentee.full_clean

    def slow_check_capacity(*args, **kwargs):
        check_capacity(*args, **kwargs)
        time.sleep(PAUSE)

    def slow_full_clean(self, *args, **kwargs):
        full_clean(self, *args, **kwargs)
        time.sleep(PAUSE)

    monkeypatch.setattr(pair_services, "check_capacity", slow_check_capacity)
    monkeypatch.setattr(PairMentee, "full_clean", slow_full_clean)
    # Saving a pair bumps its school's public-pages version, an UPDATE that happens to serialise
    # every pair write of a school; without it the test checks the services' own locks.
    monkeypatch.setattr(PublicSection, "bump", classmethod(lambda cls, school_id=None: None))


@pytest.fixture
def school(standard_data):
    return SchoolFactory()


@pytest.fixture
def form(standard_data):
    return MentoringForm.objects.get(code="teacher-teacher")


def create(mentor, mentees, form):
    return lambda: pair_create(
        school=mentor.school, mentor=mentor, mentees=mentees, form=form, started_on=STARTED, planned_end_on=PLANNED_END
    )


def outcomes(results):
    return sorted(kind for kind, _ in results)


def test_two_curators_cannot_both_take_the_last_place(school, form, slow_checks):
    mentor = MentorFactory(teacher__school=school, capacity=1)
    first, second = MenteeFactory(teacher__school=school), MenteeFactory(teacher__school=school)

    results = race(create(mentor, [first], form), create(mentor, [second], form))

    assert outcomes(results) == ["ok", "refused"], results
    refusal = next(error for kind, error in results if kind == "refused")
    assert refusal.code == "over_capacity"
    assert "свободно мест: 0 из 1" in refusal.messages[0]
    mentor.refresh_from_db()
    assert mentor_load(mentor) == mentor.capacity == 1


def test_two_confirmed_drafts_with_the_same_mentor(school, form, slow_checks):
    """The matching's «confirm draft»: two curators' drafts both give the mentor's one place away."""
    mentor = MentorFactory(teacher__school=school, capacity=1)
    first, second = MenteeFactory(teacher__school=school), MenteeFactory(teacher__school=school)

    def confirm(mentee):
        row = DraftRow(key=mentee.pk, mentor=mentor, mentees=(mentee,), form=form, started_on=STARTED, planned_end_on=PLANNED_END)
        return lambda: draft_confirm(school=school, rows=[row])

    results = race(confirm(first), confirm(second))

    assert [kind for kind, _ in results] == ["ok", "ok"], results  # a refused row is reported, not raised
    created = [pairs for _, (pairs, errors) in results if pairs]
    errors = [errors for _, (pairs, errors) in results if errors]
    assert len(created) == 1 and len(errors) == 1, results
    [messages] = errors[0].values()
    assert "свободно мест: 0 из 1" in messages[0]
    assert mentor_load(mentor) == mentor.capacity == 1


def test_two_mentees_added_to_a_group_with_one_place_left(school, form, slow_checks):
    mentor = MentorFactory(teacher__school=school, capacity=2)
    pair = pair_create(
        school=school, mentor=mentor, mentees=[MenteeFactory(teacher__school=school)], form=form,
        started_on=STARTED, planned_end_on=PLANNED_END,
    )
    first, second = MenteeFactory(teacher__school=school), MenteeFactory(teacher__school=school)

    results = race(lambda: pair_add_mentee(pair=pair, mentee=first), lambda: pair_add_mentee(pair=pair, mentee=second))

    assert outcomes(results) == ["ok", "refused"], results
    refusal = next(error for kind, error in results if kind == "refused")
    assert refusal.code == "over_capacity"
    assert mentor_load(mentor) == mentor.capacity == 2


def test_a_pair_handed_over_and_a_new_pair_race_for_the_mentors_last_place(school, form, slow_checks):
    """The admin hands a pair to a mentor (pair_update) while the matching gives that mentor's one place away."""
    mentor = MentorFactory(teacher__school=school, capacity=1)
    other = create(MentorFactory(teacher__school=school), [MenteeFactory(teacher__school=school)], form)()
    newcomer = MenteeFactory(teacher__school=school)

    results = race(lambda: pair_update(pair=other, mentor=mentor), create(mentor, [newcomer], form))

    assert outcomes(results) == ["ok", "refused"], results
    refusal = next(error for kind, error in results if kind == "refused")
    assert refusal.code == "over_capacity"
    assert "свободно мест: 0 из 1; нельзя закрепить ещё 1" in refusal.messages[0]
    assert mentor_load(mentor) == mentor.capacity == 1


def test_one_mentee_paired_with_two_mentors_at_once(school, form, slow_checks):
    """The partial unique index would raise an IntegrityError (a 500); the lock turns it into the rule's message."""
    mentee = MenteeFactory(teacher__school=school)
    mentors = [MentorFactory(teacher__school=school, capacity=2) for _ in range(2)]

    results = race(create(mentors[0], [mentee], form), create(mentors[1], [mentee], form))

    assert outcomes(results) == ["ok", "refused"], results
    refusal = next(error for kind, error in results if kind == "refused")
    assert "Наставляемый уже состоит в другой действующей паре или группе." in refusal.messages
    assert PairMentee.objects.open().filter(mentee=mentee).count() == 1
    assert sum(mentor_load(m) for m in mentors) == 1


def test_crossed_groups_do_not_deadlock(school, form, slow_checks):
    """Two groups sharing two mentees, listed in opposite orders: one wins, no deadlock error."""
    a, b = MenteeFactory(teacher__school=school), MenteeFactory(teacher__school=school)
    mentors = [MentorFactory(teacher__school=school, capacity=2) for _ in range(2)]

    results = race(create(mentors[0], [a, b], form), create(mentors[1], [b, a], form))

    assert outcomes(results) == ["ok", "refused"], results
    assert PairMentee.objects.open().count() == 2
