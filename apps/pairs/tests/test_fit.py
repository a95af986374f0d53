"""«Подходит ли вам пара?»: asked after the first meeting, answered by both sides, «не подходит» goes to the curator."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.mentees.tests.factories import MenteeFactory
from apps.pairs.models import FitAnswer, PairFeedback
from apps.pairs.selectors import pairs_to_review
from apps.pairs.services import pair_feedback_give, pair_reviews_close
from apps.pairs.tests.factories import login_for, make_active_pair, make_pair
from apps.programmes.models import Meeting, Programme

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=30)


def with_programme(pair):
    return Programme.objects.create(pair=pair, title="Программа", starts_on=pair.started_on, ends_on=pair.planned_end_on)


def with_meeting(pair):
    programme = Programme.objects.filter(pair=pair).first() or with_programme(pair)
    return Meeting.objects.create(programme=programme, held_on=TODAY - datetime.timedelta(days=2), topic="Знакомство")


@pytest.fixture
def pair(school_a):
    return make_active_pair(school=school_a, started_on=STARTED)


def mentee_teacher(pair):
    return pair.memberships.get().mentee.teacher


def test_the_question_is_asked_only_after_the_first_meeting(pair):
    with_programme(pair)
    with pytest.raises(ValidationError, match="Вопрос «Подходит ли вам пара\\?» задаётся после первой встречи"):
        pair_feedback_give(pair=pair, teacher=pair.mentor.teacher, answer=FitAnswer.FITS)
    with_meeting(pair)
    feedback = pair_feedback_give(pair=pair, teacher=pair.mentor.teacher, answer=FitAnswer.FITS)
    assert feedback.answer == FitAnswer.FITS


def test_both_sides_answer_once_and_a_new_answer_replaces_the_old(pair):
    with_meeting(pair)
    mentee = mentee_teacher(pair)
    pair_feedback_give(pair=pair, teacher=pair.mentor.teacher, answer=FitAnswer.FITS)
    pair_feedback_give(pair=pair, teacher=mentee, answer=FitAnswer.UNSURE, comment="Пока рано судить")
    pair_feedback_give(pair=pair, teacher=mentee, answer=FitAnswer.NOT_FIT, comment="Не совпадает расписание")
    assert PairFeedback.objects.filter(pair=pair).count() == 2
    answer = PairFeedback.objects.get(pair=pair, teacher=mentee)
    assert (answer.answer, answer.comment) == (FitAnswer.NOT_FIT, "Не совпадает расписание")


def test_only_participants_of_a_working_pair_answer(pair, school_a):
    with_meeting(pair)
    outsider = MenteeFactory(teacher__school=school_a).teacher
    with pytest.raises(ValidationError, match="Вы не участвуете в этой паре или группе."):
        pair_feedback_give(pair=pair, teacher=outsider, answer=FitAnswer.FITS)
    with pytest.raises(ValidationError, match="Выберите ответ: подходит, пока не ясно или не подходит."):
        pair_feedback_give(pair=pair, teacher=pair.mentor.teacher, answer="может быть")
    draft = make_pair(school=school_a, started_on=STARTED)
    with pytest.raises(ValidationError, match="Ответить на вопрос о паре можно, пока пара работает."):
        pair_feedback_give(pair=draft, teacher=draft.mentor.teacher, answer=FitAnswer.FITS)


def test_not_fit_puts_the_pair_on_the_review_list_until_the_curator_has_looked(pair, school_a):
    with_meeting(pair)
    fine = make_active_pair(school=school_a, started_on=STARTED)
    with_meeting(fine)
    pair_feedback_give(pair=fine, teacher=fine.mentor.teacher, answer=FitAnswer.FITS)
    pair_feedback_give(pair=pair, teacher=pair.mentor.teacher, answer=FitAnswer.UNSURE)
    assert list(pairs_to_review()) == []

    pair_feedback_give(pair=pair, teacher=mentee_teacher(pair), answer=FitAnswer.NOT_FIT)
    assert list(pairs_to_review()) == [pair]

    assert pair_reviews_close(pairs=[pair]) == 1
    assert list(pairs_to_review()) == []
    # Answering «не подходит» again is a new signal.
    pair_feedback_give(pair=pair, teacher=mentee_teacher(pair), answer=FitAnswer.NOT_FIT, comment="Всё ещё не подходит")
    assert list(pairs_to_review()) == [pair]


def test_the_participants_answer_on_their_page_and_the_curator_filters_the_pairs(client, pair, school_a, curator_a):
    with_meeting(pair)
    mentee = mentee_teacher(pair)
    user = login_for(mentee)
    client.force_login(user)

    page = client.get(reverse("pairs:detail", args=[pair.pk])).content.decode()
    assert "Подходит ли вам пара?" in page
    assert "пока не ясно" in page

    response = client.post(reverse("pairs:fit", args=[pair.pk]), {"answer": "not_fit", "comment": "Разные смены"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Спасибо, ответ сохранён." in body
    assert "<strong>не подходит</strong>" in body
    assert PairFeedback.objects.get(pair=pair, teacher=mentee).comment == "Разные смены"

    response = client.post(reverse("pairs:fit", args=[pair.pk]), {"answer": ""})
    assert response.status_code == 302
    assert "Выберите ответ." in client.get(response["Location"]).content.decode()

    # The curator's admin: the filter «на пересмотр», the answers on the pair page, the action that closes the review.
    other = make_active_pair(school=school_a, started_on=STARTED)
    client.force_login(curator_a)
    changelist = reverse("admin:pairs_pair_changelist")
    listing = client.get(changelist, {"review": "yes"}).context["cl"].result_list
    assert list(listing) == [pair]
    assert other not in listing
    change = client.get(reverse("admin:pairs_pair_change", args=[pair.pk])).content.decode()
    assert "не подходит" in change and "Разные смены" in change
    client.post(changelist, {"action": "close_reviews", admin.helpers.ACTION_CHECKBOX_NAME: [pair.pk]})
    assert list(client.get(changelist, {"review": "yes"}).context["cl"].result_list) == []


def test_the_teachers_page_asks_the_question_after_the_first_meeting(client, pair):
    user = login_for(pair.mentor.teacher)
    client.force_login(user)
    with_programme(pair)
    assert "Ответьте на вопрос «Подходит ли вам пара?»" not in client.get("/").content.decode()
    with_meeting(pair)
    assert "Ответьте на вопрос «Подходит ли вам пара?»" in client.get("/").content.decode()
    pair_feedback_give(pair=pair, teacher=pair.mentor.teacher, answer=FitAnswer.FITS)
    assert "Ответьте на вопрос «Подходит ли вам пара?»" not in client.get("/").content.decode()
