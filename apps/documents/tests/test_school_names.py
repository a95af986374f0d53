"""The school's name declined where a sentence needs it: the Положение's п. 1.1 (standalone and appendix 1)."""

import datetime
import re

import pytest
from django.urls import reverse

from apps.documents import documents
from apps.documents.models import OrderKind
from apps.documents.services import order_create, order_sign

from .conftest import norm
from .factories import FULL_NAME, appoint_curator, needs_pdf_tools, pdf_text

pytestmark = [pytest.mark.django_db, needs_pdf_tools]

GENITIVE = (
    "Государственного бюджетного общеобразовательного учреждения средней общеобразовательной школы № 34 "
    "Невского района Санкт-Петербурга"
)


def clause_1_1(text: str) -> str:
    flat = re.sub(r"\s+", " ", text)
    return flat[flat.index("1.1.") : flat.index("1.2.")]


def test_the_regulations_clause_1_1_has_the_genitive_not_the_nominative(school, people, roadmap, contains):
    clause = clause_1_1(pdf_text(documents.regulations_pdf(school=school)))
    assert norm(f"педагогических работников {FULL_NAME}") not in norm(clause)
    contains(clause, f"Положение о системе наставничества педагогических работников {GENITIVE} (далее — Положение")


def test_appendix_1_of_the_signed_order_has_the_genitive(school, people, roadmap, contains):
    appoint_curator(school, on=datetime.date(2025, 9, 1), teacher=school.curator)  # the order names the curator
    order = order_sign(order=order_create(school=school, kind=OrderKind.REGULATIONS), number="12-од", date=datetime.date(2025, 9, 15))
    assert order.payload["school"]["full_name_gen"] == GENITIVE
    text = pdf_text(documents.regulations_order_pdf(order=order))
    contains(clause_1_1(text[text.index("Приложение 1") :]), f"педагогических работников {GENITIVE}")
    # The standalone Положение is now the approved text, with the same clause.
    contains(clause_1_1(pdf_text(documents.regulations_pdf(school=school))), f"педагогических работников {GENITIVE}")


def test_a_form_corrected_by_the_school_is_the_one_printed(client, curator_a, school, people, roadmap, contains):
    school.full_name_genitive = "Государственного бюджетного общеобразовательного учреждения школы № 34 (исправлено)"
    school.save()
    client.force_login(curator_a)
    response = client.get(reverse("documents:regulations"))
    assert response.status_code == 200
    corrected = "педагогических работников Государственного бюджетного общеобразовательного учреждения школы № 34 (исправлено)"
    contains(clause_1_1(pdf_text(response.content)), corrected)
