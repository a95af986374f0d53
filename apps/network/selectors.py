"""Reads of network mentoring: who may open a request, each side's lists, the candidates for a request."""

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from apps.consents.models import ConsentKind
from apps.consents.selectors import has_active_consent
from apps.matching.selectors import PROPOSABLE_STATUSES
from apps.mentees.models import Mentee, MenteeStatus
from apps.mentors.models import Mentor
from apps.pairs.models import Pair, PairMentee
from apps.pairs.selectors import mentors_with_load, with_last_activity
from apps.programmes.models import Activity, Meeting

from .models import NetworkRequest

NOT_FOUND = "Запрос не найден или не относится к вашей организации."


def request_for_school(*, school, pk) -> NetworkRequest:
    """A request of `school` (its mentee's or its mentor's); any other answers 404, as if it did not exist."""
    request = (
        NetworkRequest.objects.with_people().filter(pk=pk).filter(Q(mentee__school=school) | Q(mentor__school=school)).first()
    )
    if request is None:
        raise Http404(NOT_FOUND)
    return request


def request_for_municipality(*, municipality, pk) -> NetworkRequest:
    request = NetworkRequest.objects.with_people().of_municipality(municipality).filter(pk=pk).first()
    if request is None:
        raise Http404(NOT_FOUND)
    return request


def partner_mentors(*, school, request=None):
    """Mentors of the other schools of `school`'s municipality who may take a mentee now: approved, consented,
    with a free place (`load` annotated); with `request`, those whose competences close it."""
    mentors = (
        mentors_with_load(
            Mentor.objects.filter(school__municipality=school.municipality_id, status__in=PROPOSABLE_STATUSES)
            .exclude(school=school)
            .filter(has_active_consent(ConsentKind.PERSONAL_DATA))
        )
        .filter(load__lt=F("capacity"))
        .select_related("teacher", "school")
        .order_by("school__short_name", "teacher__last_name", "teacher__first_name", "pk")
    )
    if request is not None:
        mentors = mentors.filter(pk__in=Mentor.objects.filter(competences__requests=request).values("pk"))
    return mentors


def askable_mentees(*, municipality, exclude_school=None, request=None):
    """Waiting, consented mentees of the municipality without a request pending: whom a network request may name."""
    mentees = (
        Mentee.objects.filter(school__municipality=municipality, status=MenteeStatus.WAITING)
        .filter(has_active_consent(ConsentKind.PERSONAL_DATA))
        .exclude(network_requests__status="pending")
        .select_related("teacher", "school")
        .order_by("school__short_name", "teacher__last_name", "teacher__first_name", "pk")
    )
    if exclude_school is not None:
        mentees = mentees.exclude(school=exclude_school)
    if request is not None:
        mentees = mentees.filter(requests=request)
    return mentees


def _count(queryset) -> Subquery:
    return Coalesce(
        Subquery(queryset.order_by().values("programme__pair").annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        Value(0),
    )


def network_pairs(*, school):
    """The school's network pairs, its own (mentor from a partner) and its mentors' in partner schools, with
    progress: activities done of planned, meetings, last activity. A fixed number of queries."""
    members = (
        PairMentee.objects.filter(left_on__isnull=True)
        .select_related("mentee__teacher")
        .order_by("mentee__teacher__last_name", "pk")
    )
    pairs = (
        Pair.objects.filter(partner_school__isnull=False)
        .filter(Q(school=school) | Q(partner_school=school))
        .select_related("school", "partner_school", "mentor__teacher", "form", "network_request")
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="current_members"))
        .annotate(
            activities_total=_count(Activity.objects.filter(programme__pair=OuterRef("pk"))),
            activities_done=_count(Activity.objects.filter(programme__pair=OuterRef("pk"), done=True)),
            meetings_count=_count(Meeting.objects.filter(programme__pair=OuterRef("pk"))),
        )
        .order_by("-started_on", "-pk")
    )
    return with_last_activity(pairs)


def school_requests(*, school) -> dict:
    """Both sides of a school's requests: incoming (for its mentors) and outgoing (for its mentees)."""
    requests = list(
        NetworkRequest.objects.with_people()
        .filter(Q(mentee__school=school) | Q(mentor__school=school))
        .order_by("-requested_at", "-pk")
    )
    incoming = [r for r in requests if r.mentor.school_id == school.pk]
    return {
        "incoming_pending": [r for r in incoming if r.is_pending],
        "incoming_decided": [r for r in incoming if not r.is_pending],
        "outgoing": [r for r in requests if r.mentee.school_id == school.pk],
    }


def incoming_pending_count(school) -> int:
    return NetworkRequest.objects.pending().incoming(school).count()
