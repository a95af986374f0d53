"""Issue 16, finding 7: small files that would cost a worker a lot are refused before any parser opens them.

The two files of the finding, built here: an XLSX of about a hundred kilobytes that unpacks to
3 million shared strings, and a PNG of 7700 × 7700 pixels of a few hundred kilobytes. Both go through
the real upload pages; each refusal is timed, and its memory measured (tracemalloc for Python's
allocations, the process's peak resident size for the picture decoder's). The bounds asserted are
generous: the point is «seconds and megabytes», where the finding measured 42 s and 970 MB.
"""

import io
import resource
import struct
import time
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.upload_limits import SpreadsheetLimits, check_spreadsheet
from apps.public.models import NewsPost
from apps.schools.models import Teacher

pytestmark = pytest.mark.django_db

MAX_SECONDS = 5
MAX_PYTHON_MB = 64
MAX_PROCESS_GROWTH_MB = 150

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Сотрудники" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
)


def xlsx_with_shared_strings(count: int, item: str) -> bytes:
    """A valid workbook whose sharedStrings.xml holds `count` copies of `item`, streamed into the ZIP."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", SHEET),
        ]:
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'count="{count}" uniqueCount="{count}">'.encode()
            )
            block = item.encode() * 10_000
            for _ in range(count // 10_000):
                member.write(block)
            member.write(b"</sst>")
    return out.getvalue()


def png_bomb(side: int) -> bytes:
    """An RGB PNG of side × side black pixels: a few hundred kilobytes, side² × 3 bytes once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * (side * 3)
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def measured(call):
    """(result, seconds, peak MB of Python allocations, growth MB of the process's peak resident size).

    Timed on a first call; tracemalloc (which slows every allocation down) watches a second one.
    """
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - started
    growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024  # KiB on Linux
    tracemalloc.start()
    try:
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, seconds, peak / 2**20, growth


@pytest.fixture
def import_dir(tmp_path, settings):
    settings.STAFF_IMPORT_DIR = tmp_path / "staff_imports"


@pytest.mark.parametrize(
    "item, refusal",
    [
        # 3 million one-letter strings (the 125 KB file of the finding): 52 MB unpacked — over the unpacked size a staff list may have.
        ("<si><t>Ш</t></si>", "в распакованном виде занимает 52 МБ (можно не больше 50 МБ)"),
        # 3 million empty strings: 15 MB unpacked, but far more strings than any staff list.
        ("<si/>", "больше 200 000 разных текстов ячеек"),
    ],
    ids=["unpacked-size", "shared-strings"],
)
def test_an_xlsx_of_three_million_shared_strings_is_refused_at_once(client, curator_a, import_dir, item, refusal, capsys):
    data = xlsx_with_shared_strings(3_000_000, item)
    assert len(data) < 250 * 1024  # a small file
    client.force_login(curator_a)
    teachers = Teacher.objects.count()

    response, seconds, python_mb, growth_mb = measured(
        lambda: client.post(reverse("admin:schools_teacher_import"), {"file": SimpleUploadedFile("staff.xlsx", data)})
    )

    with capsys.disabled():
        print(
            f"\n[issue 16/7] XLSX {len(data) // 1024} KB, 3 000 000 shared strings ({item}): refused in {seconds:.2f} s, "
            f"Python peak {python_mb:.1f} MB, process peak +{growth_mb:.0f} MB"
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Файл «staff.xlsx» не загружен." in page and refusal in page
    assert Teacher.objects.count() == teachers
    assert seconds < MAX_SECONDS and python_mb < MAX_PYTHON_MB


def test_the_spreadsheet_counts_rows_and_cells_too():
    rows = "".join(f'<row r="{n}"><c r="A{n}"/><c r="B{n}"/></row>' for n in range(1, 200))
    sheet = SHEET.replace('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', rows)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    from django.core.exceptions import ValidationError

    check_spreadsheet(out.getvalue(), limits=SpreadsheetLimits(rows=199, cells=398))
    for limits in (SpreadsheetLimits(rows=198), SpreadsheetLimits(cells=397)):
        with pytest.raises(ValidationError, match="Удалите лишние строки"):
            check_spreadsheet(out.getvalue(), limits=limits)
    check_spreadsheet(b"not a zip at all")  # the parser refuses it with its own message


def test_a_png_of_7700_by_7700_pixels_is_refused_without_decoding(client, curator_a, capsys):
    data = png_bomb(7700)
    assert len(data) < 400 * 1024
    client.force_login(curator_a)

    response, seconds, python_mb, growth_mb = measured(
        lambda: client.post(
            reverse("admin:public_newspost_add"),
            {
                "kind": "news",
                "title": "Новость с огромной картинкой",
                "lead": "",
                "body": "Текст",
                "event_date": "",
                "is_published": "on",
                "published_at_0": "01.11.2026",
                "published_at_1": "10:00:00",
                "images-TOTAL_FORMS": "1",
                "images-INITIAL_FORMS": "0",
                "images-0-image": SimpleUploadedFile("small.png", data, content_type="image/png"),
                "images-0-alt": "Картинка",
                "images-0-order": "0",
            },
        )
    )

    with capsys.disabled():
        print(
            f"\n[issue 16/7] PNG {len(data) // 1024} KB, 7700 × 7700: refused in {seconds:.2f} s, "
            f"Python peak {python_mb:.1f} MB, process peak +{growth_mb:.0f} MB"
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Изображение слишком большое: 7700 × 7700 точек (59 мегапикселей; можно не больше 25)" in page
    assert not NewsPost.objects.filter(title="Новость с огромной картинкой").exists()
    assert seconds < MAX_SECONDS and growth_mb < MAX_PROCESS_GROWTH_MB
