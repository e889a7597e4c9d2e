"""Counts, P/R/F1 with the 0/0 rule, bootstrap intervals, resampling units."""
from __future__ import annotations

import numpy as np
import pytest
from afp_strikes_bench.documents import Document
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.metrics.bootstrap import interval, replicate, resample_weights, summarize
from afp_strikes_bench.metrics.counts import (
    AccuracyTally,
    Average,
    MatchTally,
    RatioTally,
    precision_recall_f1,
)
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("counts, expected", [
    ((0, 0, 0), (1.0, 1.0, 1.0)),            # nothing predicted, nothing to find
    ((0, 2, 0), (0.0, 0.0, 0.0)),            # predictions but no gold
    ((0, 0, 3), (0.0, 0.0, 0.0)),            # gold but no predictions
    ((3, 1, 2), (3 / 4, 3 / 5, 2 * (3 / 4) * (3 / 5) / (3 / 4 + 3 / 5))),
    ((0, 1, 1), (0.0, 0.0, 0.0)),
])
def test_precision_recall_f1_and_the_zero_rule(counts, expected):
    tally = MatchTally()
    tp, fp, fn = counts
    tally.add("u", tp=tp, fp=fp, fn=fn)
    assert precision_recall_f1(*tally.ratios()) == expected


def test_ratio_tally_keeps_fractions():
    tally = RatioTally()
    tally.add("a", p_num=7 / 3, p_den=6, r_num=1.5, r_den=2)
    precision, recall, _ = precision_recall_f1(*tally.ratios())
    assert (precision, recall) == ((7 / 3) / 6, 1.5 / 2)


def test_resamples_are_deterministic_and_keep_the_unit_count():
    first, second = resample_weights(7, 50, seed=1), resample_weights(7, 50, seed=1)
    assert np.array_equal(first, second)
    assert (first.sum(axis=1) == 7).all()
    assert not np.array_equal(first, resample_weights(7, 50, seed=2))


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5)),
                min_size=1, max_size=12))
def test_a_resample_drawing_each_unit_once_gives_the_point_estimate(rows):
    tally = MatchTally()
    for unit, (tp, fp, fn) in enumerate(rows):
        tally.add(unit, tp=tp, fp=fp, fn=fn)
    units = list(range(len(rows)))
    identity = np.ones((1, len(units)))
    assert replicate(tally, units, identity)[0] == precision_recall_f1(*tally.ratios())[2]


def test_interval_brackets_the_estimate_and_is_reproducible():
    tally = MatchTally()
    for unit in range(20):
        tally.add(unit, tp=unit % 4, fp=unit % 3, fn=(unit + 1) % 2)
    units = list(range(20))
    weights = resample_weights(20)
    record = summarize(tally, units, weights)
    low, high = record["ci95"]
    assert low <= record["f1"] <= high and low < high
    assert summarize(tally, units, weights) == record


def test_units_without_contributions_still_count_in_resampling():
    tally = MatchTally()
    tally.add(0, tp=1)
    weights = np.array([[0.0, 2.0]])  # the resample drew only the empty unit
    assert replicate(tally, [0, 1], weights)[0] == 1.0  # 0/0: nothing predicted, nothing to find


def test_average_and_accuracy_records():
    good, bad = MatchTally(), MatchTally()
    good.add(0, tp=2)
    bad.add(0, fp=1, fn=1)
    units = [0]
    weights = resample_weights(1, 10)
    record = summarize(Average({"A": good, "B": bad}), units, weights)
    # one unit holds every item: no interval (see test_too_few_units_give_no_interval)
    assert (record["kind"], record["f1"], record["of"], record["ci95"], record["units"]) == \
        ("mean", 0.5, ["A", "B"], None, 1)
    accuracy = AccuracyTally()
    accuracy.add(0, correct=True)
    accuracy.add(0, correct=False)
    assert summarize(accuracy, units, weights) == {"kind": "accuracy", "accuracy": 0.5,
                                                   "correct": 1, "total": 2, "ci95": None,
                                                   "units": 1}
    assert summarize(Average({}), units, weights)["f1"] == 1.0


def _gold(documents: int) -> GoldSet:
    docs = {f"d{i}": Document(f"d{i}", "One.\n\nTwo.\n\nThree.", "2024-01-19", "", "en")
            for i in range(documents)}
    return GoldSet(None, docs, {}, "test", "0" * 64)


def test_units_are_paragraphs_below_twenty_documents_and_documents_from_twenty():
    small, large = _gold(19), _gold(20)
    assert small.unit_kind == "paragraph" and len(small.units) == 19 * 3
    assert small.unit("d3", len("One.\n\nTw")) == ("d3", 1)
    assert large.unit_kind == "document" and len(large.units) == 20
    assert large.unit("d3", len("One.\n\nTw")) == ("d3", 0)


def test_interval_of_constant_values():
    assert interval(np.full(100, 0.25)) == [0.25, 0.25]
