"""Reads of the programme app: a pair's plan as its participants read it, and the curator's overview."""

import datetime

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from apps.pairs.models import OPEN_STATUSES, Pair, PairFeedback, PairMentee, PairStatus
from apps.pairs.selectors import needs_review_q, pairs_of_teacher, with_stale_level

from .models import (
    Activity,
    Meeting,
    MeetingFeedback,
    Programme,
    ProgrammeAcknowledgement,
    ProgrammeApproval,
    programme_fingerprint,
)

CLOSED_STATUSES = (PairStatus.COMPLETED, PairStatus.DISSOLVED)
STATUS_FILTERS = {
    "open": OPEN_STATUSES,
    "active": (PairStatus.ACTIVE,),
    "closed": CLOSED_STATUSES,
    "all": None,
}


def programme_page_data(programme: Programme, *, today: datetime.date | None = None) -> dict:
    """The plan split as a participant reads it: overdue, upcoming, done; meetings with their feedback."""
    today = today or timezone.localdate()
    activities = list(programme.activities.select_related("done_by"))
    meetings = list(
        programme.meetings.select_related("created_by").prefetch_related(
            Prefetch("feedbacks", queryset=MeetingFeedback.objects.select_related("teacher"))
        )
    )
    done = [a for a in activities if a.done]
    return {
        "overdue": [a for a in activities if not a.done and a.due_date < today],
        "upcoming": [a for a in activities if not a.done and a.due_date >= today],
        "done": sorted(done, key=lambda a: (a.done_on, a.pk), reverse=True),
        **_progress(total=len(activities), done=len(done)),
        "meetings": meetings,
    }


def _progress(*, total: int, done: int) -> dict:
    return {"total": total, "done_count": done, "percent": round(100 * done / total) if total else 0}


def programme_progress(programme: Programme) -> dict:
    """The plan's counters alone (done of total, percent): what the pair page updates after a mark, in one query."""
    counts = programme.activities.aggregate(total=Count("pk"), done=Count("pk", filter=Q(done=True)))
    return _progress(total=counts["total"], done=counts["done"])


def _current_members(path: str = "memberships") -> Prefetch:
    """A pair's mentees now, as `pair.current_members`."""
    queryset = PairMentee.objects.filter(left_on__isnull=True).select_related("mentee__teacher").order_by("mentee__teacher__last_name")
    return Prefetch(path, queryset=queryset, to_attr="current_members")


def _fit_answers(path: str = "feedbacks") -> Prefetch:
    """The answers to «Подходит ли вам пара?», as `pair.fit_answers`."""
    return Prefetch(path, queryset=PairFeedback.objects.select_related("teacher").order_by("answered_at"), to_attr="fit_answers")


def programme_overview(
    *,
    school,
    status: str = "open",
    only_overdue: bool = False,
    only_review: bool = False,
    stale_days: int | None = None,
    today: datetime.date | None = None,
):
    """The school's programmes with progress (done, planned, overdue), last activity, stale level and fit answers.

    A fixed number of queries whatever the number of programmes.
    """
    today = today or timezone.localdate()
    programmes = (
        Programme.objects.filter(pair__school=school)
        .select_related("pair__mentor__teacher", "pair__form")
        .annotate(
            activities_total=Count("activities"),
            activities_done=Count("activities", filter=Q(activities__done=True)),
            activities_overdue=Count("activities", filter=Q(activities__done=False, activities__due_date__lt=today)),
            needs_review=needs_review_q("pair"),
            has_meeting=Exists(Meeting.objects.filter(programme=OuterRef("pk"))),
        )
        .prefetch_related(
            _current_members("pair__memberships"),
            _fit_answers("pair__feedbacks"),
        )
    )
    programmes = with_stale_level(programmes, today=today, pair_path="pair")
    statuses = STATUS_FILTERS.get(status, OPEN_STATUSES)
    if statuses is not None:
        programmes = programmes.filter(pair__status__in=statuses)
    if only_overdue:
        programmes = programmes.filter(activities_overdue__gt=0)
    if only_review:
        programmes = programmes.filter(needs_review=True)
    if stale_days:
        programmes = programmes.filter(stale_days__gte=stale_days)
    programmes = programmes.order_by("-needs_review", "-stale_days", "-activities_overdue", "pair__mentor__teacher__last_name", "pk")
    rows = list(programmes)
    for programme in rows:
        programme.activities_planned = programme.activities_total - programme.activities_done - programme.activities_overdue
        total = programme.activities_total or 1
        programme.percent_done = round(100 * programme.activities_done / total)
        programme.percent_overdue = round(100 * programme.activities_overdue / total)
    with_reading(rows)
    return rows


def with_reading(programmes: list) -> list:
    """Each programme (its pair's `current_members` prefetched) with `approval_current` (agreed and approved for
    the version it is now) and `acknowledged` / `readers` (participants who read this version / all of them).
    Three queries for any number of programmes."""
    ids = [p.pk for p in programmes]
    activities: dict[int, list] = {pk: [] for pk in ids}
    for activity in Activity.objects.filter(programme_id__in=ids).only("programme_id", "title", "due_date", "expected_result", "order"):
        activities[activity.programme_id].append(activity)
    approvals = {a.programme_id: a.fingerprint for a in ProgrammeApproval.objects.filter(programme_id__in=ids).only("programme_id", "fingerprint")}
    acks = set(ProgrammeAcknowledgement.objects.filter(programme_id__in=ids).values_list("programme_id", "teacher_id", "fingerprint"))
    for programme in programmes:
        fingerprint = programme_fingerprint(programme, activities[programme.pk])
        programme.approval_current = approvals.get(programme.pk) == fingerprint
        readers = [programme.pair.mentor.teacher_id, *(m.mentee.teacher_id for m in programme.pair.current_members)]
        programme.readers = len(readers)
        programme.acknowledged = sum((programme.pk, t, fingerprint) in acks for t in readers)
    return programmes


def pairs_for_review(*, school):
    """Open pairs with an unreviewed «не подходит», with everybody's answers."""
    return list(
        Pair.objects.filter(school=school, status__in=OPEN_STATUSES)
        .filter(needs_review_q())
        .select_related("mentor__teacher", "form")
        .prefetch_related(_current_members(), _fit_answers())
        .order_by("mentor__teacher__last_name", "pk")
    )


def open_pairs_without_programme(*, school):
    return list(
        Pair.objects.filter(school=school, status__in=OPEN_STATUSES, programme__isnull=True)
        .select_related("mentor__teacher", "form")
        .prefetch_related(_current_members())
        .order_by("mentor__teacher__last_name", "pk")
    )


def stale_counts(*, school, today: datetime.date | None = None) -> dict[int, int]:
    """How many active pairs of the school have passed each threshold (28+ are counted in 14+ too)."""
    pairs = with_stale_level(Pair.objects.filter(school=school, status=PairStatus.ACTIVE), today=today)
    counts = pairs.aggregate(d14=Count("pk", filter=Q(stale_days__gte=14)), d28=Count("pk", filter=Q(stale_days__gte=28)))
    return {14: counts["d14"], 28: counts["d28"]}


def meetings_for_viewer(meetings, viewer) -> list:
    """Meetings as `viewer` (pairs.selectors.PairViewer) reads them.

    `visible_notes`: the mentor's notes — for the mentor, and for a mentee only when shared;
    staff do not read them either. `my_feedback`: the viewer's own feedback on the meeting.
    """
    teacher_id = viewer.teacher.pk if viewer.teacher is not None else None
    for meeting in meetings:
        shows_notes = viewer.is_mentor or (viewer.is_mentee and meeting.shared_with_mentee)
        meeting.visible_notes = meeting.mentor_notes if shows_notes else ""
        meeting.my_feedback = next((f for f in meeting.feedbacks.all() if f.teacher_id == teacher_id), None)
    return meetings


def teacher_home_pairs(teacher, *, today: datetime.date | None = None) -> list[Pair]:
    """The teacher's open pairs for their page, with progress counts and whether the fit question waits for them."""
    today = today or timezone.localdate()
    my_answer = PairFeedback.objects.filter(pair=OuterRef("pk"), teacher=teacher).values("answer")[:1]
    return list(
        pairs_of_teacher(teacher)
        .filter(status__in=(PairStatus.DRAFT, PairStatus.ACTIVE))
        .select_related("mentor__teacher", "form", "programme")
        .annotate(
            activities_total=Count("programme__activities"),
            activities_done=Count("programme__activities", filter=Q(programme__activities__done=True)),
            activities_overdue=Count(
                "programme__activities", filter=Q(programme__activities__done=False, programme__activities__due_date__lt=today)
            ),
            next_due_on=Min("programme__activities__due_date", filter=Q(programme__activities__done=False, programme__activities__due_date__gte=today)),
            has_meeting=Exists(Meeting.objects.filter(programme__pair=OuterRef("pk"))),
            my_fit_answer=Subquery(my_answer),
        )
        .prefetch_related(_current_members())
        .order_by("-started_on", "pk")
    )


# --- approval and acknowledgement ------------------------------------------------------------------------


def programme_reading(programme: Programme, *, teachers) -> dict:
    """Where the programme stands with its readers, for its current version: the approval (and whether it still
    holds) and, for each of `teachers` (the mentor, then the mentees), when they acknowledged this version,
    or the earlier one they read. Three queries, whatever the number of participants."""
    fingerprint = programme_fingerprint(programme)
    approval = ProgrammeApproval.objects.filter(programme=programme).first()
    acknowledgements = {}
    for ack in ProgrammeAcknowledgement.objects.filter(programme=programme, teacher__in=[t.pk for t in teachers]).order_by(
        "acknowledged_at", "pk"
    ):
        mine = acknowledgements.setdefault(ack.teacher_id, {"current": None, "earlier": None})
        mine["current" if ack.fingerprint == fingerprint else "earlier"] = ack
    people = [
        {"teacher": t, **acknowledgements.get(t.pk, {"current": None, "earlier": None})} for t in teachers
    ]
    return {
        "fingerprint": fingerprint,
        "approval": approval,
        "approval_current": approval is not None and approval.fingerprint == fingerprint,
        "people": people,
        "all_acknowledged": bool(people) and all(p["current"] for p in people),
    }
