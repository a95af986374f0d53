"""Layout rules of the printed documents, read from WeasyPrint's page boxes and from the PDFs: the QR code in
the bottom-right corner of page 1, the signature never alone on a page, the acquaintance sheet of the
Положение order, column widths, and every glyph in the fonts that ship with the project."""

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from weasyprint.formatting_structure import boxes

from apps.documents import documents
from apps.documents.content import order_payload
from apps.documents.models import OrderKind
from apps.documents.qr import qr_data_uri
from apps.documents.services import order_create
from apps.programmes.models import Activity, Programme

from .conftest import norm
from .factories import make_teacher, needs_pdf_tools, page_texts, pdf_fonts

pytestmark = pytest.mark.django_db

PX_PER_MM = 96 / 25.4
PX_PER_PT = 96 / 72


def layout(order):
    return documents.render_layout(documents.ORDER_TEMPLATES[order.kind], documents.order_context(order))


def replaced_boxes(page):
    return [b for b in page._page_box.descendants() if isinstance(b, boxes.ReplacedBox)]


def text_of(box) -> str:
    return "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox)).replace("\u00a0", " ")


def text_bottom(page) -> float:
    """The lowest edge of any text on the page, in CSS px."""
    return max(b.position_y + b.height for b in page._page_box.descendants() if isinstance(b, boxes.TextBox))


def cell(document, text: str):
    """The first table cell whose whole text is `text` (line breaks and hyphens aside)."""
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TableCellBox) and norm(text_of(box)) == norm(text):
                return box
    raise AssertionError(f"no cell «{text}»")


def lines_of(box) -> int:
    return sum(1 for b in box.descendants() if isinstance(b, boxes.LineBox))


def assert_qr_in_the_bottom_right_corner_of_page_one(document):
    first = document.pages[0]
    (qr,) = replaced_boxes(first)
    right_margin, bottom_margin = 10 * PX_PER_MM, 20 * PX_PER_MM
    assert qr.position_x + qr.width == pytest.approx(first.width - right_margin, abs=1)
    assert qr.position_y + qr.height == pytest.approx(first.height - bottom_margin, abs=1)
    assert qr.width == pytest.approx(18 * PX_PER_MM, abs=1)
    assert text_bottom(first) < qr.position_y, "text runs into the QR code"
    for page in document.pages[1:]:
        assert replaced_boxes(page) == []


def test_the_qr_code_of_a_final_event_order_that_fills_page_one_stays_on_page_one(school, people, pairs):
    # The case that moved it to the foot of page 2: page 1 full of text.
    order = order_create(
        school=school,
        kind=OrderKind.FINAL_EVENT,
        pairs=[pairs.one, pairs.group],
        event_date=datetime.date(2026, 5, 20),
        extra_grounds="\n".join(
            f"приказом Комитета по образованию от 0{i}.03.2022 № 62{i}-р о наставничестве" for i in range(1, 6)
        ),
    )
    document = layout(order)
    assert len(document.pages) >= 2
    assert_qr_in_the_bottom_right_corner_of_page_one(document)


def test_the_qr_code_of_a_one_page_order_and_a_long_one(school, people, pairs):
    assert_qr_in_the_bottom_right_corner_of_page_one(layout(order_create(school=school, kind=OrderKind.CURATOR)))
    assert_qr_in_the_bottom_right_corner_of_page_one(
        layout(order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one, pairs.group]))
    )


@needs_pdf_tools
def test_the_signature_never_stands_alone_on_a_page(school, people):
    """The curator order, its preamble grown line by line: wherever page 1 ends, the page with the director's
    signature also has the last point of the order on it."""
    order = order_create(school=school, kind=OrderKind.CURATOR)
    payload = order_payload(order)
    qr = qr_data_uri(payload["verify_url"])
    preamble = payload["preamble"]
    broke = 0
    for words in range(0, 240, 12):
        payload["preamble"] = preamble + " в целях наставничества" * (words // 3)
        pages = page_texts(documents.render_pdf("documents/curator_order.html", {"doc": payload, "qr": qr}))
        (signed,) = [text for text in pages if "Т.А. Сергеева" in text]
        assert "Контроль за исполнением настоящего приказа" in signed, f"+{words} words: the signature alone on its page"
        broke += len(pages) > 1 and "ПРИКАЗ" not in signed
    assert broke, "no case put the signature on a page of its own"


def test_the_regulations_orders_sheet_lists_all_teaching_staff(school, people, roadmap):
    left = make_teacher(school, "Уволенная Ольга Петровна", "f", subjects="химия")
    left.is_employed = False
    left.save(update_fields=["is_employed"])
    order = order_create(school=school, kind=OrderKind.REGULATIONS, roadmap=roadmap)
    payload = order_payload(order)
    listed = [person["full"] for person in payload["acquaintance"]]
    employed = school.teachers.filter(is_employed=True)
    assert sorted(listed) == sorted(t.full_name for t in employed)
    assert len(listed) == employed.count() == 8
    assert "Уволенная Ольга Петровна" not in listed
    assert listed == sorted(listed, key=lambda name: name.split()[0])  # by surname
    text = norm(" ".join(page_texts(documents.regulations_order_pdf(order=order))))
    assert norm("С приказом и Положением о системе наставничества ознакомлены:") in text
    for teacher in employed:
        assert norm(teacher.full_name) in text


def test_the_other_orders_sheets_are_unchanged(school, people, pairs):
    curator = order_payload(order_create(school=school, kind=OrderKind.CURATOR))
    assert [p["full"] for p in curator["acquaintance"]] == ["Иванова Мария Петровна"]


def test_the_programmes_plan_gives_its_activity_room_and_no_number_wraps(school, people, pairs):
    pair = pairs.one
    programme = Programme.objects.create(
        pair=pair,
        title="Проектная деятельность",
        starts_on=datetime.date(2025, 10, 1),
        ends_on=datetime.date(2026, 5, 31),
    )
    Activity.objects.create(
        programme=programme,
        title="Согласование и утверждение персонализированной программы наставничества",
        due_date=datetime.date(2025, 10, 15),
        expected_result="Утверждённая программа",
    )
    document = documents.render_layout("documents/programme.html", {"doc": documents.content.programme_payload(pair)})
    activity = cell(document, "Мероприятие")
    assert activity.width >= 55 * PX_PER_MM
    assert lines_of(cell(document, "№ п/п")) == 1
    # No word cut into two- or three-letter pieces: at least three letters on either side of a hyphen.
    title = cell(document, "Согласование и утверждение персонализированной программы наставничества")
    for line in (text_of(b) for b in title.descendants() if isinstance(b, boxes.LineBox)):
        if line.endswith("-"):
            assert len(line.rstrip("-").split()[-1]) >= 3, line


def test_the_roadmaps_number_column_does_not_wrap(school, people, roadmap):
    order = order_create(school=school, kind=OrderKind.REGULATIONS, roadmap=roadmap)
    assert lines_of(cell(layout(order), "№ п/п")) == 1


@needs_pdf_tools
def test_only_pt_fonts_are_embedded_even_where_words_are_hyphenated(school, people, roadmap):
    pdf = documents.regulations_order_pdf(order=order_create(school=school, kind=OrderKind.REGULATIONS, roadmap=roadmap))
    assert "-" in "".join(page_texts(pdf))  # words hyphenated at line ends
    assert embedded_fonts(pdf) <= {"PT-Serif", "PT-Serif-Bold", "PT-Serif-Italic", "PT-Serif-Bold-Italic"}


def embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    for line in pdf_fonts(pdf).splitlines()[2:]:
        names.add(re.sub(r"^[A-Z]{6}\+", "", line.split()[0]))
    assert names, "no fonts listed"
    return names


RENDER_IN_A_BARE_MACHINE = """
import json, sys
import django
django.setup()
from apps.documents.documents import render_pdf
template, context, out = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3]
open(out, "wb").write(render_pdf(template, context))
"""


@needs_pdf_tools
@pytest.mark.needs_tools("fc-list")
def test_a_pdf_is_the_same_on_a_machine_without_the_system_pt_fonts(school, people, roadmap, tmp_path):
    """Rendered where fontconfig sees no PT font at all (only DejaVu, if the machine has it): the same pages,
    and only PT fonts embedded — the ones shipped in static/fonts."""
    config = tmp_path / "fonts.conf"
    dejavu = "<dir>/usr/share/fonts/truetype/dejavu</dir>" if Path("/usr/share/fonts/truetype/dejavu").is_dir() else ""
    config.write_text(
        f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>{dejavu}<cachedir>{tmp_path}/cache</cachedir></fontconfig>'
    )
    environment = {**os.environ, "FONTCONFIG_FILE": str(config), "DJANGO_SETTINGS_MODULE": "mentoring_portal.test_settings"}
    seen = subprocess.run(["fc-list", ":", "family"], env=environment, capture_output=True, text=True, check=True).stdout
    assert "PT Serif" not in seen and "Liberation" not in seen  # the system's PT fonts are out of sight

    cases = [
        ("documents/curator_order.html", order_create(school=school, kind=OrderKind.CURATOR)),
        ("documents/regulations_order.html", order_create(school=school, kind=OrderKind.REGULATIONS, roadmap=roadmap)),
    ]
    for template, order in cases:
        context = documents.order_context(order)
        here = documents.render_pdf(template, context)
        (tmp_path / "context.json").write_text(json.dumps(context, ensure_ascii=False))
        out = tmp_path / "bare.pdf"
        result = subprocess.run(
            [sys.executable, "-c", RENDER_IN_A_BARE_MACHINE, template, str(tmp_path / "context.json"), str(out)],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr
        bare = out.read_bytes()
        assert len(page_texts(bare)) == len(page_texts(here)), template
        assert page_texts(bare) == page_texts(here), template
        assert embedded_fonts(bare) <= {"PT-Serif", "PT-Serif-Bold", "PT-Serif-Italic", "PT-Serif-Bold-Italic"}, template
