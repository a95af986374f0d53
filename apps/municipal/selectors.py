"""Reads of the district's records, each with a fixed number of queries."""

from django.db.models import Count, F, Prefetch

from apps.core.dates import SchoolYear
from apps.pairs.models import PairMentee
from apps.roadmap.models import EventStatus
from apps.roadmap.selectors import OPEN_STATUSES, month_column

from .models import (
    Application,
    Contest,
    HelpQuestion,
    MunicipalItem,
    MunicipalRoadmap,
    RegistrationTarget,
    SchoolRegistration,
    Score,
)

PAIR_NAMES = Prefetch("pair__memberships", queryset=PairMentee.objects.select_related("mentee__teacher").order_by("pk"))


def contests_of(municipality):
    return Contest.objects.filter(municipality=municipality).annotate(application_count=Count("applications", distinct=True))


def contest_of(municipality, pk):
    return Contest.objects.filter(municipality=municipality, pk=pk).first()


def contest_applications(contest):
    """The contest's applications with their school and how many scores they have. The jury and the
    coordinator judge the work, not the people: no names here."""
    return (
        Application.objects.filter(contest=contest)
        .select_related("nomination", "school")
        .annotate(score_count=Count("scores"))
        .order_by("nomination__order", "place", "-total", "submitted_at", "pk")
    )


def juror_scores(contest, juror) -> dict[tuple[int, int], int]:
    return {
        (score.application_id, score.criterion_id): score.value
        for score in Score.objects.filter(application__contest=contest, juror=juror)
    }


def contests_for_user(user):
    """The contests of the user's district (jury members are always of the district: services.jury_candidates)."""
    municipality_id = user.school.municipality_id if user.school_id else user.municipality_id
    return Contest.objects.filter(municipality_id=municipality_id).order_by("-year_start", "-applications_from", "-pk")


def judged_by(user) -> set[int]:
    return set(user.contests_judged.values_list("pk", flat=True))


def school_applications(school):
    return (
        Application.objects.filter(school=school)
        .select_related("nomination", "pair__mentor__teacher")
        .prefetch_related(PAIR_NAMES)
    )


def winners(municipality):
    """Places 1–3 of every contest whose results are published, latest contest first."""
    return (
        Application.objects.filter(contest__municipality=municipality, contest__results_published_at__isnull=False, place__lte=3)
        .select_related("contest", "nomination", "school", "pair__mentor__teacher")
        .prefetch_related(PAIR_NAMES)
        .order_by("-contest__year_start", "-contest__pk", "nomination__order", "place", "pk")
    )


def targets_of(municipality, year_start: int):
    """The district's targets of a school year; `municipality` is the object or its id."""
    return RegistrationTarget.objects.filter(municipality=municipality, year_start=year_start)


def registrations_of(targets, schools=None) -> dict[tuple[int, int], int]:
    """{(school id, target id): registered} for these targets (and schools)."""
    registrations = SchoolRegistration.objects.filter(target__in=targets)
    if schools is not None:
        registrations = registrations.filter(school__in=schools)
    return {(r.school_id, r.target_id): r.registered for r in registrations}


def target_years(municipality, *, today) -> set:
    """The years a coordinator may choose: those with targets, this one and the next."""
    current = SchoolYear.of(today)
    starts = set(RegistrationTarget.objects.filter(municipality=municipality).values_list("year_start", flat=True))
    return {SchoolYear(start) for start in starts} | {current, SchoolYear(current.start + 1)}


def questions_of_school(school):
    return HelpQuestion.objects.filter(school=school).annotate(message_count=Count("messages"))


def questions_of_district(municipality):
    """Open questions first, those waiting for the district's answer at the top."""
    return (
        HelpQuestion.objects.filter(school__municipality=municipality)
        .select_related("school")
        .annotate(message_count=Count("messages"))
        .order_by(F("closed_at").asc(nulls_first=True), "answered", "-last_message_at", "-pk")
    )


def question_thread(question):
    return question.messages.select_related("author")


def municipal_timeline(roadmap: MunicipalRoadmap, *, today) -> list:
    """The sections with their items, each with its month column and overdue days: two queries."""
    sections = list(
        roadmap.sections.order_by("number").prefetch_related(
            Prefetch("items", queryset=MunicipalItem.objects.order_by("order", "pk"), to_attr="item_list")
        )
    )
    for section in sections:
        for item in section.item_list:
            item.month = month_column(roadmap.year_start, item.deadline)
            open_ = item.status in OPEN_STATUSES
            item.overdue_days = (today - item.deadline).days if open_ and item.deadline < today else 0
        section.items_total = len(section.item_list)
        section.items_done = sum(i.status == EventStatus.DONE for i in section.item_list)
        section.items_overdue = sum(bool(i.overdue_days) for i in section.item_list)
        section.percent_done = round(100 * section.items_done / section.items_total) if section.items_total else 0
    return sections


def roadmap_years(municipality, *, today) -> set:
    current = SchoolYear.of(today)
    starts = set(MunicipalRoadmap.objects.filter(municipality=municipality).values_list("year_start", flat=True))
    return {SchoolYear(start) for start in starts} | {current, SchoolYear(current.start + 1)}
