"""Serving a stored upload through a view that has already decided who may see it."""

import mimetypes
from pathlib import PurePath

from django.http import FileResponse, Http404


def stored_file_response(field_file, *, filename: str, content_type: str | None = None, attachment: bool = True,
                         cache_control: str = "private, no-store") -> FileResponse:
    """The file under its human name; a missing file is a 404, never a 500."""
    if not field_file:
        raise Http404("Файл не загружен.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл не найден в хранилище.") from error
    if content_type is None:
        content_type = mimetypes.guess_type(PurePath(field_file.name).name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=attachment, content_type=content_type, filename=filename)
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response
