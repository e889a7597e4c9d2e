"""Coreference (SPEC 3.2): clusters of every mention of each participant.

Scored with MUC, B-cubed, CEAF-e, their mean (the CoNLL F1) and LEA, as the CoNLL-2012
reference scorer defines them (:mod:`afp_strikes_bench.metrics.coreference`), over mentions
identified by
their exact span. The gold's singletons are part of the key (the gold annotates every
participant, even one mentioned once), and a system's singletons are part of its response: a
system is rewarded for finding a participant mentioned once and penalised for inventing one.
`mentions` scores mention detection alone (exact spans, clusters ignored).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal

import msgspec
from afp_strikes_bench.metrics.coreference import b_cubed, ceaf_e, lea, muc, muc_partitions
from afp_strikes_bench.metrics.counts import Average
from afp_strikes_bench.records import new_record, side
from afp_strikes_bench.schemas import enum
from afp_strikes_bench.spans import Span
from afp_strikes_bench.tasks.base import Task, TaskInfo, match_multisets
from afp_strikes_bench.wire import Id, Integer
from afp_strikes_bench.wire import Span as WireSpan

KINDS = enum("coreference", "/$defs/gold_item/properties/mentions/items/properties/kind")
TYPES = enum("coreference", "/$defs/type")


@dataclass(frozen=True, slots=True)
class ClusterMention:
    """A gold mention of a participant, with its kind (name, nominal, pronoun)."""

    start: int
    end: int
    text: str
    kind: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Cluster:
    """A gold participant: every mention of it, under its canonical name and type."""

    id: str
    name: str
    type: str
    mentions: tuple[ClusterMention, ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type,
                "mentions": [mention.to_json() for mention in self.mentions]}


class WireClusterMention(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """A gold cluster's mention as msgspec reads it (:mod:`afp_strikes_bench.wire`)."""

    start: Integer
    end: Integer
    text: str
    kind: Literal[KINDS]  # type: ignore[valid-type]


class WireCluster(msgspec.Struct, forbid_unknown_fields=True):
    """``$defs/gold_item`` as msgspec reads it."""

    id: Id
    name: Annotated[str, msgspec.Meta(min_length=1)]
    type: Literal[TYPES]  # type: ignore[valid-type]
    mentions: Annotated[list[WireClusterMention], msgspec.Meta(min_length=1)]


#: a system's cluster is only its mentions: it has no id, name or type to predict
PredictedCluster = tuple[Span, ...]


class Coreference(Task):
    wire_items = (WireCluster, Annotated[list[WireSpan], msgspec.Meta(min_length=1)])
    info = TaskInfo(
        name="coreference",
        description="clusters of every mention of each participant",
        headline="conll_f1",
        report_order=("conll_f1", "muc", "b3", "ceafe", "lea", "mentions"),
        version="1",
        citation="Pradhan et al. 2014, Scoring Coreference Partitions of Predicted Mentions: A "
                 "Reference Implementation (CoNLL-2012 scorer v8.01); Moosavi and Strube 2016 "
                 "(LEA)")

    def score(self, gold, predictions):
        key, response = _key_and_response(gold, predictions)

        def unit_of(mention):
            return gold.unit(mention[0], mention[1])

        metrics = {name: metric(key, response, unit_of)
                   for name, metric in (("muc", muc), ("b3", b_cubed), ("ceafe", ceaf_e),
                                        ("lea", lea))}
        metrics["conll_f1"] = Average({name: metrics[name] for name in ("muc", "b3", "ceafe")})
        metrics["mentions"] = match_multisets(
            [(m, unit_of(m)) for cluster in key for m in cluster],
            [(m, unit_of(m)) for cluster in response for m in cluster])
        return metrics

    def explain(self, gold, predictions):
        """Explains ``conll_f1`` by MUC's links, not by counts (it is a mean of ratios): each
        gold cluster the response splits (``split``, with the predicted clusters its mentions
        went to), each predicted cluster that merges gold clusters (``merged``, with the gold
        clusters it holds), and each gold mention the response lacks (``missed``) or predicted
        mention the gold lacks (``invented``). A cluster cut into n parts misses n - 1 links:
        summed, the split links are MUC's recall denominator minus its numerator, the merged
        links its precision denominator minus its numerator."""
        key, response = _key_and_response(gold, predictions)
        keys, responses = muc_partitions(key, response)
        gold_cluster = {(doc_id, m.start, m.end): cluster
                        for doc_id, clusters in gold.tasks[self.name].items()
                        for cluster in clusters for m in cluster.mentions}
        predicted_index = {}
        for doc_id, clusters in predictions.items():
            for index, cluster in enumerate(clusters):
                for span in cluster:
                    predicted_index.setdefault((doc_id, span.start, span.end), index)

        def spans(mentions) -> list[tuple[str, Span]]:
            return [("mention", Span(start, end)) for _, start, end in mentions]

        def at(mention) -> tuple[int, int]:
            return mention[1], mention[2]

        found = []
        for cut in keys:
            cluster = gold_cluster[cut.cluster[0]]
            if len(cut.parts) > 1:
                found.append({**new_record(
                    cut.cluster[0][0], "split", at(cut.cluster[0]), cluster.name,
                    gold=side(cluster.id, cluster.name, spans(cut.cluster))),
                    "parts": [_part(None if other is None else predicted_index[part[0]], part)
                              for other, part in zip(cut.others, cut.parts)]})
            found += [new_record(mention[0], "missed", at(mention), cluster.name,
                                 gold=side(cluster.id, cluster.name, spans([mention])))
                      for other, (mention, *_) in zip(cut.others, cut.parts) if other is None]
        for cut in responses:
            index = predicted_index[cut.cluster[0]]
            if len(cut.parts) > 1:
                names = [INVENTED if other is None else gold_cluster[part[0]].name
                         for other, part in zip(cut.others, cut.parts)]
                found.append({**new_record(
                    cut.cluster[0][0], "merged", at(cut.cluster[0]), " + ".join(names),
                    prediction=side(index, None, spans(cut.cluster))),
                    "parts": [_part(None if other is None else gold_cluster[part[0]].id, part)
                              for other, part in zip(cut.others, cut.parts)]})
            found += [new_record(mention[0], "invented", at(mention), None,
                                 prediction=side(index, None, spans([mention])))
                      for other, (mention, *_) in zip(cut.others, cut.parts) if other is None]
        return {"conll_f1": sorted(found, key=lambda r: (r["doc_id"], r["span"], r["status"]))}

    def check(self, items, document, *, gold):
        yield from super().check(items, document, gold=gold)
        # A mention belongs to one participant; in predictions as in gold.
        seen: dict[tuple[int, int], str] = {}
        for index, cluster in enumerate(items):
            mentions = cluster["mentions"] if gold else cluster
            for position, mention in enumerate(mentions):
                key = (mention["start"], mention["end"])
                where = f"coreference[{index}]" + (".mentions" if gold else "") + f"[{position}]"
                if key in seen:
                    yield where, f"span {key} is already a mention at {seen[key]}"
                else:
                    seen[key] = where

    def parse(self, raw: Any, *, gold: bool) -> Cluster | PredictedCluster:
        if not gold:
            return tuple(Span.parse(span) for span in raw)
        mentions = tuple(ClusterMention(m["start"], m["end"], m["text"], m["kind"])
                         for m in raw["mentions"])
        return Cluster(raw["id"], raw["name"], raw["type"], mentions)

    def to_json(self, item: Cluster | PredictedCluster) -> Any:
        if isinstance(item, Cluster):
            return item.to_json()
        return [span.to_json() for span in item]

    def as_prediction(self, item: Cluster) -> PredictedCluster:
        return tuple(Span(m.start, m.end, m.text) for m in item.mentions)

    def within(self, item: Cluster, inside) -> Cluster | None:
        """A cluster keeps its mentions inside (and is dropped if none is)."""
        mentions = tuple(mention for mention in item.mentions if inside(mention.start))
        return replace(item, mentions=mentions) if mentions else None

    def main_spans(self, item):
        """Each mention: labelled by the cluster's canonical name in the gold, unlabelled in a
        predicted cluster.

        >>> iran = ClusterMention(0, 4, "Iran", "NAM")
        >>> Coreference().main_spans(Cluster("C1", "Iran", "GPE", (iran,)))
        [(0, 4, 'Iran')]
        >>> Coreference().main_spans((Span(0, 4), Span(7, 9)))
        [(0, 4, None), (7, 9, None)]
        """
        if isinstance(item, Cluster):
            return [(span.start, span.end, item.name) for span in item.mentions]
        return [(span.start, span.end, None) for span in item]


#: the label of a part of a predicted cluster that is in no gold cluster
INVENTED = "(invented)"


def _key_and_response(gold, predictions) -> tuple[list[list], list[list]]:
    """Gold and predicted clusters of every document, a mention as ``(doc_id, start, end)``."""
    key, response = [], []
    for doc_id, clusters in gold.tasks["coreference"].items():
        key += [[(doc_id, m.start, m.end) for m in c.mentions] for c in clusters]
        response += [[(doc_id, m.start, m.end) for m in cluster]
                     for cluster in predictions.get(doc_id, [])]
    return key, response


def _part(ref: str | int | None, mentions: tuple) -> dict:
    """A piece of a split or merged cluster: the other side's cluster (a gold id or a
    prediction's index; None for mentions the other side lacks) and the mentions."""
    return {"ref": ref, "spans": [[start, end] for _, start, end in mentions]}


TASK = Coreference()
