"""A school copies the standard questionnaire, edits it, and its teachers see the edited one."""

import pytest
from django.contrib import admin
from django.urls import reverse

from apps.schools.tests.factories import TeacherFactory
from apps.surveys.forms import QuestionnaireForm
from apps.surveys.models import Question, Questionnaire, QuestionType, Response

from .factories import give_personal_data_consent, link_of, make_invitation, mentee_answers

pytestmark = pytest.mark.django_db


def copy_through_the_admin(client, curator, kind="mentee_request"):
    standard = Questionnaire.objects.get(school=None, kind=kind)
    client.force_login(curator)
    response = client.post(
        reverse("admin:surveys_questionnaire_changelist"),
        {"action": "copy_for_my_school", admin.helpers.ACTION_CHECKBOX_NAME: [standard.pk]},
        follow=True,
    )
    assert "Создана копия" in response.content.decode()
    client.logout()
    return Questionnaire.objects.get(school=curator.school, kind=kind)


def test_the_school_copy_with_an_added_question_is_what_teachers_get(client, curator_a, school_a, school_b):
    copy = copy_through_the_admin(client, curator_a)
    standard = Questionnaire.objects.get(school=None, kind="mentee_request")
    assert copy.version == 1
    assert list(copy.questions.values_list("code", flat=True)) == list(standard.questions.values_list("code", flat=True))
    added = Question(
        questionnaire=copy,
        order=100,
        code="olympiads",
        section="Запросы",
        text="Готовите ли вы учеников к олимпиадам?",
        type=QuestionType.BOOLEAN,
        required=True,
    )
    added.full_clean()
    added.save()

    teacher = TeacherFactory(school=school_a)
    give_personal_data_consent(teacher)
    url = link_of(make_invitation(teacher))
    page = client.get(url).content.decode()
    assert "Готовите ли вы учеников к олимпиадам?" in page

    response = client.post(url, mentee_answers())
    assert response.context["form"].errors["olympiads"] == ["Обязательное поле."]
    assert client.post(url, mentee_answers(olympiads="yes")).status_code == 302
    stored = Response.objects.get(teacher=teacher)
    assert stored.questionnaire == copy
    assert stored.answers["olympiads"] == {
        "order": len(stored.answers),
        "section": "Запросы",
        "question": "Готовите ли вы учеников к олимпиадам?",
        "type": "boolean",
        "value": True,
    }

    # Another school still gets the standard questionnaire.
    other = TeacherFactory(school=school_b)
    give_personal_data_consent(other)
    assert "олимпиадам" not in client.get(link_of(make_invitation(other))).content.decode()


def test_every_question_type_makes_a_field(school_a):
    questionnaire = Questionnaire.objects.create(school=school_a, kind="mentor_satisfaction", title="Проверка")
    specs = [
        ("a", QuestionType.TEXT, {}),
        ("b", QuestionType.TEXTAREA, {}),
        ("c", QuestionType.NUMBER, {}),
        ("d", QuestionType.CHOICE, {"choices": "раз\nдва"}),
        ("e", QuestionType.MULTICHOICE, {"choices": "раз\nдва\nтри"}),
        ("f", QuestionType.SCALE, {"scale_min": 0, "scale_max": 3}),
        ("g", QuestionType.BOOLEAN, {}),
        ("h", QuestionType.MULTICHOICE, {"choice_source": "competences"}),
        ("i", QuestionType.CHOICE, {"choice_source": "forms"}),
    ]
    for n, (code, type_, extra) in enumerate(specs):
        Question.objects.create(questionnaire=questionnaire, order=n, code=code, text=f"Вопрос {code}", type=type_, required=False, **extra)
    form = QuestionnaireForm({"c": "7", "f": "0", "g": "no", "e": ["раз", "три"]}, questionnaire=questionnaire, school=school_a)
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers["c"] == 7
    assert answers["f"] == 0
    assert answers["g"] is False
    assert answers["e"] == ["раз", "три"]
    assert answers["h"] == []
    assert [c[0] for c in form.fields["f"].choices] == ["0", "1", "2", "3"]
    bad = QuestionnaireForm({"c": "много", "d": "три"}, questionnaire=questionnaire, school=school_a)
    assert not bad.is_valid()
    assert bad.errors["c"] == ["Введите целое число."]
    assert "Выберите корректный вариант" in bad.errors["d"][0]


def test_a_question_that_cannot_work_is_refused(school_a):
    from django.core.exceptions import ValidationError

    questionnaire = Questionnaire.objects.create(school=school_a, kind="mentee_request", title="Проверка")
    no_options = Question(questionnaire=questionnaire, code="x", text="?", type=QuestionType.CHOICE)
    with pytest.raises(ValidationError, match="Укажите варианты ответа"):
        no_options.full_clean()
    wrong_shape = Question(questionnaire=questionnaire, code="y", text="?", type=QuestionType.TEXT, bank_field="mentee.requests")
    with pytest.raises(ValidationError, match="не подходит такой тип ответа"):
        wrong_shape.full_clean()
