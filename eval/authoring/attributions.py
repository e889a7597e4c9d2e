"""Authoring attributions gold from ``annotation/attributions.yaml`` (see
:mod:`afp_strikes_bench.authoring`)."""
from __future__ import annotations

from collections.abc import Callable

from afp_strikes_bench.authoring.snippets import number_items
from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.tasks.attributions import TYPES


def from_snippets(entries: list, document: Document, resolve: Callable[..., dict]) -> list[dict]:
    """Relations ``{key, cue, source (or null), content: [snippets], type, parent}``;
    ``parent`` names another relation's ``key``; source and content snippets are looked up
    in the cue's paragraph first.

    >>> from afp_strikes_bench.authoring import resolve
    >>> from afp_strikes_bench.documents import Document
    >>> doc = Document("d", "Iran said the strikes killed nine people.", "2024-01-19", "", "en")
    >>> relation = from_snippets([{"key": "a", "cue": "said", "source": "Iran",
    ...     "content": ["the strikes killed nine people"], "type": "indirect"}], doc, resolve)[0]
    >>> relation["cue"]["text"], relation["content"][0]["end"], relation["parent"]
    ('said', 40, None)
    """
    keyed = []
    for index, entry in enumerate(entries):
        where = f"attributions[{index}]"
        required = {"key", "cue", "content", "type"}
        if not isinstance(entry, dict) or not required <= set(entry) \
                or not set(entry) <= required | {"source", "parent"}:
            raise InputError("an attribution takes key, cue, content, type and optionally "
                             "source and parent", field=where)
        if entry["type"] not in TYPES:
            raise InputError(f"unknown type {entry['type']!r}", field=where)
        cue = resolve(document, entry["cue"], field=f"{where}.cue")
        scope = document.paragraph_span(document.paragraph_of(cue["start"]))
        source = entry.get("source")
        relation = {
            "source": None if source is None else resolve(document, source, scope=scope,
                                                          field=f"{where}.source"),
            "cue": cue,
            "content": sorted((resolve(document, snippet, scope=scope,
                                       field=f"{where}.content[{position}]")
                               for position, snippet in enumerate(entry["content"])),
                              key=lambda span: span["start"]),
            "type": entry["type"],
            "parent": entry.get("parent"),
        }
        keyed.append((str(entry["key"]), relation))
    return number_items(keyed, prefix="A", link="parent",
                        order=lambda relation: (relation["cue"]["start"], relation["cue"]["end"]))
