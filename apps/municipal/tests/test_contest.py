"""The contest through its real pages: the coordinator sets it up and names the jury, curators of two
schools apply, the jury scores, the coordinator publishes the results; who is refused where."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.roles import Role
from apps.core.tests.clock import freeze_today, this_school_year
from apps.schools.tests.factories import UserFactory

from ..models import Application, Contest, Score
from .data import LATE, TODAY, build_district, make_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(school_a, monkeypatch):
    freeze_today(monkeypatch, TODAY)
    return build_district(school_a)


def contest_post(**overrides):
    data = {
        "title": "НАСТАВНИК + НАСТАВЛЯЕМЫЙ = КОМАНДА",
        "year_start": str(TODAY.year if TODAY.month >= 9 else TODAY.year - 1),
        "description": "Командный конкурс",
        "applications_from": this_school_year(11, 1).isoformat(),
        "applications_until": this_school_year(12, 20).isoformat(),
        "results_on": this_school_year(12, 25).isoformat(),
        "nominations": "Лучшая наставническая пара\nЛучшая практика",
        "criteria": "Результативность\nОригинальность",
    }
    data.update(overrides)
    return data


def test_the_coordinator_gets_field_errors_in_russian_for_a_bad_contest(client, district):
    client.force_login(district.coordinator)
    response = client.post(
        reverse("rayon_konkurs:create"),
        contest_post(applications_until=this_school_year(10, 1).isoformat(), nominations="", year_start="двадцать"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["nominations"] == ["Укажите хотя бы одну номинацию."]
    assert errors["year_start"] == ["Введите год числом, например 2026."]
    assert not Contest.objects.exists()

    response = client.post(reverse("rayon_konkurs:create"), contest_post(applications_until=this_school_year(10, 1).isoformat()))
    assert response.context["form"].errors["applications_until"] == ["Приём заявок не может закончиться раньше, чем начался."]
    assert not Contest.objects.exists()


def test_the_coordinator_creates_a_contest(client, district):
    client.force_login(district.coordinator)
    response = client.post(reverse("rayon_konkurs:create"), contest_post())
    contest = Contest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("rayon_konkurs:detail", args=[contest.pk])
    assert contest.municipality == district.municipality
    assert list(contest.nominations.values_list("name", flat=True)) == ["Лучшая наставническая пара", "Лучшая практика"]
    assert list(contest.criteria.values_list("name", flat=True)) == ["Результативность", "Оригинальность"]


def test_only_the_districts_coordinator_reaches_its_contest_pages(client, district, school_b):
    contest = make_contest(district.municipality)
    urls = [reverse("rayon_konkurs:list"), reverse("rayon_konkurs:create"), reverse("rayon_konkurs:detail", args=[contest.pk])]
    client.force_login(district.curator)
    for url in urls:
        assert client.get(url).status_code == 403
    client.force_login(UserFactory(username="coordinator-b", is_staff=True, municipality=school_b.municipality, roles=[Role.COORDINATOR]))
    assert client.get(urls[0]).status_code == 200
    assert contest.title not in client.get(urls[0]).content.decode()
    assert client.get(urls[2]).status_code == 404
    assert client.post(reverse("rayon_konkurs:publish", args=[contest.pk])).status_code == 404
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_a_curator_applies_with_a_pair_of_their_own_school_only(client, district):
    contest = make_contest(district.municipality)
    nomination = contest.nominations.first()
    client.force_login(district.curator)
    url = reverse("konkurs:apply", args=[contest.pk])
    response = client.post(url, {"nomination": nomination.pk, "pair": district.neighbour_pair.pk, "title": "Чужая", "description": "—"})
    assert response.status_code == 200
    assert "pair" in response.context["form"].errors  # not a choice: another school's pair
    response = client.post(url, {"nomination": nomination.pk, "pair": district.pair.pk, "title": "", "description": ""})
    assert response.context["form"].errors["title"] == ["Заполните это поле."]
    response = client.post(
        url,
        {"nomination": nomination.pk, "pair": district.pair.pk, "title": "Команда", "description": "Описание",
         "materials": _upload(b"not a pdf")},
    )
    assert response.context["form"].errors["materials"] == ["Это не файл PDF. Сохраните материалы в PDF и загрузите снова."]
    assert not Application.objects.exists()
    response = client.post(
        url,
        {"nomination": nomination.pk, "pair": district.pair.pk, "title": "Команда", "description": "Описание",
         "materials": _upload(b"%PDF-1.4 materials")},
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.school == district.school and application.submitted_by == district.curator


def test_no_application_outside_the_window(client, district, monkeypatch):
    contest = make_contest(district.municipality)
    freeze_today(monkeypatch, LATE)
    client.force_login(district.curator)
    response = client.post(
        reverse("konkurs:apply", args=[contest.pk]),
        {"nomination": contest.nominations.first().pk, "pair": district.pair.pk, "title": "Поздно", "description": "—"},
    )
    assert response.status_code == 200
    expected = f"Заявки принимаются с {contest.applications_from:%d.%m.%Y} по {contest.applications_until:%d.%m.%Y}."
    assert expected in response.context["form"].non_field_errors()
    assert not Application.objects.exists()


def test_a_teacher_and_a_curator_of_another_district_are_refused(client, district, teacher_user, school_b):
    contest = make_contest(district.municipality)
    client.force_login(teacher_user)
    assert client.get(reverse("konkurs:list")).status_code == 403
    stranger = UserFactory(username="curator-b", school=school_b, is_staff=True, roles=[Role.CURATOR])
    client.force_login(stranger)
    assert contest.title not in client.get(reverse("konkurs:list")).content.decode()
    assert client.get(reverse("konkurs:apply", args=[contest.pk])).status_code == 404
    assert client.get(reverse("konkurs:scoring", args=[contest.pk])).status_code == 404


def _upload(content: bytes):
    return SimpleUploadedFile("materials.pdf", content, content_type="application/pdf")


def _apply(client, district, contest):
    nomination = contest.nominations.first()
    for curator, pair, title in ((district.curator, district.pair, "Команда А"), (district.neighbour_curator, district.neighbour_pair, "Команда А-2")):
        client.force_login(curator)
        client.post(reverse("konkurs:apply", args=[contest.pk]), {"nomination": nomination.pk, "pair": pair.pk, "title": title, "description": "Работа"})
    return {a.title: a for a in Application.objects.all()}


def test_the_jury_scores_and_the_coordinator_publishes_places(client, district, django_assert_max_num_queries):
    contest = make_contest(district.municipality)
    applications = _apply(client, district, contest)
    assert len(applications) == 2
    juror = district.neighbour_curator
    client.force_login(district.coordinator)
    client.post(reverse("rayon_konkurs:detail", args=[contest.pk]), {"jury": [juror.pk, district.coordinator.pk]})
    assert set(contest.jury.all()) == {juror, district.coordinator}

    # Publishing before every score is in is refused with who is missing.
    response = client.post(reverse("rayon_konkurs:publish", args=[contest.pk]), follow=True)
    text = response.content.decode()
    assert "Не все члены жюри оценили все заявки." in text and "не поставлено оценок — 4" in text
    contest.refresh_from_db()
    assert not contest.has_results

    criteria = list(contest.criteria.all())
    a, b = applications["Команда А"], applications["Команда А-2"]
    for user, points in ((juror, {a: 9, b: 6}), (district.coordinator, {a: 8, b: 7})):
        client.force_login(user)
        url = reverse("konkurs:scoring", args=[contest.pk])
        bad = client.post(url, {f"s_{a.pk}_{criteria[0].pk}": "11"})
        assert bad.status_code == 200 and bad.context["form"].errors[f"s_{a.pk}_{criteria[0].pk}"] == ["Балл не больше 10."]
        data = {f"s_{app.pk}_{c.pk}": str(value) for app, value in points.items() for c in criteria}
        assert client.post(url, data).status_code == 302
    assert Score.objects.count() == 8

    client.force_login(district.coordinator)
    client.post(reverse("rayon_konkurs:publish", args=[contest.pk]))
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.total, a.place, b.total, b.place) == (34, 1, 26, 2)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("rayon_konkurs:detail", args=[contest.pk]))
    assert page.status_code == 200

    # After the results nothing changes any more.
    client.force_login(juror)
    response = client.post(reverse("konkurs:scoring", args=[contest.pk]), {f"s_{a.pk}_{criteria[0].pk}": "0"})
    assert "Итоги конкурса опубликованы: изменить их уже нельзя." in response.content.decode()


def test_a_user_outside_the_jury_cannot_score(client, district):
    contest = make_contest(district.municipality)
    client.force_login(district.curator)
    assert client.get(reverse("konkurs:scoring", args=[contest.pk])).status_code == 403


def test_the_jury_is_chosen_among_the_districts_people(client, district, school_b):
    contest = make_contest(district.municipality)
    stranger = UserFactory(username="curator-b", school=school_b, is_staff=True, roles=[Role.CURATOR])
    client.force_login(district.coordinator)
    response = client.post(reverse("rayon_konkurs:detail", args=[contest.pk]), {"jury": [stranger.pk]})
    assert response.status_code == 200 and "jury" in response.context["jury_form"].errors
    assert not contest.jury.exists()


def test_the_school_page_lists_the_contest_with_its_applications(client, district, django_assert_max_num_queries):
    contest = make_contest(district.municipality)
    _apply(client, district, contest)
    client.force_login(district.curator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("konkurs:list"))
    text = response.content.decode()
    assert "Команда А" in text and "Команда А-2" not in text  # the neighbour's application is not ours
    assert reverse("konkurs:apply", args=[contest.pk]) in text
