"""Site-wide headers: the Content Security Policy (and the public section's own), cookies, policies."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from apps.public.models import PublicSection

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("who", ["anonymous", "teacher", "curator"])
def test_every_portal_page_forbids_inline_scripts_plugins_and_framing(client, who, teacher_user, curator_a):
    if who != "anonymous":
        client.force_login({"teacher": teacher_user, "curator": curator_a}[who])
    address = {"anonymous": reverse("login"), "teacher": "/", "curator": "/admin/"}[who]
    response = client.get(address)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "data:" in policy["img-src"]  # the QR code of the second factor, Bootstrap's icons
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_public_section_keeps_its_own_policy_framed_by_the_school_only(client, school_a):
    PublicSection.objects.filter(school=school_a).update(is_published=True, embed_origins="https://school-a.example")
    response = client.get(reverse("public:home", args=[school_a.slug]))
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    assert header.count("frame-ancestors") == 1
    policy = directives(header)
    assert policy["frame-ancestors"] == ["'self'", "https://school-a.example"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert "X-Frame-Options" not in response


def test_no_template_has_inline_scripts_or_handlers():
    """What the CSP would block in the browser is refused here first."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
    offenders = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("apps/*/templates/**/*.html")]:
        text = path.read_text(encoding="utf-8")
        if inline_script.search(text) or handler.search(text) or "javascript:" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_print_and_select_behaviours_come_from_the_static_script(client):
    script = (ROOT / "static" / "js" / "portal.js").read_text(encoding="utf-8")
    assert "data-select-on-click" in script and "data-print" in script
    for template in ("apps/programmes/templates/programmes/pair_detail.html", "apps/surveys/templates/admin/surveys/invitation/print_links.html"):
        assert "onclick" not in (ROOT / template).read_text(encoding="utf-8")
    assert client.get("/static/js/portal.js").status_code == 200


def test_cookies_are_http_only_and_secure_in_production_settings():
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
