import datetime
import re

import pytest
from django.urls import reverse

from apps.documents import documents
from apps.documents.models import OrderKind
from apps.documents.services import order_create
from apps.documents.tests.factories import give_consents, pdf_text
from apps.mentees.tests.factories import MenteeFactory
from apps.network.models import NetworkRequest, RequestStatus
from apps.network.services import network_request_accept, network_request_create
from apps.pairs.tests.factories import make_pair
from apps.schools.tests.factories import SchoolFactory
from apps.surveys.tests.factories import give_personal_data_consent

from .data import make_network

INDEX = reverse("network:index")
ASK = reverse("network:ask")
DISTRICT = reverse("network:district")


def flat(text: str) -> str:
    """Text without spaces and hyphens: a PDF breaks long words and names at line ends."""
    return re.sub(r"[\s\-\u00ad]", "", text)


@pytest.fixture
def net(db):
    return make_network()


@pytest.fixture
def pending(net):
    return network_request_create(
        mentee=net.mentee, mentor=net.mentor, requested_by=net.coordinator, note="Нужна помощь с родителями"
    )


def accepted_pair(net, pending):
    start = datetime.date(2026, 10, 1)
    return network_request_accept(
        request=pending, decided_by=net.curator_b, started_on=start, planned_end_on=datetime.date(2027, 6, 1)
    ).pair


# --- who may open what ---------------------------------------------------------------------------


def test_anonymous_visitors_go_to_the_login_page(client, net, pending):
    for url in (INDEX, ASK, DISTRICT, reverse("network:propose", args=[net.mentor.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_a_teacher_and_a_curator_are_refused_the_coordinators_pages(client, net, teacher_user):
    client.force_login(teacher_user)
    assert client.get(INDEX).status_code == 403
    client.force_login(net.curator_a)
    assert client.get(DISTRICT).status_code == 403
    assert client.get(reverse("network:propose", args=[net.mentor.pk])).status_code == 403


def test_a_school_of_neither_side_does_not_see_the_request(client, net, pending):
    third = SchoolFactory(municipality=net.school_a.municipality)
    from apps.accounts.roles import Role
    from apps.schools.tests.factories import UserFactory

    stranger = UserFactory(username="net-stranger", school=third, is_staff=True, roles=[Role.CURATOR])
    client.force_login(stranger)
    assert "Кузнецов" not in client.get(INDEX).content.decode()
    assert client.post(reverse("network:accept", args=[pending.pk])).status_code == 404
    assert client.post(reverse("network:decline", args=[pending.pk]), {"d%d-reason" % pending.pk: "нет"}).status_code == 404


def test_only_the_mentors_school_decides_and_only_the_mentees_withdraws(client, net, pending):
    client.force_login(net.curator_a)
    assert client.post(reverse("network:accept", args=[pending.pk])).status_code == 404
    client.force_login(net.curator_b)
    assert client.post(reverse("network:withdraw", args=[pending.pk])).status_code == 404
    client.force_login(net.director_b)  # reads, never decides
    assert client.get(INDEX).status_code == 200
    assert client.post(reverse("network:accept", args=[pending.pk])).status_code == 403
    pending.refresh_from_db()
    assert pending.status == RequestStatus.PENDING


def test_a_coordinator_of_another_municipality_cannot_propose_this_mentor(client, net):
    other = make_network(municipality_name="Другой район", tag="other")
    client.force_login(other.coordinator)
    assert client.get(reverse("network:propose", args=[net.mentor.pk])).status_code == 404


# --- the flow ------------------------------------------------------------------------------------


def test_bad_input_gives_russian_field_errors(client, net, pending):
    client.force_login(net.curator_b)
    prefix = f"a{pending.pk}"
    response = client.post(
        reverse("network:accept", args=[pending.pk]),
        {f"{prefix}-started_on": "2026-10-01", f"{prefix}-planned_end_on": "2026-09-01"},
    )
    assert response.status_code == 400
    assert "Плановое окончание должно быть позже начала." in response.content.decode()
    response = client.post(
        reverse("network:accept", args=[pending.pk]),
        {f"{prefix}-started_on": "2026-10-01", f"{prefix}-planned_end_on": "2026-10-20"},
    )
    assert response.status_code == 400
    assert "Срок программы по положению организации" in response.content.decode()
    response = client.post(reverse("network:decline", args=[pending.pk]), {f"d{pending.pk}-reason": ""})
    assert response.status_code == 400
    assert "Укажите причину отказа" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == RequestStatus.PENDING


def test_the_coordinator_proposes_from_the_registry(client, net, django_assert_max_num_queries):
    client.force_login(net.coordinator)
    registry = client.get(reverse("district:mentors"), {"zapros": net.request.pk}).content.decode()
    propose_url = reverse("network:propose", args=[net.mentor.pk])
    assert f"{propose_url}?zapros={net.request.pk}" in registry
    page = client.get(propose_url, {"zapros": net.request.pk})
    assert "Смирнова Ольга Игоревна" in page.content.decode()
    response = client.post(propose_url, {"mentee": "999999"})
    assert response.status_code == 400 and "уже не ожидает наставника" in response.content.decode()
    response = client.post(propose_url, {"mentee": net.mentee.pk, "note": "Прошу принять"})
    assert response.status_code == 302
    request = NetworkRequest.objects.get()
    assert request.requested_by == net.coordinator and request.status == RequestStatus.PENDING
    with django_assert_max_num_queries(8):
        assert "Прошу принять" in client.get(DISTRICT).content.decode()


def test_the_curator_asks_from_the_matching_page(client, net):
    client.force_login(net.curator_a)
    assert ASK in client.get(reverse("matching:index")).content.decode()
    form = client.get(ASK).content.decode()
    assert "Кузнецов Пётр Андреевич — ГБОУ гимназия № 7" in form
    response = client.post(ASK, {"mentee": net.mentee.pk, "mentor": net.mentor.pk, "note": ""})
    assert response.status_code == 302
    assert NetworkRequest.objects.get().requested_by == net.curator_a
    # The mentee has a request waiting: not offered again.
    response = client.post(ASK, {"mentee": net.mentee.pk, "mentor": net.mentor.pk})
    assert response.status_code == 400 and "уже не ожидает наставника или для него есть запрос" in response.content.decode()


def test_the_mentors_curator_sees_the_count_on_the_desk_and_accepts(client, net, pending):
    client.force_login(net.curator_b)
    desk = client.get(reverse("admin:index")).content.decode()
    assert "Рассмотреть запросы других школ на сетевое наставничество" in desk
    page = client.get(INDEX).content.decode()
    assert 'data-figure="incoming">1<' in page and "Нужна помощь с родителями" in page
    prefix = f"a{pending.pk}"
    response = client.post(
        reverse("network:accept", args=[pending.pk]),
        {f"{prefix}-started_on": "2026-10-01", f"{prefix}-planned_end_on": "2027-06-01"},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == RequestStatus.ACCEPTED and pending.pair.school == net.school_a


def test_both_schools_see_the_pair_the_mentors_school_read_only(client, net, pending, django_assert_max_num_queries):
    pair = accepted_pair(net, pending)
    url = reverse("pairs:detail", args=[pair.pk])
    client.force_login(net.curator_a)
    own = client.get(url).content.decode()
    assert "Страница пары для куратора" in own and "в сетевом взаимодействии" in own
    for user in (net.curator_b, net.director_b):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Смирнова Ольга Игоревна" in page and "Страница пары для куратора" not in page
        assert "Записать встречу" not in page
        # The back-office's pair stays the mentee's school's.
        assert client.get(reverse("admin:pairs_pair_change", args=[pair.pk])).status_code == 404
        assert client.post(reverse("programmes:meeting_add", args=[pair.pk]), {}).status_code == 404
    # A third school of the municipality sees nothing.
    from apps.accounts.roles import Role
    from apps.schools.tests.factories import UserFactory

    stranger = UserFactory(
        username="net-stranger-2",
        school=SchoolFactory(municipality=net.school_a.municipality),
        is_staff=True,
        roles=[Role.CURATOR],
    )
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(net.curator_b)
    with django_assert_max_num_queries(12):
        listing = client.get(INDEX).content.decode()
    assert "Кузнецов П.А. → Смирнова О.И." in listing


def test_the_network_list_is_pinned_on_ten_times_the_pairs(client, net, pending, django_assert_max_num_queries):
    from apps.mentors.tests.factories import MentorFactory

    accepted_pair(net, pending)
    network_request_create(mentee=MenteeFactory(teacher__school=net.school_a), mentor=net.mentor, requested_by=net.coordinator)
    client.force_login(net.curator_b)
    with django_assert_max_num_queries(12) as small:
        client.get(INDEX)
    for _ in range(10):
        mentee = MenteeFactory(teacher__school=net.school_a)
        give_personal_data_consent(mentee.teacher)
        mentor = MentorFactory(teacher__school=net.school_b)
        request = network_request_create(mentee=mentee, mentor=mentor, requested_by=net.coordinator)
        accepted_pair(net, request)
        network_request_create(mentee=MenteeFactory(teacher__school=net.school_a), mentor=mentor, requested_by=net.coordinator)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(INDEX)


def test_the_agreement_names_both_schools_declined(client, net, pending):
    client.force_login(net.curator_a)
    assert client.get(reverse("network:agreement", args=[pending.pk])).status_code == 404  # not accepted yet
    accepted_pair(net, pending)
    for user in (net.curator_a, net.director_b):
        client.force_login(user)
        response = client.get(reverse("network:agreement", args=[pending.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = flat(pdf_text(response.content))
    assert (
        flat(
            "Государственное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № 41 Невского района Санкт-Петербурга (ГБОУ СОШ № 41), именуемое в дальнейшем «Базовая организация», в лице директора Иванова Ивана Ивановича, действующего на основании Устава"
        )
        in text
    )
    assert (
        flat(
            "(ГБОУ гимназия № 7), именуемое в дальнейшем «Организация-партнёр», в лице директора Петровой Анны Сергеевны, действующей на основании Устава"
        )
        in text
    )
    assert flat("Базовой организации Смирновой Ольги Игоревны") in text and flat("Кузнецовым Петром Андреевичем") in text
    assert flat("с 1 октября 2026 г. по 1 июня 2027 г. включительно.") in text
    assert flat("Директор И.И. Иванов") in text and flat("Директор А.С. Петрова") in text
    client.force_login(net.coordinator)
    assert client.get(reverse("network:district_agreement", args=[pending.pk])).status_code == 200


def test_a_school_pair_rule_still_refuses_a_mentor_of_another_school_in_the_admin_flow(net):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_pair(mentor=net.mentor, mentees=[MenteeFactory(teacher__school=net.school_a)])


def test_the_mentees_curator_keeps_the_network_pairs_back_office_page_with_the_mentor_fixed(client, net, pending):
    pair = accepted_pair(net, pending)
    client.force_login(net.curator_a)
    page = client.get(reverse("admin:pairs_pair_change", args=[pair.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Кузнецов" in content and 'name="mentor"' not in content  # shown, not editable
    listing = client.get(reverse("admin:pairs_pair_changelist")).content.decode()
    assert "Кузнецов П.А." in listing


def test_render_document_makes_the_latest_agreement(net, pending, tmp_path):
    from django.core.management import CommandError, call_command

    output = tmp_path / "dogovor.pdf"
    with pytest.raises(CommandError, match="нет принятых запросов"):
        call_command("render_document", "network_agreement", "--school", net.school_b.slug, "-o", str(output))
    accepted_pair(net, pending)
    call_command("render_document", "network_agreement", "--school", net.school_b.slug, "-o", str(output))
    assert flat("в лице директора Петровой Анны Сергеевны") in flat(pdf_text(output.read_bytes()))


def test_the_pairs_order_says_the_mentor_works_in_the_partner_school(net, pending):
    pair = give_consents(accepted_pair(net, pending), on=datetime.date(2026, 9, 25))
    order = order_create(school=net.school_a, kind=OrderKind.PAIRS, pairs=[pair])
    assert not order.refused_pairs
    text = flat(pdf_text(documents.pairs_order_pdf(order=order)))
    # Not «учителя» of school A: the mentor's school is named, and no duties under A's employment contract.
    assert flat("ГБОУ гимназия № 7") in text
    assert flat("Возложить на наставников из числа работников организации") in text
