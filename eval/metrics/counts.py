"""Counts that add up, and the one place P/R/F1 are derived from them.

A metric is computed as *contributions* attached to resampling units (a paragraph or a
document): micro-averaging over documents is then addition, and the bootstrap resamples units and
adds again. Three containers cover every metric in the benchmark:

- :class:`MatchTally`: true positives, false positives, false negatives (set matching);
- :class:`RatioTally`: precision and recall as ratios of fractional sums (coreference metrics,
  whose numerators are sums of fractions; coval reports them the same way);
- :class:`AccuracyTally`: correct out of total.

:class:`Average` is the unweighted mean of other scores' P/R/F1 (macro F1, CoNLL F1).

The 0/0 rule: no predictions and no gold gives 1.0; any other zero denominator gives 0.0.

>>> tally = MatchTally()
>>> tally.add("p1", tp=3, fp=1)
>>> tally.add("p2", fn=2)
>>> tally.totals()
(3.0, 1.0, 2.0)
>>> precision_recall_f1(*tally.ratios())
(0.75, 0.6, 0.6666666666666665)
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Self

import numpy as np

Unit = Hashable


class _Tally:
    columns: tuple[str, ...] = ()
    #: the score when nothing was predicted and there was nothing to find (the 0/0 rule)
    both_empty: float = 1.0

    def __init__(self) -> None:
        self._by_unit: dict[Unit, np.ndarray] | None = {}
        # the rows as one array over a sequence of units, kept while nothing is added: a metric
        # is summarised, resampled and stored over the same units several times
        self._dense: tuple[Sequence[Unit], np.ndarray] | None = None
        self._resampled: tuple[np.ndarray, Sequence[Unit], np.ndarray] | None = None

    @property
    def by_unit(self) -> dict[Unit, np.ndarray]:
        """Unit -> its row of sums, for the units with a contribution."""
        if self._by_unit is None:  # built from rows: made when first asked for
            assert self._dense is not None
            units, rows = self._dense
            self._by_unit = {units[index]: rows[index].copy()
                             for index in np.flatnonzero(rows.any(axis=1)).tolist()}
        return self._by_unit

    @classmethod
    def from_rows(cls, units: Sequence[Unit], rows: np.ndarray) -> Self:
        """A tally from a ``(len(units), columns)`` array of each unit's sums (all-zero rows
        are no contribution).

        >>> MatchTally.from_rows(["p1", "p2"], np.array([[0, 0, 0], [1, 2, 3]])).totals()
        (1.0, 2.0, 3.0)
        """
        tally = cls()
        tally._dense = (units, np.asarray(rows, dtype=float).reshape(len(units),
                                                                      len(cls.columns)))
        tally._by_unit = None
        return tally

    def _add(self, unit: Unit, values: Sequence[float] | np.ndarray) -> None:
        by_unit = self.by_unit
        row = by_unit.get(unit)
        if row is None:
            row = by_unit[unit] = np.zeros(len(self.columns))
        row += values
        self._dense = self._resampled = None

    def matrix(self, units: Sequence[Unit]) -> np.ndarray:
        """Rows in the order of ``units``; a unit with no contribution is a row of zeros.
        (The array is shared: do not change it.)"""
        if self._dense is not None and self._dense[0] is units:
            return self._dense[1]
        empty = np.zeros(len(self.columns))
        rows = np.array([self.by_unit.get(u, empty) for u in units]).reshape(len(units), -1)
        self._dense = (units, rows)
        return rows

    def resampled(self, units: Sequence[Unit], weights: np.ndarray) -> np.ndarray:
        """Each resample's sums, ``weights @ matrix(units)`` (kept for the same weights: an
        interval needs them twice)."""
        cached = self._resampled
        if cached is not None and cached[0] is weights and cached[1] is units:
            return cached[2]
        sums = weights @ self.matrix(units)
        self._resampled = (weights, units, sums)
        return sums

    def units_holding(self, units: Sequence[Unit]) -> np.ndarray:
        """Which of ``units`` the tally has a contribution in."""
        return np.asarray(self.matrix(units).any(axis=1))

    def total(self) -> np.ndarray:
        if self._by_unit is None:  # the rows in unit order, added one after the other as below
            assert self._dense is not None
            rows = self._dense[1]
            return sum(rows[rows.any(axis=1)], np.zeros(len(self.columns)))
        return sum(self._by_unit.values(), np.zeros(len(self.columns)))

    def __iadd__(self, other: _Tally) -> _Tally:
        for unit, row in other.by_unit.items():
            self._add(unit, row)
        return self


class MatchTally(_Tally):
    """Set matching: each gold item is a tp or an fn, each prediction a tp or an fp."""

    columns = ("tp", "fp", "fn")

    def add(self, unit: Unit, *, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self._add(unit, (tp, fp, fn))

    def totals(self) -> tuple[float, float, float]:
        tp, fp, fn = self.total()
        return float(tp), float(fp), float(fn)

    def ratios(self) -> tuple[float, float, float, float]:
        tp, fp, fn = self.totals()
        return tp, tp + fp, tp, tp + fn

    @staticmethod
    def ratio_columns(sums: np.ndarray) -> np.ndarray:
        """(tp, fp, fn) columns -> (p_num, p_den, r_num, r_den) columns."""
        tp, fp, fn = sums[..., 0], sums[..., 1], sums[..., 2]
        return np.stack([tp, tp + fp, tp, tp + fn], axis=-1)


class RatioTally(_Tally):
    """Precision = p_num / p_den and recall = r_num / r_den, with fractional numerators."""

    columns = ("precision_numerator", "precision_denominator", "recall_numerator",
               "recall_denominator")

    def __init__(self, *, both_empty: float = 1.0) -> None:
        super().__init__()
        # MUC takes the reference scorer's 0 where both denominators are 0 (no links either
        # side): the 0/0 rule's 1.0 would lift the CoNLL F1 of an all-singleton response
        self.both_empty = both_empty

    def add(self, unit: Unit, *, p_num: float = 0.0, p_den: float = 0.0, r_num: float = 0.0,
            r_den: float = 0.0) -> None:
        self._add(unit, (p_num, p_den, r_num, r_den))

    def ratios(self) -> tuple[float, float, float, float]:
        p_num, p_den, r_num, r_den = (float(x) for x in self.total())
        return p_num, p_den, r_num, r_den

    @staticmethod
    def ratio_columns(sums: np.ndarray) -> np.ndarray:
        return sums


class AccuracyTally(_Tally):
    columns = ("correct", "total")

    def add(self, unit: Unit, *, correct: bool | int, total: int = 1) -> None:
        self._add(unit, (int(correct), total))


@dataclass
class Average:
    """The unweighted mean of the P, R and F1 of named scores (macro averages, CoNLL F1)."""

    parts: dict[str, MatchTally | RatioTally] = field(default_factory=dict)


def safe_ratio(numerator, denominator, other_denominator, both_empty: float = 1.0):
    """numerator / denominator with the 0/0 rule, elementwise.

    A zero denominator gives ``both_empty`` (1.0) when the other side's denominator is zero too
    (nothing predicted and nothing to find), else 0.0.
    """
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    empty = (denominator == 0) & (np.asarray(other_denominator) == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(denominator == 0, np.where(empty, both_empty, 0.0),
                         numerator / np.where(denominator == 0, 1, denominator))
    return value


def f1_from(precision, recall):
    """Harmonic mean, computed as seqeval/scikit-learn do: 2 * P * R / (P + R), 0 when P + R = 0."""
    precision = np.asarray(precision, dtype=float)
    recall = np.asarray(recall, dtype=float)
    denominator = precision + recall
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator == 0, 0.0,
                        2 * precision * recall / np.where(denominator == 0, 1, denominator))


def precision_recall_f1(p_num, p_den, r_num, r_den, *, both_empty: float = 1.0):
    """P, R, F1 from numerators and denominators (scalars give floats, arrays give arrays);
    ``both_empty`` is P and R when both denominators are 0."""
    precision = safe_ratio(p_num, p_den, r_den, both_empty)
    recall = safe_ratio(r_num, r_den, p_den, both_empty)
    f1 = f1_from(precision, recall)
    if precision.ndim == 0:
        return float(precision), float(recall), float(f1)
    return precision, recall, f1


def accuracy_from(correct, total):
    """Accuracy, with 0/0 = 1.0 (nothing to get right, nothing got wrong)."""
    return safe_ratio(correct, total, total)


#: the kinds of tally a results file stores rows of, by the name it stores them under
TALLY_KINDS: dict[str, type[_Tally]] = {"match": MatchTally, "ratio": RatioTally,
                                        "accuracy": AccuracyTally}


def to_record(tally, units: Sequence[Unit]) -> dict:
    """A tally as JSON: its kind and its non-empty rows ``[unit index, *columns]``.

    Results keep these so that systems can be compared (paired tests) without running them
    again. An :class:`Average` keeps its parts.

    >>> tally = MatchTally(); tally.add(("d", 1), tp=2, fn=1)
    >>> to_record(tally, [("d", 0), ("d", 1)])
    {'kind': 'match', 'rows': [[1, 2.0, 0.0, 1.0]]}
    >>> from_record(to_record(tally, [("d", 0), ("d", 1)]), [("d", 0), ("d", 1)]).totals()
    (2.0, 0.0, 1.0)
    """
    if isinstance(tally, Average):
        return {"kind": "average", "parts": {name: to_record(part, units)
                                             for name, part in tally.parts.items()}}
    kind = next(name for name, cls in TALLY_KINDS.items() if isinstance(tally, cls))
    matrix = tally.matrix(units)
    held = np.flatnonzero(matrix.any(axis=1))
    rows = matrix[held].tolist()
    for index, row in zip(held.tolist(), rows):
        row.insert(0, index)
    record: dict = {"kind": kind, "rows": rows}
    if tally.both_empty != 1.0:
        record["both_empty"] = tally.both_empty
    return record


def from_record(record: dict, units: Sequence[Unit]):
    """The tally :func:`to_record` wrote, over the same units."""
    if record["kind"] == "average":
        return Average({name: from_record(part, units) for name, part in record["parts"].items()})
    kind = TALLY_KINDS[record["kind"]]
    rows = np.zeros((len(units), len(kind.columns)))
    if record["rows"]:
        given = np.asarray(record["rows"], dtype=float).reshape(len(record["rows"]), -1)
        np.add.at(rows, given[:, 0].astype(int), given[:, 1:])
    tally = kind.from_rows(units, rows)
    tally.both_empty = record.get("both_empty", 1.0)
    return tally
