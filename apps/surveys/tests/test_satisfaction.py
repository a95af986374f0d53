"""Satisfaction questionnaires go by a personal link tied to a pair, and only store the answers."""

import pytest
from django.core.exceptions import ValidationError

from apps.mentors.models import Mentor
from apps.pairs.tests.factories import make_pair
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.models import Response

from .factories import give_personal_data_consent, link_of, make_invitation

pytestmark = pytest.mark.django_db


def satisfaction_answers(**overrides):
    data = {code: "8" for code in ("programme_useful", "communication", "meetings_useful", "plan_done", "expectations_met", "mentee_progress")}
    data.update({"continue": "yes", "most_useful": "Совместные уроки", "improve": ""})
    data.update(overrides)
    return data


def test_a_mentor_rates_the_pair_by_link(client, school_a):
    pair = make_pair(school=school_a)
    teacher = pair.mentor.teacher
    give_personal_data_consent(teacher)
    mentor_before = Mentor.objects.values().get(pk=pair.mentor.pk)
    url = link_of(make_invitation(teacher, "mentor_satisfaction", pair=pair))
    assert "Анкета удовлетворённости наставника" in client.get(url).content.decode()
    assert client.post(url, satisfaction_answers()).status_code == 302
    response = Response.objects.get()
    assert response.pair == pair
    assert response.answers["plan_done"]["value"] == 8
    assert response.answers["continue"]["value"] is True
    assert Mentor.objects.values().get(pk=pair.mentor.pk) == mentor_before  # the banks are untouched


def test_satisfaction_links_need_a_pair_the_teacher_is_in(school_a):
    pair = make_pair(school=school_a)
    with pytest.raises(ValidationError, match="конкретной пары"):
        make_invitation(pair.mentor.teacher, "mentor_satisfaction")
    with pytest.raises(ValidationError, match="не участвует"):
        make_invitation(TeacherFactory(school=school_a), "mentee_satisfaction", pair=pair)
    with pytest.raises(ValidationError, match="не относится к конкретной паре"):
        make_invitation(pair.mentor.teacher, "mentor", pair=pair)


def test_the_questionnaire_page_runs_few_queries(client, school_a, django_assert_max_num_queries):
    teacher = TeacherFactory(school=school_a)
    give_personal_data_consent(teacher)
    url = link_of(make_invitation(teacher))
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
