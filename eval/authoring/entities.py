"""Authoring entities gold from ``annotation/entities.yaml`` (see
:mod:`afp_strikes_bench.authoring`)."""
from __future__ import annotations

from collections.abc import Callable

from afp_strikes_bench.authoring.snippets import parse_value, split_entry
from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.tasks.entities import LABELS


def from_snippets(entries: list, document: Document, resolve: Callable[..., dict]) -> list[dict]:
    """Entries ``"snippet | LABEL | value"``, in document order.

    >>> from afp_strikes_bench.authoring import resolve
    >>> from afp_strikes_bench.documents import Document
    >>> doc = Document("d", "Iran said nine people died on Thursday.", "2024-01-19", "", "en")
    >>> from_snippets(["{nine} people | CARDINAL | 9", "Thursday | DATE | 2024-01-18"], doc,
    ...               resolve)[0]
    {'id': 'E1', 'start': 10, 'end': 14, 'text': 'nine', 'label': 'CARDINAL', 'value': 9}
    """
    items = []
    for index, entry in enumerate(entries):
        where = f"entities[{index}]"
        snippet, label, value = split_entry(entry, 2, where)
        if label not in LABELS:
            raise InputError(f"unknown label {label!r} in {entry!r}", field=where)
        item = {**resolve(document, snippet, field=where), "label": label}
        if value:
            item["value"] = parse_value(value)
        items.append(item)
    items.sort(key=lambda item: (item["start"], item["end"]))
    return [{"id": f"E{number}", **item} for number, item in enumerate(items, start=1)]
