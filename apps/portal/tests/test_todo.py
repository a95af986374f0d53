"""«Что сделать» on each role's start page: items appear with the data and leave when the thing is done,
link where it is done, never show another school's data, and cost a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.consents.models import ConsentKind
from apps.consents.services import consent_give, consent_withdraw
from apps.core.tests.clock import school_year_start
from apps.documents.models import OrderKind
from apps.documents.services import order_create, order_publish, order_sign
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.models import Mentor, MentorStatus
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import FitAnswer
from apps.pairs.services import pair_activate, pair_add_mentee, pair_feedback_give
from apps.pairs.tests.factories import give_pair_consents, login_for, make_active_pair, make_pair
from apps.programmes.models import Activity
from apps.programmes.services import activity_mark_done, meeting_log, programme_create_from_template
from apps.roadmap.models import Event
from apps.roadmap.services import roadmap_create
from apps.schools.tests.factories import SchoolFactory, TeacherFactory, UserFactory
from apps.surveys.models import Invitation, QuestionnaireKind
from apps.surveys.services import satisfaction_invite
from apps.surveys.tests.factories import make_invitation

pytestmark = pytest.mark.django_db

DESK = reverse("admin:index")


def todo(client, url=DESK) -> dict:
    """The page's to-do items by title."""
    response = client.get(url)
    assert response.status_code == 200
    return {item.title: item for item in response.context["todo"]}


def page(client, url=DESK) -> str:
    return client.get(url).content.decode()


def today():
    return timezone.localdate()


# --- curator -----------------------------------------------------------------------------


CANDIDATES = "Утвердить кандидатов в наставники"
CONSENTS = "Получить согласия участников пар"
START = "Начать работу пар, у которых есть все согласия"
PROGRAMMES = "Составить программы для работающих пар"
REVIEW = "Рассмотреть пары, где участник ответил «не подходит»"
ANSWERS = "Напомнить об анкете педагогам, которые не ответили по ссылке"
LOGINS = "Пригласить на портал педагогов без учётной записи"
ROADMAP = "Выполнить просроченные мероприятия дорожной карты"
PUBLISH = "Опубликовать на сайте подписанные обязательные приказы"
SIGN = "Подписать приказы"


def test_curator_desk_is_titled_and_empty_when_nothing_is_due(client, curator_a):
    client.force_login(curator_a)
    response = client.get(DESK)
    assert response.context["title"] == "Рабочий стол куратора"
    assert response.context["todo"] == []
    html = response.content.decode()
    assert "<h1>Рабочий стол куратора</h1>" in html
    assert "Что сделать" in html and "Всё сделано." in html


def test_candidates_to_approve_link_to_the_filtered_mentor_list(client, curator_a, school_a):
    candidates = [MentorFactory(teacher__school=school_a, status=MentorStatus.CANDIDATE) for _ in range(3)]
    MentorFactory(teacher__school=school_a)  # approved already
    client.force_login(curator_a)
    item = todo(client)[CANDIDATES]
    assert item.count == 3
    assert "Утвердить кандидатов в наставники: 3" in page(client)
    assert {m.pk for m in client.get(item.url).context["cl"].result_list} == {m.pk for m in candidates}
    Mentor.objects.filter(pk__in=[m.pk for m in candidates]).update(status=MentorStatus.APPROVED)
    assert CANDIDATES not in todo(client)


def test_a_pair_goes_through_consents_start_and_programme(client, curator_a, school_a):
    pair = make_pair(school=school_a, started_on=today() - datetime.timedelta(days=30))
    pair_page = reverse("pairs:detail", args=[pair.pk])
    client.force_login(curator_a)

    items = todo(client)
    assert items[CONSENTS].count == 1 and START not in items
    (entry,) = items[CONSENTS].entries
    mentee = pair.memberships.get().mentee.teacher
    assert entry.url == pair_page and entry.label == f"{pair.mentor.teacher.short_name} → {mentee.short_name}"
    assert client.get(entry.url).status_code == 200
    assert client.get(items[CONSENTS].url).context["cl"].result_count == 1

    give_pair_consents(pair)
    items = todo(client)
    assert CONSENTS not in items and items[START].count == 1 and items[START].entries[0].url == pair_page

    pair_activate(pair=pair)
    items = todo(client)
    assert START not in items and items[PROGRAMMES].count == 1
    assert [p.pk for p in client.get(items[PROGRAMMES].url).context["cl"].result_list] == [pair.pk]

    programme_create_from_template(pair=pair)
    assert set(todo(client)) == {LOGINS}  # the pair's teachers have no login: that stays to do


def test_one_mentee_without_consent_keeps_a_group_waiting(client, curator_a, school_a):
    group = make_pair(school=school_a)
    give_pair_consents(group)
    late = MenteeFactory(teacher__school=school_a)
    pair_add_mentee(pair=group, mentee=late)
    client.force_login(curator_a)
    items = todo(client)
    assert items[CONSENTS].count == 1 and START not in items
    consent_give(teacher=late.teacher, kind=ConsentKind.MENTEE_ASSIGNMENT, pair=group)
    assert todo(client)[START].count == 1


def test_a_not_fit_answer_asks_for_review(client, curator_a, school_a):
    pair = make_active_pair(school=school_a, started_on=today() - datetime.timedelta(days=30))
    programme = programme_create_from_template(pair=pair)
    mentor = pair.mentor.teacher
    meeting_log(programme=programme, teacher=mentor, user=None, held_on=today(), topic="Знакомство")
    pair_feedback_give(pair=pair, teacher=mentor, answer=FitAnswer.NOT_FIT)
    client.force_login(curator_a)
    item = todo(client)[REVIEW]
    assert item.count == 1 and item.urgency == "soon"
    assert client.get(item.url).context["cl"].result_count == 1
    pair_feedback_give(pair=pair, teacher=mentor, answer=FitAnswer.FITS)
    assert REVIEW not in todo(client)


def test_teachers_without_answers_or_logins(client, curator_a, school_a):
    invited = TeacherFactory(school=school_a)
    make_invitation(invited, kind=QuestionnaireKind.MENTEE_REQUEST)
    make_invitation(invited, kind=QuestionnaireKind.MENTEE_REQUEST)  # sent twice: still one teacher
    make_invitation(TeacherFactory(school=school_a), kind=QuestionnaireKind.MENTOR)
    TeacherFactory(school=school_a, is_employed=False)  # has left: no invitation to the portal
    client.force_login(curator_a)
    items = todo(client)
    assert items[ANSWERS].count == 2
    assert client.get(items[ANSWERS].url).context["cl"].result_count == 3  # the links; the item counts teachers
    assert items[LOGINS].count == 2
    assert client.get(items[LOGINS].url).context["cl"].result_count == 2

    Invitation.objects.filter(teacher=invited).update(used_at=timezone.now())
    login_for(invited)
    items = todo(client)
    assert items[ANSWERS].count == 1 and items[LOGINS].count == 1


def test_overdue_roadmap_and_unpublished_orders(client, curator_a, school_a):
    roadmap = roadmap_create(school=school_a, year_start=today().year - 2)  # every event is overdue
    client.force_login(curator_a)
    item = todo(client)[ROADMAP]
    assert item.count == Event.objects.filter(stage__roadmap=roadmap).count() > 0 and item.urgency == "overdue"
    assert client.get(item.url).context["cl"].result_count == item.count
    assert list(todo(client))[0] == ROADMAP  # the overdue first

    teacher = TeacherFactory(school=school_a)
    order = order_sign(
        order=order_create(school=school_a, kind=OrderKind.CURATOR, responsible=teacher), number="1-од", date=today()
    )
    order_create(school=school_a, kind=OrderKind.FINAL_EVENT)  # not signed, and not one the site must show
    assert todo(client)[PUBLISH].count == 1
    order_publish(order=order)
    assert PUBLISH not in todo(client)


def test_curator_sees_nothing_of_another_school(client, curator_a, curator_b, school_b):
    """School B has something for every item; school A's curator has nothing to do and sees no name of B."""
    candidate = MentorFactory(teacher__school=school_b, status=MentorStatus.CANDIDATE, teacher__last_name="Чужая")
    make_pair(school=school_b)
    waiting = make_pair(school=school_b)
    give_pair_consents(waiting)
    working = make_active_pair(school=school_b)
    make_invitation(TeacherFactory(school=school_b))
    roadmap_create(school=school_b, year_start=today().year - 2)
    order_sign(
        order=order_create(school=school_b, kind=OrderKind.CURATOR, responsible=candidate.teacher), number="1-од", date=today()
    )
    client.force_login(curator_a)
    html = page(client)
    assert todo(client) == {}
    assert "Всё сделано." in html and "Чужая" not in html and working.mentor.teacher.short_name not in html

    client.force_login(curator_b)
    assert {CANDIDATES, CONSENTS, START, PROGRAMMES, ANSWERS, LOGINS, ROADMAP, PUBLISH} <= set(todo(client))


# --- director ----------------------------------------------------------------------------


def test_director_signs_orders_from_the_desk(client, director_a, school_a, school_b):
    curator = TeacherFactory(school=school_a)
    order = order_create(school=school_a, kind=OrderKind.CURATOR, responsible=curator)
    order_create(school=school_b, kind=OrderKind.CURATOR, responsible=TeacherFactory(school=school_b))
    MentorFactory(teacher__school=school_a, status=MentorStatus.CANDIDATE)  # the curator's business
    client.force_login(director_a)
    response = client.get(DESK)
    assert response.context["title"] == "Рабочий стол директора"
    items = {item.title: item for item in response.context["todo"]}
    assert set(items) == {SIGN}
    item = items[SIGN]
    assert item.count == 1 and "Подписать приказы: 1" in response.content.decode()
    assert client.get(item.url).context["cl"].result_count == 1
    (entry,) = item.entries
    sign_url = reverse("admin:documents_order_sign", args=[order.pk])
    assert entry.url == sign_url and entry.label == "Приказ о назначении куратора"
    assert client.get(sign_url).status_code == 200
    # The figures are still there.
    assert response.context["dashboard"]["items"]

    response = client.post(sign_url, {"number": "7-од", "date": today().isoformat()})
    assert response.status_code == 302
    assert todo(client) == {}
    assert "Всё сделано." in page(client)


def test_a_director_who_is_also_the_curator_gets_both_lists(client, school_a):
    both = UserFactory(username="both", school=school_a, is_staff=True, roles=[Role.DIRECTOR, Role.CURATOR])
    order_create(school=school_a, kind=OrderKind.CURATOR, responsible=TeacherFactory(school=school_a))
    MentorFactory(teacher__school=school_a, status=MentorStatus.CANDIDATE)
    client.force_login(both)
    response = client.get(DESK)
    assert response.context["title"] == "Рабочий стол директора и куратора"
    assert {item.title for item in response.context["todo"]} == {SIGN, CANDIDATES, LOGINS}


def test_the_administrators_desk_has_no_todo(client, superuser):
    client.force_login(superuser)
    response = client.get(DESK)
    assert response.context["title"] == "Рабочий стол администратора"
    assert response.context["todo"] is None
    assert "Что сделать" not in response.content.decode()


def test_staff_without_a_role_get_no_todo(client, school_a):
    MentorFactory(teacher__school=school_a, status=MentorStatus.CANDIDATE)
    client.force_login(UserFactory(username="staff", school=school_a, is_staff=True))
    response = client.get(DESK)
    assert response.context["title"] == "Рабочий стол" and response.context["todo"] is None


# --- municipal coordinator ------------------------------------------------------------------


def test_coordinator_sees_the_lagging_schools_of_their_district(client, school_a, school_b):
    sister = SchoolFactory(municipality=school_a.municipality, short_name="Школа В")
    coordinator = UserFactory(username="coord", is_staff=True, municipality=school_a.municipality, roles=[Role.COORDINATOR])
    client.force_login(coordinator)
    response = client.get(DESK)
    assert response.context["title"] == "Рабочий стол муниципального координатора"
    html = response.content.decode()
    assert "<h1>Рабочий стол муниципального координатора</h1>" in html
    items = todo(client)
    curators = items["Напомнить школам назначить куратора наставничества"]
    assert curators.count == 2 and [e.label for e in curators.entries] == ["Школа А", "Школа В"]
    assert curators.url == reverse("district:curators")
    assert items["Напомнить школам подписать обязательные приказы"].count == 2
    assert school_b.short_name not in html  # another district
    assert client.get(curators.url).status_code == 200

    for school in (school_a, sister):
        school.curator = TeacherFactory(school=school)
        school.save(update_fields=["curator"])
    roadmap = roadmap_create(school=sister, year_start=school_year_start())
    Event.objects.filter(stage__roadmap=roadmap).update(deadline=today() - datetime.timedelta(days=1))
    items = todo(client)
    assert "Напомнить школам назначить куратора наставничества" not in items
    roadmaps = items["Проверить дорожные карты школ"]
    assert [(e.label, e.note) for e in roadmaps.entries] == [
        ("Школа А", "нет дорожной карты на учебный год"),
        ("Школа В", "есть мероприятия с истёкшим сроком"),
    ]
    Event.objects.filter(stage__roadmap=roadmap).update(deadline=today())
    assert [e.label for e in todo(client)["Проверить дорожные карты школ"].entries] == ["Школа А"]
    assert client.get(roadmaps.url).status_code == 200


# --- teacher --------------------------------------------------------------------------------


@pytest.fixture
def working_pair(teacher_user, school_a):
    """The teacher's own working pair with its programme, started a month ago, as a mentee."""
    mentee = MenteeFactory(teacher=teacher_user.teacher, school=school_a)
    pair = make_active_pair(mentees=[mentee], school=school_a, started_on=today() - datetime.timedelta(days=30))
    programme = programme_create_from_template(pair=pair)
    consent_give(teacher=teacher_user.teacher, kind=ConsentKind.PERSONAL_DATA)
    return pair, programme


def _set_due(programme, *days):
    """The programme's first activities due in `days` days from today (negative: overdue); the rest later."""
    activities = list(programme.activities.order_by("pk"))
    for activity, shift in zip(activities, days, strict=False):
        Activity.objects.filter(pk=activity.pk).update(due_date=today() + datetime.timedelta(days=shift))
    Activity.objects.filter(pk__in=[a.pk for a in activities[len(days) :]]).update(due_date=today() + datetime.timedelta(days=20))
    return activities[: len(days)]


def test_teacher_page_is_my_cabinet_and_empty_when_nothing_is_due(client, teacher_user):
    consent_give(teacher=teacher_user.teacher, kind=ConsentKind.PERSONAL_DATA)
    client.force_login(teacher_user)
    response = client.get("/")
    assert response.context["todo"] == []
    html = response.content.decode()
    assert '<h1 class="h3 mb-1">Мой кабинет</h1>' in html and "Всё сделано." in html


def test_this_weeks_activities_and_overdue_ones(client, teacher_user, working_pair):
    pair, programme = working_pair
    late, due_today, in_five, _in_nine = _set_due(programme, -3, 0, 5, 9)
    client.force_login(teacher_user)
    items = todo(client, "/")
    overdue = items["Выполнить просроченные мероприятия программы"]
    week = items["Выполнить мероприятия программы на этой неделе"]
    assert overdue.count == 1 and overdue.urgency == "overdue"
    assert week.count == 2 and week.urgency == "soon"
    pair_page = reverse("pairs:detail", args=[pair.pk])
    assert overdue.entries[0].url == f"{pair_page}#activity-{late.pk}"
    assert overdue.entries[0].note == f"срок был {today() - datetime.timedelta(days=3):%d.%m.%Y}"
    assert [e.url for e in week.entries] == [f"{pair_page}#activity-{due_today.pk}", f"{pair_page}#activity-{in_five.pk}"]
    assert week.entries[0].note == "срок сегодня"
    assert list(items)[0] == overdue.title
    html = page(client, "/")
    assert "Выполнить мероприятия программы на этой неделе: 2" in html and f'id="activity-{late.pk}"' in page(client, pair_page)

    activity_mark_done(activity=late, teacher=teacher_user.teacher)
    activity_mark_done(activity=due_today, teacher=pair.mentor.teacher)
    items = todo(client, "/")
    assert "Выполнить просроченные мероприятия программы" not in items
    assert items["Выполнить мероприятия программы на этой неделе"].count == 1


def test_fit_question_after_the_first_meeting_until_answered(client, teacher_user, working_pair):
    pair, programme = working_pair
    _set_due(programme)
    client.force_login(teacher_user)
    assert todo(client, "/") == {}
    meeting_log(programme=programme, teacher=pair.mentor.teacher, user=None, held_on=today(), topic="Знакомство")
    item = todo(client, "/")["Ответить на вопрос «Подходит ли вам пара?»"]
    assert item.count == 1 and item.url == reverse("pairs:detail", args=[pair.pk]) + "#fit"
    assert item.entries[0].label == f"Ваш наставник: {pair.mentor.teacher.short_name}"
    assert 'id="fit"' in page(client, item.url)
    pair_feedback_give(pair=pair, teacher=teacher_user.teacher, answer=FitAnswer.FITS)
    assert todo(client, "/") == {}


def test_satisfaction_survey_when_sent_and_not_answered(client, teacher_user, working_pair):
    pair, programme = working_pair
    _set_due(programme)
    satisfaction_invite(pair=pair)
    client.force_login(teacher_user)
    item = todo(client, "/")["Заполнить анкету"]
    (entry,) = item.entries
    assert entry.label == "Анкета удовлетворённости наставляемого"
    invitation = Invitation.objects.get(teacher=teacher_user.teacher)
    token = entry.url.removeprefix("/anketa/l/").removesuffix("/")
    assert entry.url == reverse("surveys:link", args=[token]) and Invitation.from_token(token) == invitation
    assert client.get(entry.url).status_code == 200
    Invitation.objects.filter(pk=invitation.pk).update(used_at=timezone.now())
    assert todo(client, "/") == {}


def test_consents_to_give(client, teacher_user, school_a):
    mentor = MentorFactory(teacher=teacher_user.teacher)
    pair = make_pair(mentor=mentor, school=school_a)
    client.force_login(teacher_user)
    items = todo(client, "/")
    personal = items["Дать согласие на обработку персональных данных"]
    assert personal.count is None and personal.url == reverse("consents:give", args=["personal_data"])
    assert "Дать согласие на обработку персональных данных</a>" in page(client, "/")
    paper = items["Подписать у куратора наставничества согласие на участие в паре"]
    assert paper.url == reverse("pairs:detail", args=[pair.pk])
    assert paper.entries[0].label == f"Ваши наставляемые: {pair.memberships.get().mentee.teacher.short_name}"

    given = consent_give(teacher=teacher_user.teacher, kind=ConsentKind.PERSONAL_DATA)
    consent_give(teacher=teacher_user.teacher, kind=ConsentKind.MENTOR_DUTIES, pair=pair)
    assert todo(client, "/") == {}
    consent_withdraw(consent=given)  # a decision, not a thing left to do: the offer stays on the consents card
    assert todo(client, "/") == {}


def test_teacher_sees_only_their_own_pairs_things(client, teacher_user, working_pair, school_a):
    _pair, programme = working_pair
    _set_due(programme)
    other = make_active_pair(school=school_a, started_on=today() - datetime.timedelta(days=30))
    other_programme = programme_create_from_template(pair=other)
    _set_due(other_programme, -3, 1)
    meeting_log(programme=other_programme, teacher=other.mentor.teacher, user=None, held_on=today(), topic="Знакомство")
    satisfaction_invite(pair=other)
    make_pair(school=school_a)
    client.force_login(teacher_user)
    assert todo(client, "/") == {}


# --- query counts do not grow with the data --------------------------------------------------------


def _school_data(school, n):
    """n of everything the curator's and director's lists count."""
    for _ in range(n):
        MentorFactory(teacher__school=school, status=MentorStatus.CANDIDATE)
        make_pair(school=school)
        ready = make_pair(school=school)
        give_pair_consents(ready)
        make_active_pair(school=school)
        make_invitation(TeacherFactory(school=school))
        order_create(school=school, kind=OrderKind.CURATOR, responsible=TeacherFactory(school=school))


def test_desk_queries_do_not_grow_with_the_school(client, curator_a, director_a, school_a, django_assert_max_num_queries):
    roadmap_create(school=school_a, year_start=today().year - 2)
    _school_data(school_a, 1)
    # the figures, the school years that have data (2), the to-do list, the admin's own queries
    desks = {curator_a: 21, director_a: 19}
    measured = {}
    for user, most in desks.items():
        client.force_login(user)
        with django_assert_max_num_queries(most) as small:
            client.get(DESK)
        measured[user] = len(small.captured_queries)
    _school_data(school_a, 9)  # ten times the data
    for user in desks:
        client.force_login(user)
        with django_assert_max_num_queries(measured[user]):
            response = client.get(DESK)
        assert response.context["todo"]


def test_coordinator_desk_queries_do_not_grow_with_the_district(client, school_a, django_assert_max_num_queries):
    coordinator = UserFactory(username="coord", is_staff=True, municipality=school_a.municipality, roles=[Role.COORDINATOR])
    client.force_login(coordinator)
    SchoolFactory(municipality=school_a.municipality)
    with django_assert_max_num_queries(17) as small:  # the figures, the school years (2), the to-do list
        client.get(DESK)
    for _ in range(10):
        SchoolFactory(municipality=school_a.municipality)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(DESK)
    assert response.context["todo"][0].count == 12


def _teacher_data(teacher, school, n):
    for _ in range(n):
        mentor = MentorFactory(teacher__school=school, capacity=2)
        pair = make_active_pair(mentor=mentor, school=school, started_on=today() - datetime.timedelta(days=30))
        programme = programme_create_from_template(pair=pair)
        _set_due(programme, -2, 3)
        meeting_log(programme=programme, teacher=mentor.teacher, user=None, held_on=today(), topic="Встреча")
        satisfaction_invite(pair=pair)


def test_home_queries_do_not_grow_with_the_teachers_pairs(client, teacher_user, school_a, django_assert_max_num_queries):
    """The teacher leads ten times as many pairs, each with activities due, a meeting and a survey link."""
    teacher = teacher_user.teacher
    mentor = MentorFactory(teacher=teacher, capacity=10)
    school_a.max_mentees_per_mentor = 10
    school_a.save(update_fields=["max_mentees_per_mentor"])

    def lead(n):
        for _ in range(n):
            pair = make_active_pair(mentor=mentor, school=school_a, started_on=today() - datetime.timedelta(days=30))
            programme = programme_create_from_template(pair=pair)
            _set_due(programme, -2, 3)
            meeting_log(programme=programme, teacher=teacher, user=None, held_on=today(), topic="Встреча")
            satisfaction_invite(pair=pair)
        _teacher_data(teacher, school_a, n)  # others' pairs: nothing of theirs is the teacher's

    lead(1)
    client.force_login(teacher_user)
    with django_assert_max_num_queries(17) as small:  # 14 + «Мои мероприятия» + the reflection offers (pairs, members)
        client.get("/")
    lead(9)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/")
    items = {item.title: item for item in response.context["todo"]}
    assert items["Выполнить просроченные мероприятия программы"].count == 10
    assert items["Ответить на вопрос «Подходит ли вам пара?»"].count == 10
    assert items["Заполнить анкету"].count == 10 and items["Заполнить анкету"].more == 5
