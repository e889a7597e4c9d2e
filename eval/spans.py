"""The one span convention: ``{"start", "end"}``, 0-based, end-exclusive code-point offsets.

>>> text = "I like London."
>>> check_span(text, {"start": len("I like "), "end": len("I like London")})
>>> check_span(text, {"start": len("I like "), "end": len("I like London.")})
('', "ends with sentence-final punctuation: 'London.'")
>>> check_span(text, {"start": 0, "end": 99}, doc_id="x")
('end', "99 is past the end of document 'x' (14 characters)")
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

SENTENCE_FINAL = ".!?;:,"


@dataclass(frozen=True, slots=True)
class Span:
    """A checked span of a task item: ``text`` is given in the gold, optional in predictions."""

    start: int
    end: int
    text: str | None = None

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Span:
        """A span from its JSON object, already validated against the schema."""
        return cls(raw["start"], raw["end"], raw.get("text"))

    @classmethod
    def parse_optional(cls, raw: dict[str, Any] | None) -> Span | None:
        """A nullable span field (a source, a perpetrator): None stays None."""
        return None if raw is None else cls.parse(raw)

    def to_json(self) -> dict[str, Any]:
        """The JSON object the span was parsed from (``text`` only where it was given)."""
        found: dict[str, Any] = {"start": self.start, "end": self.end}
        if self.text is not None:
            found["text"] = self.text
        return found


def excerpt(text: str, limit: int = 50) -> str:
    """Text for an error message: at most ``limit`` characters, with an ellipsis."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def check_span(text: str, span: dict, *, require_text: bool = False,
               doc_id: str | None = None) -> tuple[str, str] | None:
    """``(field, problem)`` for what is wrong with ``span`` (a span's JSON object) against the
    document ``text``: :func:`span_problem` of its offsets and its ``text``, if it has one."""
    return span_problem(text, span["start"], span["end"], span.get("text"),
                        require_text=require_text, doc_id=doc_id)


def span_problem(text: str, start: int, end: int, given: str | None = None, *,
                 require_text: bool = False, doc_id: str | None = None) -> tuple[str, str] | None:
    """``(field, problem)`` for what is wrong with the span ``start``-``end`` whose text is
    given as ``given`` (None: not given), against the document ``text``; None if nothing is.

    ``field`` is the span's key at fault (``"end"``), or ``""`` for the span as a whole.
    Offsets must lie inside the text with start < end; a text, required for gold and optional
    in predictions, must equal ``text[start:end]``; the span holds no white space at its edges
    and does not end with sentence-final punctuation (an abbreviation's final period, as in
    "U.S.", is part of the word).
    """
    if start < 0:
        return "start", f"{start} is negative"
    if end > len(text):
        document = f"document {doc_id!r}" if doc_id is not None else "the text"
        return "end", f"{end} is past the end of {document} ({len(text)} characters)"
    if start >= end:
        return "start", f"{start} is not before end {end}"
    covered = text[start:end]
    if given is not None and given != covered:
        return "text", f"{excerpt(given)} differs from the document's {excerpt(covered)}"
    if require_text and given is None:
        return "text", "a gold span needs its text"
    if covered != covered.strip():
        return "", f"white space at the edge of the span: {excerpt(covered)}"
    if covered[-1] in SENTENCE_FINAL and not _is_abbreviation(covered):
        return "", f"ends with sentence-final punctuation: {excerpt(covered)}"
    return None


#: the hint added to a span's problem when a line's offsets look like UTF-8 byte offsets
BYTE_OFFSETS_HINT = ("offsets look like UTF-8 bytes; they are Unicode code points "
                     "(Python str indices)")


def look_like_utf8_bytes(text: str, spans: list[dict]) -> bool:
    """Whether offsets that fail as code points would fit as UTF-8 byte offsets: several such
    spans, or one whose ``text`` is what the bytes hold. Only a text with non-ASCII characters
    can tell the two apart.

    >>> text = "Téhéran a frappé Pakistan"
    >>> look_like_utf8_bytes(text, [{"start": 20, "end": 28, "text": "Pakistan"}])
    True
    >>> look_like_utf8_bytes(text, [{"start": 17, "end": 25, "text": "Pakistan"}])
    False
    """
    encoded = text.encode("utf-8")
    if len(encoded) == len(text):
        return False
    fitting = 0
    for span in spans:
        start, end = span["start"], span["end"]
        if check_span(text, span) is None or not 0 <= start < end <= len(encoded):
            continue
        try:
            as_bytes = encoded[start:end].decode("utf-8")
        except UnicodeDecodeError:  # cuts a character: not a byte offset either
            continue
        if "text" in span:
            if span["text"] != as_bytes:
                continue
            return True
        if as_bytes == as_bytes.strip():
            fitting += 1
    return fitting >= 2


def conform(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A model's span brought to the convention: without white space at its edges or a
    sentence-final punctuation mark at its end; None when nothing is left. Adapters apply this
    to what a model returns, and nothing more (no rules of their own).

    >>> text = "Iran said so. Then U.S. forces left"
    >>> [text[s:e] for s, e in (conform(text, 0, 4), conform(text, 5, 13), conform(text, 18, 23))]
    ['Iran', 'said so', 'U.S.']
    >>> conform(text, 12, 14) is None
    True
    """
    while start < end:
        covered = text[start:end]
        if covered[0].isspace():
            start += 1
        elif covered[-1].isspace() or (covered[-1] in SENTENCE_FINAL
                                       and not _is_abbreviation(covered)):
            end -= 1
        else:
            return start, end
    return None


def _is_abbreviation(covered: str) -> bool:
    """'U.S.', 'Jr.', 'Inc.': a period that belongs to the word before it.

    >>> [_is_abbreviation(w) for w in ("U.S.", "Jr.", "US.", "Iran.")]
    [True, True, False, False]
    """
    word = covered.split()[-1]
    if not word.endswith(".") or len(word) < 2 or not word[-2].isalpha():
        return False
    dotted = "." in word[:-1]
    short_title = len(word) <= 4 and word[0].isupper() and word[1:-1].islower()
    return dotted or short_title


def iter_spans(value: object, path: str = "") -> Iterator[tuple[str, dict]]:
    """Every span inside a task item, with its field path (``arguments[2]``).

    A span is any object with integer ``start`` and ``end``: triggers, arguments, attribution
    sources and contents, casualty figures, coreference mentions are all found the same way.

    >>> event = {"trigger": {"start": 0, "end": 1}, "arguments": [{"start": 2, "end": 3}]}
    >>> [p for p, _ in iter_spans(event, "events[0]")]
    ['events[0].trigger', 'events[0].arguments[0]']
    """
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            yield path, value
        for key, child in value.items():
            if isinstance(child, (dict, list)):
                yield from iter_spans(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from iter_spans(child, f"{path}[{index}]")
