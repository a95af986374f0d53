"""Every order rendered to PDF and read back: requisites, heading, «ПРИКАЗЫВАЮ», declined names, tables."""

import datetime

import pytest

from apps.documents import documents
from apps.documents.models import DocumentSettings, OrderKind
from apps.documents.services import order_create, order_sign
from apps.pairs.models import PairStatus
from apps.pairs.services import pair_activate, pair_end
from apps.roadmap.models import Event

from .factories import FULL_NAME, SHORT_NAME, give_consents, make_teacher, needs_pdf_tools, pair_of, pdf_text

pytestmark = [pytest.mark.django_db, needs_pdf_tools]

FEDERAL = [
    "распоряжением Правительства Российской Федерации от 31.12.2019 № 3273-р",
    "письмом Министерства просвещения Российской Федерации и Общероссийского Профсоюза образования от 21.12.2021 № АЗ-1128/08/657",
]


def requisites(text, contains, *, number="", date_text=""):
    contains(text, FULL_NAME.upper(), f"({SHORT_NAME})", "ПРИКАЗ", "Санкт-Петербург", *FEDERAL, "ПРИКАЗЫВАЮ:")
    contains(text, "Директор", "Т.А. Сергеева", "Контроль за исполнением настоящего приказа оставляю за собой.")
    if number:
        contains(text, f"№ {number}", date_text)


def test_pairs_order_names_mentors_in_the_instrumental_and_mentees_in_the_accusative(school, people, pairs, contains):
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one, pairs.group])
    order = order_sign(order=order, number="45-од", date=datetime.date(2025, 10, 3))
    text = pdf_text(documents.pairs_order_pdf(order=order))

    requisites(text, contains, number="45-од", date_text="3 октября 2025 г.")
    contains(
        text,
        "О закреплении наставнических пар (групп)",
        "с письменного согласия участников",
        # «закрепить за кем — кого»: male and female mentors, male, female and undetected-gender mentees.
        "за Петровым Иваном Сергеевичем, учителем физики, — Шевченко Игоря Васильевича, учителя истории и обществознания;",
        "за Гоголь Анной Васильевной, учителем русского языка и литературы, — Дурново-Сидорову Марию Петровну, "
        "педагога-психолога, Белых Сергея Петровича, учителя информатики.",
        "куратору Ивановой М.П.",
    )
    # The table: one row per pair, in order, with the form and the period.
    contains(
        text,
        "№ Наставник Наставляемый (наставляемые) Форма наставничества Срок",
        "1 Петров Иван Сергеевич, учитель физики Шевченко Игорь Васильевич, учитель истории и обществознания "
        "педагог – педагог с 01.10.2025 по 01.06.2026",
        "2 Гоголь Анна Васильевна, учитель русского языка и литературы Дурново-Сидорова Мария Петровна, "
        "педагог-психолог; Белых Сергей Петрович, учитель информатики педагог – педагог с 01.10.2025 по 01.06.2026",
    )
    # The acquaintance sheet lists everybody named: curator, mentors, mentees.
    sheet = text[text.index("С приказом ознакомлены") :]
    contains(sheet, "Фамилия, имя, отчество Подпись Дата")
    for n, name in enumerate(
        ["Иванова Мария Петровна", "Петров Иван Сергеевич", "Гоголь Анна Васильевна", "Шевченко Игорь Васильевич",
         "Дурново-Сидорова Мария Петровна", "Белых Сергей Петрович"], start=1,
    ):  # fmt: skip
        contains(sheet, f"{n} {name}")


def test_curator_order_appoints_in_the_accusative(school, people, contains):
    order = order_create(school=school, kind=OrderKind.CURATOR, responsible=people.ilyin)
    text = pdf_text(documents.curator_order_pdf(order=order))

    requisites(text, contains)
    contains(
        text,
        "О назначении куратора реализации программ наставничества педагогических работников",
        "Назначить Ильина Илью Ильича, учителя математики, куратором реализации программ наставничества",
        "Куратору Ильину И.И. обеспечить организацию и сопровождение",
        # One person: signature lines rather than a table.
        "С приказом ознакомлены: Ильин Илья Ильич «___» ____________ 20__ г.",
    )
    contains(text, "ПРОЕКТ", "№ ________")  # a draft: no number yet


def test_curator_order_for_a_woman_uses_the_school_curator(school, people, contains):
    order = order_create(school=school, kind=OrderKind.CURATOR)
    text = pdf_text(documents.curator_order_pdf(order=order))
    contains(
        text,
        "Назначить Иванову Марию Петровну, заместителя директора по учебно-воспитательной работе, куратором",
        "Куратору Ивановой М.П. обеспечить организацию",
    )


def test_implementation_order_creates_the_working_group(school, people, contains):
    order = order_create(
        school=school, kind=OrderKind.IMPLEMENTATION, responsible=people.curator, members=[people.kuzmich, people.ilyin, people.gogol]
    )
    text = pdf_text(documents.implementation_order_pdf(order=order))

    requisites(text, contains)
    contains(
        text,
        "О внедрении системы (целевой модели) наставничества педагогических работников",
        "руководитель рабочей группы — Иванова Мария Петровна, заместитель директора по учебно-воспитательной работе;",
        "члены рабочей группы: Гоголь Анна Васильевна, учитель русского языка и литературы;",
        "Ильин Илья Ильич, учитель математики;",
        "Кузьмич Ольга Николаевна, учитель начальных классов.",
        "Рабочей группе (руководитель — Иванова М.П.)",
    )
    sheet = text[text.index("С приказом ознакомлены") :]
    contains(sheet, "1 Иванова Мария Петровна", "2 Гоголь Анна Васильевна", "3 Ильин Илья Ильич", "4 Кузьмич Ольга Николаевна")


def test_regulations_order_has_the_regulations_and_the_roadmap_as_appendices(school, people, roadmap, appointed, contains):
    DocumentSettings.objects.create(
        school=school,
        regional_grounds="распоряжением Комитета по образованию Санкт-Петербурга от 30.03.2022 № 623-р",
        mentor_allowance="2500",
    )
    order = order_create(school=school, kind=OrderKind.REGULATIONS)
    assert order.roadmap == roadmap
    order = order_sign(order=order, number="12-од", date=datetime.date(2025, 9, 15))
    text = pdf_text(documents.regulations_order_pdf(order=order))

    requisites(text, contains, number="12-од", date_text="15 сентября 2025 г.")
    contains(
        text,
        "Об утверждении Положения о системе наставничества педагогических работников и Дорожной карты",
        "на 2025/2026 учебный год",
        "распоряжением Комитета по образованию Санкт-Петербурга от 30.03.2022 № 623-р",
        "Утвердить Положение о системе наставничества педагогических работников",
        "(приложение 1)",
        "(приложение 2)",
        "Куратору реализации программ наставничества Ивановой М.П.:",
        # Appendix 1: the Положение from the school's settings.
        "Приложение 1",
        f"к приказу {SHORT_NAME}",
        "от 15 сентября 2025 г. № 12-од",
        "ПОЛОЖЕНИЕ о системе наставничества педагогических работников",
        "не более 2 наставляемых",
        "от 3 до 12 месяцев",
        "педагог – педагог; руководитель образовательной организации – педагог",
        "ежемесячная доплата в размере 2 500,00 руб.",
        "4. Права и обязанности куратора",
        "5. Права и обязанности наставника",
        "6. Права и обязанности наставляемого",
        # Appendix 2: the roadmap as a table, stage by stage.
        "Приложение 2",
        "Дорожная карта (план мероприятий)",
        "№ п/п Мероприятие Срок Ответственные Результат (документ)",
        "1 Подготовка условий для реализации системы наставничества",
        "1.4 Назначение куратора программы наставничества до 31.10.2025 Директор Приказ о назначении куратора",
        "7 Информационная поддержка системы наставничества",
    )


def test_final_event_order(school, people, pairs, contains):
    for pair in (pairs.one, pairs.group):
        pair_activate(pair=pair)
    order = order_create(school=school, kind=OrderKind.FINAL_EVENT, pairs=[pairs.one, pairs.group], event_date=datetime.date(2026, 5, 20))
    text = pdf_text(documents.final_event_order_pdf(order=order))

    requisites(text, contains)
    contains(
        text,
        "О проведении итогового мероприятия в рамках реализации системы (целевой модели) наставничества",
        "Провести 20 мая 2026 г. итоговое мероприятие",
        "круглый стол «Лучшие практики наставничества»",
        "Назначить ответственной за подготовку и проведение итогового мероприятия Иванову Марию Петровну",
        "Ивановой М.П.:",
        "Наставникам Петрову И.С., Гоголь А.В. совместно с наставляемыми",
    )


def test_completion_order_thanks_mentors_in_the_dative(school, people, pairs, contains):
    for pair in (pairs.one, pairs.group):
        pair_activate(pair=pair)
        pair_end(pair=pair, status=PairStatus.COMPLETED, ended_on=datetime.date(2026, 5, 29))
    order = order_create(school=school, kind=OrderKind.COMPLETION, pairs=[pairs.one, pairs.group])
    text = pdf_text(documents.completion_order_pdf(order=order))

    requisites(text, contains)
    contains(
        text,
        "О завершении персонализированных программ наставничества",
        "Считать завершёнными персонализированные программы наставничества",
        "1 Петров Иван Сергеевич, учитель физики Шевченко Игорь Васильевич",
        "Объявить благодарность",
        "Петрову Ивану Сергеевичу, учителю физики;",
        "Гоголь Анне Васильевне, учителю русского языка и литературы.",
    )


def test_a_long_pairs_order_is_a_table_without_prose(school, people):
    mentors = [make_teacher(school, f"Орлов{n} Павел Игоревич", "m") for n in range(12)]
    consented = datetime.date(2025, 9, 25)
    many = [give_consents(pair_of(m, make_teacher(school, f"Зайцева{n} Анна Олеговна", "f")), on=consented) for n, m in enumerate(mentors)]
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=many)
    text = pdf_text(documents.pairs_order_pdf(order=order))
    assert "в составе, по формам наставничества и на сроки согласно таблице" in text
    assert "за Орлов0" not in text and "12 Орлов11 Павел Игоревич" in text


def test_spaced_verb_and_numeric_dates_are_school_settings(school, people):
    school.date_style = "numeric"
    school.save()
    DocumentSettings.objects.create(school=school, verb_style="spaced", order_index="")
    order = order_sign(order=order_create(school=school, kind=OrderKind.CURATOR), number="7", date=datetime.date(2025, 6, 5))
    text = pdf_text(documents.curator_order_pdf(order=order))
    assert "п р и к а з ы в а ю:" in text
    assert "05.06.2025" in text and "№ 7" in text


def test_every_event_of_the_standard_roadmap_that_yields_an_order_maps_to_a_kind(roadmap):
    from apps.documents.services import order_kind_for_event

    kinds = {order_kind_for_event(e) for e in Event.objects.filter(stage__roadmap=roadmap)}
    assert {OrderKind.IMPLEMENTATION, OrderKind.REGULATIONS, OrderKind.CURATOR, OrderKind.PAIRS, OrderKind.FINAL_EVENT} <= kinds
