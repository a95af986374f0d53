"""The pair page of mentor and mentees through its real URLs: who reaches it, marks, meetings, notes, feedback."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.services import pair_end
from apps.pairs.tests.factories import login_for, make_active_pair, make_pair
from apps.programmes.models import Activity, Meeting, MeetingFeedback
from apps.programmes.services import meeting_log, programme_create_from_template
from apps.schools.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=45)


@pytest.fixture
def pair(school_a):
    mentor = MentorFactory(teacher__school=school_a, teacher__last_name="Лебедева", capacity=2)
    mentee = MenteeFactory(teacher__school=school_a, teacher__last_name="Гоголь")
    pair = make_active_pair(mentor=mentor, mentees=[mentee], started_on=STARTED, months=9)
    programme_create_from_template(pair=pair)
    return pair


@pytest.fixture
def mentor_user(pair):
    return login_for(pair.mentor.teacher)


@pytest.fixture
def mentee_user(pair):
    return login_for(pair.memberships.get().mentee.teacher)


def page_url(pair):
    return reverse("pairs:detail", args=[pair.pk])


# --- who reaches the page ------------------------------------------------------------------------


def test_the_mentor_and_the_mentee_open_the_pair_from_their_page(client, pair, mentor_user, mentee_user):
    client.force_login(mentee_user)
    home = client.get("/").content.decode()
    assert "Мой наставник" in home and page_url(pair) in home
    page = client.get(page_url(pair)).content.decode()
    assert "<h1 class=\"h3 mb-1\">Мой наставник</h1>" in page
    assert pair.programme.title in page
    assert "Подходит ли участникам пара" not in page  # the answers are for the curator

    client.force_login(mentor_user)
    home = client.get("/").content.decode()
    assert "Мои наставляемые" in home and page_url(pair) in home
    assert "Мой наставляемый" in client.get(page_url(pair)).content.decode()


def test_another_teacher_gets_404(client, pair, school_a):
    stranger = login_for(TeacherFactory(school=school_a))
    client.force_login(stranger)
    assert client.get(page_url(pair)).status_code == 404
    activity = pair.programme.activities.first()
    assert client.post(reverse("programmes:activity_done", args=[pair.pk, activity.pk])).status_code == 404
    assert client.get(reverse("programmes:meeting_add", args=[pair.pk])).status_code == 404
    assert client.post(reverse("pairs:fit", args=[pair.pk]), {"answer": "fits"}).status_code == 404


def test_the_curator_of_the_school_reads_the_page_the_one_of_another_school_gets_404(client, pair, curator_a, curator_b):
    client.force_login(curator_b)
    assert client.get(page_url(pair)).status_code == 404
    client.force_login(curator_a)
    page = client.get(page_url(pair))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Подходит ли участникам пара" in body
    assert "Отметить выполненным" not in body  # staff read; the participants write
    assert f'href="{reverse("admin:pairs_pair_change", args=[pair.pk])}"' in body  # the curator's pair page, with its next step
    activity = pair.programme.activities.first()
    assert client.post(reverse("programmes:activity_done", args=[pair.pk, activity.pk])).status_code == 404


def test_anonymous_visitors_log_in_first(client, pair):
    response = client.get(page_url(pair))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_removed_mentee_loses_the_pair_the_mentees_of_a_completed_pair_keep_it(client, school_a):
    from apps.pairs.services import pair_remove_mentee

    mentees = [MenteeFactory(teacher__school=school_a) for _ in range(2)]
    group = make_active_pair(mentor=MentorFactory(teacher__school=school_a, capacity=2), mentees=mentees, started_on=STARTED)
    removed, staying = (login_for(m.teacher) for m in mentees)
    pair_remove_mentee(pair=group, mentee=mentees[0], left_on=TODAY, reason="Перевод в другую школу")
    client.force_login(removed)
    assert client.get(page_url(group)).status_code == 404

    pair_end(pair=group, status="completed", ended_on=TODAY)
    client.force_login(staying)
    assert client.get(page_url(group)).status_code == 200


# --- marking activities --------------------------------------------------------------------------------


def test_the_mentee_marks_an_activity_done_in_place_with_a_comment(client, pair, mentee_user):
    activity = pair.programme.activities.order_by("due_date").first()
    client.force_login(mentee_user)
    response = client.post(
        reverse("programmes:activity_done", args=[pair.pk, activity.pk]), {"comment": "Провела диагностику"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith(f'<li class="list-group-item" id="activity-{activity.pk}">')
    assert f"выполнено {TODAY:%d.%m.%Y}, Гоголь А.П." in fragment
    assert "Снять отметку" in fragment
    activity.refresh_from_db()
    assert (activity.done, activity.done_on, activity.done_by) == (True, TODAY, mentee_user.teacher)
    assert activity.comment == f"Гоголь А.П., {TODAY:%d.%m.%Y}: Провела диагностику"

    again = client.post(reverse("programmes:activity_done", args=[pair.pk, activity.pk]), {"comment": ""}, HTTP_HX_REQUEST="true")
    assert "Это мероприятие уже отмечено выполненным." in again.content.decode()


def progress_block(html: str) -> str:
    found = re.search(r'<div id="plan-progress"[^>]*>.*?</div>\s*</div>', html, re.S)
    assert found, "no progress counters"
    return found.group(0)


def test_the_counters_come_back_with_the_htmx_swap(client, pair, mentee_user):
    total = pair.programme.activities.count()
    first, second = pair.programme.activities.order_by("due_date", "pk")[:2]
    client.force_login(mentee_user)
    assert f"выполнено 0 из {total}" in progress_block(client.get(page_url(pair)).content.decode())

    fragment = client.post(reverse("programmes:activity_done", args=[pair.pk, first.pk]), {"comment": ""}, HTTP_HX_REQUEST="true").content.decode()
    counters = progress_block(fragment)
    assert 'hx-swap-oob="true"' in counters  # swapped in place of the page's own block, outside the activity
    assert f"выполнено 1 из {total}" in counters and f'aria-valuenow="{round(100 / total)}"' in counters
    assert fragment.index(f'id="activity-{first.pk}"') < fragment.index('id="plan-progress"')

    client.post(reverse("programmes:activity_done", args=[pair.pk, second.pk]), {"comment": ""}, HTTP_HX_REQUEST="true")
    fragment = client.post(reverse("programmes:activity_undone", args=[pair.pk, first.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert f"выполнено 1 из {total}" in progress_block(fragment)

    # A refused mark answers with the counters as they are.
    fragment = client.post(reverse("programmes:activity_done", args=[pair.pk, second.pk]), {"comment": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert "Это мероприятие уже отмечено выполненным." in fragment and f"выполнено 1 из {total}" in progress_block(fragment)
    # The page itself (without htmx) has no out-of-band marker.
    assert "hx-swap-oob" not in client.get(page_url(pair)).content.decode()


def test_the_mentor_marks_done_without_javascript_and_takes_it_back(client, pair, mentor_user):
    activity = pair.programme.activities.order_by("due_date").first()
    client.force_login(mentor_user)
    response = client.post(reverse("programmes:activity_done", args=[pair.pk, activity.pk]), {"comment": ""}, follow=True)
    assert f"Отмечено: «{activity.title}»." in response.content.decode()
    activity.refresh_from_db()
    assert activity.done and activity.comment == ""

    client.post(reverse("programmes:activity_undone", args=[pair.pk, activity.pk]))
    activity.refresh_from_db()
    assert (activity.done, activity.done_on, activity.done_by) == (False, None, None)


def test_nothing_is_marked_in_a_closed_pair_or_in_another_pair(client, pair, mentor_user, school_a):
    other = make_active_pair(school=school_a, started_on=STARTED)
    foreign_activity = programme_create_from_template(pair=other).activities.first()
    client.force_login(mentor_user)
    assert client.post(reverse("programmes:activity_done", args=[pair.pk, foreign_activity.pk])).status_code == 404

    pair_end(pair=pair, status="completed", ended_on=TODAY)
    activity = pair.programme.activities.filter(done=False).first()
    response = client.post(reverse("programmes:activity_done", args=[pair.pk, activity.pk]), follow=True)
    assert "Отмечать мероприятия можно, пока пара работает." in response.content.decode()
    assert not Activity.objects.get(pk=activity.pk).done


def test_the_page_sorts_the_plan_into_overdue_upcoming_and_done(client, pair, mentee_user):
    overdue = pair.programme.activities.order_by("due_date").first()
    assert overdue.due_date < TODAY  # month 1 (two items) of a pair that started 45 days ago
    Activity.objects.filter(pk=overdue.pk).update(done=True, done_on=TODAY)
    overdue = pair.programme.activities.filter(done=False).order_by("due_date").first()
    client.force_login(mentee_user)
    page = client.get(page_url(pair)).content.decode()
    assert "Просрочено (1)" in page
    assert "Выполнено (1)" in page
    upcoming = pair.programme.activities.filter(due_date__gte=TODAY).count()
    assert f"Предстоит ({upcoming})" in page
    assert f"срок {overdue.due_date:%d.%m.%Y} — просрочено" in page


# --- meetings ------------------------------------------------------------------------------------------


def meeting_data(**overrides):
    data = {
        "held_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "topic": "Разбор урока в 7 «Б»",
        "summary": "Посмотрели запись урока, выделили три приёма.",
        "next_steps": "Провести урок с листами самооценки.",
    }
    data.update(overrides)
    return data


def test_the_mentor_logs_a_meeting_with_private_notes_the_mentee_does_not_see_them(client, pair, mentor_user, mentee_user):
    client.force_login(mentor_user)
    form = client.get(reverse("programmes:meeting_add", args=[pair.pk])).content.decode()
    assert "Заметки наставника" in form and "Показать заметки наставляемому" in form
    assert f'value="{TODAY.isoformat()}"' in form  # today is offered as the date
    response = client.post(
        reverse("programmes:meeting_add", args=[pair.pk]),
        meeting_data(mentor_notes="Волнуется, когда класс шумит; обсудить сигналы тишины."),  # shared_with_mentee unticked
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(programme=pair.programme)
    assert (meeting.created_by, meeting.shared_with_mentee) == (mentor_user, False)
    assert "Встреча записана." in client.get(response["Location"]).content.decode()
    assert "обсудить сигналы тишины" in client.get(page_url(pair)).content.decode()

    client.force_login(mentee_user)
    page = client.get(page_url(pair)).content.decode()
    assert "Разбор урока в 7 «Б»" in page
    assert "Провести урок с листами самооценки." in page
    assert "обсудить сигналы тишины" not in page

    Meeting.objects.filter(pk=meeting.pk).update(shared_with_mentee=True)
    assert "обсудить сигналы тишины" in client.get(page_url(pair)).content.decode()


def test_the_mentors_notes_are_private_unless_shared(client, pair, mentor_user, mentee_user):
    client.force_login(mentor_user)
    form = client.get(reverse("programmes:meeting_add", args=[pair.pk])).content.decode()
    checkbox = re.search(r'<input[^>]*name="shared_with_mentee"[^>]*>', form).group(0)
    assert "checked" not in checkbox  # «Для себя…»: not shown to the mentee unless the mentor ticks it
    assert Meeting._meta.get_field("shared_with_mentee").default is False
    programme = pair.programme
    meeting = meeting_log(programme=programme, teacher=pair.mentor.teacher, user=mentor_user, held_on=TODAY, topic="Итоги", mentor_notes="Только для себя")
    assert meeting.shared_with_mentee is False
    client.force_login(mentee_user)
    page = client.get(page_url(pair)).content.decode()
    assert "Только для себя" not in page
    assert reverse("admin:pairs_pair_change", args=[pair.pk]) not in page


def test_the_curator_does_not_read_the_mentors_notes(client, pair, mentor_user, curator_a):
    client.force_login(mentor_user)
    client.post(reverse("programmes:meeting_add", args=[pair.pk]), meeting_data(mentor_notes="Личное наблюдение", shared_with_mentee="on"))
    client.force_login(curator_a)
    page = client.get(page_url(pair)).content.decode()
    assert "Разбор урока" in page and "Личное наблюдение" not in page


def test_the_mentee_logs_a_meeting_without_notes_fields(client, pair, mentee_user):
    client.force_login(mentee_user)
    form = client.get(reverse("programmes:meeting_add", args=[pair.pk])).content.decode()
    assert "Заметки наставника" not in form
    response = client.post(reverse("programmes:meeting_add", args=[pair.pk]), meeting_data(mentor_notes="Пытаюсь записать"))
    assert response.status_code == 302
    meeting = Meeting.objects.get(programme=pair.programme)
    assert meeting.mentor_notes == "" and meeting.created_by == mentee_user


def test_a_meeting_form_answers_in_russian(client, pair, mentor_user):
    client.force_login(mentor_user)
    url = reverse("programmes:meeting_add", args=[pair.pk])
    page = client.post(url, meeting_data(held_on=(TODAY + datetime.timedelta(days=1)).isoformat())).content.decode()
    assert "Дата встречи не может быть в будущем: записывайте встречу, когда она состоялась." in page
    page = client.post(url, meeting_data(held_on=(STARTED - datetime.timedelta(days=1)).isoformat())).content.decode()
    assert f"Встреча не может быть раньше начала программы ({STARTED:%d.%m.%Y})." in page
    page = client.post(url, meeting_data(topic="")).content.decode()
    assert "Обязательное поле." in page
    assert not Meeting.objects.exists()


def test_a_pair_without_programme_cannot_log_meetings_yet(client, school_a):
    pair = make_active_pair(school=school_a, started_on=STARTED)
    client.force_login(login_for(pair.mentor.teacher))
    response = client.get(reverse("programmes:meeting_add", args=[pair.pk]), follow=True)
    assert "У пары ещё нет программы" in response.content.decode()


def test_participants_leave_short_feedback_on_a_meeting(client, pair, mentor_user, mentee_user):
    client.force_login(mentor_user)
    client.post(reverse("programmes:meeting_add", args=[pair.pk]), meeting_data())
    meeting = Meeting.objects.get()
    client.force_login(mentee_user)
    url = reverse("programmes:meeting_feedback", args=[pair.pk, meeting.pk])

    response = client.post(url, {"rating": "", "comment": ""}, follow=True)
    assert "Оцените встречу." in response.content.decode()
    response = client.post(url, {"rating": "3", "comment": "Приёмы уже пробую"}, follow=True)
    page = response.content.decode()
    assert "Спасибо за отзыв о встрече." in page
    assert "Отзыв Гоголь А.П.:</span> полезная — Приёмы уже пробую" in page
    client.post(url, {"rating": "2", "comment": ""})
    feedback = MeetingFeedback.objects.get()
    assert (feedback.rating, feedback.comment, feedback.teacher) == (2, "", mentee_user.teacher)


def test_the_pair_page_makes_a_fixed_number_of_queries(client, pair, mentee_user, django_assert_max_num_queries):
    client.force_login(mentee_user)
    with django_assert_max_num_queries(20):
        client.get(page_url(pair))
    for n in range(5):
        Meeting.objects.create(programme=pair.programme, held_on=TODAY - datetime.timedelta(days=n), topic=f"Встреча {n}")
    with django_assert_max_num_queries(20):
        assert client.get(page_url(pair)).status_code == 200


def test_a_draft_pair_page_explains_the_wait(client, school_a):
    pair = make_pair(school=school_a, started_on=STARTED)
    client.force_login(login_for(pair.mentor.teacher))
    page = client.get(page_url(pair)).content.decode()
    assert "Пара ещё формируется" in page
    assert "Программа ещё не составлена" in client.get("/").content.decode()
