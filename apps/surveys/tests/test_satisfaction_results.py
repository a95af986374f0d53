"""Satisfaction questionnaires at the end of a pair: sending, reminders, and the results the curator reads."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.core.tests.clock import this_school_year
from apps.jobs.tests.worker import run_worker
from apps.pairs.models import Pair, PairStatus
from apps.pairs.services import pair_end
from apps.pairs.tests.factories import make_pair
from apps.surveys.models import Invitation, QuestionnaireKind
from apps.surveys.selectors import current_questionnaire, satisfaction_overview, satisfaction_summary
from apps.surveys.services import response_submit, satisfaction_invite, satisfaction_reminders_send

from .factories import give_personal_data_consent, link_of

pytestmark = pytest.mark.django_db

MENTOR = QuestionnaireKind.MENTOR_SATISFACTION
MENTEE = QuestionnaireKind.MENTEE_SATISFACTION
SCALES = {
    MENTOR: ("programme_useful", "communication", "meetings_useful", "plan_done", "expectations_met", "mentee_progress"),
    MENTEE: ("programme_useful", "communication", "meetings_useful", "plan_done", "expectations_met", "confidence_grew"),
}


def completed_pair(school):
    pair = make_pair(school=school)
    return pair_end(pair=pair, status=PairStatus.COMPLETED, ended_on=this_school_year(5, 29, years=-1))


def answer(pair, teacher, kind, score=8, cont=True, **overrides):
    give_personal_data_consent(teacher)
    answers = {code: score for code in SCALES[kind]}
    answers.update({"continue": cont, "become_mentor": False, "most_useful": "", "improve": ""})
    answers.update(overrides)
    questionnaire = current_questionnaire(school=pair.school, kind=kind)
    return response_submit(teacher=teacher, questionnaire=questionnaire, answers=answers, pair=pair)


def mentee_teacher(pair):
    return pair.memberships.get().mentee.teacher


def question(summary, code):
    return next(q for q in summary["questions"] if q["code"] == code)


# --- sending -----------------------------------------------------------------------------


def test_invite_makes_one_link_per_participant_and_emails_them(school_a):
    pair = completed_pair(school_a)
    result = satisfaction_invite(pair=pair)
    run_worker()
    assert len(result.created) == 2
    kinds = dict(Invitation.objects.values_list("teacher_id", "kind"))
    assert kinds == {pair.mentor.teacher_id: MENTOR, mentee_teacher(pair).pk: MENTEE}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([pair.mentor.teacher.email, mentee_teacher(pair).email])
    assert all(invitation.pair == pair for invitation in Invitation.objects.all())
    assert "Анкета удовлетворённости наставника" in next(m.body for m in mail.outbox if m.to == [pair.mentor.teacher.email])


def test_invite_is_idempotent(school_a):
    pair = completed_pair(school_a)
    satisfaction_invite(pair=pair)
    run_worker()
    mail.outbox.clear()
    again = satisfaction_invite(pair=pair)
    run_worker()
    assert again.created == [] and again.already == 2
    assert mail.outbox == []
    assert Invitation.objects.count() == 2


def test_who_answered_gets_no_new_link_but_an_expired_link_is_replaced(school_a):
    pair = completed_pair(school_a)
    satisfaction_invite(pair=pair)
    run_worker()
    answer(pair, pair.mentor.teacher, MENTOR)  # answered without using the link
    Invitation.objects.filter(kind=MENTEE).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    mail.outbox.clear()
    result = satisfaction_invite(pair=pair)
    run_worker()
    assert [i.teacher for i in result.created] == [mentee_teacher(pair)]
    assert [m.to for m in mail.outbox] == [[mentee_teacher(pair).email]]


def test_the_link_from_the_email_opens_the_questionnaire(client, school_a):
    pair = completed_pair(school_a)
    satisfaction_invite(pair=pair)
    invitation = Invitation.objects.get(kind=MENTEE)
    give_personal_data_consent(invitation.teacher)
    assert "Анкета удовлетворённости наставляемого" in client.get(link_of(invitation)).content.decode()


def test_admin_action_sends_to_completed_pairs_only(client, curator_a, school_a):
    done = completed_pair(school_a)
    working = make_pair(school=school_a)
    client.force_login(curator_a)
    url = reverse("admin:pairs_pair_changelist")
    response = client.post(url, {"action": "send_satisfaction_surveys", "_selected_action": [done.pk, working.pk]}, follow=True)
    run_worker()
    text = response.content.decode()
    assert "Создано ссылок: 2, поставлено в очередь на отправку по e-mail: 2; уже получили ссылку или ответили: 0." in text
    assert "только завершённым парам" in text
    assert set(Invitation.objects.values_list("pair_id", flat=True)) == {done.pk}
    assert len(mail.outbox) == 2
    response = client.post(url, {"action": "send_satisfaction_surveys", "_selected_action": [done.pk]}, follow=True)
    run_worker()
    assert "Создано ссылок: 0, поставлено в очередь на отправку по e-mail: 0; уже получили ссылку или ответили: 2." in response.content.decode()
    assert len(mail.outbox) == 2


# --- reminders ---------------------------------------------------------------------------


def test_reminder_goes_once_a_week_after_to_who_has_not_answered(school_a):
    pair = completed_pair(school_a)
    satisfaction_invite(pair=pair)
    run_worker()
    answer(pair, pair.mentor.teacher, MENTOR)
    mail.outbox.clear()

    assert satisfaction_reminders_send().sent == []  # not a week yet
    week_ago = timezone.now() - datetime.timedelta(days=7, minutes=1)
    Invitation.objects.update(sent_at=week_ago)

    call_command("remind_satisfaction", stdout=open("/dev/null", "w"))
    run_worker()
    assert [m.to for m in mail.outbox] == [[mentee_teacher(pair).email]]
    assert mail.outbox[0].subject.startswith("Напоминание.")
    assert "Напоминаем: вы ещё не заполнили анкету" in mail.outbox[0].body
    reminded = Invitation.objects.get(kind=MENTEE)
    assert reminded.reminded_at is not None

    Invitation.objects.update(sent_at=week_ago)
    call_command("remind_satisfaction", stdout=open("/dev/null", "w"))
    run_worker()
    assert len(mail.outbox) == 1  # reminded once only


# --- aggregation -------------------------------------------------------------------------


def test_summary_averages_and_distribution_on_known_answers(school_a):
    pairs = [completed_pair(school_a) for _ in range(3)]
    for pair, score in zip(pairs, (8, 9, 10), strict=True):
        answer(pair, pair.mentor.teacher, MENTOR, score=score, plan_done=score - 1, cont=score != 9, most_useful=f"Уроки {score}")
    summary = satisfaction_summary(school=school_a, kind=MENTOR)
    assert summary["responses"] == 3
    useful = question(summary, "programme_useful")
    assert useful["average"] == Decimal("9.00") and useful["count"] == 3
    assert [row["value"] for row in useful["distribution"]] == list(range(1, 11))
    assert {row["value"]: row["count"] for row in useful["distribution"] if row["count"]} == {8: 1, 9: 1, 10: 1}
    assert question(summary, "plan_done")["average"] == Decimal("8.00")
    cont = question(summary, "continue")
    assert (cont["yes"], cont["no"]) == (2, 1)
    assert sorted(a["text"] for a in question(summary, "most_useful")["answers"]) == ["Уроки 10", "Уроки 8", "Уроки 9"]
    assert question(summary, "improve")["answers"] == []


def test_summary_rounds_an_inexact_average_to_two_decimals(school_a):
    pairs = [completed_pair(school_a) for _ in range(3)]
    for pair, score in zip(pairs, (7, 7, 8), strict=True):
        answer(pair, mentee_teacher(pair), MENTEE, score=score)
    assert question(satisfaction_summary(school=school_a, kind=MENTEE), "communication")["average"] == Decimal("7.33")
    only_first = satisfaction_summary(school=school_a, kind=MENTEE, pairs=[pairs[2]])
    assert question(only_first, "communication")["average"] == Decimal("8.00")


def test_summary_leaves_out_other_schools(school_a, school_b):
    mine, theirs = completed_pair(school_a), completed_pair(school_b)
    answer(mine, mine.mentor.teacher, MENTOR, score=10)
    answer(theirs, theirs.mentor.teacher, MENTOR, score=1)
    assert question(satisfaction_summary(school=school_a, kind=MENTOR), "programme_useful")["average"] == Decimal("10.00")


def test_response_rate(school_a):
    first, second = completed_pair(school_a), completed_pair(school_a)
    satisfaction_invite(pair=first)
    satisfaction_invite(pair=second)
    answer(first, first.mentor.teacher, MENTOR, score=6)
    answer(first, mentee_teacher(first), MENTEE, score=10)
    answer(second, second.mentor.teacher, MENTOR, score=9)
    overview = satisfaction_overview(school=school_a)
    assert (overview["invited"], overview["answered"], overview["rate"]) == (4, 3, 75)
    mentor, mentee = overview["summaries"]
    assert (mentor["invited"], mentor["responses"], mentor["rate"]) == (2, 2, 100)
    assert (mentee["invited"], mentee["responses"], mentee["rate"]) == (2, 1, 50)
    rows = {row["pair"].pk: row for row in overview["pairs"]}
    assert (rows[first.pk]["answered"], rows[first.pk]["invited"], rows[first.pk]["average"]) == (2, 2, Decimal("8.00"))
    assert (rows[second.pk]["answered"], rows[second.pk]["average"]) == (1, Decimal("9.00"))


# --- pages -------------------------------------------------------------------------------


def test_results_page_shows_the_aggregates(client, curator_a, school_a):
    pairs = [completed_pair(school_a) for _ in range(3)]
    for pair, score in zip(pairs, (8, 9, 10), strict=True):
        satisfaction_invite(pair=pair)
        answer(pair, pair.mentor.teacher, MENTOR, score=score, improve="Больше открытых уроков")
    client.force_login(curator_a)
    response = client.get("/anketa/itogi/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "9,00" in text
    assert "Анкеты получили: 6; заполнили: 3 (отклик 50 %)." in text
    assert "Больше открытых уроков" in text
    assert reverse("surveys:pair_results", args=[pairs[0].pk]) in text
    assert "Удовлетворённость" in text  # the menu item


def test_pair_page_shows_each_answer(client, curator_a, school_a):
    pair = completed_pair(school_a)
    satisfaction_invite(pair=pair)
    answer(pair, mentee_teacher(pair), MENTEE, score=7, most_useful="Разбор моих уроков")
    client.force_login(curator_a)
    response = client.get(reverse("surveys:pair_results", args=[pair.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Разбор моих уроков" in text
    assert "7,00" in text
    assert "заполнили 1 из 2" in text
    assert "ссылка отправлена, ответа нет" in text


def test_director_sees_the_results(client, director_a):
    client.force_login(director_a)
    assert client.get(reverse("surveys:results")).status_code == 200


def test_other_schools_pair_is_not_found(client, curator_b, school_a):
    pair = completed_pair(school_a)
    client.force_login(curator_b)
    assert client.get(reverse("surveys:pair_results", args=[pair.pk])).status_code == 404
    assert client.get(reverse("surveys:results")).status_code == 200


def test_teacher_is_refused(client, teacher_user, school_a):
    pair = completed_pair(school_a)
    client.force_login(teacher_user)
    assert client.get(reverse("surveys:results")).status_code == 403
    assert client.get(reverse("surveys:pair_results", args=[pair.pk])).status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("surveys:results"))
    assert response.status_code == 302 and "login" in response["Location"]


def _school_with_answers(school, responses):
    pairs = [completed_pair(school) for _ in range((responses + 1) // 2)]
    given = 0
    for pair in pairs:
        satisfaction_invite(pair=pair)
        for teacher, kind in ((pair.mentor.teacher, MENTOR), (mentee_teacher(pair), MENTEE)):
            if given < responses:
                answer(pair, teacher, kind, score=5 + given % 5, most_useful="Открытые уроки")
                given += 1
    return pairs


@pytest.mark.parametrize("responses", [3, 15])
def test_pages_run_a_bounded_number_of_queries(client, curator_a, school_a, responses, django_assert_max_num_queries):
    pairs = _school_with_answers(school_a, responses)
    client.force_login(curator_a)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("surveys:results")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("surveys:pair_results", args=[pairs[0].pk])).status_code == 200
    assert Pair.objects.count() == len(pairs)


def test_action_is_on_the_pair_admin():
    from apps.pairs.admin import PairAdmin

    assert "send_satisfaction_surveys" in PairAdmin.actions
    assert site.is_registered(Pair)


def test_query_count_does_not_grow_with_answers(client, curator_a, school_a, school_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.roles import Role
    from apps.schools.tests.factories import UserFactory

    counts = []
    for school, responses in ((school_a, 3), (school_b, 15)):
        pairs = _school_with_answers(school, responses)
        client.force_login(UserFactory(school=school, is_staff=True, roles=[Role.CURATOR]))
        with CaptureQueriesContext(connection) as results:
            client.get(reverse("surveys:results"))
        with CaptureQueriesContext(connection) as pair_page:
            client.get(reverse("surveys:pair_results", args=[pairs[0].pk]))
        counts.append((len(results), len(pair_page)))
    assert counts[0] == counts[1]
