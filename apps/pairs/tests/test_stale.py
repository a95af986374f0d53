"""Pairs without a logged meeting or a done activity for 14 and 28 days: flagged, and reminded once by e-mail."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.jobs.tests.worker import run_worker
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import PairStatus, StaleReminder
from apps.pairs.selectors import stale_pairs, with_stale_level
from apps.pairs.services import pair_end
from apps.pairs.tests.factories import make_active_pair
from apps.programmes.models import Activity, Meeting, Programme

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def pair_quiet_since(school, *, started_days_ago, meeting_days_ago=None, done_days_ago=None, mentees=1):
    mentor = MentorFactory(teacher__school=school, capacity=2)
    pair = make_active_pair(
        mentor=mentor,
        mentees=[MenteeFactory(teacher__school=school) for _ in range(mentees)],
        started_on=days_ago(started_days_ago),
    )
    programme = Programme.objects.create(pair=pair, title="Программа", starts_on=pair.started_on, ends_on=pair.planned_end_on)
    if meeting_days_ago is not None:
        Meeting.objects.create(programme=programme, held_on=days_ago(meeting_days_ago), topic="Встреча")
    if done_days_ago is not None:
        Activity.objects.create(
            programme=programme, title="Мероприятие", due_date=days_ago(done_days_ago), done=True, done_on=days_ago(done_days_ago)
        )
    return pair


def level(pair):
    return with_stale_level(type(pair).objects.filter(pk=pair.pk)).get()


def test_the_last_meeting_or_done_activity_sets_the_stale_level(school_a):
    fresh = pair_quiet_since(school_a, started_days_ago=60, meeting_days_ago=30, done_days_ago=5)
    quiet_14 = pair_quiet_since(school_a, started_days_ago=60, meeting_days_ago=14, done_days_ago=20)
    quiet_28 = pair_quiet_since(school_a, started_days_ago=60, meeting_days_ago=28)
    never_met = pair_quiet_since(school_a, started_days_ago=40)
    just_started = pair_quiet_since(school_a, started_days_ago=10)

    assert (level(fresh).stale_days, level(fresh).last_activity_on) == (0, days_ago(5))
    assert (level(quiet_14).stale_days, level(quiet_14).last_activity_on) == (14, days_ago(14))
    assert level(quiet_28).stale_days == 28
    assert (level(never_met).stale_days, level(never_met).last_activity_on) == (28, days_ago(40))
    assert level(just_started).stale_days == 0
    assert set(stale_pairs(days=14)) == {quiet_14, quiet_28, never_met}
    assert set(stale_pairs(days=28)) == {quiet_28, never_met}


def test_only_working_pairs_are_flagged(school_a):
    ended = pair_quiet_since(school_a, started_days_ago=60)
    pair_end(pair=ended, status=PairStatus.COMPLETED, ended_on=TODAY)
    assert level(ended).stale_days == 0
    assert list(stale_pairs(days=14)) == []


def test_the_admin_filters_pairs_without_activity(client, curator_a, school_a):
    quiet_14 = pair_quiet_since(school_a, started_days_ago=60, meeting_days_ago=20)
    quiet_28 = pair_quiet_since(school_a, started_days_ago=60, meeting_days_ago=30)
    pair_quiet_since(school_a, started_days_ago=60, meeting_days_ago=1)
    client.force_login(curator_a)
    url = reverse("admin:pairs_pair_changelist")
    assert set(client.get(url, {"stale": "14"}).context["cl"].result_list) == {quiet_14, quiet_28}
    assert list(client.get(url, {"stale": "28"}).context["cl"].result_list) == [quiet_28]
    page = client.get(url).content.decode()
    assert "нет активности 14+ дней" in page
    assert "нет активности 28+ дней" in page


def remind(today=None) -> str:
    out = io.StringIO()
    call_command("remind_stale_pairs", *([f"--today={today.isoformat()}"] if today else []), stdout=out, stderr=out)
    run_worker()  # the letters are queued as a job; the worker sends them
    return out.getvalue()


def test_the_reminder_command_writes_to_everybody_once_per_threshold(school_a):
    group = pair_quiet_since(school_a, started_days_ago=60, meeting_days_ago=15, mentees=2)
    pair_quiet_since(school_a, started_days_ago=60, meeting_days_ago=3)  # lively: no letters
    people = {group.mentor.teacher.email, *(m.mentee.teacher.email for m in group.memberships.all())}

    output = remind()
    assert "Пар без активности: 1; поставлено в очередь напоминаний: 3 " in output
    assert {message.to[0] for message in mail.outbox} == people
    letter = mail.outbox[0]
    assert letter.subject == "Наставничество: 14 дней без записей о работе пары"
    assert "уже 15 дней нет записей о встречах и выполненных мероприятиях программы" in letter.body
    assert f"Последняя запись — {days_ago(15):%d.%m.%Y}." in letter.body
    assert reverse("pairs:detail", args=[group.pk]) in letter.body
    assert "наставническ" in letter.body and "Здравствуйте" in letter.body

    # Run again the same day and the next: nobody gets a second letter for the same lull.
    assert "поставлено в очередь напоминаний: 0 " in remind()
    assert "поставлено в очередь напоминаний: 0 " in remind(TODAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 3

    # At 28 days a second, last reminder (the lively pair, quiet by then for 16 days, gets its first); then silence again.
    later = TODAY + datetime.timedelta(days=13)
    assert "Пар без активности: 2; поставлено в очередь напоминаний: 5 " in remind(later)
    last_28 = [m for m in mail.outbox[3:] if m.subject == "Наставничество: 28 дней без записей о работе пары"]
    assert {m.to[0] for m in last_28} == people
    assert "поставлено в очередь напоминаний: 0 " in remind(later)
    assert StaleReminder.objects.filter(pair=group).count() == 6


def test_a_pair_first_seen_at_28_days_gets_one_letter_not_two(school_a):
    pair = pair_quiet_since(school_a, started_days_ago=90, meeting_days_ago=40)
    remind()
    assert len(mail.outbox) == 2
    assert all("28 дней" in message.subject for message in mail.outbox)
    remind()
    assert len(mail.outbox) == 2
    assert set(StaleReminder.objects.filter(pair=pair).values_list("threshold", flat=True)) == {28}


def test_new_activity_starts_a_new_lull_that_is_reminded_of_again(school_a):
    pair = pair_quiet_since(school_a, started_days_ago=60, meeting_days_ago=20)
    remind()
    assert len(mail.outbox) == 2
    Meeting.objects.create(programme=pair.programme, held_on=days_ago(1), topic="Снова встретились")
    remind()
    assert len(mail.outbox) == 2
    remind(TODAY + datetime.timedelta(days=13))
    assert len(mail.outbox) == 4


def test_teachers_without_e_mail_are_reported(school_a):
    pair = pair_quiet_since(school_a, started_days_ago=60)
    mentee = pair.memberships.get().mentee.teacher
    mentee.email = ""
    mentee.save(update_fields=["email"])
    output = remind()
    assert f"Нет e-mail у педагога {mentee.short_name}" in output
    assert [m.to for m in mail.outbox] == [[pair.mentor.teacher.email]]
