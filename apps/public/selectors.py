"""What the public section may show: the one place that decides «published and consented».

Every page reads through these functions, and each makes a fixed number of queries.
"""

import datetime
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, Prefetch, Q

from apps.consents.models import ConsentKind, PublicCategory
from apps.consents.selectors import has_active_consent, published_categories, published_conditions
from apps.core.dates import school_year_start
from apps.documents.models import OrderKind
from apps.documents.selectors import published_orders
from apps.mentors.models import Mentor, MentorStatus
from apps.monitoring.selectors import bank_coverage
from apps.pairs.models import PairStatus
from apps.practices.models import BestPractice
from apps.programmes.models import Programme
from apps.roadmap.models import Roadmap
from apps.roadmap.selectors import roadmap_timeline
from apps.schools.models import School, Teacher

from .models import ActLevel, NewsImage, NewsPost, NormativeAct, PublicSection

# Mentors the school has confirmed: a candidate or an archived mentor is not shown.
PUBLIC_MENTOR_STATUSES = (MentorStatus.APPROVED, MentorStatus.TRAINED, MentorStatus.ACTIVE)


def section_for(slug: str) -> PublicSection | None:
    return (
        PublicSection.objects.select_related("school", "school__curator", "school__municipality")
        .filter(school__slug=slug)
        .first()
    )


class SectionState(NamedTuple):
    pk: int
    version: int
    is_published: bool
    embed_origins: str


def section_state(slug: str) -> SectionState | None:
    """What a cached page needs to know, and all a revalidation or a cached page costs: one indexed join.

    Written as SQL: on this path the ORM's building of the query took four times as long as the
    query itself (0.9 ms of 1.1 ms), and the page is meant to cost little more than a static file."""
    with connection.cursor() as cursor:
        cursor.execute(_SECTION_STATE_SQL, [slug])
        row = cursor.fetchone()
    return SectionState(*row) if row else None


def _section_state_sql() -> str:
    section, school = PublicSection._meta, School._meta
    return (
        f"SELECT p.{section.pk.column}, p.version, p.is_published, p.embed_origins "
        f"FROM {section.db_table} p JOIN {school.db_table} s ON s.{school.pk.column} = p.school_id "
        "WHERE s.slug = %s"
    )


_SECTION_STATE_SQL = _section_state_sql()


def consented_to_publication(teacher_ref: str = "teacher", *, category: str = PublicCategory.NAME) -> Q:
    """Both consents are needed: to processing at all, and to dissemination (art. 10.1 of 152-ФЗ) of the
    person's name and of `category`; nobody is shown without their name allowed."""
    return Q(has_active_consent(ConsentKind.PERSONAL_DATA, teacher_ref)) & Q(
        has_active_consent(ConsentKind.PUBLICATION, teacher_ref, categories={PublicCategory.NAME, category})
    )


def public_mentors(school, *, category: str = PublicCategory.NAME):
    """Mentors whose dissemination consent allows `category`; each carries `published` (the categories the
    page may show) and `published_conditions` (the conditions and prohibitions they set)."""
    return (
        Mentor.objects.filter(school=school, status__in=PUBLIC_MENTOR_STATUSES, teacher__is_employed=True)
        .filter(consented_to_publication(category=category))
        .annotate(published=published_categories(), published_conditions=published_conditions())
        .select_related("teacher")
        .prefetch_related("competences")
        .order_by("teacher__last_name", "teacher__first_name", "pk")
    )


def public_curator(school):
    """The curator's name is shown only with their consent to its dissemination, the position only if that
    consent allows it too (`published`); the contacts typed into the section always are."""
    curator = school.curator
    if curator is None or not curator.is_employed:
        return None
    return (
        Teacher.objects.filter(pk=curator.pk)
        .filter(consented_to_publication("pk"))
        .annotate(published=published_categories("pk"), published_conditions=published_conditions("pk"))
        .first()
    )


def key_figures(school, *, today: datetime.date) -> dict:
    """Counts only: nobody can be recognised from them, so no consent is needed."""
    pairs = school.pairs.aggregate(
        running=Count("pk", filter=Q(status=PairStatus.ACTIVE), distinct=True),
        completed=Count("pk", filter=Q(status=PairStatus.COMPLETED), distinct=True),
        mentors=Count("mentor", filter=Q(status=PairStatus.ACTIVE), distinct=True),
        mentees=Count(
            "memberships",
            filter=Q(status=PairStatus.ACTIVE, memberships__left_on__isnull=True),
            distinct=True,
        ),
    )
    coverage = bank_coverage(school=school, today=today)
    return {
        **pairs,
        "young_total": coverage["young_total"],
        "young_in_bank": coverage["young_in_bank"],
    }


def running_programmes(school):
    """Programmes of working pairs, without a single name: form, directions and period."""
    return (
        Programme.objects.filter(pair__school=school, pair__status=PairStatus.ACTIVE)
        .select_related("pair__form")
        .annotate(mentee_count=Count("pair__memberships", filter=Q(pair__memberships__left_on__isnull=True)))
        .order_by("starts_on", "pk")
    )


def published_practices(school):
    return BestPractice.objects.filter(school=school, is_published=True).select_related("form").prefetch_related("files")


def normative_base(school) -> list[dict]:
    """The acts by level, federal first; the school's published orders close the school's level."""
    acts = list(NormativeAct.objects.for_school(school).filter(is_published=True).order_by("order", "pk"))
    orders = list(published_orders(school=school))
    levels = []
    for level, label in ActLevel.choices:
        items = [act for act in acts if act.level == level]
        extra = orders if level == ActLevel.SCHOOL else []
        if items or extra:
            levels.append({"level": level, "label": label, "acts": items, "orders": extra})
    return levels


def current_roadmap(school, *, today: datetime.date):
    """This school year's roadmap, or the latest one before it."""
    return (
        Roadmap.objects.filter(school=school, year_start__lte=school_year_start(today)).order_by("-year_start").first()
    )


def public_roadmap(school, *, today: datetime.date) -> dict:
    roadmap = current_roadmap(school, today=today)
    stages = roadmap_timeline(roadmap=roadmap, today=today) if roadmap else []
    for stage in stages:
        for event in stage.event_list:
            # A signed order is linked only once the curator has published it.
            if event.signed_order is not None and not event.signed_order.is_published:
                event.signed_order = None
    regulations = published_orders(school=school).filter(kind=OrderKind.REGULATIONS).first()
    return {"roadmap": roadmap, "stages": stages, "regulations": regulations}


def published_news(school):
    return (
        NewsPost.objects.published()
        .filter(school=school)
        .prefetch_related(Prefetch("images", queryset=NewsImage.objects.order_by("order", "pk")))
    )
