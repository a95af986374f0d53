"""A school with real-looking requisites and people whose names are hard to decline."""

import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.models import Mentor
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import make_pair
from apps.schools.tests.factories import SchoolFactory, TeacherFactory

FULL_NAME = (
    "Государственное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № 34 Невского района Санкт-Петербурга"
)
SHORT_NAME = "ГБОУ школа № 34 Невского района Санкт-Петербурга"


def make_school(**kwargs):
    defaults = {
        "full_name": FULL_NAME,
        "short_name": SHORT_NAME,
        "city": "Санкт-Петербург",
        "director_name": "Сергеева Татьяна Александровна",
        "director_position": "Директор",
        "address": "193231, Санкт-Петербург, ул. Коллонтай, д. 23, корп. 3, литера А",
        "inn": "7811045260",
        "kpp": "781101001",
        "date_style": "words",
    }
    return SchoolFactory(**{**defaults, **kwargs})


def make_teacher(school, name: str, gender: str = "", position: str = "учитель", subjects: str = "математика", **kwargs):
    """make_teacher(school, "Петров Иван Сергеевич", "m")."""
    last, first, *rest = name.split()
    return TeacherFactory(
        school=school,
        last_name=last,
        first_name=first,
        patronymic=" ".join(rest),
        gender=gender,
        position=position,
        subjects=subjects,
        **kwargs,
    )


def make_mentor(teacher):
    return MentorFactory(teacher=teacher, school=teacher.school)


def make_mentee(teacher):
    return MenteeFactory(teacher=teacher, school=teacher.school)


def pair_of(mentor_teacher, *mentee_teachers, started_on=None, months=8):
    try:
        mentor = mentor_teacher.mentor
    except Mentor.DoesNotExist:
        mentor = make_mentor(mentor_teacher)
    return make_pair(
        mentor=mentor,
        mentees=[make_mentee(t) for t in mentee_teachers],
        started_on=started_on,
        months=months,
    )


def give_consents(pair, *, on):
    """Every consent a pairs order asks of the pair's participants, signed on paper on `on`: each one's
    consent to the processing of personal data and the pair's own (apps/documents/rules.py)."""
    from apps.consents.models import Consent, ConsentKind
    from apps.consents.services import consent_give
    from apps.pairs.services import pair_consents_record_paper

    teachers = [pair.mentor.teacher, *(m.mentee.teacher for m in pair.memberships.filter(left_on__isnull=True).select_related("mentee__teacher"))]
    for teacher in teachers:
        consent_give(teacher=teacher, kind=ConsentKind.PERSONAL_DATA, source=Consent.Source.PAPER, signed_on=on)
    pair_consents_record_paper(pair=pair, recorded_by=None, signed_on=on)
    return pair


def appoint_curator(school, *, on, number="1-к", teacher=None):
    """The school's curator appointed by a signed order о назначении куратора (what orders naming the curator need)."""
    from apps.documents.models import OrderKind
    from apps.documents.services import order_create, order_sign

    order = order_create(school=school, kind=OrderKind.CURATOR, responsible=teacher)
    return order_sign(order=order, number=number, date=on)


def ready_for_pairs_order(pair, *, on):
    """What a pairs order dated `on` asks (apps/documents/rules.py): every participant's consents signed by then
    and a curator appointed by a signed order (a new staff member, when the school has no curator yet)."""
    from apps.documents.rules import is_appointed_curator

    give_consents(pair, on=on)
    school = pair.school
    if not is_appointed_curator(school, on=on):
        appoint_curator(school, on=on, number="1-к", teacher=school.curator or TeacherFactory(school=school))
    return pair


# ---------------------------------------------------------------------------
# Reading PDFs the way the tests need


def pdf_text(pdf: bytes) -> str:
    """Text of the whole PDF in drawing order (row by row in tables), whitespace collapsed."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", " ", out.stdout.decode("utf-8"))


def page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def page_png(pdf: bytes, page: int = 1, resolution: int = 150) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(resolution),
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(path),
                str(Path(folder) / "page"),
            ],
            check=True,
        )
        return (Path(folder) / "page.png").read_bytes()


def decode_qr(png: bytes) -> list[str]:
    """What zbarimg reads from a page image."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.png"
        path.write_bytes(png)
        out = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)], capture_output=True)
    return [line for line in out.stdout.decode("utf-8").splitlines() if line.strip()]


def pdf_fonts(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        return subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode("utf-8")


# Tests that read PDFs and QR codes with poppler-utils and zbar-tools (scripts/install-system-deps):
# skipped on a machine without them, failed under CI (see conftest.py).
needs_pdf_tools = pytest.mark.needs_tools("pdftotext", "pdftoppm", "pdffonts", "zbarimg")
