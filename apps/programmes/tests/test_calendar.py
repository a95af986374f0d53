"""The iCalendar feed: a signed personal address, RFC 5545 text, upcoming activities and meetings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.tests.clock import freeze_today, school_year_start
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import login_for, make_active_pair
from apps.programmes.calendar import calendar_path, calendar_token, escape_text, fold
from apps.programmes.models import Activity, Meeting
from apps.programmes.services import programme_create_from_template

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def pair(school_a):
    mentor = MentorFactory(teacher__school=school_a, teacher__last_name="Лебедева")
    pair = make_active_pair(
        mentor=mentor,
        mentees=[MenteeFactory(teacher__school=school_a, teacher__last_name="Гоголь")],
        started_on=TODAY - datetime.timedelta(days=45),
        months=9,
    )
    programme = programme_create_from_template(pair=pair)
    Meeting.objects.create(
        programme=programme,
        held_on=TODAY - datetime.timedelta(days=2),
        topic="Разбор урока; дисциплина, тишина",
        summary="Первая строка\nвторая строка",
        mentor_notes="Секретная заметка",
        shared_with_mentee=False,
    )
    return pair


def unfold(body: str) -> str:
    return body.replace("\r\n ", "")


def test_the_feed_lists_upcoming_activities_and_meetings(client, pair):
    mentee = pair.memberships.get().mentee.teacher
    response = client.get(calendar_path(mentee))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")  # every line ends with CRLF
    assert all(len(line.encode("utf-8")) <= 75 for line in body.split("\r\n"))

    text = unfold(body)
    programme = pair.programme
    upcoming = programme.activities.filter(done=False, due_date__gte=TODAY).order_by("due_date")
    overdue = programme.activities.filter(due_date__lt=TODAY).first()
    assert text.count("BEGIN:VEVENT") == upcoming.count() + 1
    first = upcoming.first()
    assert f"UID:activity-{first.pk}@testserver" in text
    assert f"DTSTART;VALUE=DATE:{first.due_date:%Y%m%d}" in text
    assert f"DTEND;VALUE=DATE:{first.due_date + datetime.timedelta(days=1):%Y%m%d}" in text
    assert f"SUMMARY:Срок: {escape_text(first.title)}" in text
    assert f"activity-{overdue.pk}@" not in text  # past and not done: not upcoming
    # The meeting, escaped per RFC 5545, without the mentor's private notes.
    assert "SUMMARY:Встреча: Разбор урока\\; дисциплина\\, тишина" in text
    assert "Что сделано: Первая строка\\nвторая строка" in text
    assert "Секретная заметка" not in text
    assert f"URL:http://testserver{reverse('pairs:detail', args=[pair.pk])}" in text
    assert "X-WR-CALNAME:Наставничество: Гоголь А.П." in text


def test_done_activities_and_other_peoples_pairs_stay_out(client, pair, school_a):
    activity = pair.programme.activities.filter(due_date__gte=TODAY).first()
    Activity.objects.filter(pk=activity.pk).update(done=True, done_on=TODAY)
    other = make_active_pair(school=school_a, started_on=TODAY - datetime.timedelta(days=5))
    foreign = programme_create_from_template(pair=other)
    body = unfold(client.get(calendar_path(pair.mentor.teacher)).content.decode())
    assert f"activity-{activity.pk}@" not in body
    assert not any(f"activity-{a.pk}@" in body for a in foreign.activities.all())


def test_a_forged_or_altered_token_is_404(client, pair):
    teacher = pair.mentor.teacher
    token = calendar_token(teacher)
    assert client.get(reverse("programmes:calendar", args=[token + "x"])).status_code == 404
    value, signature = token.split(":")
    year = value.split("-")[1]
    assert client.get(reverse("programmes:calendar", args=[f"{teacher.pk + 1}-{year}:{signature}"])).status_code == 404
    assert client.get(reverse("programmes:calendar", args=[f"{teacher.pk}-{int(year) + 1}:{signature}"])).status_code == 404
    assert client.get(reverse("programmes:calendar", args=["nonsense"])).status_code == 404


def test_the_link_is_on_the_teachers_pages(client, pair):
    user = login_for(pair.mentor.teacher)
    client.force_login(user)
    path = calendar_path(pair.mentor.teacher)
    assert path in client.get("/").content.decode()
    assert path in client.get(reverse("pairs:detail", args=[pair.pk])).content.decode()


# --- issue 16, finding 4: links can be revoked for one teacher and expire with the school year


def test_a_link_works_until_the_school_year_ends(client, pair, monkeypatch):
    teacher = pair.mentor.teacher
    last_day = freeze_today(monkeypatch, datetime.date(school_year_start() + 1, 8, 31))
    path = calendar_path(teacher)
    assert client.get(path).status_code == 200
    freeze_today(monkeypatch, last_day + datetime.timedelta(days=1))  # 1 September: a new school year
    gone = client.get(path)
    assert gone.status_code == 410
    year = school_year_start() - 1
    assert gone.content.decode() == (
        f"Ссылка на календарь действовала в {year}/{year + 1} учебном году. Новая ссылка — на вашей странице портала."
    )
    assert client.get(calendar_path(teacher)).status_code == 200  # the new year's link


def test_the_teacher_replaces_the_link_on_their_page(client, pair):
    teacher, other = pair.mentor.teacher, pair.memberships.get().mentee.teacher
    old, others = calendar_path(teacher), calendar_path(other)
    client.force_login(login_for(teacher))
    home = client.get("/").content.decode()
    assert old in home
    assert f"Она действует до 31 августа {school_year_start() + 1} г." in home
    assert "Заменить ссылку" in home

    response = client.post(reverse("programmes:calendar_reset"), {"next": reverse("pairs:detail", args=[pair.pk])}, follow=True)
    assert response.redirect_chain == [(reverse("pairs:detail", args=[pair.pk]), 302)]
    page = response.content.decode()
    assert "Ссылка на календарь заменена: старая больше не работает." in page
    new = calendar_path(teacher)
    assert new != old and new in page and old not in page
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get(others).status_code == 200  # nobody else's link changes
    # A foreign «next» goes home; a GET changes nothing.
    assert client.post(reverse("programmes:calendar_reset"), {"next": "https://evil.example/"})["Location"] == "/"
    assert client.get(reverse("programmes:calendar_reset")).status_code == 405


def test_the_curator_replaces_a_teachers_link_in_the_back_office(client, pair, curator_b, curator_a):
    teacher = pair.mentor.teacher
    old = calendar_path(teacher)
    action = {"action": "reset_calendar_links", "_selected_action": [teacher.pk]}
    client.force_login(curator_b)  # another school's curator: nothing happens to school A's teacher
    client.post(reverse("admin:schools_teacher_changelist"), action)
    assert client.get(old).status_code == 200
    client.force_login(curator_a)
    response = client.post(reverse("admin:schools_teacher_changelist"), action, follow=True)
    assert "Ссылка на календарь заменена у 1 педагога: старые ссылки больше не работают" in response.content.decode()
    assert client.get(old).status_code == 404
    assert client.get(calendar_path(teacher)).status_code == 200


def test_escaping_and_folding():
    assert escape_text("a\\b;c,d\r\ne\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    line = "SUMMARY:" + "Ж" * 60  # 128 octets
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line
    assert fold("SHORT:ok") == "SHORT:ok"
