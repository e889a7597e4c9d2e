"""Casualty figures (SPEC 3.4): counts or bounds, outcome, victims, and who claims them."""
from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import msgspec
from afp_strikes_bench.metrics.assignment import (
    pair_one_to_one,
    same_referent,
    spans_overlap,
    tally_matches,
)
from afp_strikes_bench.metrics.counts import AccuracyTally, MatchTally, Unit
from afp_strikes_bench.records import (
    Described,
    match_records,
    new_record,
    pairing_outcomes,
    side,
)
from afp_strikes_bench.schemas import contents, enum
from afp_strikes_bench.spans import Span
from afp_strikes_bench.tasks.base import Task, TaskInfo, check_links, coreference_clusters
from afp_strikes_bench.wire import Count, GoldSpan, Id
from afp_strikes_bench.wire import Span as WireSpan

FIELDS = ("count", "low", "high", "outcome", "victim", "time", "country", "perpetrator",
          "claimed_by", "part_of")
SPAN_FIELDS = ("perpetrator", "claimed_by")
#: the fields a predicted record must share with a gold record to count, per scheme (SPEC 3.4)
SCHEMES: dict[str, tuple[str, ...]] = {
    "strict": ("count", "low", "high", "outcome", "victim"),
    "lenient": ("count", "low", "high", "outcome"),
}
#: the fields scored by accuracy over the records paired under the lenient scheme
ACCURACY_FIELDS = ("time", "country", "perpetrator", "claimed_by", "part_of")


OUTCOMES = enum("casualties", "/$defs/fields/outcome")
VICTIMS = enum("casualties", "/$defs/fields/victim")
#: ``$defs/fields/country``: a two-letter code, or null
Country = Annotated[str, msgspec.Meta(
    pattern=contents("casualties")["$defs"]["fields"]["country"]["pattern"])]
_UNSET = msgspec.UNSET


class WireGoldCasualty(msgspec.Struct, forbid_unknown_fields=True):
    """``$defs/gold_item`` as msgspec reads it (:mod:`afp_strikes_bench.wire`); a date must
    exist (``common#/$defs/iso_date``)."""

    id: Id
    span: GoldSpan
    count: Count | None
    low: Count | None
    high: Count | None
    outcome: Literal[OUTCOMES]  # type: ignore[valid-type]
    victim: Literal[VICTIMS]  # type: ignore[valid-type]
    time: datetime.date | None
    country: Country | None
    perpetrator: GoldSpan | None
    claimed_by: GoldSpan | None
    part_of: Count | None


class WirePredictedCasualty(msgspec.Struct, forbid_unknown_fields=True):
    """``$defs/prediction_item`` as msgspec reads it."""

    span: WireSpan
    outcome: Literal[OUTCOMES]  # type: ignore[valid-type]
    victim: Literal[VICTIMS]  # type: ignore[valid-type]
    count: Count | None | msgspec.UnsetType = _UNSET
    low: Count | None | msgspec.UnsetType = _UNSET
    high: Count | None | msgspec.UnsetType = _UNSET
    time: datetime.date | None | msgspec.UnsetType = _UNSET
    country: Country | None | msgspec.UnsetType = _UNSET
    perpetrator: WireSpan | None | msgspec.UnsetType = _UNSET
    claimed_by: WireSpan | None | msgspec.UnsetType = _UNSET
    part_of: Count | None | msgspec.UnsetType = _UNSET


@dataclass(frozen=True, slots=True)
class Casualty:
    """A casualty figure. Every field but ``span``, ``outcome`` and ``victim`` may be null, and
    in a prediction a missing field is null; ``part_of`` is the index of the enclosing record
    in the same document; ``id`` is the gold's."""

    span: Span
    outcome: str
    victim: str
    count: int | None = None
    low: int | None = None
    high: int | None = None
    time: str | None = None
    country: str | None = None
    perpetrator: Span | None = None
    claimed_by: Span | None = None
    part_of: int | None = None
    id: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Every field, nulls included (the gold's shape): pairing ranks records by it."""
        found: dict[str, Any] = {} if self.id is None else {"id": self.id}
        return found | {
            "span": self.span.to_json(), "count": self.count, "low": self.low,
            "high": self.high, "outcome": self.outcome, "victim": self.victim,
            "time": self.time, "country": self.country,
            "perpetrator": None if self.perpetrator is None else self.perpetrator.to_json(),
            "claimed_by": None if self.claimed_by is None else self.claimed_by.to_json(),
            "part_of": self.part_of}


class Casualties(Task):
    wire_items = (WireGoldCasualty, WirePredictedCasualty)
    info = TaskInfo(
        name="casualties",
        description="casualty figures: count or bounds, outcome, victims, time, place, "
                    "perpetrator, claimant",
        headline="strict",
        report_order=("strict", "lenient", "field_accuracy"),
        version="1",
        citation="defined by this benchmark (SPEC 3.4): records paired one-to-one by optimal "
                 "assignment of overlapping figure spans",
        depends_on=("coreference",))

    def check(self, items, document, *, gold):
        yield from super().check(items, document, gold=gold)
        yield from check_links(self.name, items, "part_of")
        for index, record in enumerate(items):
            if record.get("count") is not None and (record.get("low") is not None
                                                    or record.get("high") is not None):
                yield f"casualties[{index}]", "give either count or low/high bounds, not both"
            low, high = record.get("low"), record.get("high")
            if low is not None and high is not None and low > high:
                yield f"casualties[{index}].low", f"low {low} is above high {high}"

    def parse(self, raw: dict[str, Any], *, gold: bool) -> Casualty:
        return Casualty(Span.parse(raw["span"]), raw["outcome"], raw["victim"],
                        raw.get("count"), raw.get("low"), raw.get("high"), raw.get("time"),
                        raw.get("country"), Span.parse_optional(raw.get("perpetrator")),
                        Span.parse_optional(raw.get("claimed_by")), raw.get("part_of"),
                        raw.get("id"))

    def check_against(self, gold):
        """Every gold perpetrator and claimant is a coreference mention."""
        for doc_id, records in gold.tasks.get("casualties", {}).items():
            mentions = coreference_clusters(gold, doc_id)
            for index, record in enumerate(records):
                for field in SPAN_FIELDS:
                    span = getattr(record, field)
                    if span is not None and (span.start, span.end) not in mentions:
                        yield (doc_id, f"casualties[{index}].{field}",
                               f"{span.text!r} is not a coreference mention")

    def score(self, gold, predictions):
        """Record P/R/F1 per scheme and the accuracy of the other fields over matched records.

        How records pair. A gold and a predicted record are candidates under a scheme when their
        figure spans overlap (the same statement in the text: the same figure stated twice, by
        two claimants, is two records) and they agree on the scheme's fields (``count``, ``low``
        and ``high`` all equal, so a range never matches an exact count). Candidates are paired
        one to one by optimal assignment
        (:func:`afp_strikes_bench.metrics.assignment.pair_one_to_one`):
        the most pairs, then the most agreeing other fields, then the most shared characters.
        Each pair is a true positive; unpaired gold records are false negatives and unpaired
        predictions false positives, each at the unit of its own figure.

        ``field_accuracy`` scores the records paired under ``lenient`` (the same figure and
        outcome): ``time`` and ``country`` must be equal; ``perpetrator`` and ``claimed_by``
        must be null when the gold is null and otherwise be any mention of the gold span's
        coreference cluster (the span itself when the gold has no coreference); ``part_of``
        must be null when the gold is null and otherwise point to the record paired with the
        gold's enclosing record.

        >>> from afp_strikes_bench.gold import GoldSet
        >>> from afp_strikes_bench.documents import Document
        >>> from afp_strikes_bench.tasks import get_task
        >>> text = "Iran said it lost nine people."
        >>> iran = {"start": 0, "end": 4, "text": "Iran", "kind": "NAM"}
        >>> it = {"start": 10, "end": 12, "text": "it", "kind": "PRO"}
        >>> nine = {"span": {"start": 18, "end": 29}, "outcome": "killed", "victim": "person",
        ...         "count": 9, "low": None, "high": None, "time": None, "country": "IR",
        ...         "perpetrator": None, "claimed_by": iran, "part_of": None}
        >>> cluster = {"id": "iran", "name": "Iran", "type": "GPE", "mentions": [iran, it]}
        >>> gold = GoldSet(None, {"d": Document("d", text, "2024-01-19", "", "en")},
        ...     {"casualties": {"d": [TASK.parse(nine, gold=True)]},
        ...      "coreference": {"d": [get_task("coreference").parse(cluster, gold=True)]}},
        ...     "", "")
        >>> predicted = {"span": {"start": 23, "end": 29}, "count": 9, "outcome": "killed",
        ...              "victim": "civilian", "claimed_by": {"start": 10, "end": 12}}
        >>> metrics = Casualties().score(gold, {"d": [TASK.parse(predicted, gold=False)]})
        >>> metrics["strict"].totals(), metrics["lenient"].totals()
        ((0.0, 1.0, 1.0), (1.0, 0.0, 0.0))
        >>> for field, tally in metrics["field_accuracy"].items():  # correct, total
        ...     print(field, tally.total().tolist())
        time [1.0, 1.0]
        country [0.0, 1.0]
        perpetrator [1.0, 1.0]
        claimed_by [1.0, 1.0]
        part_of [1.0, 1.0]
        """
        metrics = {scheme: MatchTally() for scheme in SCHEMES}
        field_accuracy = {field: AccuracyTally() for field in ACCURACY_FIELDS}
        for paired in _paired_documents(gold, predictions):
            for scheme in SCHEMES:
                metrics[scheme] += tally_matches(paired.pairs[scheme], paired.gold_units,
                                                 paired.predicted_units)
            for gold_index, predicted_index, field, right in paired.fields_judged():
                field_accuracy[field].add(paired.gold_units[gold_index], correct=right)
        return {**metrics, "field_accuracy": field_accuracy}

    def explain(self, gold, predictions):
        """The ``strict`` records, each figure with its fields (a missed and a spurious record
        that the lenient scheme pairs are shown together, with the fields that differ), and
        one ``field_accuracy`` record per field of each leniently paired record."""
        strict: list[dict] = []
        fields: list[dict] = []
        for paired in _paired_documents(gold, predictions):
            outcomes, others = pairing_outcomes(paired.pairs["strict"], paired.gold_units,
                                                paired.predicted_units,
                                                near=paired.pairs["lenient"])
            strict += match_records(outcomes, paired.described, paired.differences, others)
            fields += [new_record(paired.doc_id, "correct" if right else "wrong",
                                  paired.described(g, True).span, field,
                                  gold=paired.described(g, True).side,
                                  prediction=paired.described(p, False).side,
                                  differences=() if right else [field])
                       for g, p, field, right in paired.fields_judged()]
        return {"strict": strict, "field_accuracy": fields}

    def main_spans(self, item):
        """The figure, labelled ``outcome/victim``.

        >>> Casualties().main_spans(Casualty(Span(0, 4), "killed", "child"))
        [(0, 4, 'killed/child')]
        """
        return [(item.span.start, item.span.end, f"{item.outcome}/{item.victim}")]



@dataclass
class _PairedDocument:
    """One document's records, paired under each scheme as the scorer pairs them."""

    doc_id: str
    records: list[Casualty]
    predicted: list[Casualty]
    cluster_of: dict[tuple[int, int], str]
    gold_units: dict[int, Unit]
    predicted_units: dict[int, Unit]
    pairs: dict[str, list[tuple[int, int]]]

    def fields_judged(self) -> Iterator[tuple[int, int, str, bool]]:
        """``(gold index, predicted index, field, right)`` of every field ``field_accuracy``
        scores: each field of each pair of the lenient scheme."""
        lenient = self.pairs["lenient"]
        for gold_index, predicted_index in lenient:
            for field in ACCURACY_FIELDS:
                yield gold_index, predicted_index, field, _field_agrees(
                    field, self.records[gold_index], self.predicted[predicted_index],
                    self.cluster_of, lenient)

    def differences(self, g: int, p: int) -> list[str]:
        """The fields of the strict scheme that keep a lenient pair from counting."""
        return [field for field in SCHEMES["strict"]
                if not _field_agrees(field, self.records[g], self.predicted[p], self.cluster_of)]

    def described(self, index: int, is_gold: bool) -> Described:
        """A record: its figure, perpetrator and claimant spans and its other fields."""
        item = (self.records if is_gold else self.predicted)[index]
        values = {field: getattr(item, field) for field in FIELDS if field not in SPAN_FIELDS}
        return Described(self.doc_id, (item.span.start, item.span.end),
                         f"{item.outcome}/{item.victim}",
                         side(item.id if is_gold else index, f"{item.outcome}/{item.victim}",
                              [("figure", item.span), ("perpetrator", item.perpetrator),
                               ("claimed_by", item.claimed_by)], values))


def _paired_documents(gold, predictions) -> Iterator[_PairedDocument]:
    """Every gold document's records paired under each scheme (see :meth:`Casualties.score`)."""
    for doc_id, records in gold.tasks["casualties"].items():
        predicted = predictions.get(doc_id, [])
        cluster_of = coreference_clusters(gold, doc_id)
        pairs = {scheme: pair_one_to_one(records, predicted,
                                         lambda g, p: _preference(g, p, fields, cluster_of),
                                         link="part_of", describe=Casualty.to_json)
                 for scheme, fields in SCHEMES.items()}
        yield _PairedDocument(doc_id, records, predicted, cluster_of,
                              {index: gold.unit(doc_id, record.span.start)
                               for index, record in enumerate(records)},
                              {index: gold.unit(doc_id, record.span.start)
                               for index, record in enumerate(predicted)}, pairs)


def _preference(gold_record, predicted_record, fields, cluster_of):
    """None unless the figures overlap and agree on ``fields``; else (agreeing other fields,
    shared characters), the tie-breakers of the pairing."""
    shared = spans_overlap(gold_record.span, predicted_record.span)
    if not shared or not all(_field_agrees(field, gold_record, predicted_record, cluster_of)
                             for field in fields):
        return None
    others = sum(_field_agrees(field, gold_record, predicted_record, cluster_of)
                 for field in FIELDS if field not in fields and field != "part_of")
    return others, shared


def _field_agrees(field, gold_record, predicted_record, cluster_of, pairs=()) -> bool:
    """Whether the prediction has the gold's value of ``field``.

    ``part_of`` agrees when both are null or when the prediction's enclosing record is the one
    paired (in ``pairs``) with the gold's enclosing record.
    """
    gold_value, predicted_value = getattr(gold_record, field), getattr(predicted_record, field)
    if field in SPAN_FIELDS:
        return same_referent(gold_value, predicted_value, cluster_of)
    if field == "part_of" and gold_value is not None:
        return (gold_value, predicted_value) in set(pairs)
    return gold_value == predicted_value


TASK = Casualties()
