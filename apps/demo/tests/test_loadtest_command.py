"""`manage.py loadtest` judges the curator's pages: the figure is printed and a slow burst fails the run.

The load itself (gunicorn, 200 threads, a throw-away database) takes a minute and is run by hand
(docs/benchmarks.md); here the command's verdict is checked on the figures a run returns.
"""

import io

import pytest
from django.core.management import CommandError, call_command

from apps.demo import loadtest


def figures(**changes) -> dict:
    result = {
        "teachers": 3, "submitted": 3, "elapsed_s": 2.0, "requests": 12, "requests_per_s": 6.0, "errors": [],
        "teacher_median_ms": 100.0, "teacher_p95_ms": 200.0, "teacher_max_ms": 250.0,
        "post_median_ms": 150.0, "post_p95_ms": 200.0, "post_max_ms": 210.0,
        "curator_pages": 5, "curator_median_ms": 120.0, "curator_p95_ms": 400.0,
        "responses": 3, "responses_distinct_teachers": 3, "mentees": 3, "invitations_used": 3, "ok": True,
    }  # fmt: skip
    return {**result, **changes}


@pytest.fixture
def run_returns(monkeypatch):
    calls = []

    def use(result):
        def fake_run(**kwargs):
            calls.append(kwargs)
            return result

        monkeypatch.setattr(loadtest, "run", fake_run)
        return calls

    return use


def test_the_curators_p95_is_printed_and_a_fast_one_passes(run_returns):
    calls = run_returns(figures())
    out = io.StringIO()
    call_command("loadtest", "--teachers", "3", stdout=out)
    assert "LOADTEST curator_p95 0.40 s" in out.getvalue()
    assert calls[0]["staff_workers"] == 1  # the staff's own pool by default


def test_a_slow_curator_page_fails_the_run_in_russian(run_returns):
    run_returns(figures(curator_p95_ms=1800.0))
    with pytest.raises(CommandError, match="95-й процентиль 1.80 с при пределе 1 с"):
        call_command("loadtest", "--teachers", "3", stdout=io.StringIO())
    # The limit is an option.
    call_command("loadtest", "--teachers", "3", "--curator-p95-max", "2", stdout=io.StringIO())


def test_a_curator_who_opened_nothing_fails_too(run_returns):
    run_returns(figures(curator_pages=0, curator_p95_ms=0.0))
    with pytest.raises(CommandError, match="куратор не открыл ни одной страницы"):
        call_command("loadtest", "--teachers", "3", stdout=io.StringIO())


def test_bad_numbers_are_refused(run_returns):
    run_returns(figures())
    with pytest.raises(CommandError, match="отрицательным"):
        call_command("loadtest", "--staff-workers", "-1", stdout=io.StringIO())
    with pytest.raises(CommandError, match="хотя бы один педагог"):
        call_command("loadtest", "--teachers", "0", stdout=io.StringIO())
