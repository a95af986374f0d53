"""Registration targets (seed 002, 6.2–6.3): the coordinator sets them, the school's curator enters how many
are registered, and /rayon/ shows each school against the target."""

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.core.tests.clock import freeze_today, school_year_start
from apps.schools.tests.factories import SchoolFactory, TeacherFactory, UserFactory

from ..models import RegistrationTarget, SchoolRegistration, TargetGroup
from .data import TODAY, build_district

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(school_a, monkeypatch):
    freeze_today(monkeypatch, TODAY)
    return build_district(school_a)


def test_a_bad_target_gets_russian_errors_and_the_plan_adds_three(client, district):
    client.force_login(district.coordinator)
    url = reverse("rayon_konkurs:targets")
    response = client.post(url, {"add_target": "1", "channel": "", "group": "curators", "percent": "150"})
    assert response.status_code == 200
    errors = response.context["target_form"].errors
    assert errors == {"channel": ["Заполните это поле."], "percent": ["Цель — от 1 до 100 %."]}
    assert not RegistrationTarget.objects.exists()

    client.post(url, {"from_plan": "1"})
    client.post(url, {"from_plan": "1"})  # a second time adds nothing
    targets = RegistrationTarget.objects.filter(municipality=district.municipality, year_start=school_year_start())
    assert sorted((t.group, t.percent) for t in targets) == [("curators", 100), ("mentors", 100), ("teachers", 10)]
    response = client.post(url, {"add_target": "1", "channel": "Региональная группа «Наставничество» в Telegram", "group": "curators", "percent": "100"})
    assert response.context["target_form"].non_field_errors() == ["Такая цель на этот учебный год уже есть."]


def test_the_curator_enters_the_schools_figures_and_rayon_compares_them(client, district, django_assert_max_num_queries):
    client.force_login(district.coordinator)
    client.post(reverse("rayon_konkurs:targets"), {"from_plan": "1"})
    curators = RegistrationTarget.objects.get(group=TargetGroup.CURATORS)
    teachers = RegistrationTarget.objects.get(group=TargetGroup.TEACHERS)
    for _ in range(8):
        TeacherFactory(school=district.school)

    client.force_login(district.curator)
    url = reverse("registraciya:school")
    bad = client.post(url, {"save_registrations": "1", f"reg-r_{district.school.pk}_{curators.pk}": "2"})
    assert bad.status_code == 200
    assert bad.context["form"].errors[f"r_{district.school.pk}_{curators.pk}"] == ["Куратор в школе один: 0 или 1."]
    own = {"save_registrations": "1", f"reg-r_{district.school.pk}_{curators.pk}": "1", f"reg-r_{district.school.pk}_{teachers.pk}": "1"}
    # The curator's page has only their own school: another school's field is ignored.
    response = client.post(url, {**own, f"reg-r_{district.neighbour.pk}_{curators.pk}": "1"})
    assert response.status_code == 302
    assert SchoolRegistration.objects.filter(school=district.school).count() == 2
    assert not SchoolRegistration.objects.filter(school=district.neighbour).exists()

    client.force_login(district.coordinator)
    with django_assert_max_num_queries(45):
        page = client.get(reverse("district:monitoring")).content.decode()
    section = page[page.index('id="registration-targets"'):]
    teachers_here = district.school.teachers.filter(is_employed=True).count()
    assert f"1 из {teachers_here}" in section  # teachers: below 10 %, marked
    assert "1 из 1 (100 %)" in section  # the curator
    assert "нет сведений" in section  # the neighbour entered nothing


def test_who_may_enter_what(client, district, school_b, teacher_user, director_a):
    client.force_login(teacher_user)
    assert client.get(reverse("registraciya:school")).status_code == 403
    client.force_login(director_a)  # reads the school's figures, enters none
    assert client.get(reverse("registraciya:school")).status_code == 200
    assert client.post(reverse("registraciya:school"), {"save_registrations": "1"}).status_code == 403
    client.force_login(district.curator)
    assert client.get(reverse("rayon_konkurs:targets")).status_code == 403
    other = UserFactory(username="coordinator-b", is_staff=True, municipality=school_b.municipality, roles=[Role.COORDINATOR])
    client.force_login(district.coordinator)
    client.post(reverse("rayon_konkurs:targets"), {"from_plan": "1"})
    target = RegistrationTarget.objects.first()
    client.force_login(other)
    # Another district's coordinator sees none of it and cannot delete it.
    assert client.post(reverse("rayon_konkurs:targets"), {"delete_target": target.pk}).status_code == 404
    assert RegistrationTarget.objects.filter(pk=target.pk).exists()
    SchoolFactory(municipality=school_b.municipality)
    page = client.get(reverse("rayon_konkurs:targets")).content.decode()
    assert district.school.short_name not in page
