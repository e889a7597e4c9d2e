"""Coreference (SPEC 3.2): clusters of every mention of each participant.

Scored with MUC, B-cubed, CEAF-e, their mean (the CoNLL F1) and LEA, as the CoNLL-2012
reference scorer defines them (:mod:`eval.metrics.coreference`), over mentions identified by
their exact span. The gold's singletons are part of the key (the gold annotates every
participant, even one mentioned once), and a system's singletons are part of its response: a
system is rewarded for finding a participant mentioned once and penalised for inventing one.
`mentions` scores mention detection alone (exact spans, clusters ignored).
"""
from __future__ import annotations

from eval.errors import InputError
from eval.schemas import enum
from eval.metrics.coreference import b_cubed, ceaf_e, lea, muc
from eval.metrics.counts import Average
from eval.tasks.base import Task, match_multisets
from eval.tasks.snippets import split_entry

KINDS = enum("coreference", "/$defs/gold_item/properties/mentions/items/properties/kind")
TYPES = enum("coreference", "/$defs/type")


class Coreference(Task):
    name = "coreference"
    headline = "conll_f1"
    report_order = ("conll_f1", "muc", "b3", "ceafe", "lea", "mentions")

    def score(self, gold, predictions):
        key, response = [], []
        for doc_id, clusters in gold.tasks[self.name].items():
            key += [[(doc_id, m["start"], m["end"]) for m in c["mentions"]] for c in clusters]
            response += [[(doc_id, m["start"], m["end"]) for m in cluster]
                         for cluster in predictions.get(doc_id, [])]

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

    def as_prediction(self, item):
        return [{"start": m["start"], "end": m["end"], "text": m["text"]} for m in item["mentions"]]

    def main_spans(self, item):
        """Each mention: labelled by the cluster's canonical name in the gold, unlabelled in a
        predicted cluster.

        >>> Coreference().main_spans({"id": "C1", "name": "Iran", "mentions": [{"start": 0, "end": 4}]})
        [(0, 4, 'Iran')]
        >>> Coreference().main_spans([{"start": 0, "end": 4}, {"start": 7, "end": 9}])
        [(0, 4, None), (7, 9, None)]
        """
        if isinstance(item, list):
            return [(span["start"], span["end"], None) for span in item]
        return [(span["start"], span["end"], item["name"]) for span in item["mentions"]]

    def from_snippets(self, entries, document, resolve):
        """Clusters ``{id, name, type, mentions: ["snippet | KIND", ...]}``.

        >>> from eval.authoring import resolve
        >>> from eval.documents import Document
        >>> doc = Document("d", "Kakar flew home. He met them.", "2024-01-19", "", "en")
        >>> Coreference().from_snippets([{"id": "kakar", "name": "Kakar", "type": "PERSON",
        ...     "mentions": ["Kakar | NAM", "{He} met | PRO"]}], doc, resolve)[0]["mentions"][1]
        {'start': 17, 'end': 19, 'text': 'He', 'kind': 'PRO'}
        """
        clusters = []
        for index, entry in enumerate(entries):
            where = f"coreference[{index}]"
            if not isinstance(entry, dict) or set(entry) != {"id", "name", "type", "mentions"}:
                raise InputError("a cluster needs exactly id, name, type and mentions", field=where)
            if entry["type"] not in TYPES:
                raise InputError(f"unknown type {entry['type']!r}", field=where)
            mentions = []
            for position, mention in enumerate(entry["mentions"]):
                field = f"{where}.mentions[{position}]"
                snippet, kind = split_entry(mention, 1, field)
                if kind not in KINDS:
                    raise InputError(f"unknown kind {kind!r} in {mention!r}", field=field)
                mentions.append({**resolve(document, snippet, field=field), "kind": kind})
            mentions.sort(key=lambda m: (m["start"], m["end"]))
            clusters.append({"id": str(entry["id"]), "name": entry["name"], "type": entry["type"],
                             "mentions": mentions})
        clusters.sort(key=lambda c: (c["mentions"][0]["start"], c["mentions"][0]["end"]))
        return clusters


TASK = Coreference()
