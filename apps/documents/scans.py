"""Checking an uploaded scan by what it is, not by what it is called."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError

DEFAULT_MAX_BYTES = 15 * 1024 * 1024

SIGNATURES = [
    (b"%PDF-", ".pdf"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
]


def max_scan_bytes() -> int:
    return getattr(settings, "DOCUMENT_SCAN_MAX_BYTES", DEFAULT_MAX_BYTES)


def validate_scan(file) -> str:
    """The extension matching the content (.pdf, .jpg, .png); ValidationError for anything else."""
    limit = max_scan_bytes()
    if file.size > limit:
        raise ValidationError(f"Файл больше {limit // (1024 * 1024)} МБ. Отсканируйте с меньшим разрешением (150–300 точек на дюйм).")
    file.seek(0)
    head = file.read(16)
    extension = next((ext for magic, ext in SIGNATURES if head.startswith(magic)), None)
    if extension is None:
        raise ValidationError("Загрузите скан в формате PDF, JPEG или PNG.")
    file.seek(0)
    data = file.read()
    try:
        if extension == ".pdf":
            from pypdf import PdfReader

            if len(PdfReader(io.BytesIO(data)).pages) < 1:
                raise ValueError("no pages")
        else:
            from PIL import Image

            with Image.open(io.BytesIO(data)) as image:
                image.verify()
    except Exception as error:  # any parser error means a broken or disguised file
        raise ValidationError("Файл повреждён или не является сканом в формате PDF, JPEG или PNG.") from error
    file.seek(0)
    return extension
