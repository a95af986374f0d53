"""Figures of `manage.py bench` for the monitoring dashboard: SQL queries of the page, demo-size school and 10× it."""

import datetime

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.core.bench import benchmark
from apps.core.dates import school_year_start
from apps.pairs.bench import school_with_pairs
from apps.pairs.models import PairStatus
from apps.pairs.services import pair_end
from apps.programmes.models import Activity, Programme
from apps.roadmap.services import roadmap_create
from apps.surveys.models import QuestionnaireKind
from apps.surveys.selectors import current_questionnaire
from apps.surveys.services import response_submit


def _dashboard_school(slug: str, pairs: int):
    """A school like the demo one scaled by `pairs`: programmes with activities, half the pairs completed with
    the mentor's satisfaction answers, this school year's roadmap, and a curator's login."""
    school, made = school_with_pairs(slug, pairs, charter_name=False)
    programmes = Programme.objects.bulk_create(
        Programme(pair=p, title="Программа наставничества", starts_on=p.started_on, ends_on=p.planned_end_on) for p in made
    )
    Activity.objects.bulk_create(
        Activity(programme=prog, title=f"Мероприятие {i}", due_date=prog.starts_on + datetime.timedelta(days=30 * i), order=i)
        for prog in programmes
        for i in range(1, 4)
    )
    questionnaire = current_questionnaire(school=school, kind=QuestionnaireKind.MENTOR_SATISFACTION)
    scales = [q.code for q in questionnaire.questions.all() if q.type == "scale"]
    for pair in made[::2]:
        pair_end(pair=pair, status=PairStatus.COMPLETED, ended_on=datetime.date(2027, 5, 31))
        teacher = pair.mentor.teacher
        consent_give(teacher=teacher, kind=ConsentKind.PERSONAL_DATA)
        answers = {code: 8 for code in scales} | {"continue": True, "become_mentor": False, "most_useful": "", "improve": ""}
        response_submit(teacher=teacher, questionnaire=questionnaire, answers=answers, pair=pair)
    roadmap_create(school=school, year_start=school_year_start(timezone.localdate()))
    user = User.objects.create_user(username=f"{slug}-curator", password="bench", school=school, is_staff=True)
    user.groups.add(Group.objects.get(name=Role.CURATOR))
    return user


def _dashboard_queries(slug: str, pairs: int) -> tuple[int, str]:
    client = Client()
    client.force_login(_dashboard_school(slug, pairs))
    with override_settings(ALLOWED_HOSTS=["testserver"]):  # the test client's host, outside the test runner
        client.get("/monitoring/", secure=True)  # the session and content types are loaded once
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/monitoring/", secure=True)
    if response.status_code != 200:
        raise RuntimeError(f"{slug}: the dashboard answered {response.status_code}")
    return len(queries), "count"


@benchmark("page_dashboard_queries", title="Мониторинг: SQL-запросов на странице, школа размера демо (6 пар)", quick=True)
def page_dashboard_queries():
    return _dashboard_queries("bench-dashboard", 6)


@benchmark("page_dashboard_queries_10x", title="Мониторинг: SQL-запросов на странице, школа в 10 раз больше (60 пар)", quick=True)
def page_dashboard_queries_10x():
    return _dashboard_queries("bench-dashboard-10x", 60)
