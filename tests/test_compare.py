"""`bench compare A B`: the paired test on every metric, from the results files alone."""
from __future__ import annotations

import json

import numpy as np
import pytest
from afp_strikes_bench.cli import main
from afp_strikes_bench.compare import MDE_FACTOR, compare, compare_files, paired_difference
from afp_strikes_bench.metrics.bootstrap import replicate, resample_weights
from afp_strikes_bench.metrics.counts import MatchTally, from_record, to_record
from afp_strikes_bench.metrics.significance import TEST_RESAMPLES, holm
from test_leaderboard import entity_predictions, make_gold, write_results


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """Results of a perfect system and of one that misses every number and calls every date a
    TIME."""
    root = tmp_path_factory.mktemp("compare")
    gold_dir = make_gold(root / "gold")
    perfect = entity_predictions(gold_dir, root / "perfect.jsonl")
    weak = entity_predictions(gold_dir, root / "weak.jsonl", keep=lambda p, n: n != 1,
                              label_of=lambda p, n, label: "TIME" if label == "DATE" else label)
    return (write_results(gold_dir, perfect, root / "perfect.json"),
            write_results(gold_dir, weak, root / "weak.json"), root)


def test_every_metric_compared_with_p_values_and_intervals(pair):
    perfect, weak, _ = pair
    comparison = compare(perfect, weak, names=("perfect.json", "weak.json"))
    rows = {row["metric"]: row for row in comparison["tasks"]["entities"]["rows"]}
    # one test per metric (and per key of a grouped metric) of the results' tallies
    expected = {metric if record["kind"] != "group" else f"{metric} {key}"
                for metric, record in perfect["tasks"]["entities"]["tallies"].items()
                for key in (record["by"] if record["kind"] == "group" else [None])}
    assert set(rows) == expected
    # a label found in fewer than MIN_UNITS paragraphs cannot be tested, and says so
    made = [row for row in rows.values() if row["p_value"] is not None]
    assert comparison["tasks"]["entities"]["tests"] == len(made) >= 10
    assert all(row["not_estimable"].startswith("not estimable")
               for row in rows.values() if row["p_value"] is None)
    fine = rows["fine"]
    assert fine["a"] == perfect["tasks"]["entities"]["metrics"]["fine"]["f1"] == 1.0
    assert fine["b"] == pytest.approx(weak["tasks"]["entities"]["metrics"]["fine"]["f1"])
    assert fine["b"] == pytest.approx(2 * (1 / 2) * (1 / 3) / (1 / 2 + 1 / 3))  # P 1/2, R 1/3
    assert fine["difference"] == pytest.approx(fine["a"] - fine["b"])
    assert fine["ci95"][0] <= fine["difference"] <= fine["ci95"][1]
    assert fine["p_value"] == pytest.approx(1 / 10_001)  # no resample comes near zero
    # the spans of 'Iran' and 'Thursday' are all found: untyped recall 2/3, precision 1
    assert rows["untyped"]["b"] == pytest.approx(0.8)
    # both get every GPE right: no difference, p = 1
    assert rows["per_label GPE"]["difference"] == 0 and rows["per_label GPE"]["p_value"] == 1.0
    # the family is the task: Holm over its rows alone
    entity_rows = comparison["tasks"]["entities"]["rows"]
    assert [row["p_holm"] for row in entity_rows] == holm([row["p_value"] for row in entity_rows])


def test_not_attempted_task_is_not_compared(pair):
    perfect, weak, _ = pair
    comparison = compare(perfect, weak, names=("perfect.json", "weak.json"))
    assert comparison["tasks"]["attributions"] == {
        "compared": False, "reason": "perfect.json and weak.json did not attempt it"}


def test_paired_difference_matches_its_definition():
    units = list(range(40))
    rng = np.random.default_rng(7)
    a, b = MatchTally(), MatchTally()
    for unit in units:
        for tally in (a, b):
            tally.add(unit, tp=int(rng.integers(0, 5)), fp=int(rng.integers(0, 3)),
                      fn=int(rng.integers(0, 3)))
    results = {"bootstrap": {"units": 40, "resamples": 500, "seed": 3, "unit": "paragraph"}}
    test = paired_difference(to_record(a, units), to_record(b, units), results)
    weights = resample_weights(40, TEST_RESAMPLES, 3)  # a test's resamples, not the CIs'

    differences = (replicate(from_record(to_record(a, units), units), units, weights)
                   - replicate(b, units, weights))
    assert test["mde"] == pytest.approx(2.8016 * differences.std(ddof=1), rel=1e-4)
    assert MDE_FACTOR == pytest.approx(1.959964 + 0.841621, abs=1e-6)


def test_mde_shrinks_with_more_gold():
    """Four times the units halves the standard error, and so the MDE (roughly)."""
    def mde(n_units):
        units = list(range(n_units))
        a, b = MatchTally(), MatchTally()
        for unit in units:
            a.add(unit, tp=3 if unit % 2 else 1, fn=1 if unit % 2 else 3)
            b.add(unit, tp=2, fn=2)
        results = {"bootstrap": {"units": n_units, "resamples": 1000, "seed": 1}}
        return paired_difference(to_record(a, units), to_record(b, units), results)["mde"]

    assert mde(200) / mde(50) == pytest.approx(0.5, abs=0.08)


def test_cli_text_and_json(pair, capsys):
    _, _, root = pair
    assert main(["compare", str(root / "perfect.json"), str(root / "weak.json")]) == 0
    text = capsys.readouterr().out
    fine = next(line for line in text.splitlines() if line.strip().startswith("> fine"))
    # every paragraph scores the same, so every resample gives the same difference
    assert fine.split()[:7] == [">", "fine", "1.000", "0.400", "+0.600", "[+0.600,", "+0.600]"]
    assert max(map(len, text.splitlines()[2:])) <= 80  # all but the two file names: 80 columns
    assert "p (Holm)" in text and "attributions: not compared" in text
    assert main(["compare", str(root / "perfect.json"), str(root / "weak.json"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(
        compare_files(root / "perfect.json", root / "weak.json")))


def test_different_gold_refused(pair, tmp_path, capsys):
    _, weak, root = pair
    other = dict(weak, gold={**weak["gold"], "sha256": "f" * 64})
    (tmp_path / "other.json").write_text(json.dumps(other))
    assert main(["compare", str(root / "perfect.json"), str(tmp_path / "other.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert str(root / "perfect.json") in err and str(tmp_path / "other.json") in err
