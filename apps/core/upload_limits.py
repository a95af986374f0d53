"""How much work an uploaded file may cost, checked before any parser opens it.

A file can be small and its content huge: an XLSX is a ZIP archive, and 125 KB of it can unpack to
millions of cells or shared strings (openpyxl then spent 42 s of CPU and 300 MB on one); a 230 KB PNG can
be 7700 × 7700 pixels (970 MB once decoded). The checks here read only the ZIP's directory and stream
its XML parts through a counter — never more than MAX_UNCOMPRESSED bytes — and only the picture's header.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from apps.core.text import plural


@dataclass(frozen=True)
class SpreadsheetLimits:
    members: int = 1_000  # files inside the ZIP
    uncompressed: int = 50 * 1024 * 1024  # bytes, all members together
    shared_strings: int = 200_000
    rows: int = 100_000  # every sheet together, empty formatted rows included
    cells: int = 2_000_000


SPREADSHEET_LIMITS = SpreadsheetLimits()

# Elements counted in the XML parts, with or without a namespace prefix (<si>, <x:si …>).
SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")
ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
CHUNK = 1024 * 1024
OVERLAP = 64  # a tag split between two chunks is still counted once


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} МБ"


def _count(archive: zipfile.ZipFile, info: zipfile.ZipInfo, pattern: re.Pattern, limit: int) -> int:
    """Occurrences of `pattern` in the member, read in chunks; stops as soon as `limit` is passed."""
    count, tail = 0, b""
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            data = tail + chunk
            # A tag is counted where it starts; those starting in the last OVERLAP bytes, with the next chunk.
            cut = max(len(data) - OVERLAP, 0)
            count += sum(1 for match in pattern.finditer(data) if match.start() < cut)
            tail = data[cut:]
            if count > limit:
                return count
    return count + sum(1 for _ in pattern.finditer(tail))


def check_spreadsheet(data: bytes, *, limits: SpreadsheetLimits = SPREADSHEET_LIMITS) -> None:
    """Raise a Russian ValidationError when the XLSX would cost more to read than any real list of staff.

    Not a ZIP at all: nothing to say here, the parser refuses it with its own message.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.members:
            raise ValidationError(
                f"В книге Excel слишком много частей ({len(infos)}; можно не больше {limits.members}). "
                "Сохраните список сотрудников в новую книгу."
            )
        # Declared sizes: zipfile never gives out more than a member declares (it stops with an error).
        total = sum(info.file_size for info in infos)
        if total > limits.uncompressed:
            raise ValidationError(
                f"Книга Excel в распакованном виде занимает {_megabytes(total)} (можно не больше "
                f"{_megabytes(limits.uncompressed)}): в ней слишком много данных для списка сотрудников. "
                "Скопируйте список на чистый лист новой книги и загрузите её."
            )
        rows = cells = 0
        try:
            for info in infos:
                name = info.filename
                if name == "xl/sharedStrings.xml":
                    strings = _count(archive, info, SHARED_STRING, limits.shared_strings)
                    if strings > limits.shared_strings:
                        raise ValidationError(
                            f"В книге Excel больше {limits.shared_strings:,} разных текстов ячеек".replace(",", " ")
                            + ": это больше, чем бывает в списке сотрудников. Скопируйте список на чистый лист "
                            "новой книги и загрузите её."
                        )
                elif name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    rows += _count(archive, info, ROW, limits.rows)
                    cells += _count(archive, info, CELL, limits.cells)
                    if rows > limits.rows or cells > limits.cells:
                        raise ValidationError(
                            f"В книге Excel больше {limits.rows:,} строк или {limits.cells:,} ячеек".replace(",", " ")
                            + " (считая пустые строки с оформлением). Удалите лишние строки или скопируйте список "
                            "на чистый лист новой книги."
                        )
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
            return  # a damaged or encrypted member: the parser refuses the file with its own message


# --- pictures -----------------------------------------------------------------------------------

# Decoded pixels at most: 25 million (6000 × 4000), a quarter of a gigabyte at the widest. A JPEG is
# decoded straight at a reduced scale (draft), so a camera's photo up to MAX_JPEG_PIXELS passes too.
MAX_PIXELS = 25_000_000
MAX_JPEG_PIXELS = 64_000_000


def check_picture_size(image) -> None:
    """`image` just opened by PIL (only its header read): refuse what would take too much memory to decode."""
    pixels = image.width * image.height
    limit = MAX_JPEG_PIXELS if image.format == "JPEG" else MAX_PIXELS
    if pixels > limit:
        megapixels = pixels / 1_000_000
        allowed = limit // 1_000_000
        raise ValidationError(
            f"Изображение слишком большое: {image.width} × {image.height} точек ({megapixels:.0f} "
            f"{plural(round(megapixels), 'мегапиксель', 'мегапикселя', 'мегапикселей')}; можно не больше {allowed}). "
            "Уменьшите его в любом редакторе: для сайта достаточно 1600 точек по длинной стороне."
        )
