"""Checking an uploaded document (a practice's file, an event's material) by what it is, not by what it is
called: one rule for every upload of PDF, DOCX, PPTX, XLSX, JPEG or PNG."""

import io
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError

from .scans import SIGNATURES

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

ALLOWED = "PDF, DOCX, PPTX, XLSX, JPEG или PNG"

# Office Open XML files are ZIP archives; the folder inside tells which one.
OFFICE_PARTS = [("word/", ".docx"), ("ppt/", ".pptx"), ("xl/", ".xlsx")]

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# What a file may be called for each content: «.jpeg» is a JPEG too.
NAME_SUFFIXES = {".jpg": {".jpg", ".jpeg"}}

KIND_NAMES = {".pdf": "PDF", ".jpg": "JPEG", ".png": "PNG", ".docx": "DOCX", ".pptx": "PPTX", ".xlsx": "XLSX"}


# What a DOCX, PPTX or XLSX may unpack to (pictures inside are barely compressed; text is, tenfold).
OFFICE_UNCOMPRESSED_MAX = 500 * 1024 * 1024


def _limit_text(size: int) -> str:
    """«20 МБ»; a limit under a megabyte (a test's) in kilobytes."""
    if size >= 1024 * 1024:
        return f"{size // (1024 * 1024)} МБ"
    return f"{max(size // 1024, 1)} КБ"


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            # testzip() unpacks every member: a small archive of a huge content is refused before.
            if sum(info.file_size for info in archive.infolist()) > OFFICE_UNCOMPRESSED_MAX:
                raise ValidationError(
                    f"Файл в распакованном виде больше {OFFICE_UNCOMPRESSED_MAX // (1024 * 1024)} МБ. "
                    "Сохраните его заново в Word, PowerPoint или Excel или разделите на несколько файлов."
                )
            if "[Content_Types].xml" not in names or archive.testzip() is not None:
                return None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return None
    return next((ext for folder, ext in OFFICE_PARTS if any(n.startswith(folder) for n in names)), None)


def _check_parses(extension: str, data: bytes) -> None:
    if extension == ".pdf":
        from pypdf import PdfReader

        if len(PdfReader(io.BytesIO(data)).pages) < 1:
            raise ValueError("no pages")
    elif extension in (".jpg", ".png"):
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.verify()


def validate_upload(file, *, limit: int) -> str:
    """The extension matching the content (.pdf, .docx, .pptx, .xlsx, .jpg, .png); ValidationError otherwise.

    The name must agree with the content: a PNG called «отчёт.pdf» is refused. `limit`: the largest size in bytes.
    """
    if file.size > limit:
        raise ValidationError(f"Файл больше {_limit_text(limit)}. Уменьшите его или разделите на несколько файлов.")
    file.seek(0)
    data = file.read()
    file.seek(0)
    extension = next((ext for magic, ext in SIGNATURES if data.startswith(magic)), None)
    if extension is None and data.startswith(b"PK\x03\x04"):
        extension = _office_kind(data)
    if extension is None:
        raise ValidationError(f"Загрузите файл в формате {ALLOWED}.")
    suffix = PurePath(file.name or "").suffix.lower()
    if suffix not in NAME_SUFFIXES.get(extension, {extension}):
        raise ValidationError(
            f"Расширение файла ({suffix or 'без расширения'}) не соответствует содержимому: это файл {KIND_NAMES[extension]}. "
            f"Загрузите файл в формате {ALLOWED} с правильным расширением."
        )
    try:
        _check_parses(extension, data)
    except Exception as error:  # any parser error means a broken or disguised file
        raise ValidationError(f"Файл повреждён или не является файлом в формате {KIND_NAMES[extension]}.") from error
    return extension
