"""Text-anchored spans: what LLMs give, turned into offsets.

Anywhere a predictions file or a system's output has a span (an entity, a trigger, an argument,
a coreference mention, a casualty figure, an attribution's cue, source or content), it may give
the span's text instead of its offsets::

    {"text": "Iran"}                                   the next "Iran" in reading order
    {"text": "Iran", "occurrence": 2}                  the second "Iran" in the document
    {"text": "Iran", "context": "strikes on Iran's"}   the "Iran" inside that passage

The rule, per document and task, spans taken in the order they appear in the output:

1. the candidates are the occurrences of ``text`` in the document: exact first; where there are
   none, after normalising white space (any run is one space) and quotes (curly to straight);
2. ``context``, if given, keeps the candidates inside an occurrence of the context (found the
   same way);
3. ``occurrence`` n, if given, takes the n-th candidate (1-based); otherwise spans with the same
   text take the candidates in reading order: the first ``{"text": "Iran"}`` the first
   occurrence, the next one the next;
4. a span with no candidate left is *unaligned*; one whose ``occurrence`` is past the last
   candidate, or that has run out of candidates in reading order while several existed, is
   *ambiguous*. Either is left out with the smallest part of its item that holds it: the list
   element it is (an argument, a content fragment, a mention, an entity), or the whole item
   when it is one of the item's fields (a trigger, a cue, a source, a figure). Both are counted
   in the results (``predictions.anchoring``).

A span with offsets is left as it is (its ``text``, if given, is checked against them as usual).

>>> report = AnchoringReport()
>>> text = "Iran struck Pakistan; Pakistan struck “Iran”."
>>> anchor({"entities": [{"text": "Pakistan", "label": "GPE"}, {"text": "Pakistan", "label": "GPE"},
...                      {"text": '"Iran"', "label": "GPE"}, {"text": "Oman", "label": "GPE"}]},
...        text, "d", report)["entities"]
[{'start': 12, 'end': 20, 'label': 'GPE'}, {'start': 22, 'end': 30, 'label': 'GPE'}, {'start': 38,
'end': 44, 'label': 'GPE'}]
>>> report.as_record()["unaligned"], report.left_out
(1, [('d', 'entities[3]', 'Oman', 'unaligned')])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})


@dataclass
class AnchoringReport:
    """What alignment did, over a whole predictions file or system run."""

    aligned: int = 0
    #: ``(doc_id, field path, text, why)`` of every span left out
    left_out: list[tuple[str, str, str, str]] = field(default_factory=list)

    def as_record(self, limit: int = 50) -> dict:
        unaligned = sum(1 for *_, why in self.left_out if why == "unaligned")
        return {"aligned": self.aligned, "unaligned": unaligned,
                "ambiguous": len(self.left_out) - unaligned,
                "left_out": [{"doc_id": doc_id, "field": path, "text": text[:200], "why": why}
                             for doc_id, path, text, why in self.left_out[:limit]]}


def is_anchored(value: object) -> bool:
    """A span given by its text: a dict with ``text`` and no offsets."""
    return isinstance(value, dict) and "text" in value and "start" not in value \
        and "end" not in value


class _Document:
    """Occurrences of strings in one document, exact and normalised, with reading-order
    counters per task."""

    def __init__(self, text: str) -> None:
        self.text = text
        normalised, self.offsets = _normalise_with_offsets(text)
        self.normalised = normalised
        self.used: dict[str, int] = {}

    def occurrences(self, needle: str) -> list[tuple[int, int]]:
        found = _find_all(self.text, needle)
        if found:
            return found
        key, _ = _normalise_with_offsets(needle)
        key = key.strip()
        if not key:
            return []
        return [(self.offsets[start], self.offsets[end - 1] + 1)
                for start, end in _find_all(self.normalised, key)]

    def locate(self, span: dict) -> tuple[int, int] | str:
        """Offsets of an anchored span, or why not (``unaligned``, ``ambiguous``)."""
        text = span.get("text")
        if not isinstance(text, str) or not text.strip():
            return "unaligned"
        candidates = self.occurrences(text)
        context = span.get("context")
        if isinstance(context, str) and context.strip():
            regions = self.occurrences(context)
            candidates = [c for c in candidates
                          if any(start <= c[0] and c[1] <= end for start, end in regions)]
        if not candidates:
            return "unaligned"
        occurrence = span.get("occurrence")
        if isinstance(occurrence, int) and not isinstance(occurrence, bool):
            return candidates[occurrence - 1] if 1 <= occurrence <= len(candidates) \
                else "ambiguous"
        key = f"{text}\0{context}"
        index = self.used.get(key, 0)
        self.used[key] = index + 1
        if index < len(candidates):
            return candidates[index]
        return "ambiguous"


def _find_all(haystack: str, needle: str) -> list[tuple[int, int]]:
    found, start = [], haystack.find(needle)
    while needle and start >= 0:
        found.append((start, start + len(needle)))
        start = haystack.find(needle, start + 1)
    return found


def _normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """``text`` with white space runs as one space and straight quotes, and for each of its
    characters the offset of the original character it came from."""
    out, offsets = [], []
    for match in re.finditer(r"\s+|\S", text):
        piece = match.group()
        out.append(" " if piece.isspace() else piece.translate(_QUOTES))
        offsets.append(match.start())
    return "".join(out), offsets


def anchor(output: dict, text: str, doc_id: str, report: AnchoringReport) -> dict:
    """A document's predictions with every anchored span replaced by offsets (see the module
    docstring); the spans left out are recorded in ``report``."""
    anchored: dict = {}
    for task, items in output.items():
        if not isinstance(items, list):
            anchored[task] = items
            continue
        document = _Document(text)  # reading order is counted per task
        kept = []
        for index, item in enumerate(items):
            placed = _place(item, document, f"{task}[{index}]", doc_id, report)
            if placed is not _DROP:
                kept.append(placed)
        anchored[task] = kept
    return anchored


_DROP = object()


def _place(value, document: _Document, path: str, doc_id: str, report: AnchoringReport):
    """``value`` with its anchored spans placed; ``_DROP`` when it is an anchored span that
    could not be, or holds one in a field that cannot be left out."""
    if is_anchored(value):
        where = document.locate(value)
        if isinstance(where, str):
            report.left_out.append((doc_id, path, str(value.get("text")), where))
            return _DROP
        report.aligned += 1
        rest = {k: v for k, v in value.items() if k not in ("text", "occurrence", "context")}
        return {"start": where[0], "end": where[1], **rest}
    if isinstance(value, list):
        kept = [_place(child, document, f"{path}[{i}]", doc_id, report)
                for i, child in enumerate(value)]
        return [child for child in kept if child is not _DROP]
    if isinstance(value, dict):
        placed = {}
        for key, child in value.items():
            result = _place(child, document, f"{path}.{key}", doc_id, report)
            if result is _DROP:
                return _DROP  # a trigger, a cue, a figure: the item cannot stand without it
            placed[key] = result
        return placed
    return value
