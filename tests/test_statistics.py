"""Statistics that mean what they say, on the committed results of the benchmark's own systems:
tests that can reject, intervals the gold cannot give said to be not estimable, and tables that
keep their intervals whole at 80 columns."""
from __future__ import annotations

import io
import re

from afp_strikes_bench.compare import compare
from afp_strikes_bench.leaderboard import build
from afp_strikes_bench.metrics.bootstrap import MIN_UNITS
from afp_strikes_bench.results import REFERENCE_RESULTS, load_results

SPACY, EMPTY = (load_results(REFERENCE_RESULTS / f"{name}.json") for name in ("spacy-sm", "empty"))


def headline_rows(comparison: dict) -> dict[str, dict]:
    return {task: next(row for row in result["rows"] if row["metric"] == result["headline"])
            for task, result in comparison["tasks"].items() if result["compared"]}


def test_compare_separates_the_baseline_from_empty_on_every_estimable_headline():
    rows = headline_rows(compare(SPACY, EMPTY))
    for task, row in rows.items():
        headline = SPACY["tasks"][task]["metrics"][SPACY["tasks"][task]["headline"]]
        if headline["units"] < MIN_UNITS:
            assert row["p_value"] is None and row["not_estimable"].startswith("not estimable")
        else:
            assert row["p_holm"] < 0.05, task
    # the casualty figures all sit in one paragraph: the gold cannot tell
    assert rows["casualties"]["p_value"] is None
    assert sum(row["p_value"] is not None for row in rows.values()) == 4


def test_an_interval_drawn_from_too_few_units_is_not_given():
    strict = SPACY["tasks"]["casualties"]["metrics"]["strict"]
    assert (strict["units"], strict["ci95"]) == (1, None)
    fine = SPACY["tasks"]["entities"]["metrics"]["fine"]
    assert fine["units"] >= MIN_UNITS and fine["ci95"][0] < fine["f1"] < fine["ci95"][1]


def test_the_leaderboard_shares_a_rank_where_the_gold_cannot_tell():
    board = next(b for b in build([("s", SPACY), ("e", EMPTY)])["tasks"]
                 if b["task"] == "casualties")
    assert [row["rank"] for row in board["rows"]] == [1, 1]
    assert board["comparisons"][0]["not_estimable"].startswith("not estimable")


def test_tables_keep_intervals_whole_and_mark_the_headline_at_80_columns(monkeypatch):
    from afp_strikes_bench import report
    from rich.console import Console

    out = io.StringIO()
    monkeypatch.setattr("rich.console.Console",
                        lambda width=None: Console(file=out, width=80, color_system=None))
    report.print_tables(SPACY, width=80)
    text = out.getvalue()
    assert max(map(len, text.splitlines())) <= 80
    intervals = sum(1 for task in SPACY["tasks"].values() if task["status"] == "scored"
                    for record in _records(task["metrics"]) if record.get("ci95"))
    assert len(re.findall(r"\[\d\.\d{3}, \d\.\d{3}\]", text)) == intervals
    assert text.count("> ") >= len(SPACY["tasks"])  # each task's headline marked
    assert "n/e" in text and "not estimable" in text


def _records(metrics: dict):
    for record in metrics.values():
        yield from record["by"].values() if record["kind"] == "group" else [record]
