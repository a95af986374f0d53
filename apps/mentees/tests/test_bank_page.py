import pytest
from django.urls import reverse

from apps.catalogues.models import Request
from apps.consents.models import ConsentKind
from apps.consents.services import consent_give, consent_withdraw
from apps.core.tests.clock import this_school_year, years_ago
from apps.mentees.tests.factories import MenteeFactory
from apps.pairs.tests.factories import make_pair
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.services import invitation_create

pytestmark = pytest.mark.django_db
URL = reverse("mentees:bank")


def consented_mentee(school, **kwargs):
    mentee = MenteeFactory(teacher__school=school, **kwargs)
    consent_give(teacher=mentee.teacher, kind=ConsentKind.PERSONAL_DATA)
    return mentee


@pytest.mark.parametrize("who, status", [("curator_a", 200), ("director_a", 200), ("teacher_user", 403)])
def test_who_may_open_the_bank(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == status


def test_anonymous_visitor_goes_to_login(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_curator_sees_only_their_schools_bank(client, curator_a, school_a, school_b):
    own = consented_mentee(school_a, teacher__last_name="Свояк")
    other = consented_mentee(school_b, teacher__last_name="Чужак")
    client.force_login(curator_a)
    page = client.get(URL).content.decode()
    assert own.teacher.full_name in page
    assert other.teacher.full_name not in page


def test_counts_and_the_young_specialist_control_figure(client, curator_a, school_a):
    consented_mentee(school_a)  # young by the factory's dates
    paired = consented_mentee(school_a)
    make_pair(mentees=[paired], school=school_a)
    TeacherFactory(school=school_a, birth_date=years_ago(25, 1, 1), teaching_since=this_school_year(9, 1, years=-1))  # young, not in the bank
    client.force_login(curator_a)
    response = client.get(URL)
    figures = response.context["figures"]
    assert figures["total"] == 2
    assert dict((v, n) for _, n, v in figures["by_status"]) == {"waiting": 1, "paired": 1, "completed": 0}
    assert (figures["young_in_bank"], figures["young_total"], figures["young_percent"]) == (2, 3, 67)
    assert "2 из 3 (67 %)" in response.content.decode()


def test_filters_by_request_status_and_name(client, curator_a, school_a):
    discipline = Request.objects.get(name="Поддержание дисциплины на уроке")
    first = consented_mentee(school_a, teacher__last_name="Белых")
    first.requests.add(discipline)
    second = consented_mentee(school_a, teacher__last_name="Гоголь")
    client.force_login(curator_a)
    shown = list(client.get(URL, {"request": discipline.pk}).context["mentees"])
    assert shown == [first]
    assert list(client.get(URL, {"q": "гогол"}).context["mentees"]) == [second]
    assert list(client.get(URL, {"status": "paired"}).context["mentees"]) == []


def test_htmx_gets_only_the_table(client, curator_a, school_a):
    consented_mentee(school_a)
    client.force_login(curator_a)
    fragment = client.get(URL, {"q": ""}, headers={"HX-Request": "true"}).content.decode()
    assert "<table" in fragment and "<html" not in fragment


def test_who_has_not_answered_yet(client, curator_a, school_a):
    young_absent = TeacherFactory(school=school_a, last_name="Неответившая", birth_date=years_ago(25, 1, 1), teaching_since=this_school_year(9, 1, years=-1))
    invited = TeacherFactory(school=school_a, last_name="Приглашённый")
    invitation_create(teacher=invited, kind="mentee_request")
    client.force_login(curator_a)
    page = client.get(URL).content.decode()
    waiting = [t.last_name for t in client.get(URL).context["not_answered"]]
    assert waiting == ["Неответившая", "Приглашённый"]
    assert "не отправлялась" in page
    assert young_absent.full_name in page


def test_withdrawn_consent_hides_the_teacher_and_the_curator_sees_it(client, curator_a, school_a):
    mentee = consented_mentee(school_a, teacher__last_name="Отозвавшая")
    consent = mentee.teacher.consents.get()
    consent_withdraw(consent=consent)
    client.force_login(curator_a)
    response = client.get(URL)
    assert mentee not in list(response.context["mentees"])
    assert response.context["figures"]["total"] == 0
    assert "отозвал(а) согласие" in response.content.decode()


def test_query_count_does_not_grow_with_the_bank(client, curator_a, school_a, django_assert_max_num_queries):
    client.force_login(curator_a)

    def fill(n):
        for _ in range(n):
            mentee = consented_mentee(school_a)
            mentee.requests.add(*Request.objects.filter(school=None)[:2])

    fill(3)
    make_pair(mentees=[consented_mentee(school_a)], school=school_a)  # both runs prefetch a mentor
    with django_assert_max_num_queries(14) as small:
        client.get(URL)
    fill(30)
    for _ in range(5):
        make_pair(mentees=[consented_mentee(school_a)], school=school_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL)


def test_export_downloads_the_bank_as_xlsx(client, curator_a, school_a):
    import io

    from openpyxl import load_workbook

    mentee = consented_mentee(school_a)
    client.force_login(curator_a)
    response = client.get(reverse("mentees:export"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == mentee.teacher.full_name
