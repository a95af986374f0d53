"""The PDF as paper: A4, the margins of ГОСТ Р 7.0.97, page numbers from page 2, fonts embedded, the QR code."""

import datetime
import gc
import io
import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.template import TemplateDoesNotExist
from pypdf import PdfReader

from apps.documents import documents
from apps.documents.bench import consented
from apps.documents.models import OrderKind
from apps.documents.services import order_create, order_sign
from apps.mentees.models import Mentee
from apps.mentors.models import Mentor
from apps.schools.models import Teacher

from .conftest import norm
from .factories import decode_qr, needs_pdf_tools, page_png, pdf_fonts

pytestmark = [pytest.mark.django_db, needs_pdf_tools]

MM = 72 / 25.4
A4 = (595.28, 841.89)


def words_with_boxes(pdf: bytes) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, every word with its box in points (pdftotext -bbox; y grows downwards)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True).stdout.decode()
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append(
            [
                (float(a), float(b), float(c), float(d), w)
                for a, b, c, d, w in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)
            ]
        )
    return pages


@pytest.fixture
def long_order(school, people, appointed):
    """A pairs order for 100 pairs: several pages, a table split across them."""
    from apps.catalogues.models import MentoringForm
    from apps.core.bench import fake_staff_rows
    from apps.pairs.services import pair_create

    teachers = Teacher.objects.bulk_create(Teacher(school=school, **row) for row in fake_staff_rows(200, seed=5))
    mentors = Mentor.objects.bulk_create(Mentor(school=school, teacher=t, status="approved") for t in teachers[:100])
    mentees = Mentee.objects.bulk_create(Mentee(school=school, teacher=t) for t in teachers[100:])
    form = MentoringForm.objects.get(code="teacher-teacher")
    pairs = [
        pair_create(
            school=school,
            mentor=m,
            mentees=[e],
            form=form,
            started_on=datetime.date(2025, 10, 1),
            planned_end_on=datetime.date(2026, 5, 31),
        )
        for m, e in zip(mentors, mentees, strict=True)
    ]
    consented(pairs, on=datetime.date(2025, 9, 25))
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=pairs)
    assert order.pairs.count() == 100
    return order_sign(order=order, number="100-од", date=datetime.date(2025, 10, 3))


def test_a4_with_the_margins_of_the_standard(long_order):
    with long_order.pdf.open("rb"):  # closed after reading
        pdf = long_order.pdf.read()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 3
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)

    for number, words in enumerate(words_with_boxes(pdf), start=1):
        body = [w for w in words if w[1] > 20 * MM - 1]  # below the top margin
        assert min(w[0] for w in body) >= 30 * MM - 0.5, f"page {number}: text in the 30 mm left margin"
        assert max(w[2] for w in body) <= A4[0] - 10 * MM, f"page {number}: text in the 10 mm right margin"
        assert max(w[3] for w in body) <= A4[1] - 20 * MM + 0.5, f"page {number}: text in the 20 mm bottom margin"


def test_rendering_pauses_the_cycle_collector_and_always_turns_it_back_on(long_order):
    """The collector is off only while WeasyPrint works (documents.py): left off, a long-running server would
    keep every cyclic garbage of every page it served until it ran out of memory."""
    assert gc.isenabled() and long_order.pdf.size > 0  # signed: its PDF rendered in the fixture
    with pytest.raises(TemplateDoesNotExist):
        documents.render_pdf("documents/no_such_document.html", {})
    assert gc.isenabled()


def test_pages_are_numbered_from_the_second_centred_in_the_top_margin(long_order):
    with long_order.pdf.open("rb"):  # closed after reading
        pages = words_with_boxes(long_order.pdf.read())
    in_top_margin = [[w for w in words if w[3] < 20 * MM] for words in pages]
    assert in_top_margin[0] == []  # no number on the first page
    for number, words in enumerate(in_top_margin[1:], start=2):
        assert [w[4] for w in words] == [str(number)]
        centre = (words[0][0] + words[0][2]) / 2
        assert centre == pytest.approx((30 * MM + A4[0] - 10 * MM) / 2, abs=2)


def test_the_table_header_repeats_on_every_page_of_the_table(long_order):
    with long_order.pdf.open("rb"):  # closed after reading
        reader = PdfReader(io.BytesIO(long_order.pdf.read()))
    texts = [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]
    table_pages = [t for t in texts if "учитель" in t and "с 01.10.2025 по 31.05.2026" in t]
    assert len(table_pages) >= 3
    assert all("НаставникНаставляемый(наставляемые)ФорманаставничестваСрок" in norm(t) for t in table_pages)
    assert "100 " in texts[-1] or any(" 100 " in t for t in texts)


def test_fonts_are_embedded(long_order):
    with long_order.pdf.open("rb"):  # closed after reading
        fonts = pdf_fonts(long_order.pdf.read()).splitlines()[2:]
    assert fonts, "no fonts listed"
    assert any("PT-Serif" in line or "PTSerif" in line for line in fonts)
    for line in fonts:
        assert re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s", line), line
        emb = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s", line).group(1)
        assert emb == "yes", f"font not embedded: {line}"


def test_first_page_is_not_blank(school, people, pairs):
    from PIL import Image

    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one])
    png = page_png(documents.pairs_order_pdf(order=order), page=1, resolution=50)
    image = Image.open(io.BytesIO(png)).convert("L")
    dark = sum(1 for value in image.get_flattened_data() if value < 128)
    assert image.size[0] == pytest.approx(413, abs=1) and image.size[1] == pytest.approx(585, abs=1)  # A4 at 50 dpi
    assert dark > 0.01 * image.size[0] * image.size[1]


def test_qr_code_leads_to_the_verification_page(client, school, people, pairs):
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one, pairs.group])
    order = order_sign(order=order, number="45-од", date=datetime.date(2025, 10, 3))
    with order.pdf.open("rb"):  # closed after reading
        pdf = order.pdf.read()

    codes = decode_qr(page_png(pdf, page=1, resolution=150))
    assert len(codes) == 1
    url = urlparse(codes[0])
    assert url.path == f"/proverka/{order.token}/"
    # In the bottom-right corner of the first page only.
    assert decode_qr(page_png(pdf, page=2, resolution=150)) == []

    page = client.get(url.path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "45-од" in html and "03.10.2025" in html and "подписан" in html
    assert order.file_sha256 in html
    assert "о закреплении наставнических пар" in html
    for name in ("Петров", "Шевченко", "Гоголь", "Дурново", "Белых", "Иванова", "Сергеева"):
        assert name not in html


def test_qr_code_sits_in_the_bottom_right_corner(school, people, pairs):
    from PIL import Image

    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one])
    image = Image.open(io.BytesIO(page_png(documents.pairs_order_pdf(order=order), page=1, resolution=50))).convert("L")
    width, height = image.size
    corner = image.crop((int(width * 0.8), int(height * 0.8), width, height))
    assert sum(1 for v in corner.get_flattened_data() if v < 128) > 200  # the code's dark modules
