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

from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from afp_strikes_bench.metrics.counts import AccuracyTally, Average, MatchTally, RatioTally
from afp_strikes_bench.metrics.span_matching import align
from afp_strikes_bench.records import Described, counterparts, match_records, side
from afp_strikes_bench.schemas import enum
from afp_strikes_bench.tasks.base import (
    Paired,
    Task,
    TaskInfo,
    pair_multisets,
)

if TYPE_CHECKING:
    from afp_strikes_bench.gold import GoldSet

LABELS = enum("entities", "/$defs/label")
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

NAME = "entities"


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention; ``text`` and ``id`` are the gold's (optional in predictions), and
    ``value`` is the normalised time or number where one is given."""

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


#: what a view keeps of a mention of a document; None leaves the mention out of the view
Projection = Callable[[str, Mention], Hashable]
#: doc_id -> mentions (gold items or predictions)
ItemsByDoc = dict[str, list[Mention]]


def fine_key(doc_id: str, item: Mention) -> tuple:
    return (doc_id, item.start, item.end, item.label)


def coarse_key(doc_id: str, item: Mention) -> tuple | None:
    """The mention with its CoNLL-2003 type, or None for numeric and temporal types.

    >>> coarse_key("d", Mention(0, 4, "GPE"))
    ('d', 0, 4, 'LOC')
    >>> coarse_key("d", Mention(0, 4, "DATE")) is None
    True
    """
    coarse = COARSE_LABELS.get(item.label)
    return None if coarse is None else (doc_id, item.start, item.end, coarse)


def span_key(doc_id: str, item: Mention) -> tuple:
    return (doc_id, item.start, item.end)


VIEWS: dict[str, Projection] = {"fine": fine_key, "coarse": coarse_key, "untyped": span_key}


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


def exact_views(gold: GoldSet,
                predictions: ItemsByDoc) -> tuple[dict[str, MatchTally], dict[str, MatchTally]]:
    """The tallies of the three views (:data:`VIEWS`) and of the fine view per label, in label
    order (the order seqeval averages in, which fixes the last digit of the macro average), from
    one pass over the mentions.

    Exact matching of multisets pairs ``min(gold, predicted)`` copies of each key, whichever
    copies are paired, and a key (document, start, ...) lies in one resampling unit: counting the
    keys gives the tallies of :func:`exact_pairing` without building a pair per mention, and the
    fine view per label is the fine view's keys grouped by their label.
    """
    counted: dict[str, tuple[Counter, Counter]] = {view: (Counter(), Counter())
                                                   for view in VIEWS}
    for position, items_by_doc in enumerate((gold.tasks[NAME], predictions)):
        for view, projection in VIEWS.items():
            keys = counted[view][position]
            for doc_id, items in items_by_doc.items():
                keys.update(projection(doc_id, item) for item in items)
            keys.pop(None, None)  # mentions the view leaves out (coarse: numbers and times)
    units: dict[tuple[str, int], Hashable] = {}

    def unit_of(key: tuple) -> Hashable:
        found = units.get(key[:2])
        if found is None:
            found = units[key[:2]] = gold.unit(key[0], key[1])
        return found

    tallies = {}
    by_label: dict[str, dict[Hashable, list[int]]] = {}
    for view in VIEWS:
        gold_keys, predicted_keys = counted[view]
        rows: dict[Hashable, list[int]] = {}
        for key in gold_keys.keys() | predicted_keys.keys():
            found, predicted = gold_keys[key], predicted_keys[key]
            matched = min(found, predicted)
            outcome = (matched, predicted - matched, found - matched)
            unit = unit_of(key)
            views = [rows] if view != "fine" else [rows, by_label.setdefault(key[3], {})]
            for row_of in views:
                row = row_of.setdefault(unit, [0, 0, 0])
                for column, amount in enumerate(outcome):
                    row[column] += amount
        tallies[view] = _match_tally(rows)
    return tallies, {label: _match_tally(by_label[label]) for label in sorted(by_label)}


def _match_tally(rows: dict[Hashable, list[int]]) -> MatchTally:
    tally = MatchTally()
    for unit, (tp, fp, fn) in rows.items():
        tally.add(unit, tp=tp, fp=fp, fn=fn)
    return tally


#: what each SemEval outcome adds to a scheme's tally
Contributions = dict[str, dict[str, float]]
_COUNTED: Contributions = {"COR": {"tp": 1}, "INC": {"fp": 1, "fn": 1}, "MIS": {"fn": 1},
                           "SPU": {"fp": 1}}
_HALF_CREDIT: Contributions = {"COR": {"p_num": 1, "p_den": 1, "r_num": 1, "r_den": 1},
                               "PAR": {"p_num": 0.5, "p_den": 1, "r_num": 0.5, "r_den": 1},
                               "MIS": {"r_den": 1}, "SPU": {"p_den": 1}}
SEMEVAL_TALLIES = {"strict": (MatchTally, _COUNTED), "exact": (MatchTally, _COUNTED),
                   "partial": (RatioTally, _HALF_CREDIT), "type": (MatchTally, _COUNTED)}


def semeval_schemes(gold: GoldSet, predictions: ItemsByDoc) -> dict[str, MatchTally | RatioTally]:
    """The four SemEval-2013 task 9.1 schemes, each on its own optimal pairing per document.

    A pair and a miss belong to the gold mention's unit, a spurious prediction to its own.
    """
    outcomes: dict[str, Counter] = {scheme: Counter() for scheme in SEMEVAL_TALLIES}
    gold_items = gold.tasks[NAME]
    for doc_id in dict.fromkeys([*gold_items, *predictions]):  # each once, in a fixed order
        gold_mentions = gold_items.get(doc_id, [])
        predicted_mentions = predictions.get(doc_id, [])
        gold_units = [gold.unit(doc_id, item.start) for item in gold_mentions]
        predicted_units = [gold.unit(doc_id, item.start) for item in predicted_mentions]
        alignments = align([(m.start, m.end, m.label) for m in gold_mentions],
                           [(m.start, m.end, m.label) for m in predicted_mentions],
                           tuple(SEMEVAL_TALLIES))
        for scheme, alignment in alignments.items():
            outcomes[scheme].update((gold_units[g], verdict) for g, _, verdict in alignment.pairs)
            outcomes[scheme].update((gold_units[g], "MIS") for g in alignment.missed)
            outcomes[scheme].update((predicted_units[p], "SPU") for p in alignment.spurious)
    tallies = {}
    for scheme, (tally_type, contributions) in SEMEVAL_TALLIES.items():
        tally: Any = tally_type()  # a MatchTally or a RatioTally, each with its own add()
        tallies[scheme] = tally
        # summed per unit first: one addition per unit and outcome, not one per mention
        for (unit, outcome), n in outcomes[scheme].items():
            tally.add(unit, **{field: n * amount
                               for field, amount in contributions[outcome].items()})
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
    predicted_values: dict[tuple, list] = {}
    for doc_id, items in predictions.items():
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
        allowed = CONLL2003_LABELS if label_set == "conll2003" else LABELS
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

    def parse(self, raw: dict[str, Any], *, gold: bool) -> Mention:
        return Mention.parse(raw)

    def score(self, gold, predictions):
        """Every metric of the module docstring, in :attr:`report_order`."""
        views, labels = exact_views(gold, predictions)
        metrics = {**views,
                   **semeval_schemes(gold, predictions),
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
            ordered = sorted(range(len(items)), key=lambda i: (items[i]["start"], items[i]["end"]))
            for before, after in zip(ordered, ordered[1:]):
                if items[after]["start"] < items[before]["end"]:
                    yield (f"entities[{after}]",
                           f"overlaps entities[{before}] ({items[before]['text']!r})")


TASK = Entities()
