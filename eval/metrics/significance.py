"""Paired comparison of two systems scored against the same gold.

The paired bootstrap (Koehn 2004; Berg-Kirkpatrick et al. 2012): both systems are re-scored on
the same resamples of units, so the spread of the difference reflects the units both saw. The
two-sided p-value is the share of resampled differences at least as far from the observed one
as the observed one is from zero (the null distribution is the resampled distribution shifted to
mean zero), with the +1 correction so that it is never 0 (Davison and Hinkley 1997).

>>> from afp_strikes_bench.metrics.counts import MatchTally
>>> better, worse = MatchTally(), MatchTally()
>>> for unit in range(30):
...     better.add(unit, tp=3, fn=1)
...     worse.add(unit, tp=1, fn=3)
>>> result = paired_bootstrap(better, worse, list(range(30)))
>>> round(result["difference"], 4), result["p_value"] < 0.01
(0.4571, True)
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from afp_strikes_bench.metrics.bootstrap import (
    RESAMPLES,
    SEED,
    informative,
    interval,
    replicate,
    resample_weights,
)


def headline_value(tally, units: Sequence) -> float:
    """The F1 (or accuracy) of a tally over all units."""
    return float(replicate(tally, units, np.ones((1, len(units))))[0])


def paired_bootstrap(tally_a, tally_b, units: Sequence, *, resamples: int = RESAMPLES,
                     seed: int = SEED) -> dict:
    """Difference A - B of the headline number, its 95% interval, the standard error of the
    resampled differences, and the two-sided p-value."""
    weights = resample_weights(len(units), resamples, seed)
    observed = headline_value(tally_a, units) - headline_value(tally_b, units)
    differences = replicate(tally_a, units, weights) - replicate(tally_b, units, weights)
    mask = informative(tally_a, units, weights) | informative(tally_b, units, weights)
    if mask.any():  # resamples with nothing to score say nothing about either system
        differences = differences[mask]
    # the tolerance keeps a resample equal to the observed split from losing to rounding
    extreme = np.abs(differences - observed) >= abs(observed) - 1e-12
    p_value = (1 + int(extreme.sum())) / (len(differences) + 1)
    standard_error = float(np.std(differences, ddof=1)) if len(differences) > 1 else 0.0
    return {"difference": observed, "ci95": interval(differences),
            "standard_error": standard_error, "p_value": p_value}


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm–Bonferroni adjusted p-values (step-down; monotone; capped at 1).

    >>> holm([0.01, 0.04, 0.03])
    [0.03, 0.06, 0.06]
    """
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted, running = [0.0] * len(p_values), 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted
