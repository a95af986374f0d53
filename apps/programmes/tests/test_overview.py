"""The curator's overview of the school's programmes: progress, activity, fit answers, filters, bounded queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import FitAnswer
from apps.pairs.services import pair_feedback_give
from apps.pairs.tests.factories import make_active_pair, make_pair
from apps.programmes.models import Activity, Meeting
from apps.programmes.services import programme_create_from_template

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
URL = reverse("programmes:overview")


def active_pair_with_programme(school, *, started_days_ago=45, mentees=1):
    mentor = MentorFactory(teacher__school=school, capacity=2)
    pair = make_active_pair(
        mentor=mentor,
        mentees=[MenteeFactory(teacher__school=school) for _ in range(mentees)],
        started_on=TODAY - datetime.timedelta(days=started_days_ago),
        months=9,
    )
    programme_create_from_template(pair=pair)
    return pair


def rows(response):
    return {programme.pair_id: programme for programme in response.context["programmes"]}


def test_the_overview_shows_progress_activity_and_answers(client, curator_a, school_a):
    pair = active_pair_with_programme(school_a)  # month 1 (2 items) is overdue
    first = pair.programme.activities.order_by("due_date").first()
    Activity.objects.filter(pk=first.pk).update(done=True, done_on=TODAY - datetime.timedelta(days=3))
    Meeting.objects.create(programme=pair.programme, held_on=TODAY - datetime.timedelta(days=20), topic="Знакомство")
    pair_feedback_give(pair=pair, teacher=pair.mentor.teacher, answer=FitAnswer.FITS)
    quiet = active_pair_with_programme(school_a, started_days_ago=35)
    client.force_login(curator_a)

    response = client.get(URL)
    assert response.status_code == 200
    found = rows(response)
    total = pair.programme.activities.count()
    row = found[pair.pk]
    assert (row.activities_done, row.activities_overdue, row.activities_planned) == (1, 1, total - 2)
    assert row.last_activity_on == TODAY - datetime.timedelta(days=3)
    assert row.stale_days == 0
    assert found[quiet.pk].stale_days == 28
    page = response.content.decode()
    assert f"выполнено 1 из {total} · запланировано {total - 2} · " in page
    assert "просрочено 1" in page
    assert f"{pair.mentor.teacher.short_name}: подходит" in page
    assert "нет активности 28+ дней" in page
    assert 'role="progressbar"' in page


def test_filters_overdue_review_and_stale(client, curator_a, school_a):
    on_time = active_pair_with_programme(school_a, started_days_ago=10)
    overdue = active_pair_with_programme(school_a, started_days_ago=45)
    Meeting.objects.create(programme=overdue.programme, held_on=TODAY, topic="Встреча")
    unhappy = active_pair_with_programme(school_a, started_days_ago=10)
    Meeting.objects.create(programme=unhappy.programme, held_on=TODAY, topic="Встреча")
    pair_feedback_give(pair=unhappy, teacher=unhappy.memberships.get().mentee.teacher, answer=FitAnswer.NOT_FIT, comment="Разные предметы")
    quiet = active_pair_with_programme(school_a, started_days_ago=50)
    client.force_login(curator_a)

    assert set(rows(client.get(URL))) == {on_time.pk, overdue.pk, unhappy.pk, quiet.pk}
    assert set(rows(client.get(URL, {"only_overdue": "on"}))) == {overdue.pk, quiet.pk}
    assert set(rows(client.get(URL, {"only_review": "on"}))) == {unhappy.pk}
    assert set(rows(client.get(URL, {"stale_days": "28"}))) == {quiet.pk}
    page = client.get(URL).content.decode()
    assert "Пары на пересмотр (1)" in page
    assert "«Разные предметы»" in page


def test_closed_pairs_are_shown_on_request_and_pairs_without_programme_are_listed(client, curator_a, school_a):
    from apps.pairs.services import pair_end

    done = active_pair_with_programme(school_a)
    pair_end(pair=done, status="completed", ended_on=TODAY)
    bare = make_pair(school=school_a, started_on=TODAY)
    client.force_login(curator_a)
    assert done.pk not in rows(client.get(URL))
    assert done.pk in rows(client.get(URL, {"status": "closed"}))
    page = client.get(URL).content.decode()
    assert "Пары без программы (1)" in page
    assert bare.mentor.teacher.short_name in page


def test_only_the_schools_own_programmes(client, curator_a, school_a, school_b):
    ours = active_pair_with_programme(school_a)
    theirs = active_pair_with_programme(school_b)
    client.force_login(curator_a)
    assert set(rows(client.get(URL))) == {ours.pk}
    assert theirs.pk not in rows(client.get(URL))


def test_who_may_open_the_overview(client, curator_a, director_a, teacher_user):
    assert client.get(URL).status_code == 302
    client.force_login(teacher_user)
    assert client.get(URL).status_code == 403
    client.force_login(director_a)
    assert client.get(URL).status_code == 200
    client.force_login(curator_a)
    assert client.get(URL).status_code == 200


def fill(school, count):
    for n in range(count):
        pair = active_pair_with_programme(school, started_days_ago=20 + n, mentees=1 + n % 2)
        Meeting.objects.create(programme=pair.programme, held_on=TODAY - datetime.timedelta(days=n % 20), topic="Встреча")
        if n % 3 == 0:
            pair_feedback_give(pair=pair, teacher=pair.mentor.teacher, answer=FitAnswer.NOT_FIT)
    make_pair(school=school, started_on=TODAY)


@pytest.mark.parametrize("count", [3, 20])
def test_the_overview_makes_the_same_number_of_queries_for_3_and_20_pairs(client, curator_a, school_a, count, django_assert_max_num_queries):
    fill(school_a, count)
    client.force_login(curator_a)
    # 14, and 3 for the approval and the acknowledgements of the current versions (selectors.with_reading).
    with django_assert_max_num_queries(17):
        response = client.get(URL)
    assert len(response.context["programmes"]) == count
    assert response.content.decode().count("не согласована") == count
