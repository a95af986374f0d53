"""A published order on the website names only people who allowed it (issue 16, finding 1: a signed pairs
order served to anyone named every mentee, none of whom had consented to publication, and a mentor whose
consent had been withdrawn minutes earlier)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.consents.models import Consent, ConsentKind, PublicCategory
from apps.consents.services import consent_give, consent_withdraw
from apps.documents.models import OrderKind
from apps.documents.public_copy import HIDDEN
from apps.documents.services import order_create, order_publish, order_register_outside, order_sign
from apps.documents.tests.factories import ready_for_pairs_order
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import make_active_pair

from .data import publish_section

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def signed_pairs_order(school_a):
    """A published pairs order of mentor Светлова (allowing her name and position on the site) and mentee
    Тихонова (no consent to dissemination)."""
    publish_section(school_a)
    today = timezone.localdate()
    mentor = MentorFactory(teacher__school=school_a, teacher__last_name="Светлова", teacher__position="учитель физики")
    mentee = MenteeFactory(teacher__school=school_a, teacher__last_name="Тихонова", teacher__position="учитель химии")
    pair = make_active_pair(mentor=mentor, mentees=[mentee], school=school_a, started_on=today - datetime.timedelta(days=20))
    ready_for_pairs_order(pair, on=today)
    consent_give(teacher=mentor.teacher, kind=ConsentKind.PUBLICATION, categories=[PublicCategory.NAME, PublicCategory.POSITION])
    order = order_create(school=school_a, kind=OrderKind.PAIRS, pairs=[pair])
    order = order_sign(order=order, number="7-од", date=today)
    order_publish(order=order)
    return order


def public_copy(client, order) -> str:
    response = client.get(reverse("public:order_file", args=[order.school.slug, order.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-cache"
    return pdf_text(response.content)


def test_a_person_without_a_consent_to_dissemination_is_not_named(client, signed_pairs_order):
    text = public_copy(client, signed_pairs_order)
    assert "Тихонов" not in text and "учитель химии" not in text.replace("учителем химии", "")
    assert "химии" not in text
    assert HIDDEN.split()[0] in text  # «[ФИО не публикуется]» where her name was
    assert "Светлов" in text and "физики" in text  # the mentor allowed both
    assert "Копия для размещения на официальном сайте" in text
    assert "С приказом ознакомлены" not in text and "ознакомлены" not in text


def test_the_signed_file_keeps_every_name_behind_the_login(client, signed_pairs_order, curator_a):
    with signed_pairs_order.pdf.open("rb"):  # closed after reading
        assert "Тихонов" in pdf_text(signed_pairs_order.pdf.read())
    client.force_login(curator_a)
    text = public_copy(client, signed_pairs_order)
    assert "Тихонов" not in text  # even a curator gets the website's copy at the website's address


def test_a_withdrawal_takes_the_name_off_the_next_download(client, signed_pairs_order):
    assert "Светлов" in public_copy(client, signed_pairs_order)
    consent = Consent.objects.active().get(teacher__last_name="Светлова", kind=ConsentKind.PUBLICATION)
    consent_withdraw(consent=consent)
    text = public_copy(client, signed_pairs_order)
    assert "Светлов" not in text and "физики" not in text


def test_a_name_allowed_without_the_position_shows_no_position(client, signed_pairs_order):
    consent = Consent.objects.active().get(teacher__last_name="Светлова", kind=ConsentKind.PUBLICATION)
    consent_withdraw(consent=consent)
    consent_give(teacher=consent.teacher, kind=ConsentKind.PUBLICATION, categories=[PublicCategory.NAME])
    text = public_copy(client, signed_pairs_order)
    assert "Светлов" in text and "физики" not in text


def test_an_order_signed_on_paper_is_listed_without_its_text(client, school_a, signed_pairs_order):
    with signed_pairs_order.pdf.open("rb"):  # closed after reading
        scan = SimpleUploadedFile("scan.pdf", signed_pairs_order.pdf.read(), content_type="application/pdf")
    school_a.refresh_from_db()  # the fixture appointed a curator
    outside = order_register_outside(
        school=school_a, kind=OrderKind.CURATOR, number="3-к", date=signed_pairs_order.date, scan=scan, responsible=school_a.curator
    )
    order_publish(order=outside)
    page = client.get(reverse("public:normative", args=[school_a.slug])).content.decode()
    assert "№ 3-к" in page and "на сайте не размещается" in page
    assert reverse("public:order_file", args=[school_a.slug, outside.pk]) not in page
    assert client.get(reverse("public:order_file", args=[school_a.slug, outside.pk])).status_code == 404
