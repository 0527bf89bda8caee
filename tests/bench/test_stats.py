"""The benchmark's statistics and table helpers (the benchmark itself is `make bench`)."""

from __future__ import annotations

import pytest

from bench.report import ratio_table
from bench.stats import markdown_table, number, percentile, rate, ratio, share, summary, times


def test_percentile_interpolates_between_ranks() -> None:
    values = [10.0, 20.0, 30.0, 40.0, 50.0]
    assert percentile(values, 50) == 30.0
    assert percentile(values, 95) == pytest.approx(48.0)
    assert percentile(values, 0) == 10.0
    assert percentile(values, 100) == 50.0
    assert percentile([7.0], 95) == 7.0
    # Order of the input does not matter.
    assert percentile(list(reversed(values)), 95) == pytest.approx(48.0)


def test_percentile_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_summary_of_nothing_is_empty_not_zero() -> None:
    assert summary([]) == {"n": 0, "p50": None, "p95": None, "min": None, "max": None}
    assert summary([3.0, 1.0, 2.0]) == {"n": 3, "p50": 2.0, "p95": pytest.approx(2.9), "min": 1.0, "max": 3.0}


def test_rates_and_ratios_skip_missing_values() -> None:
    assert rate([True, False, None, True]) == pytest.approx(2 / 3)
    assert rate([None]) is None
    assert ratio(3.0, 2.0) == 1.5
    assert ratio(3.0, 0.0) is None
    assert ratio(None, 2.0) is None


def test_cells_show_missing_values_as_a_dash() -> None:
    assert number(None) == "–"
    assert number(12345) == "12 345"
    assert number(1234.56) == "1 234.6"
    assert times(None) == "–"
    assert times(1.5) == "1.50×"
    assert share(0.917) == "92%"


def test_markdown_table_escapes_pipes_and_checks_widths() -> None:
    table = markdown_table(["a", "b"], [["x|y", 1]])
    assert table.splitlines() == ["| a | b |", "| --- | --- |", "| x\\|y | 1 |"]
    with pytest.raises(ValueError):
        markdown_table(["a", "b"], [["only one"]])


def test_ratio_table_compares_us_with_each_baseline() -> None:
    def result(right: list[bool], ms: list[float], chars: int) -> dict[str, object]:
        rows = [{"kind": "figure", "right": r, "hit1": r, "hit3": True, "answer_chars": chars} for r in right]
        return {"rows": rows, "retrieval_ms": ms, "answer_ms": ms, "unstable": []}

    sets = {"dev": {"us": result([True, True], [20.0, 20.0], 100),
                    "plain": result([True, False], [10.0, 10.0], 1000),
                    "bm25": result([False, False], [1.0, 1.0], 500)}}
    lines = ratio_table(sets).splitlines()
    assert lines[2].startswith("| dev | us / plain recipe | 2.00× | 2.00× | 1.00× | 2.00× | 2.00× | 2.00× | 0.10× |")
    # No right answers for BM25: the ratio is undefined, not infinite.
    assert "| us / BM25 alone | – |" in lines[3]
