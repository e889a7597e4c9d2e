"""Coreference (SPEC 3.2): clusters of every mention of each participant."""
from __future__ import annotations

from eval.errors import InputError
from eval.tasks.base import Task
from eval.tasks.snippets import split_entry

KINDS = ("NAM", "NOM", "PRO")
TYPES = ("PERSON", "NORP", "ORG", "GPE", "LOC", "FAC")


class Coreference(Task):
    name = "coreference"
    headline = "conll_f1"

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
