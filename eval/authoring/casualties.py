"""Authoring casualties gold from ``annotation/casualties.yaml`` (see
:mod:`afp_strikes_bench.authoring`)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from afp_strikes_bench.authoring.snippets import number_items
from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.tasks.casualties import FIELDS, SPAN_FIELDS


def from_snippets(entries: list, document: Document, resolve: Callable[..., dict]) -> list[dict]:
    """Records ``{key, span, outcome, victim, count | low/high, time, country,
    perpetrator, claimed_by, part_of}``; ``part_of`` names another record's ``key``; span
    fields are snippets looked up in the figure's paragraph first; absent fields are null.

    >>> from afp_strikes_bench.authoring import resolve
    >>> from afp_strikes_bench.documents import Document
    >>> doc = Document("d", "Iran said the strikes killed nine people, including four children.",
    ...                "2024-01-19", "", "en")
    >>> records = from_snippets([
    ...     {"key": "all", "span": "nine people", "count": 9, "outcome": "killed",
    ...      "victim": "person", "claimed_by": "Iran"},
    ...     {"key": "kids", "span": "four children", "count": 4, "outcome": "killed",
    ...      "victim": "child", "part_of": "all"}],
    ...     doc, resolve)
    >>> records[1]["part_of"], records[0]["claimed_by"]["text"]
    (0, 'Iran')
    """
    keyed = []
    for index, entry in enumerate(entries):
        where = f"casualties[{index}]"
        allowed = {"key", "span", *FIELDS}
        if not isinstance(entry, dict) or not {"key", "span", "outcome", "victim"} <= set(entry) \
                or not set(entry) <= allowed:
            raise InputError(f"a record takes key, span, outcome, victim and optionally "
                             f"{', '.join(FIELDS[:3] + FIELDS[5:])}", field=where)
        span = resolve(document, entry["span"], field=f"{where}.span")
        scope = document.paragraph_span(document.paragraph_of(span["start"]))
        record: dict[str, Any] = {"span": span}
        for field in FIELDS:
            value = entry.get(field)
            if field in SPAN_FIELDS and value is not None:
                value = resolve(document, value, scope=scope, field=f"{where}.{field}")
            elif field == "time" and value is not None:
                value = str(value)  # YAML reads 2024-01-18 as a date
            record[field] = value
        keyed.append((str(entry["key"]), record))
    return number_items(keyed, prefix="C", link="part_of",
                        order=lambda record: (record["span"]["start"], record["span"]["end"]))
