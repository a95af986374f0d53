"""The district's public page: contest winners (names only with consent), the electronic collection of
the schools' published practices (also one PDF), the embed rule, and what it must not show."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from apps.consents.models import ConsentKind, PublicCategory
from apps.consents.services import consent_give
from apps.core.tests.clock import freeze_today
from apps.municipal.services import application_submit, contest_jury_set, contest_results_publish, district_page_save, scores_save
from apps.municipal.tests.data import TODAY, build_district, make_contest
from apps.practices.models import BestPractice
from apps.schools.tests.factories import SchoolFactory

from .data import publish_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The collection's kept PDF goes to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def district(school_a, monkeypatch):
    freeze_today(monkeypatch, TODAY)
    district = build_district(school_a)
    district_page_save(
        municipality=district.municipality, slug="nevsky", intro="Наставничество в Невском районе.",
        embed_origins="https://edu.nevsky.example",
    )
    return district


def finished_contest(district):
    """Both schools applied in one nomination; the coordinator scored; A first, A-2 second."""
    contest = make_contest(district.municipality)
    nomination = contest.nominations.first()
    a = application_submit(contest=contest, by=district.curator, nomination=nomination, pair=district.pair, title="Команда А", description="…")
    b = application_submit(
        contest=contest, by=district.neighbour_curator, nomination=nomination, pair=district.neighbour_pair, title="Команда А-2", description="…"
    )
    contest_jury_set(contest=contest, by=district.coordinator, members=[district.coordinator])
    values = {}
    for criterion in contest.criteria.all():
        values[(a.pk, criterion.pk)] = 9
        values[(b.pk, criterion.pk)] = 5
    scores_save(contest=contest, juror=district.coordinator, values=values)
    contest_results_publish(contest=contest, by=district.coordinator)
    return contest


def test_an_unknown_district_is_404(client, district):
    assert client.get("/nastavnichestvo/rayon/nowhere/").status_code == 404
    assert client.get("/nastavnichestvo/rayon/nowhere/sbornik.pdf").status_code == 404


def test_results_appear_only_once_published_and_names_only_with_consent(client, district, django_assert_max_num_queries):
    url = reverse("public:district", args=["nevsky"])
    assert url == "/nastavnichestvo/rayon/nevsky/"
    contest = make_contest(district.municipality, title="Неподведённый конкурс")
    assert "Неподведённый конкурс" not in client.get(url).content.decode()
    assert contest

    finished_contest(district)
    mentor = district.pair.mentor.teacher
    consent_give(teacher=mentor, kind=ConsentKind.PERSONAL_DATA)
    consent_give(teacher=mentor, kind=ConsentKind.PUBLICATION, categories=[PublicCategory.NAME])
    with django_assert_max_num_queries(10):  # 8 + the district's events and their materials
        response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Команда А»" in text and "1 место" in text and "Команда А-2" in text and "2 место" in text
    assert mentor.short_name in text  # consented
    mentee = district.pair.memberships.get().mentee.teacher
    assert mentee.short_name not in text  # no consent to dissemination: no name
    assert district.neighbour_pair.mentor.teacher.short_name not in text
    # Embedded only on the listed site.
    assert "frame-ancestors 'self' https://edu.nevsky.example" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response


def test_the_collection_lists_published_practices_of_public_sections_only(client, district):
    publish_section(district.school)
    BestPractice.objects.create(school=district.school, title="Адаптация молодого учителя", description="Первый абзац.\nВторой абзац.", is_published=True, authors="Орлова Г.В.")
    BestPractice.objects.create(school=district.school, title="Черновая практика", is_published=False)
    BestPractice.objects.create(school=district.neighbour, title="Практика закрытой школы", is_published=True)  # section unpublished
    other = SchoolFactory(slug="elsewhere")  # another district
    publish_section(other)
    BestPractice.objects.create(school=other, title="Практика чужого района", is_published=True)

    text = client.get("/nastavnichestvo/rayon/nevsky/").content.decode()
    assert "Адаптация молодого учителя" in text
    for hidden in ("Черновая практика", "Практика закрытой школы", "Практика чужого района"):
        assert hidden not in text

    response = client.get("/nastavnichestvo/rayon/nevsky/sbornik.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    flat = " ".join(pdf.split())
    assert "«Наставничество – путь от цели к результату»" in flat
    assert "Адаптация молодого учителя" in flat and "авторы: Орлова Г.В." in flat
    assert district.school.full_name in flat
    assert "Черновая практика" not in flat and "Практика чужого района" not in flat


def test_the_coordinator_sets_the_address_and_bad_input_gets_russian_errors(client, district):
    client.force_login(district.coordinator)
    url = reverse("rayon_konkurs:district_page")
    response = client.post(url, {"slug": "невский", "intro": "", "embed_origins": "ftp://bad"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["slug"] == ["Только латинские буквы, цифры и дефис, как в адресе /nastavnichestvo/rayon/nevsky/."]
    response = client.post(url, {"slug": "nevsky-2", "intro": "", "embed_origins": "ftp://bad"})
    assert "не адрес сайта" in response.context["form"].errors["embed_origins"][0]
    taken = SchoolFactory(slug="x").municipality  # another district holds the address
    response = client.post(url, {"slug": taken.slug, "intro": "", "embed_origins": ""})
    assert response.context["form"].errors["slug"] == ["Этот адрес уже занят другим муниципалитетом."]
    assert client.post(url, {"slug": "nevsky-2", "intro": "Текст", "embed_origins": ""}).status_code == 302
    district.municipality.refresh_from_db()
    assert district.municipality.slug == "nevsky-2"
    client.force_login(district.curator)
    assert client.get(url).status_code == 403
