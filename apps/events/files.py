"""An event's material: its size limit and content type (the check of what a file is lives in
apps/documents/uploads.py, shared with the best practices library)."""

from django.conf import settings

from apps.documents.uploads import CONTENT_TYPES, DEFAULT_MAX_BYTES, validate_upload


def max_material_bytes() -> int:
    return getattr(settings, "EVENT_MATERIAL_MAX_BYTES", DEFAULT_MAX_BYTES)


def validate_material(file) -> str:
    """The extension matching the content; a Russian ValidationError for anything else."""
    return validate_upload(file, limit=max_material_bytes())


def content_type(material) -> str:
    return CONTENT_TYPES.get(material.extension, "application/octet-stream")
