"""Authoring events gold from ``annotation/events.yaml`` (see
:mod:`afp_strikes_bench.authoring`)."""
from __future__ import annotations

from collections.abc import Callable

from afp_strikes_bench.authoring.snippets import split_entry
from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.tasks.events import REALIS, ROLES


def from_snippets(entries: list, document: Document, resolve: Callable[..., dict]) -> list[dict]:
    """Events ``{trigger, type, realis, cluster, arguments: ["snippet | ROLE", ...]}``.

    Arguments are looked up in the trigger's paragraph first.

    >>> from afp_strikes_bench.authoring import resolve
    >>> from afp_strikes_bench.documents import Document
    >>> doc = Document("d", "Iran said strikes killed nine people.", "2024-01-19", "", "en")
    >>> event = from_snippets([{"trigger": "killed", "type": "Life.Die",
    ...     "realis": "actual", "cluster": "deaths", "arguments": ["nine people | Victim"]}],
    ...     doc, resolve)[0]
    >>> event["trigger"], event["arguments"]
    ({'start': 18, 'end': 24, 'text': 'killed'}, [{'role': 'Victim', 'start': 25, 'end': 36,
    'text': 'nine people'}])
    """
    events = []
    for index, entry in enumerate(entries):
        where = f"events[{index}]"
        required = {"trigger", "type", "realis", "cluster"}
        if not isinstance(entry, dict) or not required <= set(entry) <= required | {"arguments"}:
            raise InputError("an event needs trigger, type, realis, cluster (and arguments)",
                             field=where)
        if entry["type"] not in ROLES or entry["realis"] not in REALIS:
            raise InputError(f"unknown type or realis in {entry}", field=where)
        trigger = resolve(document, entry["trigger"], field=where + ".trigger")
        scope = document.paragraph_span(document.paragraph_of(trigger["start"]))
        arguments = []
        for position, raw in enumerate(entry.get("arguments") or []):
            field = f"{where}.arguments[{position}]"
            snippet, role = split_entry(raw, 1, field)
            arguments.append({"role": role, **resolve(document, snippet, scope=scope, field=field)})
        arguments.sort(key=lambda a: (a["start"], a["end"], a["role"]))
        events.append({"trigger": trigger, "type": entry["type"], "realis": entry["realis"],
                       "arguments": arguments, "cluster": str(entry["cluster"])})
    events.sort(key=lambda e: (e["trigger"]["start"], e["trigger"]["end"], e["type"]))
    return [{"id": f"V{number}", **event} for number, event in enumerate(events, start=1)]
