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
    MIN_UNITS,
    SEED,
    informative,
    interval,
    replicate,
    resample_weights,
)
from afp_strikes_bench.metrics.counts import Average

#: resamples of a paired test: with per-unit tallies they are cheap, and 1,000 would cap
#: significance (the smallest p is 1/(B+1); Holm over m tests multiplies it by m). 10,000 let
#: a family of up to 200 tests reach 0.05.
TEST_RESAMPLES = 10_000


def headline_value(tally, units: Sequence) -> float:
    """The F1 (or accuracy) of a tally over all units."""
    return float(replicate(tally, units, np.ones((1, len(units))))[0])


def paired_bootstrap(tally_a, tally_b, units: Sequence, *, resamples: int = TEST_RESAMPLES,
                     seed: int = SEED) -> dict:
    """Difference A - B of the headline number, its 95% interval, the standard error of the
    resampled differences, and the two-sided p-value; the last three are None (not estimable)
    when fewer than :data:`MIN_UNITS` units hold an item of either system's tally."""
    observed = headline_value(tally_a, units) - headline_value(tally_b, units)
    held = len({unit for tally in (tally_a, tally_b) for unit in _units_with_items(tally)}
               & set(units))
    if held < MIN_UNITS:
        return {"difference": observed, "ci95": None, "standard_error": None, "p_value": None,
                "units": held}
    weights = resample_weights(len(units), resamples, seed)
    differences = replicate(tally_a, units, weights) - replicate(tally_b, units, weights)
    mask = informative(tally_a, units, weights) | informative(tally_b, units, weights)
    if mask.any():  # resamples with nothing to score say nothing about either system
        differences = differences[mask]
    # the tolerance keeps a resample equal to the observed split from losing to rounding
    extreme = np.abs(differences - observed) >= abs(observed) - 1e-12
    p_value = (1 + int(extreme.sum())) / (len(differences) + 1)
    standard_error = float(np.std(differences, ddof=1)) if len(differences) > 1 else 0.0
    return {"difference": observed, "ci95": interval(differences),
            "standard_error": standard_error, "p_value": p_value, "units": held}


def _units_with_items(tally) -> set:
    parts = tally.parts.values() if isinstance(tally, Average) else [tally]
    return {unit for part in parts for unit, row in part.by_unit.items() if row.any()}


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm–Bonferroni adjusted p-values (step-down; monotone; capped at 1); a test that could
    not be made (None) stays None and is not counted in the family.

    >>> holm([0.01, 0.04, None, 0.03])
    [0.03, 0.06, None, 0.06]
    """
    made = {index: p for index, p in enumerate(p_values) if p is not None}
    adjusted: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, index in enumerate(sorted(made, key=made.__getitem__)):
        running = max(running, min(1.0, (len(made) - rank) * made[index]))
        adjusted[index] = running
    return adjusted
