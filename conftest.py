"""The people every access test needs: curators of two schools, a director, a teacher, a stranger."""

import importlib
import os
import shutil
from collections import Counter

import pytest
from django.apps import apps as django_apps

from apps.accounts.roles import Role
from apps.schools.tests.factories import SchoolFactory, TeacherFactory, UserFactory


def pytest_runtest_setup(item):
    """``@pytest.mark.needs_tools("pdftotext", …)``: without those programs the test is skipped on a
    developer's machine, but fails under CI (CI=true), where a skip would pass unnoticed."""
    for marker in item.iter_markers("needs_tools"):
        missing = [tool for tool in marker.args if shutil.which(tool) is None]
        if missing:
            message = f"missing programs: {', '.join(missing)} (scripts/install-system-deps installs them)"
            if os.environ.get("CI", "").lower() not in ("", "0", "false"):
                pytest.fail(message, pytrace=False)
            pytest.skip(message)


def pytest_collection_modifyitems(config, items):
    """``@pytest.mark.starts_first`` modules run first, then the others by their number of tests, most first.
    pytest-xdist hands out whole files (--dist loadfile); its own order (pytest.ini turns it off) is the
    number of tests alone, so the kill test of `make run`, one test of minutes, began last, when the other
    worker had nearly finished, and the whole run waited for it. Started first, it runs beside the rest."""
    per_file = Counter(item.nodeid.split("::")[0] for item in items)
    # Stable: a file's tests keep their order, and so do files of one size.
    items.sort(key=lambda item: (item.get_closest_marker("starts_first") is None, -per_file[item.nodeid.split("::")[0]]))


@pytest.fixture
def school_a(db):
    return SchoolFactory(short_name="Школа А", slug="school-a")


@pytest.fixture
def school_b(db):
    return SchoolFactory(short_name="Школа Б", slug="school-b")


def _staff(school, role, username):
    return UserFactory(username=username, school=school, is_staff=True, roles=[role])


@pytest.fixture
def curator_a(school_a):
    return _staff(school_a, Role.CURATOR, "curator-a")


@pytest.fixture
def curator_b(school_b):
    return _staff(school_b, Role.CURATOR, "curator-b")


@pytest.fixture
def director_a(school_a):
    return _staff(school_a, Role.DIRECTOR, "director-a")


@pytest.fixture
def teacher_user(school_a):
    user = UserFactory(username="teacher-a", school=school_a, roles=[Role.TEACHER])
    TeacherFactory(school=school_a, user=user)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


# Browser tests: Debian's Chromium driven by playwright's sync API next to Django's
# live server (which needs async-unsafe calls allowed in the test thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ru-RU"}


# What the data migrations put in; a transactional test's flush removes it, so the
# browser tests (which need a live server and thus real transactions) put it back.
DATA_MIGRATIONS = [
    "apps.catalogues.migrations.0002_standard_catalogues",
    "apps.consents.migrations.0002_consent_texts",
    "apps.consents.migrations.0005_consent_texts_v2",
    "apps.surveys.migrations.0002_standard_questionnaires",
    "apps.surveys.migrations.0006_reflection_questionnaire",
    "apps.surveys.migrations.0006_mentor_forms_to_bank",
    "apps.programmes.migrations.0004_standard_templates",
    "apps.public.migrations.0002_sections_and_federal_acts",
]


def _load_standard_data():
    for name in DATA_MIGRATIONS:
        importlib.import_module(name).create(django_apps, None)


@pytest.fixture
def standard_data(transactional_db):
    _load_standard_data()


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test has flushed the database, put the standard data back, so that
    whichever test the worker runs next finds the consent texts and catalogues migrate made.
    A hook, not a fixture: it must run after every fixture's teardown, the flush included."""
    yield
    # After the last test the session's teardown has already dropped the test database.
    if nextitem is not None and _is_transactional(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _load_standard_data()
