"""The resource map: the school's published practices and its mentors' competences, offered to other schools
— on the curator's page, as PDF and on the public section; names only with the mentor's consent."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.accounts.roles import Role
from apps.catalogues.models import Competence
from apps.consents.models import ConsentKind, PublicCategory
from apps.consents.services import consent_give
from apps.documents.tests.factories import pdf_text
from apps.mentors.tests.factories import MentorFactory
from apps.practices.models import BestPractice
from apps.public.tests.data import publish_section
from apps.schools.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def competence(name):
    return Competence.objects.create(name=name)


def mentor(school, last_name, competences, *, consent=(), status="approved"):
    m = MentorFactory(teacher__school=school, teacher__last_name=last_name, status=status)
    m.competences.set(competences)
    if consent:
        consent_give(teacher=m.teacher, kind=ConsentKind.PERSONAL_DATA)
        consent_give(teacher=m.teacher, kind=ConsentKind.PUBLICATION, categories=list(consent))
    return m


@pytest.fixture
def map_school(school_a, school_b):
    inclusion, ict = competence("Инклюзивное образование"), competence("Цифровые технологии")
    mentor(school_a, "Белова", [inclusion, ict], consent=[PublicCategory.NAME, PublicCategory.COMPETENCES])
    mentor(school_a, "Чернова", [inclusion])  # no consent: counted, never named
    mentor(school_a, "Безкомпетенц", [ict], consent=[PublicCategory.NAME])  # name allowed, competences not
    mentor(school_a, "Кандидатова", [ict], consent=list(PublicCategory.values), status="candidate")  # not offered
    mentor(school_b, "Чужая", [inclusion], consent=list(PublicCategory.values))
    BestPractice.objects.create(school=school_a, title="Клуб молодого педагога", is_published=True, authors="Белова М.П.")
    BestPractice.objects.create(school=school_a, title="Черновик практики", is_published=False)
    BestPractice.objects.create(school=school_b, title="Практика школы Б", is_published=True)
    return school_a


def test_strangers_are_refused(client, teacher_user, curator_b, map_school):
    assert client.get(reverse("practices:resource_map")).status_code == 302  # anonymous: to the login page
    client.force_login(teacher_user)
    assert client.get(reverse("practices:resource_map")).status_code == 403
    assert client.get(reverse("practices:resource_map_pdf")).status_code == 403
    client.force_login(curator_b)
    text = client.get(reverse("practices:resource_map")).content.decode()
    assert "Клуб молодого педагога" not in text and "Белова" not in text


def test_curator_page_counts_everybody_and_names_only_who_agreed(client, curator_a, map_school, django_assert_max_num_queries):
    client.force_login(curator_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("practices:resource_map"))
    text = response.content.decode()
    assert "Клуб молодого педагога" in text and "Черновик практики" not in text and "Практика школы Б" not in text
    assert "Не опубликовано практик: 1" in text
    assert "Утверждённых наставников в банке: 3." in text
    rows = {c["name"]: c for c in response.context["competences"]}
    assert rows["Инклюзивное образование"]["mentors"] == 2
    assert [n.split()[0] for n in rows["Инклюзивное образование"]["named"]] == ["Белова"]
    assert rows["Цифровые технологии"]["mentors"] == 2
    assert [n.split()[0] for n in rows["Цифровые технологии"]["named"]] == ["Белова"]
    for hidden in ("Чернова", "Безкомпетенц", "Кандидатова", "Чужая"):
        assert hidden not in text
    assert reverse("practices:resource_map") in client.get(reverse("surveys:results")).content.decode()  # the menu


def test_query_count_does_not_grow_with_mentors(client, school_a, school_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for school, n in ((school_a, 2), (school_b, 12)):
        skills = [competence(f"Компетенция {school.pk}-{i}") for i in range(3)]
        for i in range(n):
            mentor(school, f"Наставник{i}", skills, consent=[PublicCategory.NAME, PublicCategory.COMPETENCES])
        client.force_login(UserFactory(school=school, is_staff=True, roles=[Role.CURATOR]))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("practices:resource_map"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_pdf_is_a_document_of_the_school(client, curator_a, map_school):
    client.force_login(curator_a)
    response = client.get(reverse("practices:resource_map_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Ресурсная карта наставничества" in text
    assert "Клуб молодого педагога" in text and "Черновик практики" not in text
    assert "Инклюзивное образование" in text and "Белова" in text
    assert "Чернова" not in text and "Безкомпетенц" not in text


def test_the_public_section_shows_the_map_and_its_pdf(client, map_school):
    publish_section(map_school)
    text = client.get(reverse("public:programmes", args=[map_school.slug])).content.decode()
    assert "Ресурсная карта: что мы предлагаем другим школам" in text
    assert "Инклюзивное образование" in text and "Белова" in text and "Чернова" not in text
    pdf = client.get(reverse("public:resource_map_file", args=[map_school.slug]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "Белова" in pdf_text(pdf.content)


def test_an_unpublished_section_has_no_public_map(client, map_school):
    assert client.get(reverse("public:resource_map_file", args=[map_school.slug])).status_code == 404
