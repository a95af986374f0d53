"""The district's orders: drafts prepared by the coordinator, the PDF in the ГОСТ order layout issued by the
education authority and signed by its head, the signing recorded with number, date and scan, the register."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from apps.accounts.roles import Role
from apps.core.tests.clock import freeze_today
from apps.documents.names import teacher_forms
from apps.schools.tests.factories import UserFactory

from ..models import DistrictOrder, DistrictOrderKind, MunicipalRoadmap
from ..services import application_submit, contest_jury_set, contest_results_publish, scores_save
from .data import TODAY, build_district, make_contest

pytestmark = pytest.mark.django_db
AUTHORITY = "Отдел образования администрации Невского района Санкт-Петербурга"


@pytest.fixture
def district(school_a, monkeypatch):
    freeze_today(monkeypatch, TODAY)
    district = build_district(school_a)
    m = district.municipality
    m.name, m.authority, m.head_name, m.head_position = "Невский район Санкт-Петербурга", AUTHORITY, "Голова Наталья Александровна", "Начальник отдела образования"
    m.save()
    return district


def pdf_text(response) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())


def test_a_coordinator_order_needs_the_name_and_declines_it(client, district):
    client.force_login(district.coordinator)
    url = reverse("rayon_konkurs:orders")
    response = client.post(url, {"kind": "coordinator", "appointee_name": "", "appointee_position": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"appointee_name": ["Заполните это поле."], "appointee_position": ["Заполните это поле."]}
    response = client.post(url, {"kind": "coordinator", "appointee_name": "Кондрашова Наталья Викторовна", "appointee_position": "заведующего районным методическим кабинетом"})
    order = DistrictOrder.objects.get()
    assert response["Location"] == reverse("rayon_konkurs:order", args=[order.pk])
    text = pdf_text(client.get(reverse("rayon_konkurs:order_pdf", args=[order.pk])))
    assert AUTHORITY.upper() in text.replace("- ", "-") and "ПРИКАЗ" in text and "ПРОЕКТ" in text
    assert "Назначить Кондрашову Наталью Викторовну, заведующего районным методическим кабинетом, муниципальным координатором" in text.replace("- ", "")
    assert "Начальник отдела образования" in text and "Н.А. Голова" in text


def test_the_results_order_lists_the_winners_declined(client, district):
    contest = make_contest(district.municipality)
    client.force_login(district.coordinator)
    refused = client.post(reverse("rayon_konkurs:orders"), {"kind": "contest_results", "contest": contest.pk})
    assert refused.context["form"].non_field_errors() == ["Итоги конкурса ещё не подведены."]

    nomination = contest.nominations.first()
    a = application_submit(contest=contest, by=district.curator, nomination=nomination, pair=district.pair, title="Вместе к цели", description="…")
    contest_jury_set(contest=contest, by=district.coordinator, members=[district.coordinator])
    scores_save(contest=contest, juror=district.coordinator, values={(a.pk, c.pk): 8 for c in contest.criteria.all()})
    contest_results_publish(contest=contest, by=district.coordinator)
    client.post(reverse("rayon_konkurs:orders"), {"kind": "contest_results", "contest": contest.pk})
    order = DistrictOrder.objects.get(kind=DistrictOrderKind.CONTEST_RESULTS)
    text = pdf_text(client.get(reverse("rayon_konkurs:order_pdf", args=[order.pk])))
    mentor = district.pair.mentor.teacher
    assert "Об итогах муниципального конкурса «НАСТАВНИК + НАСТАВЛЯЕМЫЙ = КОМАНДА»" in text
    assert "дипломом I степени в номинации «Лучшая наставническая пара»" in text
    assert f"наставника {teacher_forms(mentor)['full']['acc']}" in text
    assert "«Вместе к цели»" in text


def test_signing_is_recorded_with_number_date_and_scan_and_freezes_the_text(client, district):
    client.force_login(district.coordinator)
    client.post(reverse("rayon_konkurs:orders"), {"kind": "organisation"})
    order = DistrictOrder.objects.get()
    url = reverse("rayon_konkurs:order", args=[order.pk])
    bad = client.post(url, {"number": "100-д", "date": TODAY.isoformat(), "scan": SimpleUploadedFile("s.pdf", b"not pdf")})
    assert bad.context["form"].errors["scan"] == ["Это не файл PDF. Отсканируйте приказ в PDF и загрузите снова."]
    bad = client.post(url, {"number": "100-д", "date": (TODAY + datetime.timedelta(days=1)).isoformat(), "scan": SimpleUploadedFile("s.pdf", b"%PDF-1.4")})
    assert bad.context["form"].errors["date"] == ["Дата подписания не может быть позже сегодняшней."]
    response = client.post(url, {"number": "100-д", "date": TODAY.isoformat(), "scan": SimpleUploadedFile("s.pdf", b"%PDF-1.4 scan")})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.is_signed and order.number == "100-д" and order.year == TODAY.year and order.payload["head_signature"] == "Н.А. Голова"
    assert "Невского района Санкт-Петербурга" in order.payload["title"]

    # The head changes later: the signed text does not.
    m = district.municipality
    m.head_name = "Новикова Ирина Петровна"
    m.save()
    text = pdf_text(client.get(reverse("rayon_konkurs:order_pdf", args=[order.pk])))
    assert "Н.А. Голова" in text and "№ 100-д" in text and "ПРОЕКТ" not in text
    assert client.get(reverse("rayon_konkurs:order_scan", args=[order.pk])).status_code == 200

    # The number is taken for the year; a signed order is not deleted.
    client.post(reverse("rayon_konkurs:orders"), {"kind": "organisation"})
    second = DistrictOrder.objects.exclude(pk=order.pk).get()
    bad = client.post(reverse("rayon_konkurs:order", args=[second.pk]), {"number": "100-д", "date": TODAY.isoformat(), "scan": SimpleUploadedFile("s.pdf", b"%PDF-1.4")})
    assert bad.context["form"].errors["number"] == [f"Приказ № 100-д в {TODAY.year} году уже зарегистрирован."]
    client.post(url, {"delete": "1"})
    assert DistrictOrder.objects.filter(pk=order.pk).exists()
    register = client.get(reverse("rayon_konkurs:orders")).content.decode()
    assert "100-д" in register


def test_the_roadmap_order_has_the_plan_as_appendix(client, district):
    client.force_login(district.coordinator)
    client.post(reverse("rayon_konkurs:roadmap"))
    plan = MunicipalRoadmap.objects.get()
    client.post(reverse("rayon_konkurs:orders"), {"kind": "roadmap", "roadmap": plan.pk})
    order = DistrictOrder.objects.get()
    text = pdf_text(client.get(reverse("rayon_konkurs:order_pdf", args=[order.pk])))
    assert "Приложение к приказу отдела образования администрации Невского района Санкт-Петербурга" in text
    assert "6.4 Муниципальный конкурс «НАСТАВНИК + НАСТАВЛЯЕМЫЙ = КОМАНДА»" in text.replace("- ", "")


def test_only_the_districts_coordinator_reaches_its_orders(client, district, school_b):
    client.force_login(district.coordinator)
    client.post(reverse("rayon_konkurs:orders"), {"kind": "organisation"})
    order = DistrictOrder.objects.get()
    client.force_login(district.curator)
    assert client.get(reverse("rayon_konkurs:orders")).status_code == 403
    client.force_login(UserFactory(username="coordinator-b", is_staff=True, municipality=school_b.municipality, roles=[Role.COORDINATOR]))
    for name in ("order", "order_pdf", "order_scan"):
        assert client.get(reverse(f"rayon_konkurs:{name}", args=[order.pk])).status_code == 404
