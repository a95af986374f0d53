"""«Экспорт» on every list that has it: the file holds exactly the rows of the user's list (their school,
their municipality's schools for a coordinator), and its queries do not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.roles import Role
from apps.catalogues.models import Competence, MentoringKind, Request
from apps.consents.models import Consent
from apps.documents.models import Order
from apps.documents.services import order_create
from apps.mentees.models import Mentee
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.models import Mentor
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import Pair
from apps.pairs.tests.factories import give_pair_consents, make_pair
from apps.programmes.models import Activity, Programme
from apps.schools.models import Teacher
from apps.schools.tests.factories import SchoolFactory, TeacherFactory, UserFactory
from apps.schools.tests.list_export import FORMATS, column_fields, export_url, xlsx_table

pytestmark = pytest.mark.django_db

MODELS = [Teacher, Mentor, Mentee, Pair, Programme, Consent, Order]


def add_rows(model, school, n):
    """`n` records of `model` in `school`, each with what its columns read (competences, pairs, activities…)."""
    for _ in range(n):
        if model is Teacher:
            MentorFactory(teacher=TeacherFactory(school=school))
        elif model in (Mentor, Mentee):
            mentor = MentorFactory(teacher__school=school)
            mentor.competences.set(Competence.objects.filter(school__isnull=True)[:2])
            mentee = MenteeFactory(teacher__school=school)
            mentee.requests.set(Request.objects.filter(school__isnull=True)[:2])
            make_pair(mentor=mentor, mentees=[mentee])
        elif model in (Pair, Programme, Consent):
            pair = make_pair(school=school, mentees=[MenteeFactory(teacher__school=school) for _ in range(2)])
            pair.kinds.set(MentoringKind.objects.all()[:2])
            if model is Programme:
                programme = Programme.objects.create(pair=pair, title="Программа", starts_on=pair.started_on, ends_on=pair.planned_end_on)
                for day in (pair.started_on, pair.planned_end_on):
                    Activity.objects.create(programme=programme, title="Мероприятие", due_date=day)
            if model is Consent:
                give_pair_consents(pair)
        elif model is Order:
            order_create(school=school, kind="curator_order")


def changelist_count(client, model, query="") -> int:
    opts = model._meta
    return client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + query).context["cl"].result_count


def export_post(client, model, query=""):
    """The format and every column, as the export page posts them."""
    page = client.get(export_url(model) + query)
    assert page.status_code == 200
    data = {"format": FORMATS["xlsx"], "resource": "0", **{name: "on" for name in column_fields(page.context["form"]).values()}}
    return export_url(model) + query, data


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_file_has_the_rows_of_the_users_list(client, curator_a, school_a, school_b, model):
    add_rows(model, school_a, 2)
    add_rows(model, school_b, 3)
    client.force_login(curator_a)
    address, data = export_post(client, model)
    _, rows = xlsx_table(client.post(address, data))
    own = model.objects.filter(**{model_school_path(model): school_a}).count()
    assert len(rows) == changelist_count(client, model) == own


def model_school_path(model) -> str:
    return "pair__school" if model is Programme else "school"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_coordinator_exports_the_municipalitys_list(client, school_a, school_b, model):
    sister = SchoolFactory(municipality=school_a.municipality)
    for school in (school_a, sister, school_b):
        add_rows(model, school, 1)
    coordinator = UserFactory(username="coordinator", is_staff=True, municipality=school_a.municipality, roles=[Role.COORDINATOR])
    client.force_login(coordinator)
    if model is Order:  # orders are the school's own: a coordinator does not see them
        assert client.get(export_url(Order)).status_code == 403
        return
    address, data = export_post(client, model)
    headers, rows = xlsx_table(client.post(address, data))
    assert headers[0] == "Образовательная организация"
    assert {row[headers[0]] for row in rows} == {school_a.short_name, sister.short_name}  # not school B
    assert len(rows) == changelist_count(client, model)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("who", ["curator", "superuser"])  # the administrator also gets the school column
def test_export_queries_do_not_grow_with_rows(client, curator_a, superuser, school_a, model, who, django_assert_max_num_queries):
    client.force_login(curator_a if who == "curator" else superuser)

    def queries():
        address, data = export_post(client, model)
        with CaptureQueriesContext(connection) as page:
            assert client.get(address).status_code == 200
        with CaptureQueriesContext(connection) as download:
            response = client.post(address, data)
        assert response.status_code == 200
        return len(page), len(download)

    add_rows(model, school_a, 3)
    page, download = queries()
    add_rows(model, school_a, 27)
    address, data = export_post(client, model)
    with django_assert_max_num_queries(page):
        client.get(address)
    with django_assert_max_num_queries(download):
        response = client.post(address, data)
    assert len(xlsx_table(response)[1]) >= 30
    assert download <= 14, download  # the mentor list's filter by forms and their prefetch: two fixed queries


def test_the_lists_date_hierarchy_is_a_filter_too(client, curator_a, school_a):
    add_rows(Pair, school_a, 2)
    year = Pair.objects.first().started_on.year
    client.force_login(curator_a)
    address, data = export_post(client, Pair, f"?started_on__year={year - 1}")
    assert xlsx_table(client.post(address, data))[1] == []
    address, data = export_post(client, Pair, f"?started_on__year={year}")
    assert len(xlsx_table(client.post(address, data))[1]) == 2
