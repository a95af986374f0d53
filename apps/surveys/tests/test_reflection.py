"""The final reflection: each member of a pair answers on their own page; the curator reads it per pair."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.roles import Role
from apps.core.tests.clock import this_school_year
from apps.pairs.models import PairStatus
from apps.pairs.services import pair_end
from apps.pairs.tests.factories import make_active_pair, make_pair
from apps.schools.tests.factories import UserFactory
from apps.surveys.models import QuestionnaireKind, Response
from apps.surveys.selectors import current_questionnaire, reflection_overview
from apps.surveys.services import response_submit

from .factories import give_personal_data_consent

pytestmark = pytest.mark.django_db

REFLECTION = QuestionnaireKind.REFLECTION
ANSWERS = {"achieved": "Провела открытый урок для района.", "helped": "Разбор уроков с наставником.", "change": "Больше встреч в первой четверти."}


def login_as(client, teacher):
    user = UserFactory(username=f"t{teacher.pk}", school=teacher.school, roles=[Role.TEACHER])
    teacher.user = user
    teacher.save(update_fields=["user"])
    client.force_login(user)
    return user


def mentee_of(pair):
    return pair.memberships.get().mentee.teacher


def completed_this_year(school):
    pair = make_active_pair(school=school, started_on=this_school_year(9, 15))
    return pair_end(pair=pair, status=PairStatus.COMPLETED, ended_on=this_school_year(11, 20))


def reflect(pair, teacher, **answers):
    give_personal_data_consent(teacher)
    questionnaire = current_questionnaire(school=pair.school, kind=REFLECTION)
    return response_submit(teacher=teacher, questionnaire=questionnaire, answers={**ANSWERS, **answers}, pair=pair)


def test_a_stranger_to_the_pair_is_not_found(client, school_a, school_b):
    pair = make_active_pair(school=school_a)
    other = make_active_pair(school=school_a)
    login_as(client, mentee_of(other))
    assert client.get(reverse("surveys:reflection", args=[pair.pk])).status_code == 404
    login_as(client, make_active_pair(school=school_b).mentor.teacher)
    assert client.get(reverse("surveys:reflection", args=[pair.pk])).status_code == 404


def test_a_pair_still_being_formed_has_no_reflection(client, school_a):
    pair = make_pair(school=school_a)
    login_as(client, pair.mentor.teacher)
    assert client.get(reverse("surveys:reflection", args=[pair.pk])).status_code == 404


def test_anonymous_goes_to_login(client, school_a):
    pair = make_active_pair(school=school_a)
    response = client.get(reverse("surveys:reflection", args=[pair.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_empty_answers_get_russian_field_errors(client, school_a):
    pair = make_active_pair(school=school_a)
    teacher = mentee_of(pair)
    give_personal_data_consent(teacher)
    login_as(client, teacher)
    response = client.post(reverse("surveys:reflection", args=[pair.pk]), {"achieved": "", "helped": "", "change": ""})
    assert response.status_code == 200
    assert "Обязательное поле." in response.content.decode()
    assert not Response.objects.filter(pair=pair).exists()


def test_a_member_answers_from_their_page_and_can_change_the_answer(client, school_a):
    pair = make_active_pair(school=school_a)
    teacher = mentee_of(pair)
    give_personal_data_consent(teacher)
    login_as(client, teacher)
    home = client.get("/").content.decode()
    assert "Итоговая рефлексия" in home
    assert reverse("surveys:reflection", args=[pair.pk]) in home

    page = client.get(reverse("surveys:reflection", args=[pair.pk])).content.decode()
    assert "Что удалось достичь за время работы пары (группы)?" in page
    assert client.post(reverse("surveys:reflection", args=[pair.pk]), ANSWERS).status_code == 302
    client.post(reverse("surveys:reflection", args=[pair.pk]), {**ANSWERS, "change": "Чаще посещать уроки друг друга."})
    response = Response.objects.get(pair=pair, teacher=teacher)
    assert response.answers["change"]["value"] == "Чаще посещать уроки друг друга."
    assert response.answers["achieved"]["question"] == "Что удалось достичь за время работы пары (группы)?"
    assert "Изменить ответы" in client.get("/").content.decode()


def test_the_mentor_of_a_pair_completed_this_year_still_answers(client, school_a):
    pair = completed_this_year(school_a)
    give_personal_data_consent(pair.mentor.teacher)
    login_as(client, pair.mentor.teacher)
    assert reverse("surveys:reflection", args=[pair.pk]) in client.get("/").content.decode()
    assert client.post(reverse("surveys:reflection", args=[pair.pk]), ANSWERS).status_code == 302
    assert Response.objects.filter(pair=pair, teacher=pair.mentor.teacher, questionnaire__kind=REFLECTION).exists()


def test_the_service_refuses_a_reflection_without_a_pair_or_by_a_stranger(school_a):
    pair = make_active_pair(school=school_a)
    stranger = mentee_of(make_active_pair(school=school_a))
    give_personal_data_consent(stranger)
    questionnaire = current_questionnaire(school=school_a, kind=REFLECTION)
    with pytest.raises(ValidationError, match="конкретной пары"):
        response_submit(teacher=stranger, questionnaire=questionnaire, answers=ANSWERS, pair=None)
    with pytest.raises(ValidationError, match="не участвует"):
        response_submit(teacher=stranger, questionnaire=questionnaire, answers=ANSWERS, pair=pair)


def test_curator_sees_the_answers_per_pair(client, curator_a, school_a):
    pair = completed_this_year(school_a)
    reflect(pair, mentee_of(pair), achieved="Научилась держать дисциплину в 7 «Б».")
    client.force_login(curator_a)
    text = client.get(reverse("surveys:reflection_results")).content.decode()
    assert "Научилась держать дисциплину в 7 «Б»." in text
    assert "ответили 1 из 2" in text
    assert "Ответа пока нет." in text  # the mentor has not answered
    assert reverse("surveys:reflection_results") in client.get(reverse("surveys:results")).content.decode()


def test_another_schools_answers_are_not_shown_and_others_are_refused(client, curator_b, teacher_user, director_a, school_a):
    pair = completed_this_year(school_a)
    reflect(pair, mentee_of(pair), achieved="Секрет школы А")
    client.force_login(curator_b)
    assert "Секрет школы А" not in client.get(reverse("surveys:reflection_results")).content.decode()
    client.force_login(teacher_user)
    assert client.get(reverse("surveys:reflection_results")).status_code == 403
    client.force_login(director_a)
    assert "Секрет школы А" in client.get(reverse("surveys:reflection_results")).content.decode()


def test_overview_of_a_year_leaves_out_pairs_of_other_years(school_a):
    from apps.core.dates import SchoolYear

    this_year = completed_this_year(school_a)
    old = make_active_pair(school=school_a, started_on=this_school_year(10, 1, years=-2), months=6)
    old = pair_end(pair=old, status=PairStatus.COMPLETED, ended_on=this_school_year(4, 1, years=-2))
    rows = reflection_overview(school=school_a, year=SchoolYear.of(this_school_year(12, 1)))
    assert [row["pair"].pk for row in rows] == [this_year.pk]
    assert old.pk in {row["pair"].pk for row in reflection_overview(school=school_a)}


def test_query_counts_are_pinned_and_do_not_grow_with_pairs(client, school_a, school_b, django_assert_max_num_queries):
    counts = []
    for school, pairs in ((school_a, 2), (school_b, 10)):
        for _ in range(pairs):
            pair = completed_this_year(school)
            reflect(pair, mentee_of(pair))
            reflect(pair, pair.mentor.teacher)
        client.force_login(UserFactory(school=school, is_staff=True, roles=[Role.CURATOR]))
        with django_assert_max_num_queries(12):
            assert client.get(reverse("surveys:reflection_results")).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("surveys:reflection_results"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_analytical_report_quotes_the_years_reflection(school_a):
    from apps.documents.tests.factories import pdf_text
    from apps.monitoring.documents import analytical_report_pdf

    pair = completed_this_year(school_a)
    without = " ".join(pdf_text(analytical_report_pdf(school=school_a, today=this_school_year(12, 1))).split())
    assert "Итоговая рефлексия: ответов участников наставнических пар (групп) пока нет." in without
    reflect(pair, mentee_of(pair), achieved="Провела открытый урок для района.")
    text = " ".join(pdf_text(analytical_report_pdf(school=school_a, today=this_school_year(12, 1))).split())
    assert "Итоговая рефлексия: ответили 1 из 2 участников наставнических пар (групп)." in text
    assert "Что удалось достичь за время работы пары (группы)?" in text
    assert "«Провела открытый урок для района.»" in text
    assert "«Больше встреч в первой четверти.»" in text
