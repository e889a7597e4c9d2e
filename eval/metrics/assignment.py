"""Matching helpers of the record-level scorers (casualties, attributions).

Three things both tasks need, said once:

- :func:`pair_one_to_one`: the optimal one-to-one pairing of gold and predicted items
  (``scipy.optimize.linear_sum_assignment``, as coval pairs entities for CEAF), which never
  depends on the order of either input;
- :func:`word_tokens` and :func:`overlap_fractions`: token overlap for soft span scores;
- :func:`same_referent`: coreference-aware span equality;
- :func:`tally_matches`: true and false positives and false negatives of a pairing, per unit.

The tie rule of :func:`pair_one_to_one`. Only *candidate* pairs (those the caller's
``preference`` accepts) may pair. Among all one-to-one pairings of candidates the chosen one has,
in this order of priority: (1) the most pairs; (2) the largest sum of the first preference
component; (3) the largest sum of the second, and so on. Pairings still tied after every
component are broken by one fixed rule: items are ranked by their :func:`identities` (their
canonical JSON, keys sorted, without ``id`` and with a link to another item replaced by that
item's JSON) and the assignment solver runs on that ranking. The result therefore depends only on
the multisets of items, never on their input order; items with the same identity are
interchangeable. Lists inside items are compared as given: a caller whose lists are sets (an
attribution's content fragments) sorts them first.

>>> gold = [{"at": 0, "say": "nine"}, {"at": 10, "say": "four"}]
>>> predicted = [{"at": 10, "say": "four"}, {"at": 0, "say": "two"}, {"at": 0, "say": "nine"}]
>>> def agree(g, p):  # candidates share a position; prefer the same wording
...     return (int(g["say"] == p["say"]),) if g["at"] == p["at"] else None
>>> pair_one_to_one(gold, predicted, agree)
[(0, 2), (1, 0)]
"""
from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from afp_strikes_bench.metrics.counts import MatchTally, Unit
from afp_strikes_bench.spans import Span


def maximum_assignment(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the assignment of largest total weight (the Hungarian method,
    ``scipy.optimize.linear_sum_assignment``). scipy.optimize is imported here, when a pairing
    is made, not with the module: it takes longer to import than ``bench validate`` to run.

    >>> [side.tolist() for side in maximum_assignment(np.array([[1.0, 3.0], [2.0, 1.0]]))]
    [[0, 1], [1, 0]]
    """
    from scipy.optimize import linear_sum_assignment

    return linear_sum_assignment(weights, maximize=True)


#: a pair's preference: non-negative integers, compared lexicographically (None: cannot pair)
Preference = tuple[int, ...] | None
#: a span's ``(start, end)``
Offsets = tuple[int, int]
#: a word token, by its offsets in the document text
Token = tuple[int, int]

# Integer weights are summed in float64 by the solver; beyond 2**53 sums stop being exact.
_EXACT_LIMIT = 2 ** 53

# A word token is a maximal run of letters, digits or underscores: white space and punctuation
# (quotation marks, commas, apostrophes, brackets) separate tokens and are never tokens.
_WORD = re.compile(r"\w+")


def identities(items: Sequence[Any], link: str | None = None,
               describe: Callable[[Any], dict] = dict) -> list[str]:
    """What each item is, whatever its position: its JSON (``describe(item)``; a plain dict is
    its own) with keys sorted and without ``id``; the index in ``link`` (another item's
    position) is replaced by that item's JSON.

    >>> first = identities([{"id": "C1", "n": 9, "up": None}, {"id": "C2", "n": 4, "up": 0}], "up")
    >>> first[0]
    '{"n": 9, "up": null}'
    >>> sorted(first) == sorted(identities([{"n": 4, "up": 1}, {"n": 9, "up": None}], "up"))
    True
    """
    described = [{key: value for key, value in describe(item).items() if key != "id"}
                 for item in items]
    found = []
    for plain in described:
        target = plain.get(link) if link else None
        if isinstance(target, int) and 0 <= target < len(items):
            plain = {**plain, link: _json(described[target])}
        found.append(_json(plain))
    return found


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def pair_one_to_one(gold: Sequence[Any], predicted: Sequence[Any],
                    preference: Callable[[Any, Any], Preference],
                    link: str | None = None,
                    describe: Callable[[Any], dict] = dict) -> list[tuple[int, int]]:
    """``(gold index, predicted index)`` pairs of the optimal pairing (tie rule: module docstring).

    ``preference(g, p)`` is None when ``g`` and ``p`` cannot pair, else a tuple of non-negative
    integers of the same length for every candidate pair. ``link`` names the field by which an
    item points to another item of its list (``part_of``, ``parent``). ``describe(item)`` is an
    item's JSON form, which the tie rule ranks items by (a plain dict is its own).
    """
    gold_identity = identities(gold, link, describe)
    predicted_identity = identities(predicted, link, describe)
    gold_rank = sorted(range(len(gold)), key=gold_identity.__getitem__)
    predicted_rank = sorted(range(len(predicted)), key=predicted_identity.__getitem__)
    preferences = [[preference(gold[g], predicted[p]) for p in predicted_rank] for g in gold_rank]
    candidates = np.array([[value is not None for value in row] for row in preferences],
                          dtype=bool).reshape(len(gold_rank), len(predicted_rank))
    if not candidates.any():
        return []
    # Every candidate pair gets a leading component of 1, so that the number of pairs comes first.
    components = [[(1, *value) if value is not None else None for value in row]
                  for row in preferences]
    weights = _lexicographic_weights(components, candidates, min(candidates.shape))
    rows, columns = maximum_assignment(weights)
    pairs = [(gold_rank[row], predicted_rank[column]) for row, column in zip(rows, columns)
             if candidates[row, column]]
    return sorted(pairs)


def _lexicographic_weights(components, candidates: np.ndarray, most_pairs: int) -> np.ndarray:
    """One integer weight per cell such that a larger sum over any pairing means a
    lexicographically larger vector of component sums.

    Components are folded from the last: each earlier component is scaled past the largest sum
    the later ones can reach in a pairing of at most ``most_pairs`` pairs.
    """
    shape = candidates.shape
    width = len(next(value for row in components for value in row if value is not None))
    weights = np.zeros(shape, dtype=object)
    for position in reversed(range(width)):
        scale = 1 + most_pairs * int(max(weights.flat, default=0))
        for (row, column), is_candidate in np.ndenumerate(candidates):
            if is_candidate:
                weights[row, column] += components[row][column][position] * scale
    if most_pairs * int(max(weights.flat)) >= _EXACT_LIMIT:
        raise ValueError("preference values too large for an exact assignment")
    return weights.astype(float)


@lru_cache(maxsize=64)
def _document_tokens(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Starts and ends of every word token of ``text``, in order."""
    found = [match.span() for match in _WORD.finditer(text)]
    return tuple(start for start, _ in found), tuple(end for _, end in found)


def word_tokens(text: str, spans: Iterable[Offsets]) -> frozenset[Token]:
    """The word tokens of ``text`` that the spans touch (wholly or in part).

    Tokens are found in the whole text, so a span that cuts a word still shares that word with
    a span that holds all of it; punctuation and white space are not tokens, so a quote with and
    without its quotation marks has the same tokens.

    >>> text = "He said: “No interest.”"
    >>> sorted(word_tokens(text, [(len("He said: "), len(text))]))
    [(10, 12), (13, 21)]
    >>> word_tokens(text, [(len("He said: “"), len("He said: “No interest"))]) == \\
    ...     word_tokens(text, [(len("He said: "), len(text))])
    True
    """
    starts, ends = _document_tokens(text)
    tokens: set[tuple[int, int]] = set()
    for start, end in spans:
        # tokens that end after the span starts and start before it ends
        first = bisect.bisect_right(ends, start)
        last = bisect.bisect_left(starts, end)
        tokens.update(zip(starts[first:last], ends[first:last]))
    return frozenset(tokens)


def overlap_fractions(gold_tokens: frozenset[Token],
                      predicted_tokens: frozenset[Token]) -> tuple[float, float]:
    """(share of the predicted tokens that are gold, share of the gold tokens predicted).

    These are the per-span terms of proportional soft precision and recall (Johansson and
    Moschitti, 2010, "Syntactic and Semantic Structure for Opinion Expression Detection"): summed
    over the predicted and the gold spans, they are divided by the number of each. A side
    without tokens contributes 0.

    >>> overlap_fractions(frozenset({(0, 2), (3, 5)}), frozenset({(3, 5), (6, 9), (10, 12)}))
    (0.3333333333333333, 0.5)
    """
    shared = len(gold_tokens & predicted_tokens)
    precision = shared / len(predicted_tokens) if predicted_tokens else 0.0
    recall = shared / len(gold_tokens) if gold_tokens else 0.0
    return precision, recall


def same_referent(gold_span: Span | None, predicted_span: Span | None,
                  cluster_of: dict[Offsets, str]) -> bool:
    """Whether a predicted span field is right: null only for null; otherwise any mention of
    the gold span's coreference cluster, or the gold span itself when it is in no cluster.

    >>> cluster_of = {(0, 4): "iran", (9, 12): "iran", (20, 28): "pakistan"}
    >>> [same_referent(Span(0, 4, "Iran"), p, cluster_of) for p in
    ...  (Span(9, 12), Span(20, 28), None)]
    [True, False, False]
    >>> elsewhere = Span(30, 33, "her")
    >>> same_referent(None, None, cluster_of), same_referent(elsewhere, Span(30, 33), {})
    (True, True)
    """
    if gold_span is None or predicted_span is None:
        return gold_span is None and predicted_span is None
    gold_key = (gold_span.start, gold_span.end)
    predicted_key = (predicted_span.start, predicted_span.end)
    if gold_key == predicted_key:
        return True
    cluster = cluster_of.get(gold_key)
    return cluster is not None and cluster_of.get(predicted_key) == cluster


def spans_overlap(first: Span, second: Span) -> int:
    """How many characters two spans share (0 when they are disjoint).

    >>> spans_overlap(Span(0, 10), Span(6, 14))
    4
    >>> spans_overlap(Span(0, 3), Span(3, 5))
    0
    """
    return max(0, min(first.end, second.end) - max(first.start, second.start))


def tally_matches(matched: Iterable[tuple[int, int]], gold_units: dict[int, Unit],
                  predicted_units: dict[int, Unit]) -> MatchTally:
    """tp for each matched ``(gold, predicted)`` pair, at its gold item's unit; fn for every
    other gold item and fp for every other prediction, at their own units.

    ``gold_units`` and ``predicted_units`` map the indices of the items that count (a relation
    with no source does not count for source scores) to their resampling units.

    >>> tally_matches([(0, 1)], {0: "p0", 1: "p1"}, {0: "p0", 1: "p0"}).by_unit["p0"].tolist()
    [1.0, 1.0, 0.0]
    """
    tally = MatchTally()
    matched = list(matched)
    for gold_index, _ in matched:
        tally.add(gold_units[gold_index], tp=1)
    matched_gold = {gold_index for gold_index, _ in matched}
    matched_predicted = {predicted_index for _, predicted_index in matched}
    for index, unit in gold_units.items():
        if index not in matched_gold:
            tally.add(unit, fn=1)
    for index, unit in predicted_units.items():
        if index not in matched_predicted:
            tally.add(unit, fp=1)
    return tally
