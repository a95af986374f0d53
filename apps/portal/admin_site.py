"""The back-office's admin site; its index page is the user's desk (templates/admin/index.html): «Что сделать»
for their role (apps/portal/todo.py), then the figures of their school or district."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from apps.accounts.forms import AdminLoginForm
from apps.core.dates import SchoolYear
from apps.core.school_years import year_links
from apps.mentees.models import Mentee, MenteeStatus
from apps.mentors.models import Mentor
from apps.monitoring.selectors import years_with_data
from apps.pairs.models import Pair, PairStatus, dissolved_by
from apps.roadmap.models import Event, Roadmap
from apps.schools.admin_scope import scope_queryset, user_scope
from apps.schools.models import Municipality, School, Teacher

from .todo import by_urgency, coordinator_todo, curator_todo, director_todo


class PortalAdminSite(admin.AdminSite):
    site_header = "Наставничество педагогов"
    site_title = "Наставничество"
    index_title = "Рабочий стол"
    site_url = "/"
    login_form = AdminLoginForm
    # The section list on every page eats a third of a laptop screen; the index has it.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "title": desk_title(request.user),
            "dashboard": dashboard(request),
            "todo": todo_for(request.user),
        }
        return super().index(request, extra_context)


def desk_title(user) -> str:
    """Whose desk the index page is: the administrator's, the coordinator's, the director's, the curator's."""
    if user.is_superuser:
        return "Рабочий стол администратора"
    scope = user_scope(user)
    if scope.municipality_id:
        return "Рабочий стол муниципального координатора"
    roles = [name for name, has in (("директора", user.is_director), ("куратора", user.is_curator)) if has]
    return f"Рабочий стол {' и '.join(roles)}" if roles else "Рабочий стол"


def todo_for(user) -> list | None:
    """«Что сделать» for the user's roles; None (no list at all) for the administrator and for a user
    without a school or a role that has one."""
    scope = user_scope(user)
    if user.is_superuser or scope.is_empty:
        return None
    if scope.municipality_id:
        return coordinator_todo(municipality=scope.municipality_id)
    if not (user.is_director or user.is_curator):
        return None
    items = []
    if user.is_director:
        items += director_todo(school=scope.school_id)
    if user.is_curator:
        items += curator_todo(school=scope.school_id)
    return by_urgency(items)


def _changelist(user, model, query=""):
    """The filtered list behind a figure, when the user may open it."""
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return None
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + query


def dashboard_year(request, *, today) -> SchoolYear:
    """?year= on the desk: that school year; the current one when none is given or it makes no sense."""
    current = SchoolYear.of(today)
    try:
        year = SchoolYear.parse(request.GET.get("year"), default=current)
    except ValueError:
        return current
    return year


def dashboard(request, today=None) -> dict:
    """The figures a curator starts the day with, for what the user may see, of the school year chosen on the desk
    (the current one by default): the staff and the banks as they stand, the year's pairs and roadmap. One query each."""
    user = request.user
    scope = user_scope(user)
    if scope.is_empty:
        return {"empty": True}
    if scope.everything:
        title = "Все организации"
    elif scope.school_id:
        title = str(School.objects.only("short_name").get(pk=scope.school_id))
    else:
        title = f"Муниципалитет: {Municipality.objects.only('name').get(pk=scope.municipality_id)}"
    today = today or timezone.localdate()
    year = dashboard_year(request, today=today)
    day = year.counting_day(today)
    current = year == SchoolYear.of(today)

    def count(queryset, school_field="school"):
        return scope_queryset(queryset, user, school_field).count()

    young = Teacher.objects.young_specialists(day)
    if current:
        pairs = {
            "label": "Работающих пар и групп",
            "value": count(Pair.objects.filter(status=PairStatus.ACTIVE)),
            "url": _changelist(user, Pair, f"?status__exact={PairStatus.ACTIVE}"),
        }
    else:
        pairs = {
            "label": f"Пар и групп, работавших в {year.label} учебном году",
            "value": count(Pair.objects.of_school_year(year).exclude(status=PairStatus.DRAFT).exclude(dissolved_by(day))),
            "url": None,
        }
    items = [
        {
            "label": "Педагогов",
            "value": count(Teacher.objects.staff().filter(is_employed=True)),
            "url": _changelist(user, Teacher, "?is_employed__exact=1&affiliation__exact=staff"),
        },
        {"label": "Наставников в банке", "value": count(Mentor.objects.all()), "url": _changelist(user, Mentor)},
        {
            "label": "Наставляемых ждут наставника",
            "value": count(Mentee.objects.filter(status=MenteeStatus.WAITING)),
            "url": _changelist(user, Mentee, f"?status__exact={MenteeStatus.WAITING}"),
        },
        pairs,
        {
            "label": f"Просроченных мероприятий дорожной карты на {year.label} учебный год",
            "value": count(Event.objects.overdue(day).filter(stage__roadmap__year_start=year.start), "stage__roadmap__school"),
            "url": _changelist(user, Event, f"?overdue=yes&year={year.start}") if current else None,
            "alert": True,
        },
        {
            "label": "Молодых специалистов в банке наставляемых",
            "value": count(young.filter(mentee__isnull=False)),
            "url": _changelist(user, Teacher, "?young=0-3&bank=mentee") if current else None,
            "of": count(young),
            "of_url": _changelist(user, Teacher, "?young=0-3") if current else None,
            "of_label": "всего молодых специалистов",
        },
    ]
    years = years_with_data(
        today=today,
        pairs=scope_queryset(Pair.objects.all(), user),
        roadmaps=scope_queryset(Roadmap.objects.all(), user),
        round_years=(),
    )
    return {
        "title": title,
        "items": items,
        "year": year,
        "day": day,
        "years": year_links(request, years=years, selected=year) if len(years) > 1 or not current else [],
    }
