"""Entities (SPEC 3.1): OntoNotes 5 mentions with time and number values.

Scoring (SPEC 4), all micro-averaged over documents:

- ``fine``, ``coarse``, ``untyped``: exact matching of a projection of each mention (the
  conlleval/seqeval definition; duplicates are false positives): ``(doc_id, start, end, label)``,
  the same with the CoNLL-2003 type, and ``(doc_id, start, end)``.
- ``per_label``: the fine view per label, for every label in the gold or the predictions;
  ``macro``: the unweighted mean of their P, R and F1 (seqeval's ``average="macro"``).
- ``strict``, ``exact``, ``partial``, ``type``: the SemEval-2013 task 9.1 schemes as nervaluate
  defines them, on the order-independent pairing of :mod:`afp_strikes_bench.metrics.span_matching`.
  strict,
  exact and type are counts (tp = COR, fp = ACT - COR, fn = POS - COR); partial credits a partial
  match half, as a ratio ((COR + 0.5 PAR) / ACT and / POS). Because the pairing is optimal,
  ``strict`` always equals ``fine`` and ``exact`` equals ``untyped``.
- ``value_accuracy``: over gold mentions with a value that were matched in the fine view.

Every contribution belongs to the resampling unit of the gold mention it concerns (a false
positive to that of the prediction).

The coarse view (:data:`COARSE_LABELS`) maps OntoNotes 5 to CoNLL-2003 the usual way: PERSON ->
PER, ORG -> ORG, GPE/LOC/FAC -> LOC, NORP/EVENT/WORK_OF_ART/LAW/LANGUAGE/PRODUCT -> MISC. It
follows the CoNLL-2003 guidelines (an extension of MUC-7's): facilities such as airports,
bridges and public buildings are LOC there, and MISC holds nationalities, religions and
political groups (NORP), events, titles of works, laws, languages and kinds of products.
CoNLL-2003 annotates no dates, times or quantities, so the seven numeric and temporal types
(DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL) leave the view rather than being lumped
into MISC, which would score number spotting as naming.

**Predictions in the CoNLL-2003 tag set** (PER/LOC/ORG/MISC, what most Hugging Face NER
checkpoints emit), declared as label set ``conll2003``, are scored on the coarse view, where
their labels are their own coarse types. Every other metric needs the OntoNotes types, or counts
the numeric and temporal mentions CoNLL-2003 never annotates, so it is reported as not
applicable rather than as zero.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal

import msgspec
import numpy as np
from afp_strikes_bench.io import MAX_INT_DIGITS
from afp_strikes_bench.metrics.counts import AccuracyTally, Average, MatchTally, RatioTally
from afp_strikes_bench.metrics.span_matching import SCHEMES, align
from afp_strikes_bench.records import Described, counterparts, match_records, side
from afp_strikes_bench.schemas import contents, enum, is_iso_date
from afp_strikes_bench.spans import span_problem
from afp_strikes_bench.tasks.base import (
    Paired,
    Task,
    TaskInfo,
    pair_multisets,
)
from afp_strikes_bench.wire import Id

if TYPE_CHECKING:
    from afp_strikes_bench.gold import GoldSet

NAME = "entities"
LABELS = enum(NAME, "/$defs/label")
PREDICTION_LABELS = enum(NAME, "/$defs/prediction_label")
#: the CoNLL-2003 types, which predictions declared as label set ``conll2003`` use
CONLL2003_LABELS = enum("entities", "/$defs/conll2003_label")


#: OntoNotes 5 type -> CoNLL-2003 type (the module docstring says why); a type not here has none
COARSE_LABELS = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
    # a CoNLL-2003 tag (in predictions declared conll2003) is its own coarse type
    **{tag: tag for tag in CONLL2003_LABELS},
}


class Mention(msgspec.Struct, frozen=True, gc=False):
    """An entity mention; ``text`` and ``id`` are the gold's (optional in predictions), and
    ``value`` is the normalised time or number where one is given. (A msgspec Struct, not a
    dataclass: a million of them are built in a fraction of the time, and, holding no
    containers, are left out of the garbage collector's rounds.)"""

    start: int
    end: int
    label: str
    value: str | int | float | None = None
    text: str | None = None
    id: str | None = None

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Mention:
        return cls(raw["start"], raw["end"], raw["label"], raw.get("value"), raw.get("text"),
                   raw.get("id"))

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {} if self.id is None else {"id": self.id}
        found |= {"start": self.start, "end": self.end}
        if self.text is not None:
            found["text"] = self.text
        found["label"] = self.label
        if self.value is not None:
            found["value"] = self.value
        return found


class WirePredictedMention(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """``$defs/prediction_item`` as msgspec reads it (:mod:`afp_strikes_bench.wire`)."""

    start: int
    end: int
    label: Literal[PREDICTION_LABELS]  # type: ignore[valid-type]
    text: str | msgspec.UnsetType = msgspec.UNSET
    value: str | int | float | None | msgspec.UnsetType = msgspec.UNSET


class WireGoldMention(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """``$defs/gold_item`` as msgspec reads it."""

    id: Id
    start: int
    end: int
    text: str
    label: Literal[LABELS]  # type: ignore[valid-type]
    value: str | int | float | None | msgspec.UnsetType = msgspec.UNSET


def allowed_labels(label_set: str | None) -> frozenset[str]:
    """The labels of one set: OntoNotes 5 (the gold's, and predictions' unless declared
    otherwise), or CoNLL-2003's."""
    return _CONLL2003_SET if label_set == "conll2003" else _LABEL_SET


_LABEL_SET, _CONLL2003_SET = frozenset(LABELS), frozenset(CONLL2003_LABELS)


def overlaps(spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Indices ``(before, after)`` of each span and the next one in (start, end) order that
    starts inside it.

    >>> list(overlaps([(5, 9), (0, 4), (3, 6)]))
    [(1, 2), (2, 0)]
    """
    ordered = sorted(range(len(spans)), key=spans.__getitem__)
    for before, after in zip(ordered, ordered[1:]):
        if spans[after][0] < spans[before][1]:
            yield before, after


#: ``$defs/value``: a string of this pattern must be a date that exists
_DATE_LIKE = re.compile(contents(NAME)["$defs"]["value"]["if"]["pattern"])
#: io.loads refuses integers of more digits (MAX_INT_DIGITS)
_INTEGER_LIMIT = 10 ** MAX_INT_DIGITS


def _plain_value(value: object) -> bool:
    """A value the schema and the strict reader take as it is."""
    if isinstance(value, str):
        return not _DATE_LIKE.search(value) or is_iso_date(value)
    if isinstance(value, int):
        return -_INTEGER_LIMIT < value < _INTEGER_LIMIT
    return True


#: what a view keeps of a mention of a document; None leaves the mention out of the view
Projection = Callable[[str, Mention], Hashable]
#: doc_id -> mentions (gold items or predictions)
ItemsByDoc = dict[str, list[Mention]]


def fine_key(doc_id: str, item: Mention) -> tuple:
    return (doc_id, item.start, item.end, item.label)


def span_key(doc_id: str, item: Mention) -> tuple:
    return (doc_id, item.start, item.end)


#: a mention where it was found: (doc_id, index in its document's list, mention)
Located = tuple[str, int, Mention]


def keyed(gold: GoldSet, items_by_doc: ItemsByDoc,
          projection: Projection) -> Iterator[tuple[Any, Hashable, Located]]:
    """``(key, unit, located mention)`` of every mention that the view keeps."""
    unit = gold.unit
    for doc_id, items in items_by_doc.items():
        for index, item in enumerate(items):
            key = projection(doc_id, item)
            if key is not None:
                yield key, unit(doc_id, item.start), (doc_id, index, item)


def exact_pairing(gold: GoldSet, predictions: ItemsByDoc, projection: Projection) -> list[Paired]:
    """Exact matching of the projected mentions: one function for every view."""
    return pair_multisets(keyed(gold, gold.tasks[NAME], projection),
                          keyed(gold, predictions, projection))


def _described(found: Located, is_gold: bool) -> Described:
    doc_id, index, mention = found
    return Described(doc_id, (mention.start, mention.end), mention.label,
                     side(mention.id if is_gold else index, mention.label,
                          [("mention", mention)]))


def fine_records(gold: GoldSet, predictions: ItemsByDoc) -> list[dict]:
    """The ``fine`` metric's records; a missed mention and a spurious one on the same span
    are shown as a wrong label."""
    paired = exact_pairing(gold, predictions, fine_key)
    return match_records(paired, _described, lambda g, p: ["label"],
                         counterparts(paired, lambda found: span_key(found[0], found[2]),
                                      lambda found: found[2].label))


#: every label a mention may have, in name order: a mention's label is its index here, so that
#: sorting by the index sorts by name (the order of the per-label view and of the pairing)
ALL_LABELS = tuple(sorted(PREDICTION_LABELS))
_LABEL_INDEX = {label: index for index, label in enumerate(ALL_LABELS)}
#: CoNLL-2003 types in name order, and each label's index among them (-1: none)
COARSE_TYPES = tuple(sorted(set(COARSE_LABELS.values())))
_COARSE_INDEX = np.array([COARSE_TYPES.index(COARSE_LABELS[label]) if label in COARSE_LABELS
                          else -1 for label in ALL_LABELS])


@dataclass(frozen=True)
class Columns:
    """The mentions of one side as arrays. Offsets are moved into one coordinate over all
    documents (each document's start plus its length and one), so that no two documents'
    spans overlap or meet and a key needs no document column."""

    start: np.ndarray
    end: np.ndarray
    #: index into :data:`ALL_LABELS`
    label: np.ndarray
    #: index into the gold's ``units``
    unit: np.ndarray

    @property
    def fine_key(self) -> list[np.ndarray]:
        """The columns of the fine view's key (:func:`fine_key`)."""
        return [self.start, self.end, self.label]

    @classmethod
    def of(cls, gold: GoldSet, items_by_doc: ItemsByDoc) -> Columns:
        doc_ids = list(gold.documents)
        lists = [items_by_doc.get(doc_id, []) for doc_id in doc_ids]
        sizes = np.array([len(items) for items in lists], dtype=np.int64)
        total = int(sizes.sum())
        flat = list(chain.from_iterable(lists))
        start = np.fromiter(map(attrgetter("start"), flat), np.int64, total)
        end = np.fromiter(map(attrgetter("end"), flat), np.int64, total)
        label = np.fromiter(map(_LABEL_INDEX.__getitem__, map(attrgetter("label"), flat)),
                            np.int64, total)
        lengths = np.array([len(gold.documents[doc_id].text) + 1 for doc_id in doc_ids],
                           dtype=np.int64)
        document = np.repeat(np.arange(len(doc_ids)), sizes)
        base = np.concatenate([[0], np.cumsum(lengths)[:-1]])[document]
        if gold.unit_kind == "document":
            unit = document
        else:  # paragraphs: the gold's units are every document's paragraphs in order
            starts = [gold.documents[doc_id].paragraph_starts for doc_id in doc_ids]
            first = np.concatenate([[0], np.cumsum([len(p) for p in starts])[:-1]])
            unit = np.empty(total, dtype=np.int64)
            bounds = np.concatenate([[0], np.cumsum(sizes)])
            for index, paragraph_starts in enumerate(starts):
                here = slice(bounds[index], bounds[index + 1])
                unit[here] = first[index] + np.searchsorted(paragraph_starts, start[here],
                                                            side="right") - 1
        return cls(start + base, end + base, label, unit)


def _key_outcomes(gold: list[np.ndarray], predicted: list[np.ndarray], gold_unit: np.ndarray,
                  predicted_unit: np.ndarray) -> tuple[np.ndarray, ...]:
    """Exact matching of multisets of keys (each key given as columns): per distinct key, its
    unit, its true positives, false positives and false negatives, and its last column.

    A key's ``min(gold, predicted)`` copies pair, whichever copies they are, and a key lies in
    one resampling unit (its document's, or its start's paragraph), so counting the keys gives
    the outcomes of pairing each mention (:func:`exact_pairing`) without building a pair."""
    n_gold = len(gold_unit)
    columns = [np.concatenate([g, p]) for g, p in zip(gold, predicted)]
    first = np.zeros(len(gold_unit) + len(predicted_unit), dtype=bool)
    first[:1] = True
    packed = _packed(columns)
    if packed is not None:
        order = np.argsort(packed)
        packed = packed[order]
        np.not_equal(packed[1:], packed[:-1], out=first[1:])
        del packed
    else:
        order = np.lexsort(columns[::-1])
        for column in columns:
            ordered = column[order]
            first[1:] |= ordered[1:] != ordered[:-1]
    key = np.cumsum(first) - 1
    gold_copies = np.bincount(key, weights=order < n_gold)
    predicted_copies = np.bincount(key) - gold_copies
    del key
    matched = np.minimum(gold_copies, predicted_copies)
    at = order[first]  # one mention of each key
    return (np.concatenate([gold_unit, predicted_unit])[at], matched,
            predicted_copies - matched, gold_copies - matched, columns[-1][at])


def _packed(columns: list[np.ndarray]) -> np.ndarray | None:
    """The columns as one integer that sorts as they do (the first most significant), where it
    fits in 62 bits; one sort of one column is several times faster than sorting by three."""
    packed = np.zeros(len(columns[0]), dtype=np.int64)
    scale = 1
    for column in reversed(columns):
        if not len(column):
            return packed
        low = int(column.min())
        size = int(column.max()) - low + 1
        if scale * size >= 2 ** 62:
            return None
        packed += (column - low) * scale
        scale *= size
    return packed


def _per_unit(units: np.ndarray, n_units: int, *amounts: np.ndarray) -> np.ndarray:
    """``(n_units, len(amounts))``: each amount summed per unit."""
    return np.stack([np.bincount(units, weights=amount, minlength=n_units)
                     for amount in amounts], axis=1).reshape(n_units, len(amounts))


def exact_views(gold: GoldSet, found: Columns, truth: Columns
                ) -> tuple[dict[str, MatchTally], dict[str, MatchTally]]:
    """The tallies of the ``fine``, ``coarse`` and ``untyped`` views and of the fine view per
    label, in label order (the order seqeval averages in, which fixes the last digit of the macro
    average). ``truth`` is the gold's mentions, ``found`` the predictions'."""
    units = gold.units
    n_units = len(units)
    tallies = {}
    coarse_truth, coarse_found = _COARSE_INDEX[truth.label], _COARSE_INDEX[found.label]
    kept_truth, kept_found = coarse_truth >= 0, coarse_found >= 0

    def keys(view: str) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray, np.ndarray]:
        """A view's key columns and units, gold then predicted (made one view at a time)."""
        if view == "fine":
            return truth.fine_key, found.fine_key, truth.unit, found.unit
        if view == "coarse":  # numbers and times have no CoNLL-2003 type: they leave the view
            return ([truth.start[kept_truth], truth.end[kept_truth], coarse_truth[kept_truth]],
                    [found.start[kept_found], found.end[kept_found], coarse_found[kept_found]],
                    truth.unit[kept_truth], found.unit[kept_found])
        return [truth.start, truth.end], [found.start, found.end], truth.unit, found.unit

    by_label = {}
    for view in ("fine", "coarse", "untyped"):
        unit, tp, fp, fn, label = _key_outcomes(*keys(view))
        tallies[view] = MatchTally.from_rows(units, _per_unit(unit, n_units, tp, fp, fn))
        if view == "fine":
            for index in np.unique(label):
                here = label == index
                by_label[ALL_LABELS[index]] = MatchTally.from_rows(
                    units, _per_unit(unit[here], n_units, tp[here], fp[here], fn[here]))
    return tallies, by_label


#: the SemEval outcomes, in the order of the columns :func:`semeval_outcomes` counts them in
OUTCOMES = ("COR", "INC", "PAR", "MIS", "SPU")


def semeval_outcomes(gold: GoldSet, found: Columns, truth: Columns) -> dict[str, np.ndarray]:
    """Per SemEval-2013 scheme, ``(units, 5)``: the :data:`OUTCOMES` of each unit, from each
    scheme's own optimal pairing (:mod:`afp_strikes_bench.metrics.span_matching`). A pair and a
    miss belong to the gold mention's unit, a spurious prediction to its own.

    The spans of both sides are put in the pairing's canonical order (start, end, label, side)
    and cut into chains of overlapping spans. A chain of one gold mention and one prediction
    (they overlap: they are chained) is one pair, whose verdicts are read from the two spans
    for all chains at once; a chain of one side only is misses or spurious predictions; the
    rest go through the optimal assignment one chain at a time, as :func:`align` does."""
    n_units = len(gold.units)
    n_gold = len(truth.start)
    start = np.concatenate([truth.start, found.start])
    end = np.concatenate([truth.end, found.end])
    label = np.concatenate([truth.label, found.label])
    unit = np.concatenate([truth.unit, found.unit])
    is_predicted = np.arange(len(start)) >= n_gold
    order = np.lexsort([is_predicted, label, end, start])
    start, end, label, unit, is_predicted = (column[order] for column in
                                             (start, end, label, unit, is_predicted))
    counts = {scheme: np.zeros((n_units, len(OUTCOMES))) for scheme in SCHEMES}
    if not len(order):
        return counts
    chain_start = np.ones(len(order), dtype=bool)
    chain_start[1:] = start[1:] >= np.maximum.accumulate(end)[:-1]
    chain = np.cumsum(chain_start) - 1
    predicted_in = np.bincount(chain, weights=is_predicted)
    gold_in = np.bincount(chain) - predicted_in

    def add(scheme: str, outcome: str, units: np.ndarray) -> None:
        counts[scheme][:, OUTCOMES.index(outcome)] += np.bincount(units, minlength=n_units)

    alone_gold = ~is_predicted & (predicted_in[chain] == 0)
    alone_predicted = is_predicted & (gold_in[chain] == 0)
    one_each = (gold_in == 1) & (predicted_in == 1)
    in_pair = one_each[chain]
    g = np.flatnonzero(in_pair & ~is_predicted)  # positions of each pair's two spans,
    p = np.flatnonzero(in_pair & is_predicted)   # in chain order on both sides
    same_span = (start[g] == start[p]) & (end[g] == end[p])
    same_label = label[g] == label[p]
    correct = {"strict": same_span & same_label, "exact": same_span, "partial": same_span,
               "type": same_label}
    for scheme in SCHEMES:
        add(scheme, "MIS", unit[alone_gold])
        add(scheme, "SPU", unit[alone_predicted])
        add(scheme, "COR", unit[g][correct[scheme]])
        add(scheme, "PAR" if scheme == "partial" else "INC", unit[g][~correct[scheme]])
    tangled = np.flatnonzero((gold_in > 0) & (predicted_in > 0) & ~one_each)
    if len(tangled):
        bounds = np.concatenate([np.flatnonzero(chain_start), [len(order)]])
        for index in tangled:
            here = slice(bounds[index], bounds[index + 1])
            spans = list(zip(start[here].tolist(), end[here].tolist(), label[here].tolist()))
            sides, units = is_predicted[here], unit[here]
            gold_spans = [span for span, side in zip(spans, sides) if not side]
            predicted_spans = [span for span, side in zip(spans, sides) if side]
            gold_units, predicted_units = units[~sides], units[sides]
            for scheme, alignment in align(gold_spans, predicted_spans, tuple(SCHEMES)).items():
                column = counts[scheme]
                for g_index, _, verdict in alignment.pairs:
                    column[gold_units[g_index], OUTCOMES.index(verdict)] += 1
                for g_index in alignment.missed:
                    column[gold_units[g_index], OUTCOMES.index("MIS")] += 1
                for p_index in alignment.spurious:
                    column[predicted_units[p_index], OUTCOMES.index("SPU")] += 1
    return counts


def semeval_schemes(gold: GoldSet, found: Columns,
                    truth: Columns) -> dict[str, MatchTally | RatioTally]:
    """The four SemEval-2013 task 9.1 schemes as tallies: strict, exact and type count
    (tp = COR, fp = INC + SPU, fn = INC + MIS); partial credits a partial match half
    ((COR + 0.5 PAR) / ACT and / POS)."""
    tallies: dict[str, MatchTally | RatioTally] = {}
    for scheme, outcome in semeval_outcomes(gold, found, truth).items():
        cor, inc, par, mis, spu = outcome.T
        if scheme == "partial":
            credit = cor + 0.5 * par
            tallies[scheme] = RatioTally.from_rows(gold.units, np.stack(
                [credit, cor + par + spu, credit, cor + par + mis], axis=1))
        else:
            tallies[scheme] = MatchTally.from_rows(gold.units, np.stack(
                [cor, inc + spu, inc + mis], axis=1))
    return tallies


def same_value(gold_value, predicted_value) -> bool:
    """Numbers compare as numbers, TIMEX3 strings exactly; a number never equals a string.

    >>> same_value(9, 9.0), same_value("2024-01-18", "2024-01-18"), same_value(9, "9")
    (True, True, False)
    """
    def is_number(value) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    if is_number(gold_value) and is_number(predicted_value):
        return gold_value == predicted_value
    return isinstance(gold_value, str) and gold_value == predicted_value


def value_accuracy(gold: GoldSet, predictions: ItemsByDoc) -> AccuracyTally:
    """Over gold mentions with a value that the fine view matched.

    A mention predicted more than once (same span and label) counts as right only when every
    copy carries the right value: hedging between two values is not a right answer, and the
    result does not depend on which copy comes first.
    """
    gold_values = {fine_key(doc_id, item): (item.value, gold.unit(doc_id, item.start))
                   for doc_id, items in gold.tasks[NAME].items() for item in items
                   if item.value is not None}
    valued = {key[0] for key in gold_values}  # the documents with a value to get right
    predicted_values: dict[tuple, list] = {}
    for doc_id, items in predictions.items():
        if doc_id not in valued:
            continue
        for item in items:
            key = fine_key(doc_id, item)
            if key in gold_values:
                predicted_values.setdefault(key, []).append(item.value)
    judged: Counter = Counter()  # (unit, correct) -> mentions
    for key, values in predicted_values.items():
        gold_value, unit = gold_values[key]
        judged[unit, all(same_value(gold_value, value) for value in values)] += 1
    tally = AccuracyTally()
    for (unit, correct), n in judged.items():
        tally.add(unit, correct=n if correct else 0, total=n)
    return tally


class Entities(Task):
    info = TaskInfo(
        name=NAME,
        description="OntoNotes 5 mentions (18 types), with TIMEX3 values and numbers",
        headline="fine",
        report_order=("fine", "coarse", "untyped", "strict", "exact", "partial", "type", "macro",
                      "value_accuracy", "per_label"),
        version="1",
        citation="Weischedel et al. 2013, OntoNotes Release 5.0 (LDC2013T19); Tjong Kim Sang "
                 "and De Meulder 2003 (CoNLL-2003), as computed by seqeval; Segura-Bedmar et "
                 "al. 2013 (SemEval-2013 task 9.1), as computed by nervaluate",
        label_sets=("conll2003",))

    def check_label_set(self, items, label_set):
        """Labels of one set only: OntoNotes 5 unless the predictions declare ``conll2003``.

        >>> list(Entities().check_label_set([{"label": "PER"}], None))[0][1][:39]
        "'PER' is a CoNLL-2003 label: declare it"
        """
        allowed = allowed_labels(label_set)
        for index, item in enumerate(items):
            label = item["label"]
            if label in allowed:
                continue
            if label_set is None:
                message = (f"{label!r} is a CoNLL-2003 label: declare it (--label-set "
                           'conll2003, or a first line {"header": {"label_set": "conll2003"}})')
            else:
                message = (f"{label!r} is not in the CoNLL-2003 tag set (PER, LOC, ORG, MISC) "
                           "these predictions declare")
            yield f"entities[{index}].label", message

    def not_applicable(self, label_set):
        if label_set != "conll2003":
            return {}
        reason = ("predictions in the CoNLL-2003 tag set are scored on the coarse view only; "
                  "this metric needs OntoNotes 5 types")
        return {metric: reason for metric in self.info.report_order if metric != "coarse"}

    wire_items = (WireGoldMention, WirePredictedMention)

    def parse(self, raw: dict[str, Any], *, gold: bool) -> Mention:
        return Mention.parse(raw)

    def as_prediction(self, item: Mention) -> Mention:
        return msgspec.structs.replace(item, id=None)

    def from_wire(self, items, document, *, gold, label_set):
        """The rules of :meth:`check` and :meth:`check_label_set` (the same functions: the span
        rule, the labels allowed, overlaps) and the schema's ``value`` rule, in one pass over
        typed mentions that only says whether all hold: a million mentions take about a second
        this way, several through their JSON values."""
        text, unset = document.text, msgspec.UNSET
        allowed = allowed_labels(None if gold else label_set)
        found = []
        for item in items:
            given = None if item.text is unset else item.text
            value = None if item.value is unset else item.value
            if span_problem(text, item.start, item.end, given) is not None \
                    or item.label not in allowed \
                    or (value is not None and not _plain_value(value)):
                return None
            found.append(Mention(item.start, item.end, item.label, value, given,
                                 item.id if gold else None))
        if gold and (len({mention.id for mention in found}) != len(found) or next(
                overlaps([(mention.start, mention.end) for mention in found]), None)):
            return None
        return found

    def score(self, gold, predictions):
        """Every metric of the module docstring, in :attr:`report_order`."""
        found, truth = Columns.of(gold, predictions), Columns.of(gold, gold.tasks[NAME])
        views, labels = exact_views(gold, found, truth)
        metrics = {**views,
                   **semeval_schemes(gold, found, truth),
                   "macro": Average(labels),
                   "value_accuracy": value_accuracy(gold, predictions),
                   "per_label": labels}
        return {name: metrics[name] for name in self.info.report_order}

    def explain(self, gold, predictions):
        return {"fine": fine_records(gold, predictions)}

    def main_spans(self, item):
        """The mention's span and label.

        >>> Entities().main_spans(Mention(1, 5, "GPE"))
        [(1, 5, 'GPE')]
        """
        return [(item.start, item.end, item.label)]

    def check(self, items, document, *, gold):
        yield from super().check(items, document, gold=gold)
        if gold:
            # OntoNotes mentions never overlap; the seqeval-compatible views rely on it.
            for before, after in overlaps([(item["start"], item["end"]) for item in items]):
                yield (f"entities[{after}]",
                       f"overlaps entities[{before}] ({items[before]['text']!r})")


TASK = Entities()
