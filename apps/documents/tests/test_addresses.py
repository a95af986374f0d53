"""Addresses that outlive the machine: the QR code leads to SITE_URL in production, to the address the page
was requested at in development (frozen into a signed order), and the verification page says what was
signed by whom — the school — and never names a person."""

import datetime
from urllib.parse import urlparse

import pytest
from django.urls import reverse

from apps.core.site import site_url
from apps.documents import documents
from apps.documents.models import OrderKind
from apps.documents.services import order_create, order_sign

from .factories import FULL_NAME, SHORT_NAME, appoint_curator, decode_qr, needs_pdf_tools, page_png

pytestmark = pytest.mark.django_db

PRODUCTION = "https://nastavnik.example.ru"
NAMES = ("Петров", "Шевченко", "Гоголь", "Дурново", "Белых", "Иванова", "Сергеева", "Мария", "Татьяна")


def qr_of(pdf: bytes) -> str:
    codes = decode_qr(page_png(pdf, page=1, resolution=150))
    assert len(codes) == 1, codes
    return codes[0]


def test_without_a_request_the_address_is_site_url(settings, rf):
    settings.SITE_URL = PRODUCTION
    settings.DEBUG = True
    assert site_url() == PRODUCTION


def test_in_production_a_request_never_changes_the_address(settings, rf):
    settings.SITE_URL = PRODUCTION
    settings.DEBUG = False
    assert site_url(rf.get("/", HTTP_HOST="localhost:8123")) == PRODUCTION


def test_in_development_the_address_is_the_one_the_page_was_requested_at(settings, rf):
    settings.SITE_URL = PRODUCTION
    settings.DEBUG = True
    assert site_url(rf.get("/", HTTP_HOST="localhost:8123")) == "http://localhost:8123"


@needs_pdf_tools
def test_in_production_a_drafts_qr_code_leads_to_site_url(client, settings, curator_a, school, people):
    settings.SITE_URL = PRODUCTION
    order = order_create(school=school, kind=OrderKind.CURATOR)
    client.force_login(curator_a)
    response = client.get(reverse("documents:order_pdf", args=[order.pk]), HTTP_HOST="localhost:8123")
    assert qr_of(response.content) == f"{PRODUCTION}/proverka/{order.token}/"


@needs_pdf_tools
def test_in_development_a_drafts_qr_code_leads_to_the_address_it_was_requested_at(client, settings, curator_a, school, people):
    settings.SITE_URL = PRODUCTION
    settings.DEBUG = True
    order = order_create(school=school, kind=OrderKind.CURATOR)
    client.force_login(curator_a)
    response = client.get(reverse("documents:order_pdf", args=[order.pk]), HTTP_HOST="localhost:8123")
    assert qr_of(response.content) == f"http://localhost:8123/proverka/{order.token}/"


@needs_pdf_tools
def test_an_order_signed_in_development_keeps_the_address_it_was_signed_at(client, settings, director_a, school, people):
    settings.SITE_URL = PRODUCTION
    settings.DEBUG = True
    order = order_create(school=school, kind=OrderKind.CURATOR)
    client.force_login(director_a)
    response = client.post(
        reverse("admin:documents_order_sign", args=[order.pk]),
        {"number": "7-од", "date": "2025-10-03"},
        HTTP_HOST="localhost:8123",
    )
    assert response.status_code == 302
    order.refresh_from_db()
    expected = f"http://localhost:8123/proverka/{order.token}/"
    assert order.payload["verify_url"] == expected
    with order.pdf.open("rb"):  # closed after reading
        assert qr_of(order.pdf.read()) == expected
    # Rendered again elsewhere, the signed order says what was signed.
    settings.SITE_URL = "http://127.0.0.1:9999"
    assert qr_of(documents.order_pdf(order=order)) == expected


@needs_pdf_tools
def test_a_command_without_a_request_signs_with_site_url(settings, school, people):
    settings.SITE_URL = PRODUCTION
    settings.DEBUG = True
    order = order_sign(order=order_create(school=school, kind=OrderKind.CURATOR), number="8-од", date=datetime.date(2025, 10, 3))
    assert order.payload["verify_url"] == f"{PRODUCTION}/proverka/{order.token}/"
    with order.pdf.open("rb"):  # closed after reading
        assert urlparse(qr_of(order.pdf.read())).netloc == "nastavnik.example.ru"


def test_the_verification_page_names_the_school_kind_and_heading_and_nobody(
    client, school, people, pairs, django_assert_max_num_queries
):
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one, pairs.group])
    order = order_sign(order=order, number="45-од", date=datetime.date(2025, 10, 3))
    # The school renamed later: the page shows the name the order was signed under.
    school.full_name = "Другое наименование"
    school.save(update_fields=["full_name"])
    with django_assert_max_num_queries(2):
        response = client.get(reverse("documents:verify", args=[order.token]))
    assert response.status_code == 200
    html = response.content.decode()
    for expected in (
        FULL_NAME,
        SHORT_NAME,
        "Приказ о закреплении наставнических пар (групп)",
        "О закреплении наставнических пар (групп)",
        "№ 45-од",
        "03.10.2025",
        "подписан",
        order.file_sha256,
    ):
        assert expected in html, expected
    assert "Другое наименование" not in html
    for name in NAMES:
        assert name not in html


def test_a_regulations_orders_heading_is_the_one_printed(client, school, people, roadmap):
    appoint_curator(school, on=datetime.date(2025, 9, 1), teacher=school.curator)  # the order names the curator
    order = order_create(school=school, kind=OrderKind.REGULATIONS, roadmap=roadmap)
    order = order_sign(order=order, number="3-од", date=datetime.date(2025, 9, 1))
    html = client.get(reverse("documents:verify", args=[order.token])).content.decode()
    assert "Об утверждении Положения о системе наставничества педагогических работников" in html
    assert "на 2025/2026 учебный год" in html
    for name in NAMES:
        assert name not in html


def test_a_drafts_verification_page_names_the_school_and_says_it_is_not_signed(client, school, people):
    draft = order_create(school=school, kind=OrderKind.CURATOR)
    html = client.get(reverse("documents:verify", args=[draft.token])).content.decode()
    assert FULL_NAME in html and "О назначении куратора" in html
    assert "не присвоен" in html and "не подписан" in html and "SHA-256" not in html
    for name in NAMES:
        assert name not in html


def test_an_unknown_token_is_404(client):
    assert client.get(reverse("documents:verify", args=["no-such-token"])).status_code == 404
