"""The bank page of both kinds (mentors, mentees): access, figures, filters, the htmx table, query counts."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.catalogues.models import Competence, Request
from apps.consents.models import ConsentKind
from apps.consents.services import consent_give, consent_withdraw
from apps.core.tests.clock import this_school_year, years_ago
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import make_pair
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.services import invitation_create

pytestmark = pytest.mark.django_db
KINDS = ["mentors", "mentees"]
FACTORIES = {"mentors": MentorFactory, "mentees": MenteeFactory}


def url(kind, name="bank"):
    return reverse(f"{kind}:{name}")


def consented(kind, school, **kwargs):
    entry = FACTORIES[kind](teacher__school=school, **kwargs)
    consent_give(teacher=entry.teacher, kind=ConsentKind.PERSONAL_DATA)
    return entry


# --- both banks


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who, status", [("curator_a", 200), ("director_a", 200), ("teacher_user", 403)])
def test_who_may_open_the_bank(client, request, kind, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(kind)).status_code == status


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_visitor_goes_to_login(client, kind):
    assert client.get(url(kind))["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("kind", KINDS)
def test_curator_sees_only_their_schools_bank(client, curator_a, school_a, school_b, kind):
    own = consented(kind, school_a, teacher__last_name="Свояк")
    other = consented(kind, school_b, teacher__last_name="Чужак")
    client.force_login(curator_a)
    page = client.get(url(kind)).content.decode()
    assert own.teacher.full_name in page
    assert other.teacher.full_name not in page


@pytest.mark.parametrize("kind", KINDS)
def test_htmx_gets_only_the_table(client, curator_a, school_a, kind):
    consented(kind, school_a)
    client.force_login(curator_a)
    fragment = client.get(url(kind), {"q": ""}, headers={"HX-Request": "true"}).content.decode()
    assert "<table" in fragment and "<html" not in fragment


@pytest.mark.parametrize("kind", KINDS)
def test_withdrawn_consent_hides_the_teacher_and_the_curator_sees_it(client, curator_a, school_a, kind):
    entry = consented(kind, school_a, teacher__last_name="Отозвавшая")
    consent = entry.teacher.consents.get()
    consent_withdraw(consent=consent)
    client.force_login(curator_a)
    response = client.get(url(kind))
    assert entry not in list(response.context["entries"])
    assert response.context["figures"]["total"] == 0
    assert "отозвал(а) согласие" in response.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_export_downloads_the_bank_as_xlsx(client, curator_a, school_a, kind):
    entry = consented(kind, school_a)
    client.force_login(curator_a)
    response = client.get(url(kind, "export"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == entry.teacher.full_name


def mentors_small(school):
    for _ in range(3):
        mentor = consented("mentors", school)
    make_pair(mentor=mentor, school=school)  # so both runs prefetch the pairs' members


def mentors_large(school):
    for _ in range(30):
        mentor = consented("mentors", school)
        mentor.competences.add(*Competence.objects.filter(school=None)[:2])
        make_pair(mentor=mentor, school=school)


def fill_mentees(school, n):
    for _ in range(n):
        mentee = consented("mentees", school)
        mentee.requests.add(*Request.objects.filter(school=None)[:2])


def mentees_small(school):
    fill_mentees(school, 3)
    make_pair(mentees=[consented("mentees", school)], school=school)  # both runs prefetch a mentor


def mentees_large(school):
    fill_mentees(school, 30)
    for _ in range(5):
        make_pair(mentees=[consented("mentees", school)], school=school)


@pytest.mark.parametrize(
    "kind, small_bank, large_bank, most",
    [("mentors", mentors_small, mentors_large, 16), ("mentees", mentees_small, mentees_large, 14)],
    ids=KINDS,
)
def test_query_count_does_not_grow_with_the_bank(
    client, curator_a, school_a, django_assert_max_num_queries, kind, small_bank, large_bank, most
):
    client.force_login(curator_a)
    small_bank(school_a)
    with django_assert_max_num_queries(most) as small:
        client.get(url(kind))
    large_bank(school_a)  # ten times the data
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url(kind))


# --- the mentor bank: load and free places


def test_load_free_places_and_filters(client, curator_a, school_a, school_b):
    ict = Competence.objects.get(name="Цифровые технологии и ИКТ в обучении")
    busy = consented("mentors", school_a, capacity=1, teacher__last_name="Занятая")
    make_pair(mentor=busy, school=school_a)
    free = consented("mentors", school_a, capacity=2, teacher__last_name="Свободная")
    free.competences.add(ict)
    consented("mentors", school_b, teacher__last_name="Чужая")
    client.force_login(curator_a)
    response = client.get(url("mentors"))
    assert [m.teacher.last_name for m in response.context["entries"]] == ["Занятая", "Свободная"]
    assert response.context["figures"]["free_places"] == 2
    assert "1 из 1" in response.content.decode()
    assert list(client.get(url("mentors"), {"free_only": "on"}).context["entries"]) == [free]
    assert list(client.get(url("mentors"), {"competence": ict.pk}).context["entries"]) == [free]


def test_load_is_not_multiplied_by_a_competence_filter(client, curator_a, school_a):
    mentor = consented("mentors", school_a, capacity=2)
    mentor.competences.add(*Competence.objects.filter(school=None)[:3])
    make_pair(mentor=mentor, school=school_a)
    client.force_login(curator_a)
    shown = client.get(url("mentors"), {"competence": mentor.competences.first().pk}).context["entries"]
    assert [m.load for m in shown] == [1]


def test_invited_mentor_but_not_answered(client, curator_a, school_a):
    teacher = TeacherFactory(school=school_a, last_name="Молчунов")
    invitation_create(teacher=teacher, kind="mentor")
    client.force_login(curator_a)
    assert [t.last_name for t in client.get(url("mentors")).context["not_answered"]] == ["Молчунов"]


# --- the mentee bank: young specialists, requests


def test_counts_and_the_young_specialist_control_figure(client, curator_a, school_a):
    consented("mentees", school_a)  # young by the factory's dates
    paired = consented("mentees", school_a)
    make_pair(mentees=[paired], school=school_a)
    TeacherFactory(school=school_a, birth_date=years_ago(25, 1, 1), teaching_since=this_school_year(9, 1, years=-1))  # young, not in the bank
    client.force_login(curator_a)
    response = client.get(url("mentees"))
    figures = response.context["figures"]
    assert figures["total"] == 2
    assert dict((v, n) for _, n, v in figures["by_status"]) == {"waiting": 1, "paired": 1, "completed": 0}
    assert (figures["young_in_bank"], figures["young_total"], figures["young_percent"]) == (2, 3, 67)
    assert "2 из 3 (67 %)" in response.content.decode()


def test_filters_by_request_status_and_name(client, curator_a, school_a):
    discipline = Request.objects.get(name="Поддержание дисциплины на уроке")
    first = consented("mentees", school_a, teacher__last_name="Белых")
    first.requests.add(discipline)
    second = consented("mentees", school_a, teacher__last_name="Гоголь")
    client.force_login(curator_a)
    shown = list(client.get(url("mentees"), {"request": discipline.pk}).context["entries"])
    assert shown == [first]
    assert list(client.get(url("mentees"), {"q": "гогол"}).context["entries"]) == [second]
    assert list(client.get(url("mentees"), {"status": "paired"}).context["entries"]) == []


def test_who_has_not_answered_the_mentee_request_yet(client, curator_a, school_a):
    young_absent = TeacherFactory(school=school_a, last_name="Неответившая", birth_date=years_ago(25, 1, 1), teaching_since=this_school_year(9, 1, years=-1))
    invited = TeacherFactory(school=school_a, last_name="Приглашённый")
    invitation_create(teacher=invited, kind="mentee_request")
    client.force_login(curator_a)
    page = client.get(url("mentees")).content.decode()
    waiting = [t.last_name for t in client.get(url("mentees")).context["not_answered"]]
    assert waiting == ["Неответившая", "Приглашённый"]
    assert "не отправлялась" in page
    assert young_absent.full_name in page
