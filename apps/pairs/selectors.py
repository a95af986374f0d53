"""Reads about pairs: who may open a pair, how lively it is, which ones the curator must look at."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone

from apps.schools.models import Teacher

from .models import (
    STALE_THRESHOLDS,
    FitAnswer,
    Pair,
    PairFeedback,
    PairMentee,
    PairStatus,
)

NOT_FOUND = "Пара не найдена или вы в ней не участвуете."


# --- a mentor's load -----------------------------------------------------------------------


def mentors_with_load(mentors):
    """Annotate `load`: mentees in each mentor's open (forming or working) pairs.

    A subquery rather than a join, so other filters on many-valued relations
    (competences, say) cannot multiply the count.
    """
    open_places = (
        PairMentee.objects.open()
        .filter(pair__mentor=OuterRef("pk"))
        .order_by()
        .values("pair__mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return mentors.annotate(load=Coalesce(Subquery(open_places), 0))


def mentor_load(mentor, *, exclude_pair=None) -> int:
    """Mentees now in the mentor's open pairs (optionally not counting one pair)."""
    memberships = PairMentee.objects.open().filter(pair__mentor=mentor)
    if exclude_pair is not None and exclude_pair.pk:
        memberships = memberships.exclude(pair=exclude_pair)
    return memberships.count()


# --- who may open a pair -----------------------------------------------------------------


def current_member_q(prefix: str = "") -> Q:
    """Memberships that count as being in the pair: not left, or left only when the whole pair closed.

    A removed mentee loses the pair; the mentees of a completed pair keep reading their programme.
    """
    return Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on": F(f"{prefix}pair__ended_on")})


@dataclass
class PairViewer:
    """A pair as one user sees it: as its mentor, as one of its mentees, as staff of its school, or (a network
    pair) as staff of the mentor's school, who only read it."""

    pair: Pair
    teacher: object  # schools.Teacher or None (staff)
    role: str  # "mentor" | "mentee" | "staff" | "partner"

    @property
    def is_mentor(self) -> bool:
        return self.role == "mentor"

    @property
    def is_mentee(self) -> bool:
        return self.role == "mentee"

    @property
    def is_participant(self) -> bool:
        return self.role in ("mentor", "mentee")

    @property
    def is_partner(self) -> bool:
        """Staff of the mentor's school of a network pair: they read the pair and its progress, never edit."""
        return self.role == "partner"

    @property
    def can_act(self) -> bool:
        """Marks, meetings and answers are written by the participants of a working pair."""
        return self.is_participant and self.pair.status == PairStatus.ACTIVE


def teacher_of(user):
    """The teacher card of a login, or None."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_teacher_card"):
        user._teacher_card = Teacher.objects.select_related("school").filter(user=user).first()
    return user._teacher_card


def pair_for_viewer(*, user, pk) -> PairViewer:
    """The pair if `user` is its mentor, a current mentee, staff of its school or (a network pair) staff of
    the mentor's school; otherwise 404."""
    pair = Pair.objects.select_related("school", "partner_school", "mentor__teacher", "form").filter(pk=pk).first()
    if pair is None:
        raise Http404(NOT_FOUND)
    teacher = teacher_of(user)
    if teacher is not None:
        if pair.mentor.teacher_id == teacher.pk:
            return PairViewer(pair, teacher, "mentor")
        if PairMentee.objects.filter(current_member_q(), pair=pair, mentee__teacher=teacher).exists():
            return PairViewer(pair, teacher, "mentee")
    if user.is_staff and user.has_perm("pairs.view_pair"):
        if user.is_superuser or user.school_id == pair.school_id:
            return PairViewer(pair, teacher, "staff")
        if pair.is_network and user.school_id == pair.partner_school_id:
            return PairViewer(pair, teacher, "partner")
    raise Http404(NOT_FOUND)


def is_participant(pair, teacher) -> bool:
    """The teacher leads the pair or is one of its mentees now (left_on empty)."""
    if teacher is None:
        return False
    if pair.mentor.teacher_id == teacher.pk:
        return True
    return pair.memberships.filter(left_on__isnull=True, mentee__teacher=teacher).exists()


def pairs_of_teacher(teacher):
    """Pairs the teacher leads or is (or, for a closed pair, was to its end) a mentee of."""
    members = PairMentee.objects.filter(current_member_q(), mentee__teacher=teacher).values("pair_id")
    return Pair.objects.filter(Q(mentor__teacher=teacher) | Q(pk__in=members))


# --- activity ----------------------------------------------------------------------------


def _path(pair_path: str, name: str) -> str:
    return f"{pair_path}__{name}" if pair_path else name


def with_last_activity(queryset, *, pair_path: str = ""):
    """Annotate `last_activity_on`: the latest logged meeting or done activity, or the start of the pair.

    `pair_path` leads from the queryset's model to the pair ("" for Pair, "pair" for Programme).
    Meetings and activities belong to the pair's programme (apps.programmes, a layer above): they are
    reached through its reverse relations, `programme__meetings` and `programme__activities`.
    """
    the_pair = Pair.objects.filter(pk=OuterRef(_path(pair_path, "pk"))).order_by().values("pk")
    last_meeting = the_pair.annotate(m=Max("programme__meetings__held_on")).values("m")
    last_done = the_pair.annotate(m=Max("programme__activities__done_on", filter=Q(programme__activities__done=True))).values("m")
    # PostgreSQL's GREATEST skips NULLs: a pair without meetings counts from its start.
    return queryset.annotate(
        last_activity_on=Greatest(
            F(_path(pair_path, "started_on")),
            Subquery(last_meeting, output_field=DateField()),
            Subquery(last_done, output_field=DateField()),
            output_field=DateField(),
        )
    )


def open_activities(pair) -> list[tuple[str, datetime.date]]:
    """(title, due date) of the activities of the pair's programme not done yet, the earliest first
    (through the reverse relation, as above)."""
    return list(
        Pair.objects.filter(pk=pair.pk, programme__activities__done=False)
        .order_by("programme__activities__due_date", "programme__activities__pk")
        .values_list("programme__activities__title", "programme__activities__due_date")
    )


def has_meeting(pair) -> bool:
    """Whether the pair's programme has a logged meeting (through the reverse relations, as above)."""
    return Pair.objects.filter(pk=pair.pk, programme__meetings__isnull=False).exists()


def with_stale_level(queryset, *, today: datetime.date | None = None, pair_path: str = ""):
    """Annotate `last_activity_on` and `stale_days`: 28, 14 or 0 — the threshold an active pair has passed."""
    today = today or timezone.localdate()
    queryset = with_last_activity(queryset, pair_path=pair_path)
    whens = [
        When(**{_path(pair_path, "status"): PairStatus.ACTIVE, "last_activity_on__lte": today - datetime.timedelta(days)}, then=Value(days))
        for days in sorted(STALE_THRESHOLDS, reverse=True)
    ]
    return queryset.annotate(stale_days=Case(*whens, default=Value(0), output_field=IntegerField()))


def stale_pairs(*, days: int, today: datetime.date | None = None, queryset=None):
    """Active pairs with no logged meeting and no done activity for at least `days` days."""
    today = today or timezone.localdate()
    queryset = with_last_activity(queryset if queryset is not None else Pair.objects.all())
    return queryset.filter(status=PairStatus.ACTIVE, last_activity_on__lte=today - datetime.timedelta(days))


# --- the curator's list to re-pair ---------------------------------------------------------


def needs_review_q(pair_path: str = "") -> Exists:
    """EXISTS(an unreviewed «не подходит» answer about the pair)."""
    return Exists(
        PairFeedback.objects.filter(pair=OuterRef(_path(pair_path, "pk")), answer=FitAnswer.NOT_FIT, reviewed_at__isnull=True)
    )


def pairs_to_review(queryset=None):
    """Open pairs where somebody answered «не подходит» and the curator has not yet looked."""
    queryset = queryset if queryset is not None else Pair.objects.all()
    return queryset.open().filter(needs_review_q())


# --- history for the matching ----------------------------------------------------------------


def dissolved_pairings(*, school=None) -> set[tuple[int, int]]:
    """(mentor id, mentee id) combinations that did not work: a dissolved pair, or a mentee removed early.

    A completed pair is not in the set: it worked to its end.
    """
    memberships = PairMentee.objects.filter(Q(pair__status=PairStatus.DISSOLVED) | ~Q(left_reason=""))
    if school is not None:
        memberships = memberships.filter(pair__school=school)
    return set(memberships.values_list("pair__mentor_id", "mentee_id"))
