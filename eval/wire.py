"""The fast path of loading: lines decoded straight into typed items, strictly, by msgspec.

A task that declares :attr:`~afp_strikes_bench.tasks.base.Task.wire_items` (msgspec Structs
that mirror its schema's gold and predicted items: unknown keys refused, an integer field
refusing ``1.0`` and ``true``, enums, patterns, dates that exist, optional fields ``UNSET`` when
absent) has its gold lines and predictions lines decoded here in one pass of compiled code; the
task's :meth:`~afp_strikes_bench.tasks.base.Task.from_wire` then makes the checks of
:meth:`~afp_strikes_bench.tasks.base.Task.check` (offsets inside the text, a gold text equal to
it, ids unique, references that resolve) and returns the typed items.

The fast path only ever *accepts*. A line it does not accept in full, for any reason (a
mistake, a text-anchored span, a task without a wire type, a header line), is read again by the
JSON Schema path (:mod:`afp_strikes_bench.gold`, :mod:`afp_strikes_bench.predictions`), which
accepts it or names what is wrong with it; so a line is judged by one set of rules whichever
path reads it, and an error reads the same. ``tests/test_wire.py`` holds the two paths equal on
generated valid and invalid lines.

One thing msgspec takes that the harness refuses is a key given twice in one object (it keeps
the last). Every key of an accepted line is a field of its Struct, so the line's colons outside
strings are exactly its keys: re-encoding the decoded line gives every key once, and the same
colons inside strings (msgspec never escapes a colon); a line with as many colons as its
re-encoding has no key twice. A ``\\u003a`` escape (a colon that is not one in the bytes) sends
the line to the other path.
"""
from __future__ import annotations

import datetime
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

import msgspec
from afp_strikes_bench.documents import Document
from afp_strikes_bench.schemas import contents
from afp_strikes_bench.tasks import get_task, task_names

if TYPE_CHECKING:
    from afp_strikes_bench.gold import GoldSet

#: an id or a document id: a string of one character or more (``common#/$defs/id``)
Id = Annotated[str, msgspec.Meta(min_length=1)]
#: a JSON Schema ``integer`` as the strict reader takes it: an integer literal (never ``1.0`` or
#: ``true``); past 64 bits the line goes to the other path, which knows its digit limit
Integer = Annotated[int, msgspec.Meta(ge=-(2 ** 63), le=2 ** 63 - 1)]
#: a count or an index: ``{"type": "integer", "minimum": 0}``
Count = Annotated[int, msgspec.Meta(ge=0, le=2 ** 63 - 1)]


class Span(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """``common#/$defs/span``."""

    start: Integer
    end: Integer
    text: str | msgspec.UnsetType = msgspec.UNSET


class GoldSpan(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """``common#/$defs/gold_span``."""

    start: Integer
    end: Integer
    text: str


#: the canary GUID a line may carry (its schema's ``const``)
CANARY = contents("documents")["properties"]["canary"]["const"]
_ENCODER = msgspec.json.Encoder()


class _DocumentLine(msgspec.Struct, forbid_unknown_fields=True):
    id: Id
    text: Annotated[str, msgspec.Meta(min_length=1)]
    date: datetime.date  # common#/$defs/iso_date: a date that exists, YYYY-MM-DD
    source: str
    language: str
    canary: Literal[CANARY] | msgspec.UnsetType = msgspec.UNSET  # type: ignore[valid-type]


@cache
def _decoder(kind: str, task: str | None = None) -> msgspec.json.Decoder:
    """The decoder of one kind of line: ``documents``, a task's ``gold`` line, ``predictions``
    (a document id and every task that has a wire type)."""
    unset = msgspec.UNSET
    canary: Any = ("canary", Literal[CANARY] | msgspec.UnsetType, unset)
    if kind == "documents":
        return msgspec.json.Decoder(_DocumentLine)
    if kind == "gold":
        assert task is not None
        wire_items: Any = get_task(task).wire_items
        line = msgspec.defstruct(f"{task}_gold_line", [
            ("doc_id", Id), ("text", str), (task, list[wire_items[0]]), canary],
            forbid_unknown_fields=True)
        return msgspec.json.Decoder(line)
    fields: list[Any] = [("doc_id", Id)]
    for name in task_names():
        wire_items = get_task(name).wire_items
        if wire_items is not None:
            item: Any = wire_items[1]
            fields.append((name, list[item] | msgspec.UnsetType, unset))
    return msgspec.json.Decoder(msgspec.defstruct("predictions_line", fields,
                                                  forbid_unknown_fields=True))


def _decode(kind: str, encoded: bytes, task: str | None = None) -> Any | None:
    """The line decoded into its Struct, or None where the fast path does not accept it."""
    if b"\\u003a" in encoded or b"\\u003A" in encoded:
        return None
    try:
        line = _decoder(kind, task).decode(encoded)
    except (msgspec.MsgspecError, ValueError):  # msgspec 0.18 lets UnicodeDecodeError through
        return None
    if encoded.count(b":") != _ENCODER.encode(line).count(b":"):
        return None  # a key given twice (see the module docstring)
    return line


def read_document(encoded: bytes) -> Document | None:
    """A line of documents.jsonl, if the fast path accepts it."""
    line = _decode("documents", encoded)
    if line is None:
        return None
    return Document(line.id, line.text, line.date.isoformat(), line.source, line.language)


def read_gold_line(task: str, encoded: bytes,
                   documents: dict[str, Document]) -> tuple[str, list] | None:
    """``(doc_id, typed items)`` of a task's gold line, if the fast path accepts it."""
    if get_task(task).wire_items is None:
        return None
    line = _decode("gold", encoded, task)
    if line is None:
        return None
    document = documents.get(line.doc_id)
    if document is None or line.text != document.text:
        return None
    items = get_task(task).from_wire(getattr(line, task), document, gold=True, label_set=None)
    return None if items is None else (line.doc_id, items)


def read_prediction_line(encoded: bytes, gold: GoldSet, seen: dict,
                         label_set: str | None) -> tuple[str, dict[str, list]] | None:
    """``(doc_id, task -> typed items)`` of a predictions line, if the fast path accepts it: a
    document of the gold not ``seen`` before, every task it holds one with a wire type, every
    span given by offsets."""
    line = _decode("predictions", encoded)
    if line is None or line.doc_id in seen:
        return None
    document = gold.documents.get(line.doc_id)
    if document is None:
        return None
    tasks: dict[str, list] = {}
    for name in line.__struct_fields__[1:]:
        items = getattr(line, name)
        if items is msgspec.UNSET:
            continue
        typed = get_task(name).from_wire(items, document, gold=False, label_set=label_set)
        if typed is None:
            return None
        tasks[name] = typed
    return line.doc_id, tasks
