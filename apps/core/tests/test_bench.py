"""`manage.py bench`: its output format and registry, with fake figures (the real ones never run in tests)."""

import contextlib
import io
import re

import pytest
from django.core.management import call_command

from apps.core import bench

BENCH_LINE = re.compile(r"^BENCH [a-z0-9_]+ -?\d+(\.\d+)? [A-Za-z%]+$")


def fake(id, value, unit, *, quick, region=False):
    return bench.Benchmark(id=id, title=f"Замер {id}", func=lambda: (value, unit), quick=quick, region=region)


@pytest.mark.parametrize(
    "value, shown",
    [(4.2, "4.20"), (4.2137, "4.21"), (0.8351, "0.835"), (85.24, "85.2"), (1234.5, "1234"), (9, "9"), (0, "0"), (120.0, "120")],
)
def test_values_keep_three_significant_digits_without_exponents(value, shown):
    assert bench.format_value(value) == shown


def test_results_end_in_bench_lines_and_a_readable_table():
    results = bench.run_benchmarks([fake("import_fake", 1.234, "s", quick=True), fake("pages_fake", 9, "count", quick=False)])

    assert bench.bench_lines(results) == ["BENCH import_fake 1.23 s", "BENCH pages_fake 9 count"]
    table = bench.format_table(results).splitlines()
    assert table[0].startswith("Показатель")
    assert "Замер import_fake" in table[2] and "1.23 s" in table[2]


def test_quick_selects_only_quick_figures():
    figures = [fake("a", 1, "s", quick=True), fake("b", 1, "s", quick=False)]
    assert [b.id for b in bench.selected(figures, quick=True)] == ["a"]
    assert [b.id for b in bench.selected(figures, quick=False)] == ["a", "b"]


def test_region_figures_run_only_with_region():
    figures = [fake("a", 1, "s", quick=True), fake("b", 1, "s", quick=False), fake("r", 1, "s", quick=False, region=True)]
    assert [b.id for b in bench.selected(figures, quick=False)] == ["a", "b"]
    assert [b.id for b in bench.selected(figures, quick=False, region=True)] == ["a", "b", "r"]
    assert [b.id for b in bench.selected(figures, quick=True, region=True)] == ["r"]
    registered = {b.id: b for b in bench.discover()}
    assert registered["region_data_set"].region and registered["region_page_district_monitoring_p95"].region
    assert not registered["page_district_monitoring_p95"].region


def test_registry_ids_are_unique_and_this_issues_figure_is_quick():
    ids = [b.id for b in bench.discover()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids)
    assert next(b for b in bench.discover() if b.id == "import_5000_rows").quick
    with pytest.raises(ValueError):
        bench.benchmark("import_5000_rows", title="again", quick=True)(lambda: (1, "s"))


def test_command_prints_the_table_then_one_bench_line_per_figure(monkeypatch):
    monkeypatch.setattr(bench, "REGISTRY", [fake("fast_one", 0.5, "s", quick=True), fake("slow_one", 85, "ms", quick=False)])
    monkeypatch.setattr(bench, "throwaway_database", contextlib.nullcontext)  # no database in this test

    out = io.StringIO()
    call_command("bench", "--quick", stdout=out)
    lines = out.getvalue().strip().splitlines()

    assert lines[-1] == "BENCH fast_one 0.500 s"
    assert not any("slow_one" in line for line in lines)
    assert any("Замер fast_one" in line for line in lines)

    out = io.StringIO()
    call_command("bench", stdout=out)
    tail = out.getvalue().strip().splitlines()[-2:]
    assert tail == ["BENCH fast_one 0.500 s", "BENCH slow_one 85 ms"]
    assert all(BENCH_LINE.match(line) for line in tail)
