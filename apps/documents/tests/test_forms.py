"""Documents that are not orders: the Положение, the programme of a pair, consents, the agreement."""

import datetime

import pytest

from apps.documents import documents
from apps.documents.models import DocumentSettings, OrderKind
from apps.documents.services import order_create, order_sign
from apps.programmes.models import Activity, Programme

from .factories import SHORT_NAME, needs_pdf_tools, pdf_text

pytestmark = [pytest.mark.django_db, needs_pdf_tools]


def test_regulations_are_a_draft_until_approved_then_the_approved_text(school, people, roadmap, appointed, contains):
    text = pdf_text(documents.regulations_pdf(school=school))
    contains(text, "ПРОЕКТ", "УТВЕРЖДЕНО", "ПОЛОЖЕНИЕ о системе наставничества педагогических работников", "не более 2 наставляемых")

    order_sign(order=order_create(school=school, kind=OrderKind.REGULATIONS), number="12-од", date=datetime.date(2025, 9, 15))
    school.max_mentees_per_mentor = 3  # changed later: the approved text stays until a new order
    school.save()
    text = pdf_text(documents.regulations_pdf(school=school))
    contains(text, f"приказом {SHORT_NAME}", "от 15 сентября 2025 г. № 12-од", "не более 2 наставляемых")
    assert "ПРОЕКТ" not in text


def test_programme_of_a_group_with_its_plan(school, people, pairs, contains):
    programme = Programme.objects.create(
        pair=pairs.group,
        title="Адаптация молодого педагога-психолога",
        goals="Освоить диагностику.\nНаучиться вести консультации.",
        difficulties="Работа с родителями",
        starts_on=datetime.date(2025, 10, 1),
        ends_on=datetime.date(2026, 5, 31),
    )
    Activity.objects.create(
        programme=programme, title="Посещение занятий наставника", due_date=datetime.date(2025, 11, 15), expected_result="Анализ занятий"
    )
    Activity.objects.create(
        programme=programme, title="Открытое занятие", due_date=datetime.date(2026, 3, 1), done=True, done_on=datetime.date(2026, 2, 27)
    )
    text = pdf_text(documents.programme_pdf(pair=pairs.group))
    contains(
        text,
        "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА «Адаптация молодого педагога-психолога»",
        "Наставник Гоголь Анна Васильевна, учитель русского языка и литературы",
        "Наставляемые Дурново-Сидорова Мария Петровна, педагог-психолог; Белых Сергей Петрович, учитель информатики",
        "Срок реализации с 1 октября 2025 г. по 31 мая 2026 г.",
        "Освоить диагностику.",
        "1 Посещение занятий наставника 15.11.2025 Анализ занятий",
        "2 Открытое занятие 01.03.2026 выполнено 27.02.2026",
        "УТВЕРЖДАЮ",
        "А.В. Гоголь",
        "М.П. Дурново-Сидорова",
    )


def test_consent_to_personal_data_is_the_current_text_with_the_name(school, people, contains):
    text = pdf_text(documents.consent_personal_data_pdf(teacher=people.shevchenko))
    contains(
        text,
        "Директору",
        SHORT_NAME,
        "Т.А. Сергеевой",
        "от Шевченко Игоря Васильевича, учителя истории и обществознания",
        "СОГЛАСИЕ на обработку персональных данных",
        # The subject is named in section 1 of the form (art. 9 part 4 item 1), the text refers to it.
        "1. Субъект персональных данных Фамилия, имя, отчество Шевченко Игорь Васильевич",
        "Я, субъект персональных данных, сведения о котором указаны в разделе 1",
        "в соответствии со статьёй 9 Федерального закона",
        "№ 152-ФЗ «О персональных данных»",
        "(подпись)",
        "И.В. Шевченко",
    )


def test_consent_to_a_mentor_names_the_mentor(school, people, pairs, contains):
    text = pdf_text(documents.consent_mentee_pdf(teacher=people.durnovo, pair=pairs.group))
    contains(
        text,
        "от Дурново-Сидоровой Марии Петровны, педагога-психолога",
        "СОГЛАСИЕ на закрепление наставника",
        "Я, Дурново-Сидорова Мария Петровна, педагог-психолог, даю согласие на закрепление за мной наставника",
        "Прошу закрепить за мной наставника — Гоголь Анну Васильевну, учителя русского языка и литературы, на срок "
        "с 1 октября 2025 г. по 1 июня 2026 г. (форма наставничества «педагог – педагог»).",
    )


def test_mentors_consent_names_the_mentees_in_the_genitive(school, people, pairs, contains):
    text = pdf_text(documents.consent_mentor_pdf(teacher=people.gogol, pair=pairs.group))
    contains(
        text,
        "от Гоголь Анны Васильевны, учителя русского языка и литературы",
        "СОГЛАСИЕ на возложение дополнительных обязанностей наставника",
        "Наставничество осуществляется в отношении Дурново-Сидоровой Марии Петровны, педагога-психолога; Белых Сергея "
        "Петровича, учителя информатики",
    )


def test_employment_agreement_with_the_amount_from_the_settings(school, people, pairs, contains):
    DocumentSettings.objects.create(school=school, mentor_allowance="3000.00")
    text = pdf_text(documents.employment_agreement_pdf(teacher=people.petrov, pair=pairs.one))
    contains(
        text,
        "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № ____ к трудовому договору",
        "О выполнении дополнительной работы наставника",
        "в лице директора Сергеевой Татьяны Александровны, действующей на основании Устава",
        "и Петров Иван Сергеевич, учитель физики (далее — Работник)",
        "статья 60.2 Трудового кодекса Российской Федерации) на период с 1 октября 2025 г. по 1 июня 2026 г. в отношении "
        "Шевченко Игоря Васильевича, учителя истории и обществознания.",
        "ежемесячная доплата в размере 3 000,00 руб. за счёт стимулирующей части фонда оплаты труда",
        "Работодатель",
        "Работник",
        "И.С. Петров",
    )
