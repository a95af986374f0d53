"""Photos and pictures people upload for the website: checked by content, shrunk, stripped of metadata.

A phone photo carries the place it was taken and is often 5–10 MB; the website needs neither.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from .upload_limits import check_picture_size

DEFAULT_MAX_BYTES = 15 * 1024 * 1024
MAX_SIDE = 1600
FORMATS = {"JPEG", "PNG", "WEBP"}


def normalised_image(file, *, max_side: int = MAX_SIDE) -> SimpleUploadedFile:
    """A JPEG (or PNG, if the picture is transparent) no larger than `max_side`, without EXIF.

    Raises a Russian ValidationError for anything that is not a JPEG, PNG or WebP picture.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    limit = getattr(settings, "IMAGE_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    if file.size > limit:
        raise ValidationError(f"Изображение больше {limit // (1024 * 1024)} МБ. Загрузите снимок меньшего размера.")
    file.seek(0)
    try:
        with Image.open(file) as probe:  # the header only: nothing is decoded yet
            kind = probe.format
            if kind not in FORMATS:
                raise ValidationError("Загрузите изображение в формате JPEG или PNG.")
            check_picture_size(probe)
            probe.verify()
        file.seek(0)
        with Image.open(file) as image:
            if image.format == "JPEG":
                image.draft(image.mode, (max_side, max_side))  # decoded at 1/2, 1/4 or 1/8 scale, still ≥ max_side
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            transparent = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
            out = io.BytesIO()
            if transparent:
                image.save(out, "PNG", optimize=True)
                name, content_type = "image.png", "image/png"
            else:
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
                name, content_type = "image.jpg", "image/jpeg"
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError("Это не изображение или файл повреждён. Загрузите фотографию в формате JPEG или PNG.") from None
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)
