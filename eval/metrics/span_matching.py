"""One-to-one pairing of overlapping gold and predicted spans, independent of input order.

The SemEval-2013 task 9.1 schemes (Segura-Bedmar et al. 2013, as nervaluate implements them)
pair each predicted mention with at most one overlapping gold mention and then read every pair
as correct (COR), incorrect (INC) or partial (PAR); a gold mention left unpaired is missed (MIS),
a prediction left unpaired is spurious (SPU). A scheme is a *verdict* on one overlapping pair:

============  =========================  ===============================
scheme        COR when                   otherwise
============  =========================  ===============================
``strict``    same span and same label   INC
``exact``     same span                  INC
``partial``   same span                  PAR (credited half)
``type``      same label (any overlap)   INC
============  =========================  ===============================

nervaluate pairs greedily, in the order the predictions come (its issue #40): shuffling the
input changes the score. Here each scheme gets the pairing that is best for it, found by optimal
assignment (``scipy.optimize.linear_sum_assignment``) on an objective maximised in this order:

1. credit: 2 per COR, 1 per PAR, 0 per INC (twice the partial scheme's ``COR + 0.5 PAR``; the
   COR count for the other schemes);
2. the number of pairs: an overlapping prediction is read as INC or PAR, not as SPU plus MIS,
   which is what the greedy pairing does whenever it can;
3. the characters the paired spans share (picks the closest reading; it changes no count).

Tiers 1 and 2 fix every count (COR, INC, PAR, MIS, SPU), so the counts depend only on the
multisets of spans; inputs are also put in a canonical order first, so that the pairs themselves
do not depend on input order either. Where nervaluate's result is the same for every input order,
the counts are equal to it; otherwise they are never below nervaluate's under any order
(tests/test_entities_scorer.py checks both). Any overlap of one character or more counts
(nervaluate's ``min_overlap_percentage`` at its default of 1%, for spans under 100 characters).

Spans are ``(start, end, label)`` tuples with half-open offsets, as everywhere in the benchmark:

>>> gold = [(0, len("Iran"), "GPE"), (len("Iran and "), len("Iran and the Red Sea"), "LOC")]
>>> predicted = [(len("Iran and the "), len("Iran and the Red Sea"), "LOC"),
...              (0, len("Iran"), "NORP")]
>>> alignments = align(gold, predicted)
>>> alignments["strict"].counts()
{'COR': 0, 'INC': 2, 'PAR': 0, 'MIS': 0, 'SPU': 0}
>>> alignments["partial"].pairs
((0, 1, 'COR'), (1, 0, 'PAR'))
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from afp_strikes_bench.metrics.assignment import maximum_assignment

Span = tuple[int, int, str]  # (start, end, label), half-open offsets
Verdict = str  # "COR", "INC" or "PAR"

#: what a verdict is worth in the first tier of the objective
CREDIT = {"COR": 2, "PAR": 1, "INC": 0}


def _strict(gold: Span, predicted: Span) -> Verdict:
    return "COR" if gold == predicted else "INC"


def _exact(gold: Span, predicted: Span) -> Verdict:
    return "COR" if gold[:2] == predicted[:2] else "INC"


def _partial(gold: Span, predicted: Span) -> Verdict:
    return "COR" if gold[:2] == predicted[:2] else "PAR"


def _type(gold: Span, predicted: Span) -> Verdict:
    return "COR" if gold[2] == predicted[2] else "INC"


#: scheme name -> verdict on a pair of overlapping spans
SCHEMES: dict[str, Callable[[Span, Span], Verdict]] = {
    "strict": _strict, "exact": _exact, "partial": _partial, "type": _type}


@dataclass(frozen=True)
class Alignment:
    """The outcome of one scheme: indices into the gold and predicted sequences."""

    #: (gold index, predicted index, verdict), in gold index order
    pairs: tuple[tuple[int, int, Verdict], ...]
    missed: tuple[int, ...]
    spurious: tuple[int, ...]

    def counts(self) -> dict[str, int]:
        """COR, INC, PAR, MIS, SPU (POS = COR + INC + PAR + MIS, ACT = COR + INC + PAR + SPU)."""
        verdicts = [verdict for _, _, verdict in self.pairs]
        return {"COR": verdicts.count("COR"), "INC": verdicts.count("INC"),
                "PAR": verdicts.count("PAR"), "MIS": len(self.missed),
                "SPU": len(self.spurious)}


def overlap(a: Span, b: Span) -> int:
    """Characters two half-open spans share.

    >>> overlap((0, 4, "GPE"), (2, 9, "LOC")), overlap((0, 4, "GPE"), (4, 9, "LOC"))
    (2, 0)
    """
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def align(gold: Sequence[Span], predicted: Sequence[Span],
          schemes: Sequence[str] = tuple(SCHEMES)) -> dict[str, Alignment]:
    """Per scheme, the one-to-one pairing of overlapping spans that is best for it.

    The spans of one document; pairs never cross documents. Duplicate predictions compete for the
    same gold span: one is paired, the other is spurious.

    >>> align([(0, 4, "GPE")], [(0, 4, "GPE"), (0, 4, "GPE")], ["exact"])
    {'exact': Alignment(pairs=((0, 0, 'COR'),), missed=(), spurious=(1,))}
    """
    found: dict[str, list[tuple[int, int, Verdict]]] = {scheme: [] for scheme in schemes}
    for gold_indices, predicted_indices in _overlap_groups(gold, predicted):
        if not gold_indices or not predicted_indices:
            continue
        group_gold = [gold[i] for i in gold_indices]
        group_predicted = [predicted[j] for j in predicted_indices]
        for scheme, pairs in found.items():
            judge = SCHEMES[scheme]
            for g, p in _best_pairs(group_gold, group_predicted, judge):
                pairs.append((gold_indices[g], predicted_indices[p],
                              judge(group_gold[g], group_predicted[p])))
    return {scheme: _alignment(pairs, len(gold), len(predicted)) for scheme, pairs in found.items()}


def _alignment(pairs: list[tuple[int, int, Verdict]], n_gold: int, n_predicted: int) -> Alignment:
    paired_gold = {g for g, _, _ in pairs}
    paired_predicted = {p for _, p, _ in pairs}
    return Alignment(pairs=tuple(sorted(pairs)),
                     missed=tuple(g for g in range(n_gold) if g not in paired_gold),
                     spurious=tuple(p for p in range(n_predicted) if p not in paired_predicted))


def _overlap_groups(gold: Sequence[Span], predicted: Sequence[Span]):
    """Chains of overlapping spans, each as (gold indices, predicted indices) in canonical order.

    No pair crosses a group, so each group is solved on its own (most are one gold and one
    prediction). Spans are visited sorted by (start, end, label, side), which is what makes the
    outcome independent of the order of the input.
    """
    spans = sorted([(*span, 0, i) for i, span in enumerate(gold)]
                   + [(*span, 1, j) for j, span in enumerate(predicted)])
    group: tuple[list[int], list[int]] = ([], [])
    reach = None
    for start, end, _label, side, index in spans:
        if reach is not None and start >= reach:
            yield group
            group, reach = ([], []), None
        group[side].append(index)
        reach = end if reach is None else max(reach, end)
    if reach is not None:
        yield group


def _best_pairs(gold: list[Span], predicted: list[Span],
                judge: Callable[[Span, Span], Verdict]) -> list[tuple[int, int]]:
    """Optimal pairs within one group: positions in ``gold`` and ``predicted``."""
    if len(gold) == 1 and len(predicted) == 1:  # a group of two spans: they overlap
        return [(0, 0)]
    # Lexicographic tiers as one integer weight: the overlap tier sums to less than one pair,
    # and all pairs together weigh less than one unit of credit.
    pair_weight = sum(end - start for start, end, _ in gold) + 1
    credit_weight = (min(len(gold), len(predicted)) + 1) * pair_weight
    weights = np.zeros((len(gold), len(predicted)))
    for g, gold_span in enumerate(gold):
        for p, predicted_span in enumerate(predicted):
            shared = overlap(gold_span, predicted_span)
            if shared:
                weights[g, p] = (CREDIT[judge(gold_span, predicted_span)] * credit_weight
                                 + pair_weight + shared)
    rows, columns = maximum_assignment(weights)
    return [(g, p) for g, p in zip(rows, columns) if weights[g, p] > 0]
