import pytest
from django.urls import reverse

from apps.catalogues.models import Competence
from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import make_pair
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.services import invitation_create

pytestmark = pytest.mark.django_db
URL = reverse("mentors:bank")


def consented_mentor(school, **kwargs):
    mentor = MentorFactory(teacher__school=school, **kwargs)
    consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)
    return mentor


@pytest.mark.parametrize("who, status", [("curator_a", 200), ("director_a", 200), ("teacher_user", 403)])
def test_who_may_open_the_bank(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == status


def test_load_free_places_and_filters(client, curator_a, school_a, school_b):
    ict = Competence.objects.get(name="Цифровые технологии и ИКТ в обучении")
    busy = consented_mentor(school_a, capacity=1, teacher__last_name="Занятая")
    make_pair(mentor=busy, school=school_a)
    free = consented_mentor(school_a, capacity=2, teacher__last_name="Свободная")
    free.competences.add(ict)
    consented_mentor(school_b, teacher__last_name="Чужая")
    client.force_login(curator_a)
    response = client.get(URL)
    assert [m.teacher.last_name for m in response.context["mentors"]] == ["Занятая", "Свободная"]
    assert response.context["figures"]["free_places"] == 2
    assert "1 из 1" in response.content.decode()
    assert list(client.get(URL, {"free_only": "on"}).context["mentors"]) == [free]
    assert list(client.get(URL, {"competence": ict.pk}).context["mentors"]) == [free]


def test_load_is_not_multiplied_by_a_competence_filter(client, curator_a, school_a):
    mentor = consented_mentor(school_a, capacity=2)
    mentor.competences.add(*Competence.objects.filter(school=None)[:3])
    make_pair(mentor=mentor, school=school_a)
    client.force_login(curator_a)
    shown = client.get(URL, {"competence": mentor.competences.first().pk}).context["mentors"]
    assert [m.load for m in shown] == [1]


def test_invited_but_not_answered(client, curator_a, school_a):
    teacher = TeacherFactory(school=school_a, last_name="Молчунов")
    invitation_create(teacher=teacher, kind="mentor")
    client.force_login(curator_a)
    assert [t.last_name for t in client.get(URL).context["not_answered"]] == ["Молчунов"]


def test_query_count_does_not_grow_with_the_bank(client, curator_a, school_a, django_assert_max_num_queries):
    client.force_login(curator_a)
    for _ in range(3):
        mentor = consented_mentor(school_a)
    make_pair(mentor=mentor, school=school_a)  # so both runs prefetch the pairs' members
    with django_assert_max_num_queries(16) as small:
        client.get(URL)
    for _ in range(30):
        mentor = consented_mentor(school_a)
        mentor.competences.add(*Competence.objects.filter(school=None)[:2])
        make_pair(mentor=mentor, school=school_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL)
