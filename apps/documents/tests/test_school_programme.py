"""The school's Программа наставничества (seed 003, item 2.2): a draft from the school's data, the order approving
it with the programme as its appendix, the approved text frozen at signing; who may download it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.documents import documents
from apps.documents.models import OrderKind
from apps.documents.services import order_create, order_sign
from apps.mentors.models import Mentor

from .factories import SHORT_NAME, make_teacher, needs_pdf_tools, pair_of, pdf_text

pytestmark = [pytest.mark.django_db, needs_pdf_tools]


def test_the_programme_page_is_for_the_schools_staff_only(client, school, teacher_user, curator_b, people):
    url = reverse("documents:school_programme")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(teacher_user)
    assert client.get(url).status_code == 403
    client.force_login(curator_b)  # another school's curator gets their own school's programme, never school A's
    text = pdf_text(client.get(url).content)
    assert "Школа Б" in text and SHORT_NAME not in text


def test_order_needs_a_roadmap_of_its_year_and_an_appointed_curator(school, people):
    order = order_create(school=school, kind=OrderKind.PROGRAMME)
    from apps.documents.content import order_problems

    problems = order_problems(order)
    assert "Укажите дорожную карту, которую утверждает приказ." in problems
    assert any("куратор" in p for p in problems)


def test_draft_without_pairs_says_so_and_lists_the_allowed_forms(client, school, people, roadmap, curator_a, contains):
    client.force_login(curator_a)
    text = pdf_text(client.get(reverse("documents:school_programme")).content)
    contains(
        text,
        "ПРОЕКТ",
        "УТВЕРЖДЕНА приказом",
        "«___» ________ 20__ г.",
        "ПРОГРАММА наставничества педагогических работников",
        "на 2025/2026 учебный год",
        "Паспорт программы",
        "наставнических пар и групп — 0",
        "Наставнические пары (группы) на 2025/2026 учебный год ещё не сформированы",
        "«педагог – педагог»",
        "5. Содержание и этапы реализации Программы",
        "1 Подготовка условий для реализации системы наставничества",
    )
    assert "куратор реализации программ наставничества — Иванова" not in text  # not appointed: not named


def test_signed_order_approves_the_programme_from_forms_banks_and_roadmap(school, people, roadmap, pairs, contains):
    Mentor.objects.filter(pk=pairs.one.mentor_id).update(status="trained")
    order = order_create(school=school, kind=OrderKind.PROGRAMME)
    assert order.roadmap == roadmap
    order = order_sign(order=order, number="14-од", date=datetime.date(2025, 9, 20))
    text = pdf_text(documents.order_pdf(order=order))
    contains(
        text,
        "Об утверждении Программы наставничества педагогических работников на 2025/2026 учебный год",
        f"Утвердить Программу наставничества педагогических работников {SHORT_NAME} на 2025/2026 учебный год (приложение).",
        "Куратору реализации программ наставничества Ивановой М.П.:",
        "ознакомить наставников и наставляемых с Программой под подпись;",
        "Приложение",
        "от 20 сентября 2025 г. № 14-од",
        "куратор реализации программ наставничества — Иванова Мария Петровна",
        "Наставников в банке — 2; наставляемых в банке — 3; наставнических пар и групп — 2",
        "из них прошли обучение или ведут наставничество — 1",
        "«педагог – педагог» 2 3",
        "С приказом и Программой наставничества ознакомлены:",
        "Петров Иван Сергеевич",
        "Дурново-Сидорова Мария Петровна",
    )
    # The approved text is what the school's programme shows from now on, even after the banks change.
    Mentor.objects.filter(pk=pairs.one.mentor_id).update(status="archived")
    text = pdf_text(documents.school_programme_pdf(school=school))
    contains(text, "УТВЕРЖДЕНА приказом", "от 20 сентября 2025 г. № 14-од", "Наставников в банке — 2")
    assert "ПРОЕКТ" not in text


def test_the_curator_prepares_the_programme_order_in_the_register_and_downloads_the_draft(
    client, curator_a, school, people, roadmap, appointed, contains
):
    from apps.documents.models import Order

    client.force_login(curator_a)
    response = client.post(reverse("admin:documents_order_add"), {"kind": OrderKind.PROGRAMME, "roadmap": roadmap.pk, "extra_grounds": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    order = Order.objects.get(kind=OrderKind.PROGRAMME)
    assert order.roadmap == roadmap and order.created_by == curator_a
    page = client.get(reverse("admin:documents_order_change", args=[order.pk])).content.decode()
    assert "Проект (PDF)" in page
    text = pdf_text(client.get(reverse("documents:order_pdf", args=[order.pk])).content)
    contains(text, "Об утверждении Программы наставничества педагогических работников", "ПРОЕКТ")


def test_the_programme_pdf_reads_the_same_number_of_queries_for_more_pairs(client, curator_a, school, people, roadmap, pairs, django_assert_max_num_queries):
    client.force_login(curator_a)
    url = reverse("documents:school_programme")
    with CaptureQueriesContext(connection) as two_pairs:
        client.get(url)
    for n in range(6):
        mentor = make_teacher(school, f"Соколова{n} Анна Ивановна", "f")
        pair_of(mentor, make_teacher(school, f"Орлова{n} Вера Петровна", "f"), started_on=datetime.date(2025, 10, 1))
    with django_assert_max_num_queries(len(two_pairs)):
        assert client.get(url).status_code == 200

