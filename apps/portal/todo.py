"""«Что сделать»: each role's to-do list on its start page, computed from the data (nothing is stored).

One function per role returns the items due now, most urgent first; an item says what to do, how
many, and links to the page where it is done. Each function runs a fixed number of queries whatever
the size of the school or district: figures are counted in the database, and the few records an
item names (orders to sign, pairs to start, activities of the week) are fetched with a limit.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone

from apps.consents.models import Consent, ConsentKind
from apps.consents.selectors import has_active_consent
from apps.core.dates import school_year_start
from apps.district.selectors import REQUIRED_ORDERS
from apps.documents.models import Order, OrderKind, OrderStatus
from apps.documents.selectors import signed_orders
from apps.mentors.models import Mentor, MentorStatus
from apps.network.models import NetworkRequest
from apps.pairs.models import OPEN_STATUSES, Pair, PairFeedback, PairMentee, PairStatus
from apps.pairs.selectors import needs_review_q, pairs_of_teacher
from apps.programmes.models import Activity, Meeting
from apps.roadmap.models import Event, Roadmap
from apps.schools.models import School, Teacher
from apps.surveys.models import Invitation, QuestionnaireKind, Response
from apps.surveys.selectors import SELF_SERVICE_KINDS

OVERDUE = "overdue"  # a deadline has passed
SOON = "soon"  # due this week, or somebody waits for it
NORMAL = "normal"
URGENCY_ORDER = {OVERDUE: 0, SOON: 1, NORMAL: 2}

# How many records an item names; the count and the link cover the rest.
ENTRIES = 5
WEEK = datetime.timedelta(days=7)


@dataclass(frozen=True)
class TodoEntry:
    """One record an item names, with the page where it is dealt with."""

    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class TodoItem:
    title: str  # what to do, in the imperative: «Утвердить кандидатов в наставники»
    count: int | None  # None for a single thing to do (a consent to give)
    url: str
    urgency: str = NORMAL
    entries: tuple[TodoEntry, ...] = ()

    @property
    def more(self) -> int:
        """Records the item counts but does not name."""
        return max((self.count or 0) - len(self.entries), 0)


def by_urgency(items) -> list[TodoItem]:
    """Items with something to do, the most urgent first (otherwise in the order given)."""
    due = [item for item in items if item.count is None or item.count > 0]
    return sorted(due, key=lambda item: URGENCY_ORDER[item.urgency])


def _changelist(model, query: str = "") -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + query


def _date(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def _named(queryset) -> tuple[int, list]:
    """The count of `queryset` and its first ENTRIES records, in one query (the window is counted before LIMIT)."""
    records = list(queryset.annotate(total_rows=Window(Count("pk")))[:ENTRIES])
    return (records[0].total_rows if records else 0), records


def pair_label(pair) -> str:
    """«Наставник → наставляемые» from `pair.mentor.teacher` and the prefetched `pair.current_members`."""
    mentees = ", ".join(m.mentee.teacher.short_name for m in pair.current_members)
    return f"{pair.mentor.teacher.short_name} → {mentees or 'наставляемых нет'}"


def _current_members() -> Prefetch:
    members = (
        PairMentee.objects.filter(left_on__isnull=True)
        .select_related("mentee__teacher")
        .order_by("mentee__teacher__last_name", "pk")
    )
    return Prefetch("memberships", queryset=members, to_attr="current_members")


def _mentor_consented() -> Exists:
    return has_active_consent(ConsentKind.MENTOR_DUTIES, "mentor__teacher", pair_ref="pk")


def _mentee_consent_missing() -> Exists:
    """EXISTS(a current mentee of the pair without their consent to the assignment): as Pair.missing_consent_items."""
    missing = PairMentee.objects.filter(pair=OuterRef("pk"), left_on__isnull=True).exclude(
        has_active_consent(ConsentKind.MENTEE_ASSIGNMENT, "mentee__teacher", pair_ref="pair")
    )
    return Exists(missing)


def _unanswered_invitations():
    """Personal questionnaire links still usable whose questionnaire the teacher has not answered in another way."""
    same = Response.objects.filter(teacher=OuterRef("teacher"), questionnaire__kind=OuterRef("kind"))
    answered = Exists(same.filter(pair=OuterRef("pair"))) | (Q(pair__isnull=True) & Exists(same.filter(pair__isnull=True)))
    return Invitation.objects.usable().exclude(answered)


# --- curator ---------------------------------------------------------------------------------


class SubqueryCount(Subquery):
    """COUNT(*) of any queryset as a scalar subquery, so that several counts come back in one query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def curator_todo(*, school, today: datetime.date | None = None) -> list[TodoItem]:
    """What the school's curator has to do: the banks, the pairs' flow, the teachers, the roadmap, the site.

    Three queries: the counts, the pairs waiting for consents or for their start (at most ENTRIES of each,
    with their totals), and those pairs' mentees.
    """
    today = today or timezone.localdate()
    school_id = getattr(school, "pk", school)
    pairs = Pair.objects.filter(school=school_id)
    counts = (
        School.objects.filter(pk=school_id)
        .values(
            candidates=SubqueryCount(Mentor.objects.filter(school=school_id, status=MentorStatus.CANDIDATE)),
            without_programme=SubqueryCount(pairs.filter(status=PairStatus.ACTIVE, programme__isnull=True)),
            review=SubqueryCount(pairs.filter(needs_review_q(), status__in=OPEN_STATUSES)),
            unanswered=SubqueryCount(_unanswered_invitations().filter(school=school_id).order_by().values("teacher").distinct()),
            without_login=SubqueryCount(Teacher.objects.filter(school=school_id, is_employed=True, user__isnull=True)),
            roadmap_overdue=SubqueryCount(Event.objects.overdue(today).filter(stage__roadmap__school=school_id)),
            unpublished=SubqueryCount(
                signed_orders(school=school_id).filter(kind__in=REQUIRED_ORDERS, published_at__isnull=True)
            ),
            network_incoming=SubqueryCount(NetworkRequest.objects.pending().incoming(school_id)),
        )
        .get()
    )

    # Pairs formed but not working: first those still without every consent, then those ready to start.
    consents_missing = ExpressionWrapper(~_mentor_consented() | _mentee_consent_missing(), output_field=BooleanField())
    window = {"partition_by": F("consents_missing"), "order_by": [F("created_at").asc(), F("pk").asc()]}
    drafts = list(
        pairs.filter(status=PairStatus.DRAFT)
        .annotate(consents_missing=consents_missing)
        .annotate(rank=Window(RowNumber(), **window), in_group=Window(Count("pk"), partition_by=F("consents_missing")))
        .filter(rank__lte=ENTRIES)
        .select_related("mentor__teacher")
        .prefetch_related(_current_members())
        .order_by("created_at", "pk")
    )
    waiting = [pair for pair in drafts if pair.consents_missing]
    startable = [pair for pair in drafts if not pair.consents_missing]

    def pair_entries(group) -> tuple[TodoEntry, ...]:
        return tuple(TodoEntry(pair_label(pair), reverse("pairs:detail", args=[pair.pk])) for pair in group)

    def total(group) -> int:
        return group[0].in_group if group else 0

    draft_list = _changelist(Pair, f"?status__exact={PairStatus.DRAFT}")
    return by_urgency(
        [
            TodoItem(
                "Выполнить просроченные мероприятия дорожной карты",
                counts["roadmap_overdue"],
                _changelist(Event, "?overdue=yes"),
                OVERDUE,
            ),
            TodoItem(
                "Рассмотреть запросы других школ на сетевое наставничество", counts["network_incoming"], reverse("network:index"), SOON
            ),
            TodoItem(
                "Рассмотреть пары, где участник ответил «не подходит»", counts["review"], _changelist(Pair, "?review=yes"), SOON
            ),
            TodoItem(
                "Утвердить кандидатов в наставники",
                counts["candidates"],
                _changelist(Mentor, f"?status__exact={MentorStatus.CANDIDATE}"),
            ),
            TodoItem("Получить согласия участников пар", total(waiting), draft_list, entries=pair_entries(waiting)),
            TodoItem(
                "Начать работу пар, у которых есть все согласия", total(startable), draft_list, entries=pair_entries(startable)
            ),
            TodoItem(
                "Составить программы для работающих пар",
                counts["without_programme"],
                _changelist(Pair, f"?status__exact={PairStatus.ACTIVE}&programme=none"),
            ),
            TodoItem(
                "Напомнить об анкете педагогам, которые не ответили по ссылке",
                counts["unanswered"],
                _changelist(Invitation, "?state=ok"),
            ),
            TodoItem(
                "Пригласить на портал педагогов без учётной записи",
                counts["without_login"],
                _changelist(Teacher, "?is_employed__exact=1&user__isnull=True"),
            ),
            TodoItem(
                "Опубликовать на сайте подписанные обязательные приказы",
                counts["unpublished"],
                _changelist(Order, f"?status__exact={OrderStatus.SIGNED}"),
            ),
        ]
    )


# --- director --------------------------------------------------------------------------------


def director_todo(*, school) -> list[TodoItem]:
    """Orders the curator has prepared and the director has not signed yet, each with its signing page."""
    count, drafts = _named(
        Order.objects.filter(school=school, status=OrderStatus.DRAFT)
        .only("pk", "kind", "created_at")
        .order_by("created_at", "pk")
    )
    entries = tuple(
        TodoEntry(
            f"Приказ {OrderKind(order.kind).label}",
            reverse("admin:documents_order_sign", args=[order.pk]),
            f"проект от {_date(timezone.localdate(order.created_at))}",
        )
        for order in drafts
    )
    return by_urgency(
        [TodoItem("Подписать приказы", count, _changelist(Order, f"?status__exact={OrderStatus.DRAFT}"), SOON, entries)]
    )


# --- municipal coordinator ---------------------------------------------------------------------


def coordinator_todo(*, municipality, today: datetime.date | None = None) -> list[TodoItem]:
    """Schools of the district that lag behind, in one query: no curator, required orders unsigned, the year's
    roadmap missing or overdue (the reasons in the words of the district's monitoring table)."""
    today = today or timezone.localdate()
    year = school_year_start(today)
    signed_kinds = (
        signed_orders(Order.objects.filter(school=OuterRef("pk"), kind__in=REQUIRED_ORDERS))
        .order_by()
        .values("school")
        .annotate(n=Count("kind", distinct=True))
        .values("n")
    )
    schools = list(
        School.objects.filter(municipality=municipality)
        .annotate(
            signed_kinds=Coalesce(Subquery(signed_kinds), 0),
            has_roadmap=Exists(Roadmap.objects.filter(school=OuterRef("pk"), year_start=year)),
            roadmap_overdue=Exists(
                Event.objects.overdue(today).filter(stage__roadmap__school=OuterRef("pk"), stage__roadmap__year_start=year)
            ),
        )
        .only("pk", "short_name", "curator_id")
        .order_by("short_name", "pk")
    )
    monitoring = reverse("district:monitoring")

    def item(title, lagging, url, note=lambda school: ""):
        entries = tuple(TodoEntry(school.short_name, url, note(school)) for school in lagging[:ENTRIES])
        return TodoItem(title, len(lagging), url, entries=entries)

    def roadmap_note(school) -> str:
        return "есть мероприятия с истёкшим сроком" if school.has_roadmap else "нет дорожной карты на учебный год"

    return by_urgency(
        [
            item(
                "Напомнить школам назначить куратора наставничества",
                [s for s in schools if s.curator_id is None],
                reverse("district:curators"),
            ),
            item(
                "Напомнить школам подписать обязательные приказы",
                [s for s in schools if s.signed_kinds < len(REQUIRED_ORDERS)],
                f"{monitoring}?sort=documents",
            ),
            item(
                "Проверить дорожные карты школ",
                [s for s in schools if s.roadmap_overdue or not s.has_roadmap],
                f"{monitoring}?sort=roadmap",
                roadmap_note,
            ),
        ]
    )


# --- teacher (mentor or mentee) ------------------------------------------------------------------


def _activity_entry(activity, *, today) -> TodoEntry:
    if activity.due_date < today:
        note = f"срок был {_date(activity.due_date)}"
    elif activity.due_date == today:
        note = "срок сегодня"
    else:
        note = f"срок {_date(activity.due_date)}"
    url = reverse("pairs:detail", args=[activity.programme.pair_id]) + f"#activity-{activity.pk}"
    return TodoEntry(activity.title, url, note)


def _with_whom(pair, teacher) -> str:
    """The pair as the teacher calls it: by their mentees when they lead it, else by their mentor."""
    if pair.mentor.teacher_id == teacher.pk:
        names = ", ".join(m.mentee.teacher.short_name for m in pair.current_members)
        return f"Ваши наставляемые: {names}" if names else "Ваша пара"
    return f"Ваш наставник: {pair.mentor.teacher.short_name}"


def _survey_entry(invitation, teacher) -> TodoEntry:
    kind = QuestionnaireKind(invitation.kind)
    # The mentee and mentor questionnaires open from the teacher's own page; the others by the personal link.
    url = (
        reverse("surveys:fill", args=[kind.value])
        if kind in SELF_SERVICE_KINDS
        else reverse("surveys:link", args=[invitation.token])
    )
    note = f"ссылка действует до {_date(timezone.localdate(invitation.expires_at))}"
    if invitation.pair_id and invitation.pair.mentor.teacher_id != teacher.pk:
        note = f"о работе с наставником {invitation.pair.mentor.teacher.short_name}; {note}"
    return TodoEntry(kind.label[:1].upper() + kind.label[1:], url, note)


def teacher_todo(*, teacher, today: datetime.date | None = None) -> list[TodoItem]:
    """What a mentor or mentee has to do: this week's activities, the fit question, questionnaires, consents."""
    today = today or timezone.localdate()
    pairs = pairs_of_teacher(teacher)
    working = pairs.filter(status=PairStatus.ACTIVE)

    # Activities of the working pairs' programmes, not done, overdue or due within a week.
    activities = Activity.objects.filter(programme__pair__in=working, done=False, due_date__lte=today + WEEK).select_related(
        "programme"
    )
    activities = activities.order_by("due_date", "pk")
    overdue_count, overdue = _named(activities.filter(due_date__lt=today))
    week_count, week = _named(activities.filter(due_date__gte=today))

    # «Подходит ли вам пара?» is asked after the first logged meeting, until the teacher answers.
    fit_count, fit_pairs = _named(
        working.filter(Exists(Meeting.objects.filter(programme__pair=OuterRef("pk"))))
        .exclude(Exists(PairFeedback.objects.filter(pair=OuterRef("pk"), teacher=teacher)))
        .select_related("mentor__teacher")
        .prefetch_related(_current_members())
        .order_by("started_on", "pk")
    )

    survey_count, invitations = _named(
        _unanswered_invitations().filter(teacher=teacher).select_related("pair__mentor__teacher").order_by("expires_at", "pk")
    )

    # The pair's own consents are signed on paper with the curator: the mentor's to the duties, a mentee's to the assignment.
    own_consent = Consent.objects.active().filter(
        Q(kind=ConsentKind.MENTOR_DUTIES, pair__mentor__teacher=teacher) | Q(kind=ConsentKind.MENTEE_ASSIGNMENT),
        teacher=teacher,
        pair=OuterRef("pk"),
    )
    unsigned_count, unsigned = _named(
        pairs.filter(status=PairStatus.DRAFT)
        .exclude(Exists(own_consent))
        .select_related("mentor__teacher")
        .prefetch_related(_current_members())
        .order_by("started_on", "pk")
    )

    def pair_url(pair, anchor: str = "") -> str:
        return reverse("pairs:detail", args=[pair.pk]) + anchor

    def first_url(entries) -> str:
        return entries[0].url if entries else ""

    overdue_entries = tuple(_activity_entry(activity, today=today) for activity in overdue)
    week_entries = tuple(_activity_entry(activity, today=today) for activity in week)
    fit_entries = tuple(TodoEntry(_with_whom(pair, teacher), pair_url(pair, "#fit")) for pair in fit_pairs)
    survey_entries = tuple(_survey_entry(invitation, teacher) for invitation in invitations)
    unsigned_entries = tuple(TodoEntry(_with_whom(pair, teacher), pair_url(pair)) for pair in unsigned)
    items = [
        TodoItem(
            "Выполнить просроченные мероприятия программы", overdue_count, first_url(overdue_entries), OVERDUE, overdue_entries
        ),
        TodoItem("Выполнить мероприятия программы на этой неделе", week_count, first_url(week_entries), SOON, week_entries),
        TodoItem("Ответить на вопрос «Подходит ли вам пара?»", fit_count, first_url(fit_entries), SOON, fit_entries),
        TodoItem("Заполнить анкету", survey_count, first_url(survey_entries), SOON, survey_entries),
        TodoItem(
            "Подписать у куратора наставничества согласие на участие в паре",
            unsigned_count,
            first_url(unsigned_entries),
            entries=unsigned_entries,
        ),
    ]
    # Asked until first given: a teacher who withdrew the consent has decided, and the offer stays on the page.
    if not Consent.objects.filter(teacher=teacher, kind=ConsentKind.PERSONAL_DATA).exists():
        give = reverse("consents:give", args=[ConsentKind.PERSONAL_DATA])
        items.append(TodoItem("Дать согласие на обработку персональных данных", None, give))
    return by_urgency(items)
