"""Parsing the one-line annotation entries shared by the tasks' authoring modules.

An entry is ``"snippet | FIELD | FIELD ..."``: the snippet marks a span (see
:mod:`afp_strikes_bench.authoring`), the fields follow it in the order the task defines.
"""
from __future__ import annotations

import re

from afp_strikes_bench.errors import InputError

_INTEGER = re.compile(r"^-?\d+$")
_NUMBER = re.compile(r"^-?\d+\.\d+$")


def split_entry(entry: str, fields: int, where: str) -> list[str]:
    """The snippet and ``fields`` fields of ``entry`` (missing trailing fields are '').

    >>> split_entry("the {Red Sea} since | LOC", 2, "x")
    ['the {Red Sea} since', 'LOC', '']
    """
    if not isinstance(entry, str):
        raise InputError(f"expected 'snippet | ...', found {entry!r}", field=where)
    parts = [part.strip() for part in entry.split(" | ")]
    if len(parts) > fields + 1:
        raise InputError(f"too many fields in {entry!r}", field=where)
    return parts + [""] * (fields + 1 - len(parts))


def parse_value(raw: str) -> str | int | float | None:
    """'9' -> 9, '2.5' -> 2.5, '2024-01-18' stays a string, '' -> None.

    >>> [parse_value(v) for v in ("9", "2.5", "2024-W03", "")]
    [9, 2.5, '2024-W03', None]
    """
    if raw == "":
        return None
    if _INTEGER.match(raw):
        return int(raw)
    if _NUMBER.match(raw):
        return float(raw)
    return raw


def number_items(keyed: list[tuple[str, dict]], *, prefix: str, link: str,
                 order) -> list[dict]:
    """Sort ``(key, item)`` pairs by ``order``, give ids ``prefix1, prefix2, ...``, and turn the
    ``link`` field (another item's annotation key) into that item's index in the sorted list.

    >>> number_items([("b", {"at": 5, "up": None}), ("a", {"at": 1, "up": "b"})],
    ...              prefix="X", link="up", order=lambda item: item["at"])
    [{'id': 'X1', 'at': 1, 'up': 1}, {'id': 'X2', 'at': 5, 'up': None}]
    """
    keyed = sorted(keyed, key=lambda pair: order(pair[1]))
    index_of = {key: index for index, (key, _) in enumerate(keyed)}
    items = []
    for number, (key, item) in enumerate(keyed, start=1):
        target = item[link]
        if target is not None:
            if target not in index_of:
                raise InputError(f"{link} {target!r} names no annotated item", field=key)
            item = {**item, link: index_of[target]}
        items.append({"id": f"{prefix}{number}", **item})
    return items
