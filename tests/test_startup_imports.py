"""Starting a process loads neither WeasyPrint nor scipy: they are imported where a PDF is rendered or a
matching is solved. Each takes most of a second or more to import, and every process (the web server, the
worker, each manage.py command) loads the apps, the admin and the URL conf without needing either.
A module importing one of them at its top would show here before it shows in every command's start-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEAVY = ("weasyprint", "scipy")

# What a web server process and a manage.py command load before doing anything: the apps with the admin's
# registrations, the WSGI application with its middleware, every view through the URL conf and every command.
START_UP = f"""
import json, sys
import django
django.setup()
from django.core.management import get_commands, load_command_class
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver
get_wsgi_application()
get_resolver().url_patterns
for name, app in get_commands().items():
    load_command_class(app, name)
print(json.dumps(sorted(name for name in {HEAVY!r} if name in sys.modules)))
"""


def test_starting_a_process_loads_neither_weasyprint_nor_scipy():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "mentoring_portal.settings", "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "-c", START_UP], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []


def test_rendering_and_matching_load_them_when_asked(tmp_path):
    """The other side: a PDF is still rendered and a matching still solved in such a process (and the names
    checked above are the ones these libraries are imported by); at exit WeasyPrint still removes the font
    folder it made in the temporary directory, although it is now torn down before our modules."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "mentoring_portal.settings", "DEBUG": "true", "TMPDIR": str(tmp_path)}
    code = f"""
import json, sys
import django
django.setup()
from apps.documents.documents import render_pdf
from apps.matching.algorithm import BEST, MenteeData, MentorData, assign
pdf = render_pdf("documents/base.html", {{}})
mentee = MenteeData(id=1, subjects=frozenset({{"математика"}}))
mentors = [MentorData(id=2, subjects=frozenset({{"русский язык"}})), MentorData(id=3, subjects=frozenset({{"математика"}}))]
pairs = assign([mentee], mentors, BEST, request_closers={{}}).as_dict()
print(json.dumps([pdf[:5].decode(), pairs, sorted(name for name in {HEAVY!r} if name in sys.modules)]))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == ["%PDF-", {"1": 3}, sorted(HEAVY)]
    assert "Exception ignored" not in result.stderr
    assert list(tmp_path.iterdir()) == []
