import importlib

import pytest
from django.apps import apps as django_apps

from conftest import DATA_MIGRATIONS


@pytest.fixture(autouse=True)
def standard_catalogues(db):
    """The data migrations' catalogues, consent texts and questionnaires, put back if a
    transactional test that ran earlier on this worker flushed them (each `create` is idempotent)."""
    for name in DATA_MIGRATIONS:
        importlib.import_module(name).create(django_apps, None)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """The справка the worker makes goes to a throw-away folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
