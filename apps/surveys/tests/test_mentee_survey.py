"""The mentee questionnaire puts the teacher in the mentee bank with their requests."""

import re

import pytest
from django.urls import reverse

from apps.catalogues.models import MentoringForm, Request
from apps.mentees.models import Mentee, MenteeStatus
from apps.schools.tests.factories import SchoolFactory, TeacherFactory
from apps.surveys.models import Invitation, Response

from .factories import give_personal_data_consent, link_of, make_invitation, mentee_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(school_a):
    teacher = TeacherFactory(school=school_a, subjects="")
    give_personal_data_consent(teacher)
    return teacher


def test_submitting_creates_a_waiting_mentee_with_the_chosen_requests(client, teacher):
    requests = list(Request.objects.filter(school__isnull=True).order_by("order")[1:3])
    invitation = make_invitation(teacher)
    response = client.post(link_of(invitation), mentee_answers(requests=requests))
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks")
    thanks = client.get(response["Location"]).content.decode()
    assert "Спасибо! Анкета отправлена" in thanks

    mentee = Mentee.objects.get(teacher=teacher)
    assert mentee.school == teacher.school
    assert mentee.status == MenteeStatus.WAITING
    assert set(mentee.requests.all()) == set(requests)
    assert mentee.requests_text == "Хочу научиться держать дисциплину в 7 «Б»."
    assert mentee.preferred_form == MentoringForm.objects.get(code="teacher-teacher")
    assert mentee.meeting_frequency == "раз в неделю"
    teacher.refresh_from_db()
    assert teacher.subjects == "математика, информатика"

    stored = Response.objects.get(teacher=teacher)
    assert stored.answers["requests"]["question"] == "С чем вам нужна помощь наставника в первую очередь?"
    assert stored.answers["requests"]["value"] == [{"id": r.pk, "name": r.name} for r in requests]
    assert stored.answers["class_teacher"]["value"] is False
    assert stored.answers["conf_ict"]["value"] == 3
    invitation.refresh_from_db()
    assert invitation.used_at is not None


def test_resubmitting_updates_without_duplicates(client, teacher, teacher_user):
    first, second = Request.objects.filter(school__isnull=True).order_by("order")[:2]
    client.post(link_of(make_invitation(teacher)), mentee_answers(requests=[first]))
    mentee = Mentee.objects.get(teacher=teacher)
    mentee.status = MenteeStatus.PAIRED  # the curator has moved on meanwhile
    mentee.save()

    client.post(link_of(make_invitation(teacher)), mentee_answers(requests=[second], meeting_frequency="раз в месяц"))
    assert Mentee.objects.count() == 1
    assert Response.objects.count() == 1
    mentee.refresh_from_db()
    assert list(mentee.requests.all()) == [second]
    assert mentee.meeting_frequency == "раз в месяц"
    assert mentee.status == MenteeStatus.PAIRED  # the status is the curator's, not the questionnaire's
    assert Response.objects.get().answers["meeting_frequency"]["value"] == "раз в месяц"
    assert Invitation.objects.filter(used_at__isnull=False).count() == 2


def test_reopening_shows_the_previous_answers(client, teacher):
    chosen = Request.objects.filter(school__isnull=True).order_by("order")[3]
    client.post(link_of(make_invitation(teacher)), mentee_answers(requests=[chosen], grades="10–11 классы"))
    response = client.get(link_of(make_invitation(teacher)))
    form = response.context["form"]
    assert form.initial["grades"] == "10–11 классы"
    assert form.initial["requests"] == [chosen.pk]
    assert form.initial["class_teacher"] == "no"
    page = response.content.decode()
    assert 'value="10–11 классы"' in page
    assert re.search(rf'name="requests" value="{chosen.pk}"[^>]*checked', page)
    other = Request.objects.filter(school__isnull=True).exclude(pk=chosen.pk).first()
    assert not re.search(rf'name="requests" value="{other.pk}"[^>]*checked', page)
    assert "ваши прежние ответы подставлены" in page


def test_missing_answers_get_russian_errors_and_keep_what_was_typed(client, teacher):
    data = mentee_answers(requests=[], grades="", help_wanted="Нужна помощь с журналом")
    del data["class_teacher"]
    response = client.post(link_of(make_invitation(teacher)), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["requests"] == ["Обязательное поле."]
    assert form.errors["grades"] == ["Обязательное поле."]
    assert form.errors["class_teacher"] == ["Обязательное поле."]
    page = response.content.decode()
    assert "Анкета не отправлена: исправьте отмеченные ниже ответы." in page
    assert "Нужна помощь с журналом" in page
    assert 'value="математика, информатика"' in page
    assert not Response.objects.exists()
    assert not Mentee.objects.exists()


def test_requests_of_another_school_are_not_offered_and_not_accepted(client, teacher):
    own = Request.objects.create(school=teacher.school, name="Работа с интерактивной доской")
    foreign = Request.objects.create(school=SchoolFactory(), name="Чужой запрос")
    url = link_of(make_invitation(teacher))
    page = client.get(url).content.decode()
    assert own.name in page
    assert foreign.name not in page
    response = client.post(url, mentee_answers(requests=[foreign]))
    assert response.status_code == 200
    assert "requests" in response.context["form"].errors
    assert not Mentee.objects.exists()


def test_a_logged_in_teacher_fills_it_without_a_link(client, teacher_user):
    teacher = teacher_user.teacher
    client.force_login(teacher_user)
    url = reverse("surveys:fill", args=["mentee_request"])
    assert "Согласие на обработку персональных данных" in client.get(url).content.decode()
    client.post(url, {"step": "consent", "agree": "on"})
    response = client.post(url, mentee_answers())
    assert response.status_code == 302
    assert Mentee.objects.filter(teacher=teacher).exists()
    home = client.get("/").content.decode()
    assert "Изменить ответы: анкета наставляемого" in home
    assert "Заполнить анкету наставника" in home


def test_self_service_pages_need_a_teacher_card_and_a_fillable_kind(client, school_a, teacher_user, curator_a):
    url = reverse("surveys:fill", args=["mentee_request"])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(curator_a)
    assert client.get(url).status_code == 404  # no teacher card
    client.force_login(teacher_user)
    assert client.get(reverse("surveys:fill", args=["mentee_satisfaction"])).status_code == 404
    assert client.get("/anketa/nonsense/").status_code == 404


def test_the_service_takes_ids_and_refuses_without_consent(school_a):
    from django.core.exceptions import ValidationError

    from apps.surveys.models import Questionnaire
    from apps.surveys.services import response_submit

    questionnaire = Questionnaire.objects.current(school=school_a, kind="mentee_request")
    stranger = TeacherFactory(school=school_a)
    with pytest.raises(ValidationError, match="Нет действующего согласия на обработку персональных данных"):
        response_submit(teacher=stranger, questionnaire=questionnaire, answers={})
    assert not Response.objects.exists()

    give_personal_data_consent(stranger)
    wanted = list(Request.objects.filter(school__isnull=True).order_by("order")[:2])
    response_submit(teacher=stranger, questionnaire=questionnaire, answers={"requests": [str(wanted[1].pk), wanted[0].pk]})
    assert set(Mentee.objects.get(teacher=stranger).requests.all()) == set(wanted)
    with pytest.raises(ValidationError) as error:
        response_submit(teacher=stranger, questionnaire=questionnaire, answers={"requests": ["x"]})
    assert error.value.message_dict == {"requests": ["Выберите вариант из списка."]}


def test_the_desired_mentor_lands_on_the_mentee_card(client, teacher):
    client.post(link_of(make_invitation(teacher)), mentee_answers(desired_mentor="  Смирнова Елена Игоревна "))
    mentee = Mentee.objects.get(teacher=teacher)
    assert mentee.desired_mentor == "Смирнова Елена Игоревна"
    assert Response.objects.get(teacher=teacher).answers["desired_mentor"]["value"] == "Смирнова Елена Игоревна"
    # Answered again without a name: the card follows the latest answer.
    client.post(link_of(make_invitation(teacher)), mentee_answers(desired_mentor=""))
    mentee.refresh_from_db()
    assert mentee.desired_mentor == ""


def test_a_too_long_desired_mentor_is_refused_on_its_question(client, teacher):
    response = client.post(link_of(make_invitation(teacher)), mentee_answers(desired_mentor="Смирнова " * 40))
    assert response.status_code == 200
    assert not Mentee.objects.filter(teacher=teacher).exists()
    errors = response.context["form"].errors
    assert "desired_mentor" in errors


def test_the_migration_carries_earlier_answers_to_the_bank(teacher):
    import importlib

    from django.apps import apps as django_apps

    from apps.mentees.tests.factories import MenteeFactory
    from apps.surveys.models import Question, Questionnaire

    migration = importlib.import_module("apps.surveys.migrations.0005_desired_mentor")
    questionnaire = Questionnaire.objects.current(school=teacher.school, kind="mentee_request")
    Question.objects.filter(questionnaire=questionnaire, code="desired_mentor").update(bank_field="")  # as before
    mentee = MenteeFactory(teacher=teacher, school=teacher.school)
    answer = {"order": 1, "section": "", "question": "…", "type": "text", "value": "Смирнова Е. И."}
    Response.objects.create(questionnaire=questionnaire, teacher=teacher, answers={"desired_mentor": answer})

    migration.carry_to_bank(django_apps, None)

    mentee.refresh_from_db()
    assert mentee.desired_mentor == "Смирнова Е. И."
    assert Question.objects.get(questionnaire=questionnaire, code="desired_mentor").bank_field == "mentee.desired_mentor"
