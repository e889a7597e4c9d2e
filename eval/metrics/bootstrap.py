"""Percentile-bootstrap confidence intervals over resampling units.

Units (paragraphs, or documents when the gold has 20 or more) are drawn with replacement;
each resample re-adds the units' contributions and recomputes the metric. The draw depends only
on the seed and the number of units, so every metric and every system scored against the same
gold sees the same resamples (which is also what a paired comparison needs).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from afp_strikes_bench.metrics.counts import (
    AccuracyTally,
    Average,
    MatchTally,
    RatioTally,
    accuracy_from,
    precision_recall_f1,
)

RESAMPLES = 1000
SEED = 20240119
#: a metric whose items (gold or predicted) sit in fewer units than this has no interval: its
#: resamples hold all or none of a handful of units, and the spread they give says nothing
MIN_UNITS = 5


def units_holding(tally, units: Sequence) -> int:
    """How many of ``units`` hold anything ``tally`` counts (for a mean, any of its parts)."""
    if isinstance(tally, Average):
        if not tally.parts:
            return 0
        return int(np.any([part.units_holding(units) for part in tally.parts.values()],
                          axis=0).sum())
    return int(tally.units_holding(units).sum())


def not_estimable(held: int, total: int, unit_kind: str = "unit") -> str:
    """The reason an interval or a test is not given.

    >>> not_estimable(1, 20, "paragraph")
    'not estimable: the items are in 1 of 20 paragraphs (fewer than 5)'
    """
    return (f"not estimable: the items are in {held} of {total} {unit_kind}s (fewer than "
            f"{MIN_UNITS})")


def resample_weights(n_units: int, resamples: int = RESAMPLES, seed: int = SEED) -> np.ndarray:
    """``(resamples, n_units)`` matrix: how often each unit is drawn in each resample."""
    rng = np.random.default_rng(seed)
    weights = np.zeros((resamples, n_units))
    for row in range(resamples):
        # drawn a resample at a time: the same numbers as one (resamples, n_units) draw, without
        # holding it (80 MB at ten thousand units)
        weights[row] = np.bincount(rng.integers(0, n_units, size=n_units), minlength=n_units)
    return weights


def replicate(tally, units: Sequence, weights: np.ndarray) -> np.ndarray:
    """The headline number (F1 or accuracy) of ``tally`` in each resample."""
    if isinstance(tally, Average):
        if not tally.parts:  # nothing to average: nothing predicted, nothing to find
            return np.ones(len(weights))
        return np.mean([replicate(part, units, weights) for part in tally.parts.values()], axis=0)
    sums = tally.resampled(units, weights)
    if isinstance(tally, AccuracyTally):
        return accuracy_from(sums[:, 0], sums[:, 1])
    return precision_recall_f1(*type(tally).ratio_columns(sums).T,
                               both_empty=tally.both_empty)[2]


def informative(tally, units: Sequence, weights: np.ndarray) -> np.ndarray:
    """Which resamples drew anything to score (a gold item, a prediction, a matched item).

    A resample of paragraphs that hold no item of the task scores 1.0 by the 0/0 rule, which
    says nothing about the system; intervals and paired tests leave such resamples out, or a
    system with 0 of 3 casualty countries right would get the interval [0, 1].
    """
    if isinstance(tally, Average):
        if not tally.parts:
            return np.zeros(len(weights), dtype=bool)
        return np.any([informative(part, units, weights) for part in tally.parts.values()], axis=0)
    sums = tally.resampled(units, weights)
    if isinstance(tally, AccuracyTally):
        return sums[:, 1] > 0
    ratios = type(tally).ratio_columns(sums)
    return (ratios[:, 1] + ratios[:, 3]) > 0


def interval(values: np.ndarray) -> list[float]:
    low, high = np.percentile(values, [2.5, 97.5])
    return [float(low), float(high)]


def summarize(tally, units: Sequence, weights: np.ndarray) -> dict:
    """The result record of one metric (SPEC 4), which says its kind (``prf``, ``ratio``,
    ``mean``, ``accuracy``) and how many units hold its items, with its 95% interval over the
    informative resamples, or no interval (``None``) when fewer than :data:`MIN_UNITS` units
    hold any item."""
    held = units_holding(tally, units)
    ci95: list[float] | None = None
    if held >= MIN_UNITS:
        values = replicate(tally, units, weights)
        ci95 = interval(values[informative(tally, units, weights)])
    if isinstance(tally, Average):
        scores = ([precision_recall_f1(*part.ratios(), both_empty=part.both_empty)
                   for part in tally.parts.values()]
                  or [(1.0, 1.0, 1.0)])
        precision, recall, f1 = (float(np.mean(column)) for column in zip(*scores))
        return {"kind": "mean", "precision": precision, "recall": recall, "f1": f1,
                "of": list(tally.parts), "ci95": ci95, "units": held}
    if isinstance(tally, AccuracyTally):
        correct, total = tally.total()
        return {"kind": "accuracy", "accuracy": float(accuracy_from(correct, total)),
                "correct": int(correct), "total": int(total), "ci95": ci95, "units": held}
    precision, recall, f1 = precision_recall_f1(*tally.ratios(), both_empty=tally.both_empty)
    record = {"precision": precision, "recall": recall, "f1": f1, "ci95": ci95, "units": held}
    if isinstance(tally, MatchTally):
        tp, fp, fn = tally.totals()
        record.update(kind="prf", tp=int(tp), fp=int(fp), fn=int(fn))
    else:
        record.update(kind="ratio", **dict(zip(RatioTally.columns, tally.ratios())))
    return record
