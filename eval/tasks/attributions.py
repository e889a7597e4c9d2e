"""Attributions (SPEC 3.5, PARC 3.0 style): who said, wrote, believed or intended what."""
from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal

import msgspec
from afp_strikes_bench.metrics.assignment import (
    overlap_fractions,
    pair_one_to_one,
    same_referent,
    spans_overlap,
    tally_matches,
    word_tokens,
)
from afp_strikes_bench.metrics.counts import MatchTally, RatioTally, Unit
from afp_strikes_bench.records import Described, match_records, pairing_outcomes, side
from afp_strikes_bench.schemas import enum
from afp_strikes_bench.spans import Span
from afp_strikes_bench.tasks.base import Task, TaskInfo, check_links, coreference_clusters
from afp_strikes_bench.wire import Count, GoldSpan, Id
from afp_strikes_bench.wire import Span as WireSpan

TYPES = enum("attributions", "/$defs/type")
#: the parts of a relation scored on their own (SPEC 3.5)
COMPONENTS = ("source", "cue", "content")


class WireGoldAttribution(msgspec.Struct, forbid_unknown_fields=True):
    """``$defs/gold_item`` as msgspec reads it (:mod:`afp_strikes_bench.wire`)."""

    id: Id
    source: GoldSpan | None
    cue: GoldSpan
    content: Annotated[list[GoldSpan], msgspec.Meta(min_length=1)]
    type: Literal[TYPES]  # type: ignore[valid-type]
    parent: Count | None


class WirePredictedAttribution(msgspec.Struct, forbid_unknown_fields=True):
    """``$defs/prediction_item`` as msgspec reads it."""

    cue: WireSpan
    content: Annotated[list[WireSpan], msgspec.Meta(min_length=1)]
    source: WireSpan | None | msgspec.UnsetType = msgspec.UNSET
    type: Literal[TYPES] | msgspec.UnsetType = msgspec.UNSET  # type: ignore[valid-type]
    parent: Count | None | msgspec.UnsetType = msgspec.UNSET


@dataclass(frozen=True, slots=True)
class Attribution:
    """An attribution relation: who (``source``, null when unnamed) said (``cue``) what
    (``content``, its fragments). ``parent`` is the index of the enclosing relation in the
    same document; ``type`` and ``parent`` are optional in predictions; ``id`` is the gold's."""

    cue: Span
    content: tuple[Span, ...]
    source: Span | None = None
    type: str | None = None
    parent: int | None = None
    id: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The gold's shape (nullable fields as null): pairing ranks relations by it."""
        found: dict[str, Any] = {} if self.id is None else {"id": self.id}
        found |= {"source": None if self.source is None else self.source.to_json(),
                  "cue": self.cue.to_json(), "content": [span.to_json() for span in self.content],
                  "parent": self.parent}
        if self.type is not None:
            found["type"] = self.type
        return found


class Attributions(Task):
    wire_items = (WireGoldAttribution, WirePredictedAttribution)
    info = TaskInfo(
        name="attributions",
        description="who said what: source, cue, content (PARC 3.0 style), nested reports",
        headline="full",
        report_order=("full", "relations", "source", "cue", "content"),
        version="1",
        citation="Pareti 2016, PARC 3.0: A Corpus of Attribution Relations (LREC); components "
                 "scored exact and by token overlap as in Pareti 2015",
        depends_on=("coreference",))

    def check(self, items, document, *, gold):
        yield from super().check(items, document, gold=gold)
        yield from check_links(self.name, items, "parent")

    def parse(self, raw: dict[str, Any], *, gold: bool) -> Attribution:
        return Attribution(Span.parse(raw["cue"]), tuple(map(Span.parse, raw["content"])),
                           Span.parse_optional(raw.get("source")), raw.get("type"),
                           raw.get("parent"), raw.get("id"))

    def check_against(self, gold):
        """Every gold source is a coreference mention."""
        for doc_id, relations in gold.tasks.get("attributions", {}).items():
            mentions = coreference_clusters(gold, doc_id)
            for index, relation in enumerate(relations):
                source = relation.source
                if source is not None and (source.start, source.end) not in mentions:
                    yield (doc_id, f"attributions[{index}].source",
                           f"{source.text!r} is not a coreference mention")

    def score(self, gold, predictions):
        """Relation, component and full-relation scores.

        How relations pair. A gold and a predicted relation are candidates when their cues
        overlap; candidates are paired one to one by optimal assignment
        (:func:`afp_strikes_bench.metrics.assignment.pair_one_to_one`): the most pairs, then the
        most shared
        content tokens (SPEC 3.5), then the most pairs with exact content, exact cue and right
        source, then the most shared cue characters. ``relations`` counts each pair as a
        true positive, each unpaired gold relation as a false negative and each unpaired
        prediction as a false positive, at the unit of the relation's cue.

        Components (``source``, ``cue``, ``content``), each a group:

        - ``exact``: a component is a true positive when its relation is paired and the spans
          are identical (for ``content``, the same set of fragments). Every other component
          given by a gold relation is a false negative, and every other one given by a
          prediction a false positive. A null source, or an empty content, is no component: it
          is never a true positive and never an error;
        - ``soft``: proportional token overlap
        (:func:`afp_strikes_bench.metrics.assignment.overlap_fractions`):
          precision is the mean, over predicted components, of the share of their word tokens
          that the paired gold component holds (0 for an unpaired one); recall likewise over
          gold components. Word tokens are runs of letters and digits: punctuation, quotation
          marks included, is not scored;
        - ``coref`` (source only): as ``exact``, but a predicted source is right when it is
          any mention of the gold source's coreference cluster.

        ``full``: a pair is a true positive when its source is right as in ``coref`` (or both
        sources are null), its cue is exact and its content is exact; every other gold relation
        is a false negative and every other prediction a false positive. ``type`` and
        ``parent`` are not scored.

        >>> from afp_strikes_bench.gold import GoldSet
        >>> from afp_strikes_bench.documents import Document
        >>> from afp_strikes_bench.tasks import get_task
        >>> text = "Iran said nine people died. It added: “Four were children.”"
        >>> def span(part, **more):
        ...     return {"start": text.index(part), "end": text.index(part) + len(part), **more}
        >>> iran = {"id": "iran", "name": "Iran", "type": "GPE",
        ...         "mentions": [span("Iran", text="Iran", kind="NAM"),
        ...                      span("It", text="It", kind="PRO")]}
        >>> gold = GoldSet(None, {"d": Document("d", text, "2024-01-19", "", "en")},
        ...     {"attributions": {"d": TASK.parse_all([
        ...         {"source": span("Iran"), "cue": span("said"),
        ...          "content": [span("nine people died")]},
        ...         {"source": span("It"), "cue": span("added"),
        ...          "content": [span("“Four were children.”")]}], gold=True)},
        ...      "coreference": {"d": [get_task("coreference").parse(iran, gold=True)]}},
        ...     "", "")
        >>> predicted = TASK.parse_all([
        ...     {"source": span("It"), "cue": span("said"), "content": [span("nine people died")]},
        ...     {"source": None, "cue": span("added"), "content": [span("Four were children")]}],
        ...     gold=False)
        >>> metrics = Attributions().score(gold, {"d": predicted})
        >>> metrics["relations"].totals(), metrics["full"].totals()
        ((2.0, 0.0, 0.0), (1.0, 1.0, 1.0))
        >>> metrics["source"]["exact"].totals(), metrics["source"]["coref"].totals()
        ((0.0, 1.0, 2.0), (1.0, 0.0, 1.0))
        >>> metrics["content"]["exact"].totals(), metrics["content"]["soft"].ratios()
        ((1.0, 1.0, 1.0), (2.0, 2.0, 2.0, 2.0))
        """
        relations, full = MatchTally(), MatchTally()
        components = {component: {"exact": MatchTally(), "soft": RatioTally()}
                      for component in COMPONENTS}
        components["source"]["coref"] = MatchTally()
        for paired in _paired_documents(gold, predictions):
            relations += tally_matches(paired.pairs, paired.gold_units, paired.predicted_units)

            def given(units, spans, component):
                return {index: unit for index, unit in units.items() if spans[index][component]}

            for component, group in components.items():
                gold_given = given(paired.gold_units, paired.gold_spans, component)
                predicted_given = given(paired.predicted_units, paired.predicted_spans, component)
                both = [(g, p) for g, p in paired.pairs
                        if g in gold_given and p in predicted_given]
                group["exact"] += tally_matches(
                    [(g, p) for g, p in both if paired.exact(g, p, component)],
                    gold_given, predicted_given)
                group["soft"] += _soft(paired.text, both, paired.gold_spans,
                                       paired.predicted_spans, component, gold_given,
                                       predicted_given)
                if component == "source":
                    group["coref"] += tally_matches(
                        [pair for pair in both if paired.source_right(*pair)],
                        gold_given, predicted_given)
            full += tally_matches(paired.fully_right(), paired.gold_units,
                                  paired.predicted_units)
        return {"full": full, "relations": relations, **components}

    def explain(self, gold, predictions):
        """The ``full`` records: each relation with its source, cue and content fragments. A
        relation paired with another that is not fully right is shown with it, and with the
        components (source, cue, content) that differ."""
        found = []
        for paired in _paired_documents(gold, predictions):
            outcomes, others = pairing_outcomes(paired.fully_right(), paired.gold_units,
                                                paired.predicted_units, near=paired.pairs)
            found += match_records(outcomes, paired.described, paired.differences, others)
        return {"full": found}

    def main_spans(self, item):
        """The cue, labelled by the attribution type where one is given.

        >>> Attributions().main_spans(Attribution(Span(2, 6), ()))
        [(2, 6, None)]
        """
        return [(item.cue.start, item.cue.end, item.type)]



@dataclass
class _PairedDocument:
    """One document's relations, paired as the scorer pairs them, and what its scores ask of a
    pair."""

    doc_id: str
    text: str
    gold_relations: list[Attribution]
    predicted: list[Attribution]
    cluster_of: dict[tuple[int, int], str]
    gold_units: dict[int, Unit]
    predicted_units: dict[int, Unit]
    pairs: list[tuple[int, int]]

    def __post_init__(self) -> None:
        self.gold_spans = [_component_spans(relation) for relation in self.gold_relations]
        self.predicted_spans = [_component_spans(relation) for relation in self.predicted]

    def exact(self, g: int, p: int, component: str) -> bool:
        return self.gold_spans[g][component] == self.predicted_spans[p][component]

    def source_right(self, g: int, p: int) -> bool:
        return _source_right(self.gold_relations[g], self.predicted[p], self.cluster_of)

    def fully_right(self) -> list[tuple[int, int]]:
        """The pairs ``full`` counts: right source (as ``coref``), exact cue, exact content."""
        return [(g, p) for g, p in self.pairs if self.source_right(g, p)
                and self.exact(g, p, "cue") and self.exact(g, p, "content")]

    def described(self, index: int, is_gold: bool) -> Described:
        """A relation, shown at its cue, with its source, cue and content fragments."""
        relation = (self.gold_relations if is_gold else self.predicted)[index]
        return Described(self.doc_id, (relation.cue.start, relation.cue.end), relation.type,
                         side(relation.id if is_gold else index, relation.type,
                              [("source", relation.source), ("cue", relation.cue),
                               *(("content", span) for span in relation.content)]))

    def differences(self, g: int, p: int) -> list[str]:
        """The components that keep a pair from counting in ``full``."""
        return [component for component, right in (
            ("source", self.source_right(g, p)), ("cue", self.exact(g, p, "cue")),
            ("content", self.exact(g, p, "content"))) if not right]


def _paired_documents(gold, predictions) -> Iterator[_PairedDocument]:
    """Every gold document's relations paired (see :meth:`Attributions.score`)."""
    for doc_id, gold_relations in gold.tasks["attributions"].items():
        text = gold.documents[doc_id].text
        gold_relations = [_fragments_in_order(relation) for relation in gold_relations]
        predicted = [_fragments_in_order(relation) for relation in predictions.get(doc_id, [])]
        cluster_of = coreference_clusters(gold, doc_id)
        pairs = pair_one_to_one(gold_relations, predicted,
                                lambda g, p: _preference(g, p, text, cluster_of),
                                link="parent", describe=Attribution.to_json)
        yield _PairedDocument(
            doc_id, text, gold_relations, predicted, cluster_of,
            {index: gold.unit(doc_id, relation.cue.start)
             for index, relation in enumerate(gold_relations)},
            {index: gold.unit(doc_id, relation.cue.start)
             for index, relation in enumerate(predicted)}, pairs)


def _fragments_in_order(relation):
    """The relation with its content fragments in text order: content is a set of fragments."""
    return replace(relation, content=tuple(sorted(relation.content,
                                                  key=lambda span: (span.start, span.end))))


def _component_spans(relation) -> dict[str, frozenset[tuple[int, int]]]:
    """Each component as a set of ``(start, end)``: empty for a null source or no content."""
    source = relation.source
    return {"source": frozenset() if source is None else frozenset({(source.start, source.end)}),
            "cue": frozenset({(relation.cue.start, relation.cue.end)}),
            "content": frozenset((span.start, span.end) for span in relation.content)}


def _source_right(gold_relation, predicted_relation, cluster_of) -> bool:
    return same_referent(gold_relation.source, predicted_relation.source, cluster_of)


def _preference(gold_relation, predicted_relation, text, cluster_of):
    """None unless the cues overlap; else the tie-breakers of the pairing: shared content
    tokens, exact content, exact cue, right source, shared cue characters."""
    shared_cue = spans_overlap(gold_relation.cue, predicted_relation.cue)
    if not shared_cue:
        return None
    gold_spans = _component_spans(gold_relation)
    predicted_spans = _component_spans(predicted_relation)
    shared_content = word_tokens(text, gold_spans["content"]) \
        & word_tokens(text, predicted_spans["content"])
    return (len(shared_content), int(gold_spans["content"] == predicted_spans["content"]),
            int(gold_spans["cue"] == predicted_spans["cue"]),
            int(_source_right(gold_relation, predicted_relation, cluster_of)), shared_cue)


def _soft(text, both, gold_spans, predicted_spans, component, gold_given, predicted_given):
    """Proportional token overlap of one component: each given component adds 1 to its side's
    denominator, and its share of overlap with its pair's component to the numerator.

    Each unit's shares are added with ``math.fsum``, whose correctly rounded sum does not depend
    on the order of the relations.
    """
    precision_shares = {unit: [] for unit in predicted_given.values()}
    recall_shares = {unit: [] for unit in gold_given.values()}
    for g, p in both:
        precision, recall = overlap_fractions(word_tokens(text, gold_spans[g][component]),
                                              word_tokens(text, predicted_spans[p][component]))
        precision_shares[predicted_given[p]].append(precision)
        recall_shares[gold_given[g]].append(recall)
    tally = RatioTally()
    for unit in predicted_given.values():
        tally.add(unit, p_den=1)
    for unit in gold_given.values():
        tally.add(unit, r_den=1)
    for unit, shares in precision_shares.items():
        tally.add(unit, p_num=math.fsum(shares))
    for unit, shares in recall_shares.items():
        tally.add(unit, r_num=math.fsum(shares))
    return tally


TASK = Attributions()
