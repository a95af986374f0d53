"""Who reaches which document, the buttons where the curator works, signing in the back-office."""

import datetime
import hashlib
from urllib.parse import unquote

import pytest
from django.urls import reverse

from apps.documents.models import Order, OrderKind, OrderStatus
from apps.documents.services import order_create, order_sign
from apps.pairs.services import pair_activate
from apps.roadmap.models import Event, EventStatus

from .factories import give_consents, make_teacher, pair_of

pytestmark = pytest.mark.django_db

OCT_3 = datetime.date(2025, 10, 3)


@pytest.fixture
def signed(school, people, pairs):
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one, pairs.group])
    return order_sign(order=order, number="45-од", date=OCT_3)


def is_pdf(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code == 200 and response["Content-Type"] == "application/pdf" and body.startswith(b"%PDF-")


def test_curator_and_director_download_the_signed_file_itself(client, curator_a, director_a, signed):
    url = reverse("documents:order_pdf", args=[signed.pk])
    for user in (curator_a, director_a):
        client.force_login(user)
        response = client.get(url)
        assert is_pdf(response)
        assert "Приказ № 45-од от 03.10.2025.pdf" in unquote(response["Content-Disposition"])
    response = client.get(url)
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == signed.file_sha256


def test_another_schools_curator_gets_404(client, curator_b, signed, pairs, people):
    client.force_login(curator_b)
    assert client.get(reverse("documents:order_pdf", args=[signed.pk])).status_code == 404
    assert client.get(reverse("documents:pair_programme", args=[pairs.one.pk])).status_code == 404
    assert client.get(reverse("documents:teacher_document", args=[people.petrov.pk, "consent_mentor"])).status_code == 404
    assert client.post(reverse("documents:pair_order_create", args=[pairs.one.pk])).status_code == 404
    assert client.get(reverse("admin:documents_order_change", args=[signed.pk])).status_code == 404
    assert client.get(reverse("admin:documents_order_sign", args=[signed.pk])).status_code in (403, 404)


def test_a_teacher_and_a_visitor_are_refused(client, teacher_user, signed, pairs):
    urls = [
        reverse("documents:order_pdf", args=[signed.pk]),
        reverse("documents:pair_programme", args=[pairs.one.pk]),
        reverse("documents:regulations"),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(teacher_user)
    for url in urls:
        assert client.get(url).status_code == 403


def test_the_verification_page_is_public_and_names_nobody(client, signed):
    response = client.get(reverse("documents:verify", args=[signed.token]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "№ 45-од" in html and "03.10.2025" in html and signed.file_sha256 in html and "подписан" in html
    for name in ("Петров", "Шевченко", "Гоголь", "Дурново", "Белых", "Иванова", "Сергеева"):
        assert name not in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(reverse("documents:verify", args=["no-such-token"])).status_code == 404


def test_a_drafts_verification_page_says_it_is_not_signed(client, school, people):
    draft = order_create(school=school, kind=OrderKind.CURATOR)
    html = client.get(reverse("documents:verify", args=[draft.token])).content.decode()
    assert "черновик" in html and "не подписан" in html and "SHA-256" not in html


def test_forms_and_programme_download(client, curator_a, people, pairs):
    client.force_login(curator_a)
    assert is_pdf(client.get(reverse("documents:pair_programme", args=[pairs.group.pk])))
    for kind in ("consent_personal_data", "consent_mentee", "consent_mentor", "employment_agreement"):
        url = reverse("documents:teacher_document", args=[people.gogol.pk, kind]) + f"?pair={pairs.group.pk}"
        assert is_pdf(client.get(url)), kind
    assert client.get(reverse("documents:teacher_document", args=[people.gogol.pk, "nonsense"])).status_code == 404
    assert is_pdf(client.get(reverse("documents:regulations")))


def test_the_pair_page_has_the_document_buttons(client, curator_a, pairs):
    client.force_login(curator_a)
    html = client.get(reverse("admin:pairs_pair_change", args=[pairs.group.pk])).content.decode()
    assert reverse("documents:pair_programme", args=[pairs.group.pk]) in html
    # One way into the order о закреплении: the strip's «Включить в приказ», not a second button beside it.
    assert reverse("documents:pair_order_create", args=[pairs.group.pk]) not in html
    assert "Сформировать приказ о закреплении" not in html
    assert "Документы пары" in html and "Согласие на закрепление наставника" in html

    # The former button's address does what the strip does.
    response = client.post(reverse("documents:pair_order_create", args=[pairs.group.pk]))
    order = Order.objects.get(kind=OrderKind.PAIRS)
    assert response.status_code == 302 and response["Location"] == reverse("admin:pairs_pair_change", args=[pairs.group.pk])
    assert list(order.pairs.all()) == [pairs.group] and order.kind == OrderKind.PAIRS


def test_admin_action_puts_the_selected_pairs_into_one_order(client, curator_a, pairs):
    client.force_login(curator_a)
    response = client.post(
        reverse("admin:pairs_pair_changelist"),
        {"action": "include_in_pairs_order", "_selected_action": [pairs.one.pk, pairs.group.pk]},
    )
    order = Order.objects.get(kind=OrderKind.PAIRS)
    assert response.status_code == 302 and response["Location"].endswith(f"/admin/documents/order/{order.pk}/change/")
    assert set(order.pairs.all()) == {pairs.one, pairs.group}
    assert order.status == OrderStatus.DRAFT and order.created_by == curator_a


def test_the_director_signs_in_the_back_office_and_the_curator_cannot(
    client, curator_a, director_a, school, people, pairs, roadmap, monkeypatch
):
    monkeypatch.setattr("apps.documents.services.timezone.localdate", lambda: datetime.date(2025, 10, 1))
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one])
    sign_url = reverse("admin:documents_order_sign", args=[order.pk])

    client.force_login(curator_a)
    assert "Подписать" not in client.get(reverse("admin:documents_order_change", args=[order.pk])).content.decode()
    assert client.get(sign_url).status_code == 403

    client.force_login(director_a)
    page = client.get(reverse("admin:documents_order_change", args=[order.pk])).content.decode()
    assert sign_url in page
    form = client.get(sign_url)
    assert form.status_code == 200 and 'value="2-од"' in form.content.decode()  # № 1-к appointed the curator
    response = client.post(sign_url, {"number": "45-од", "date": "2025-10-03"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.SIGNED and order.number == "45-од" and order.signed_by == director_a
    event = Event.objects.get(pk=order.event_id)
    assert event.status == EventStatus.DONE and event.done_on == OCT_3


def test_signing_with_a_taken_number_shows_the_error(client, director_a, school, people, signed):
    order = order_create(school=school, kind=OrderKind.CURATOR)
    client.force_login(director_a)
    response = client.post(reverse("admin:documents_order_sign", args=[order.pk]), {"number": "45-од", "date": "2025-11-01"})
    assert response.status_code == 200
    assert "Приказ с таким номером в этом году уже есть." in response.content.decode()


def test_the_roadmap_event_makes_its_order(client, curator_a, school, people, roadmap):
    event = Event.objects.get(stage__roadmap=roadmap, result_document="Приказ о назначении куратора")
    client.force_login(curator_a)
    page = client.get(reverse("admin:roadmap_event_change", args=[event.pk])).content.decode()
    create_url = reverse("documents:event_order_create", args=[event.pk])
    assert create_url in page
    response = client.post(create_url)
    order = Order.objects.get()
    assert response.status_code == 302 and order.event == event and order.kind == OrderKind.CURATOR
    page = client.get(reverse("admin:roadmap_event_change", args=[event.pk])).content.decode()
    assert reverse("documents:order_pdf", args=[order.pk]) in page and create_url not in page  # a draft exists
    roadmap_page = client.get(reverse("admin:roadmap_roadmap_change", args=[roadmap.pk])).content.decode()
    assert "Приказы по дорожной карте" in roadmap_page and reverse("documents:order_pdf", args=[order.pk]) in roadmap_page


def test_an_event_whose_result_is_not_an_order_has_no_button(client, curator_a, roadmap):
    event = Event.objects.filter(stage__roadmap=roadmap, result_document="Банк наставников").get()
    client.force_login(curator_a)
    assert client.post(reverse("documents:event_order_create", args=[event.pk])).status_code == 404


def test_order_list_in_the_admin_with_few_queries(client, curator_a, school, people, appointed, django_assert_max_num_queries):
    for n in range(15):
        teacher = make_teacher(school, f"Орлова{n} Анна Павловна", "f")
        pair = give_consents(pair_of(make_teacher(school, f"Лебедев{n} Олег Иванович", "m"), teacher), on=OCT_3)
        order_sign(order=order_create(school=school, kind=OrderKind.PAIRS, pairs=[pair]), number=f"{n + 1}-од", date=OCT_3)
    client.force_login(curator_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:documents_order_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "15-од" in html and "Скачать PDF" in html


def test_a_signed_order_cannot_be_deleted_but_takes_a_scan(client, curator_a, signed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(curator_a)
    assert client.get(reverse("admin:documents_order_delete", args=[signed.pk])).status_code == 403
    url = reverse("admin:documents_order_change", args=[signed.pk])
    with signed.pdf.open("rb"):  # closed after reading
        signed_pdf = signed.pdf.read()
    response = client.post(url, {"scan": SimpleUploadedFile("scan.pdf", signed_pdf, content_type="application/pdf")})
    assert response.status_code == 302, response.content.decode()[:2000]
    signed.refresh_from_db()
    assert signed.scan and signed.scan_uploaded_at
    assert client.get(reverse("documents:order_scan", args=[signed.pk])).getvalue().startswith(b"%PDF")  # read to its end: closed
    bad = client.post(url, {"scan": SimpleUploadedFile("scan.pdf", b"GIF89a....", content_type="application/pdf")})
    assert bad.status_code == 200 and "PDF, JPEG или PNG" in bad.content.decode()


def test_the_curator_prepares_an_order_in_the_admin_form(client, curator_a, school, people, pairs):
    pair_activate(pair=pairs.one)
    client.force_login(curator_a)
    add_url = reverse("admin:documents_order_add")
    assert client.get(add_url).status_code == 200
    response = client.post(
        add_url,
        {"kind": OrderKind.FINAL_EVENT, "responsible": people.kuzmich.pk, "pairs": [pairs.one.pk], "event_date": "2026-05-20",
         "event_format": "педагогическая конференция", "extra_grounds": "", "members": []},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    order = Order.objects.get(kind=OrderKind.FINAL_EVENT)
    assert order.school == school and order.created_by == curator_a and order.responsible == people.kuzmich
    assert list(order.pairs.all()) == [pairs.one]
    page = client.get(reverse("admin:documents_order_change", args=[order.pk])).content.decode()
    assert "Проект (PDF)" in page and "Подписать" not in page


def test_a_district_coordinator_does_not_see_the_register(client, school, signed):
    from apps.accounts.roles import Role
    from apps.schools.tests.factories import UserFactory

    coordinator = UserFactory(username="coordinator", is_staff=True, municipality=school.municipality, roles=[Role.COORDINATOR])
    client.force_login(coordinator)
    assert client.get(reverse("admin:documents_order_changelist")).status_code == 403
    assert client.get(reverse("documents:order_pdf", args=[signed.pk])).status_code == 403


def test_the_director_reads_but_does_not_prepare_orders(client, director_a, pairs):
    client.force_login(director_a)
    assert client.post(reverse("documents:pair_order_create", args=[pairs.one.pk])).status_code == 403
    assert client.get(reverse("documents:pair_programme", args=[pairs.one.pk])).status_code == 200
    assert not Order.objects.filter(kind=OrderKind.PAIRS).exists()
