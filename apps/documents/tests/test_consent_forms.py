"""The 152-ФЗ consent forms as printed: every item of art. 9 part 4, and the art. 10.1 form."""

import pytest
from django.urls import reverse

from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.documents import documents

from .conftest import norm
from .factories import FULL_NAME, needs_pdf_tools, pdf_text

pytestmark = [pytest.mark.django_db, needs_pdf_tools]

ADDRESS = "193231, Санкт-Петербург, ул. Коллонтай, д. 23, корп. 3, литера А"


@pytest.fixture(autouse=True)
def requisites(school):
    school.address, school.inn = ADDRESS, "7811045260"
    school.save()

# Art. 9 part 4 of 152-ФЗ, item by item, as the form words it.
ART_9_PART_4 = {
    "1 subject": ["1. Субъект персональных данных", "Фамилия, имя, отчество", "Адрес",
                  "Основной документ, удостоверяющий личность (вид, серия, номер)", "Дата выдачи документа и выдавший его орган"],
    "2 representative": ["2. Представитель субъекта персональных данных",
                         "Доверенность или иной документ, подтверждающий полномочия (реквизиты)"],
    "3 operator": ["3. Оператор, получающий согласие", FULL_NAME, ADDRESS],
    "4 purpose": ["Цель обработки: организация и сопровождение системы (целевой модели) наставничества"],
    "5 data": ["Перечень персональных данных: фамилия, имя, отчество"],
    "6 processor": ["4. Лицо, осуществляющее обработку персональных данных по поручению оператора"],
    "7 actions and methods": ["Действия с персональными данными: сбор, запись", "Способы обработки: смешанная обработка"],
    "8 period and withdrawal": ["Срок действия и отзыв: согласие действует со дня его подписания до дня его отзыва",
                                "может быть отозвано мной в любой момент"],
    "9 signature": ["(подпись)"],
}


def test_a_blank_processing_consent_has_every_item_and_lines_to_fill(school, people, contains):
    text = pdf_text(documents.consent_personal_data_pdf(teacher=people.petrov))
    for item, needles in ART_9_PART_4.items():
        missing = [n for n in needles if norm(n) not in norm(text)]
        assert not missing, f"art. 9 part 4 item {item}: {missing}"
    contains(text, "Петров Иван Сергеевич", "Обработка персональных данных другому лицу по поручению оператора не поручается.",
             "Текст согласия: версия 2, действует с 03.12.2026.")
    assert "None" not in text


def test_the_processing_consent_prints_what_the_teacher_typed_and_the_processor(school, people, contains):
    school.pd_processor = "ООО «Школьные системы», 190000, Санкт-Петербург, ул. Большая Морская, д. 1"
    school.ogrn = "1037825012345"
    school.save()
    consent_give(
        teacher=people.petrov,
        kind=ConsentKind.PERSONAL_DATA,
        subject={
            "subject_address": "Санкт-Петербург, пр. Большевиков, д. 1, кв. 2",
            "subject_document": "паспорт 40 12 345678",
            "subject_document_issued": "01.02.2015, ТП № 1 отдела УФМС России по Санкт-Петербургу",
        },
    )
    text = pdf_text(documents.consent_personal_data_pdf(teacher=people.petrov))
    contains(
        text,
        "пр. Большевиков, д. 1, кв. 2",
        "паспорт 40 12 345678",
        "01.02.2015, ТП № 1 отдела УФМС России по Санкт-Петербургу",
        "ООО «Школьные системы», 190000, Санкт-Петербург, ул. Большая Морская, д. 1",
        "7811045260, 1037825012345",
    )


def test_the_dissemination_consent_has_what_the_order_no_18_requires(school, people, contains, settings):
    school.ogrn = "1037825012345"
    school.website = "https://school34.spb.ru"
    school.save()
    people.petrov.phone, people.petrov.email = "+7 912 345-67-89", "petrov@school34.ru"
    people.petrov.save()
    blank = pdf_text(documents.consent_dissemination_pdf(teacher=people.petrov))
    contains(
        blank,
        "на обработку персональных данных, разрешённых субъектом персональных данных для распространения",
        "Петров Иван Сергеевич", "+7 912 345-67-89, petrov@school34.ru",  # subject and contacts
        FULL_NAME, ADDRESS, "7811045260", "1037825012345",  # the operator
        settings.SITE_URL + reverse("public:home", args=[school.slug]), "https://school34.spb.ru",  # resources
        "Цель обработки: информирование о системе наставничества",
        "Фамилия, имя, отчество", "Должность", "Преподаваемые предметы", "Фотографическое изображение",
        "Разрешаю к распространению (да/нет)",
        "Условия и запреты на обработку неограниченным кругом лиц (заполняется по желанию субъекта)",
        "Срок действия и отзыв: согласие действует со дня его подписания",
        "(подпись)",
    )
    consent_give(teacher=people.petrov, kind=ConsentKind.PUBLICATION, categories=["name", "position"], conditions="Запрещаю копирование.")
    filled = pdf_text(documents.consent_dissemination_pdf(teacher=people.petrov))
    contains(filled, "Фамилия, имя, отчество да", "Должность да", "Преподаваемые предметы нет", "Фотографическое изображение, предоставленное субъектом нет",
             "Запрещаю копирование.")


def test_the_curator_prints_the_forms_of_their_own_school_only(client, curator_a, curator_b, school, people):
    url = reverse("documents:teacher_document", args=[people.petrov.pk, "consent_dissemination"])
    client.force_login(curator_b)
    assert client.get(url).status_code == 404
    client.force_login(curator_a)
    response = client.get(url + "?pair=1")  # a pair means nothing to this form
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
