"""Authoring coreference gold from ``annotation/coreference.yaml`` (see
:mod:`afp_strikes_bench.authoring`)."""
from __future__ import annotations

from collections.abc import Callable

from afp_strikes_bench.authoring.snippets import split_entry
from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.tasks.coreference import KINDS, TYPES


def from_snippets(entries: list, document: Document, resolve: Callable[..., dict]) -> list[dict]:
    """Clusters ``{id, name, type, mentions: ["snippet | KIND", ...]}``.

    >>> from afp_strikes_bench.authoring import resolve
    >>> from afp_strikes_bench.documents import Document
    >>> doc = Document("d", "Kakar flew home. He met them.", "2024-01-19", "", "en")
    >>> from_snippets([{"id": "kakar", "name": "Kakar", "type": "PERSON",
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
