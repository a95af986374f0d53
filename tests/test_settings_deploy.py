"""Production settings (DEBUG off, real key and hosts) pass Django's deployment check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://nastavnik.example.ru"


def run_manage(*args, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "mentoring_portal.settings", **env}
    # The browser tests allow async-unsafe calls in this process; production never does.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # The test settings put a key and an address in this process's environment; here each test says which it means.
    for name in ("SECRET_KEY", "SITE_URL"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x7#kq!2v9pz0w$e4r8t6y1u3i5o7p9a2s4d6f8g0h1j3k5l7z9x2c4v6b8n0m1q3",
        ALLOWED_HOSTS="nastavnik.example.ru",
        SITE_URL=SITE,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_weak_key_is_flagged_in_production():
    result = run_manage("check", "--deploy", DEBUG="false", SECRET_KEY="django-insecure-short", ALLOWED_HOSTS="nastavnik.example.ru", SITE_URL=SITE)
    assert "security.W009" in result.stderr + result.stdout


def test_production_refuses_to_start_with_the_development_key():
    result = run_manage("check", DEBUG="false", ALLOWED_HOSTS="nastavnik.example.ru", SITE_URL=SITE)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY не задан" in result.stderr


def test_production_refuses_to_start_without_its_address():
    result = run_manage("check", DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="nastavnik.example.ru")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SITE_URL не задан" in result.stderr


def test_an_address_without_its_scheme_is_refused():
    result = run_manage("check", DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="nastavnik.example.ru", SITE_URL="nastavnik.example.ru")
    assert result.returncode != 0
    assert "SITE_URL должен начинаться с http:// или https://" in result.stderr


def test_production_keeps_the_address_it_was_given():
    code = "from django.conf import settings as s; print(s.SITE_URL)"
    result = run_manage(
        "shell", "--no-imports", "-c", code, DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="nastavnik.example.ru", SITE_URL=SITE + "/"
    )
    assert result.stdout.strip() == SITE, result.stderr


def test_development_runs_with_the_development_key():
    result = run_manage("check", DEBUG="true")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_protect_sessions_and_logins():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, "
        "s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.AXES_ENABLED, s.AXES_FAILURE_LIMIT, s.TRUSTED_PROXY_COUNT)"
    )
    result = run_manage(
        "shell", "--no-imports", "-c", code, DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="nastavnik.example.ru", TRUSTED_PROXY_COUNT="1",
        SITE_URL=SITE,
    )
    assert result.stdout.split() == ["True"] * 8 + ["5", "1"], result.stderr
