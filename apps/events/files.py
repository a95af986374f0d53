"""Checking an event's material by what it is, not by what it is called."""

import io
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

from apps.documents.scans import SIGNATURES

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ALLOWED = "PDF, DOCX, PPTX, XLSX, JPEG или PNG"
OFFICE_PARTS = [("word/", ".docx"), ("ppt/", ".pptx"), ("xl/", ".xlsx")]
OFFICE_UNCOMPRESSED_MAX = 500 * 1024 * 1024
KIND_NAMES = {".pdf": "PDF", ".jpg": "JPEG", ".png": "PNG", ".docx": "DOCX", ".pptx": "PPTX", ".xlsx": "XLSX"}
NAME_SUFFIXES = {".jpg": {".jpg", ".jpeg"}}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def max_material_bytes() -> int:
    return getattr(settings, "EVENT_MATERIAL_MAX_BYTES", DEFAULT_MAX_BYTES)


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            # testzip() unpacks every member: a small archive of a huge content is refused before.
            if sum(info.file_size for info in infos) > OFFICE_UNCOMPRESSED_MAX:
                raise ValidationError("Файл в распакованном виде слишком большой. Сохраните его заново или разделите.")
            names = [info.filename for info in infos]
            if "[Content_Types].xml" not in names or archive.testzip() is not None:
                return None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return None
    return next((ext for folder, ext in OFFICE_PARTS if any(n.startswith(folder) for n in names)), None)


def validate_material(file) -> str:
    """The extension matching the content; a Russian ValidationError for anything else."""
    limit = max_material_bytes()
    if file.size > limit:
        raise ValidationError(f"Файл больше {max(limit // (1024 * 1024), 1)} МБ. Уменьшите его или разделите на части.")
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
            f"Расширение файла ({suffix or 'без расширения'}) не соответствует содержимому: это файл "
            f"{KIND_NAMES[extension]}."
        )
    try:
        if extension == ".pdf":
            from pypdf import PdfReader

            if len(PdfReader(io.BytesIO(data)).pages) < 1:
                raise ValueError("no pages")
        elif extension in (".jpg", ".png"):
            from PIL import Image

            with Image.open(io.BytesIO(data)) as image:
                image.verify()
    except Exception as error:  # any parser error means a broken or disguised file
        raise ValidationError(f"Файл повреждён или не является файлом в формате {KIND_NAMES[extension]}.") from error
    return extension


def content_type(material) -> str:
    return CONTENT_TYPES.get(material.extension, "application/octet-stream")
