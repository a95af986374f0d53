"""Uploads are checked by what they are, whatever they are called; stored files are served only by
views that decide who may see them — never straight from MEDIA_ROOT."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import get_resolver
from django.views.static import serve

from apps.banks.admin import MentorAdminForm
from apps.core.images import normalised_image
from apps.documents.admin import OrderForm
from apps.documents.scans import validate_scan
from apps.practices.admin import BestPracticeFileForm
from apps.practices.files import validate_practice_file
from apps.public.admin import NewsImageForm, NormativeActForm

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><html><body><script>fetch('/admin/').then(r=>r.text()).then(alert)</script></body></html>"
# Real magic numbers, then a page: passes a naive signature check, fails the parser.
FAKE_PNG = b"\x89PNG\r\n\x1a\n" + HTML
FAKE_PDF = b"%PDF-1.7\n" + HTML
FAKE_JPEG = b"\xff\xd8\xff\xe0" + SVG

DISGUISED = [
    ("picture.svg", SVG),
    ("picture.png", SVG),
    ("scan.pdf", SVG),
    ("scan.pdf", HTML),
    ("photo.jpg", HTML),
    ("photo.png", FAKE_PNG),
    ("order.pdf", FAKE_PDF),
    ("photo.jpg", FAKE_JPEG),
    ("page.html", HTML),
]


def upload(name, data, content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize("name, data", DISGUISED)
@pytest.mark.parametrize("check", [validate_scan, validate_practice_file, normalised_image])
def test_every_upload_check_refuses_scripts_in_disguise(check, name, data):
    with pytest.raises(ValidationError):
        check(upload(name, data))


FORMS = [
    (OrderForm, "scan"),  # scans of signed orders
    (BestPracticeFileForm, "file"),  # files of the best practices library
    (MentorAdminForm, "photo"),  # mentors' photos on the public pages
    (NewsImageForm, "image"),  # news pictures
    (NormativeActForm, "file"),  # files of the normative base
]


@pytest.mark.django_db
@pytest.mark.parametrize("form_class, field", FORMS, ids=[f"{f.__name__}.{n}" for f, n in FORMS])
@pytest.mark.parametrize("name, data", DISGUISED)
def test_every_upload_form_refuses_scripts_in_disguise(form_class, field, name, data):
    form = form_class(data={}, files={field: upload(name, data)})
    assert not form.is_valid()
    assert field in form.errors


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return out.getvalue()


def test_a_real_picture_still_passes_every_check():
    png = _png()
    assert validate_scan(upload("scan.png", png)) == ".png"
    assert validate_practice_file(upload("scheme.png", png)) == ".png"
    assert normalised_image(upload("photo.png", png)).content_type == "image/jpeg"


def test_size_limits_hold_before_anything_is_read():
    big = upload("scan.pdf", b"%PDF-" + b"0" * 2048)
    with override_settings(DOCUMENT_SCAN_MAX_BYTES=1024, PRACTICE_FILE_MAX_BYTES=1024, IMAGE_UPLOAD_MAX_BYTES=1024):
        for check in (validate_scan, validate_practice_file, normalised_image):
            with pytest.raises(ValidationError, match="больше"):
                check(big)


def _all_patterns(patterns, prefix=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _all_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_url_serves_media_root_when_debug_is_off(settings):
    assert settings.DEBUG is False
    assert not [route for route, view in _all_patterns(get_resolver().url_patterns) if view is serve]


@pytest.mark.django_db
def test_a_stored_file_is_not_reachable_by_its_media_address(client, settings, tmp_path, curator_a):
    settings.MEDIA_ROOT = tmp_path
    stored = tmp_path / "documents" / "scans" / "1"
    stored.mkdir(parents=True)
    (stored / "secret.pdf").write_bytes(b"%PDF-1.4 personal data")
    client.force_login(curator_a)  # not even staff get it past the views
    for address in ("/media/documents/scans/1/secret.pdf", "/" + settings.MEDIA_URL + "documents/scans/1/secret.pdf"):
        response = client.get(address.replace("//", "/"))
        assert response.status_code == 404
        assert b"personal data" not in b"".join(getattr(response, "streaming_content", [response.content]))
