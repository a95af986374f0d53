"""Who reaches the coordinator's pages, and that a coordinator sees one municipality and writes nothing."""

import pytest
from django.urls import reverse

from apps.jobs.models import Job
from apps.jobs.tests.worker import run_worker
from apps.mentors.models import Mentor
from apps.schools.models import Teacher

from .data import build_district, coordinator_of

pytestmark = pytest.mark.django_db

PAGES = [
    "district:monitoring",
    "district:mentors",
    "district:curators",
    "district:mentees",
    "district:monitoring_xlsx",
    "district:report_pdf",
    "district:requisites",
]


@pytest.fixture
def district(school_a, school_b):
    return build_district(school_a, school_b)


# Made by the worker (issue 18): the button leads to the job's page.
TO_JOB_PAGE = {"district:report_pdf"}


@pytest.mark.parametrize("page", PAGES)
def test_the_coordinator_of_a_reaches_every_page(client, district, page):
    client.force_login(coordinator_of(district.school_a.municipality))
    assert client.get(reverse(page)).status_code == (302 if page in TO_JOB_PAGE else 200)


def test_the_reports_job_is_the_coordinators_who_started_it_only(client, district, curator_a, teacher_user, django_assert_max_num_queries):
    """The job has no school: Job.created_by is the one who sees and downloads it; another coordinator (of
    this district too) gets 404, a school's curator 404, a teacher 403."""
    coordinator = coordinator_of(district.school_a.municipality)
    client.force_login(coordinator)
    with django_assert_max_num_queries(16):
        job_url = client.get(reverse("district:report_pdf"))["Location"]
    assert client.get(reverse("district:report_pdf"))["Location"] == job_url  # a second click while it is made
    job = Job.objects.get()
    assert job.school is None and job.created_by == coordinator
    page = client.get(job_url).content.decode()
    assert "Документ готовится…" in page and "Аналитическая справка муниципалитета" in page
    assert run_worker() == 1
    file_url = reverse("jobs:file", args=[job.pk])
    with django_assert_max_num_queries(8):
        page = client.get(job_url).content.decode()
    assert "Скачать PDF" in page
    assert client.get(file_url).status_code == 200
    assert job_url.removesuffix("/").rsplit("/", 1)[-1] in client.get(reverse("jobs:list")).content.decode()

    for other in (coordinator_of(district.school_a.municipality, "coordinator-a2"), coordinator_of(district.school_b.municipality, "coordinator-b"), curator_a):
        client.force_login(other)
        assert client.get(job_url).status_code == 404 and client.get(file_url).status_code == 404
    client.force_login(teacher_user)
    assert client.get(job_url).status_code == 403 and client.get(file_url).status_code == 403
    client.logout()
    assert client.get(file_url).status_code == 302


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["curator_a", "director_a", "teacher_user"])
def test_school_users_are_refused(client, district, page, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(page)).status_code == 403


def test_a_coordinator_without_municipality_is_refused(client, district):
    client.force_login(coordinator_of(None))
    assert client.get(reverse("district:monitoring")).status_code == 403


def test_anonymous_visitors_go_to_the_login_page(client, district):
    response = client.get(reverse("district:monitoring"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_coordinator_sees_both_schools_of_a_and_nothing_of_b(client, district):
    client.force_login(coordinator_of(district.school_a.municipality))
    monitoring = client.get(reverse("district:monitoring")).content.decode()
    assert 'data-school="school-a"' in monitoring and 'data-school="school-a2"' in monitoring
    assert "school-b" not in monitoring and "Школа Б" not in monitoring
    mentors = client.get(reverse("district:mentors")).content.decode()
    assert "Алмазова" in mentors and "Бирюзова" in mentors and "Чужакова" not in mentors
    mentees = client.get(reverse("district:mentees")).content.decode()
    assert "Молодцова" in mentees and "Чужая" not in mentees
    curators = client.get(reverse("district:curators")).content.decode()
    assert "Кураторова" in curators and "Школа Б" not in curators


def test_the_coordinator_of_b_sees_only_b(client, district):
    client.force_login(coordinator_of(district.school_b.municipality, "coordinator-b"))
    mentors = client.get(reverse("district:mentors")).content.decode()
    assert "Чужакова" in mentors and "Алмазова" not in mentors
    # a school of A in the filter is not a choice of B's coordinator: nothing of A comes back
    mentors = client.get(reverse("district:mentors"), {"school": district.school_a.pk}).content.decode()
    assert "Алмазова" not in mentors and "Выберите корректный вариант" in mentors


def test_the_coordinator_reads_the_admin_but_cannot_change_anything(client, district):
    client.force_login(coordinator_of(district.school_a.municipality))
    mine = Mentor.objects.get(teacher__last_name="Бирюзова")
    other = Mentor.objects.get(teacher__last_name="Чужакова")
    url = reverse("admin:mentors_mentor_change", args=[mine.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "archived", "capacity": 1}).status_code == 403
    mine.refresh_from_db()
    assert mine.status == "approved"
    assert client.get(reverse("admin:mentors_mentor_change", args=[other.pk])).status_code == 404
    teacher = Teacher.objects.get(last_name="Кураторова")
    assert client.post(reverse("admin:schools_teacher_change", args=[teacher.pk]), {"last_name": "Иная"}).status_code == 403
    assert client.post(reverse("admin:schools_school_change", args=[district.school_a2.pk]), {"short_name": "Иная"}).status_code == 403
    assert client.post(reverse("admin:mentors_mentor_add"), {}).status_code == 403
    assert client.post(reverse("admin:mentors_mentor_delete", args=[mine.pk]), {"post": "yes"}).status_code == 403
    assert Teacher.objects.filter(last_name="Кураторова").exists()
    changelist = client.get(reverse("admin:mentors_mentor_changelist")).content.decode()
    assert "Бирюзова" in changelist and "Чужакова" not in changelist


def test_the_admin_index_leads_the_coordinator_to_the_district_pages(client, district):
    client.force_login(coordinator_of(district.school_a.municipality))
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("district:monitoring") in page and reverse("mentees:bank") not in page
