import pytest

from apps.events import views

from .data import NOW, build_district


@pytest.fixture
def district(db, monkeypatch):
    monkeypatch.setattr(views, "now", lambda: NOW)
    return build_district()
