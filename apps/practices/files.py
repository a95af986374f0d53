"""Files of the best practices library: the size limit and where they are stored (the check of what a file is
lives in apps/documents/uploads.py, shared with the events' materials)."""

import secrets
from pathlib import PurePath

from django.conf import settings

from apps.documents.uploads import CONTENT_TYPES, DEFAULT_MAX_BYTES, validate_upload

__all__ = ["CONTENT_TYPES", "DEFAULT_MAX_BYTES", "max_practice_file_bytes", "practice_file_path", "validate_practice_file"]


def max_practice_file_bytes() -> int:
    return getattr(settings, "PRACTICE_FILE_MAX_BYTES", DEFAULT_MAX_BYTES)


def validate_practice_file(file) -> str:
    """The extension matching the content (.pdf, .docx, .pptx, .xlsx, .jpg, .png); ValidationError otherwise."""
    return validate_upload(file, limit=max_practice_file_bytes())


def practice_file_path(instance, filename: str) -> str:
    """practices/<school>/<random>.<ext>: nobody can guess another file's address."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"practices/{instance.practice.school_id}/{secrets.token_urlsafe(18)}{suffix}"
