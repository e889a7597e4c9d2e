"""IOB2 (CoNLL-2003 style) for entities: one token per line, ``TOKEN<TAB>TAG``.

Tokens are spaCy's English tokenizer's (:mod:`afp_strikes_bench.formats.tokens`), white space
left out; a blank line ends each sentence; each document begins with a line
``-DOCSTART- DOC_ID`` and a blank line. Tags are ``B-LABEL``, ``I-LABEL`` and ``O`` (IOB2: every
entity begins with ``B-``). An entity that does not begin and end on token boundaries, or that
overlaps another, cannot be written: the export is refused, naming it (the benchmark's gold has
none; ``tests/test_formats.py`` checks). Values (TIMEX3, numbers) are not carried.

Reading takes the token in the first column and the tag in the last (so a four-column
CoNLL-2003 file reads too); the tokens must be the document's tokens in order, and an ``I-``
must continue an entity of its label in the same sentence.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.formats.common import checked_doc_id, numbered_lines
from afp_strikes_bench.formats.tokens import Token, TokenIndex, sentences
from afp_strikes_bench.gold import GoldSet

NAME = "conll"
TASKS = ("entities",)
SUFFIX = ".conll"
DOCSTART = "-DOCSTART-"


def write(by_doc: dict[str, dict[str, list[Any]]], documents: dict[str, Document],
          stem: str) -> dict[str, str | bytes]:
    lines: list[str] = []
    for doc_id, document in documents.items():
        lines += [f"{DOCSTART} {checked_doc_id(doc_id)}", ""]
        grouped = sentences(document)
        tags = iob2_tags(by_doc.get(doc_id, {}).get("entities", []), grouped, document)
        position = 0
        for sentence in grouped:
            for token in sentence:
                lines.append(f"{token.text}\t{tags[position]}")
                position += 1
            lines.append("")
    return {stem + SUFFIX: "\n".join(lines) + "\n"}


def iob2_tags(mentions: list[Any], grouped: list[list[Token]], document: Document) -> list[str]:
    """The IOB2 tag of every token of ``grouped`` (the document's sentences, concatenated); a
    mention that cuts a token, crosses a sentence break or overlaps another cannot be encoded
    and is refused."""
    index = TokenIndex([token for sentence in grouped for token in sentence])
    sentence_of = [number for number, sentence in enumerate(grouped) for _ in sentence]
    tags = ["O"] * len(index.tokens)
    for mention in sorted(mentions, key=lambda m: (m.start, m.end)):
        what = f"document {document.id!r}: entity {document.text[mention.start:mention.end]!r}"
        first, last = index.span(mention.start, mention.end, what)
        if sentence_of[first] != sentence_of[last]:
            raise InputError(f"{what} crosses a sentence break; IOB2 sentences cannot")
        if any(tag != "O" for tag in tags[first:last + 1]):
            raise InputError(f"{what} overlaps another entity; IOB2 cannot hold both")
        tags[first:last + 1] = [f"B-{mention.label}"] + [f"I-{mention.label}"] * (last - first)
    return tags


#: a token of the file: (line number, token, tag), or None for a sentence break
Row = tuple[int, str, str] | None


def read(path: Path, gold: GoldSet) -> dict[str, dict[str, list[Any]]]:
    rows_by_doc: dict[str, list[Row]] = {}
    current: list[Row] | None = None
    for number, line in numbered_lines(path):
        if line.startswith(DOCSTART):
            doc_id = line[len(DOCSTART):].strip()
            if doc_id not in gold.documents or doc_id in rows_by_doc:
                problem = ("gives no document id" if not doc_id else
                           f"document {doc_id!r} is given twice" if doc_id in rows_by_doc else
                           f"document {doc_id!r} is not in the gold")
                raise InputError(f"{DOCSTART} {problem}", file=str(path), line=number)
            current = rows_by_doc[doc_id] = []
        elif not line.strip():
            if current is not None:
                current.append(None)
        else:
            columns = line.split()
            if current is None or len(columns) < 2:
                raise InputError(f"expected {DOCSTART} DOC_ID first" if current is None
                                 else "expected TOKEN<TAB>TAG", file=str(path), line=number)
            current.append((number, columns[0], columns[-1]))
    return {doc_id: {"entities": _entities(rows, gold.documents[doc_id], path)}
            for doc_id, rows in rows_by_doc.items()}


def _entities(rows: list[Row], document: Document, path: Path) -> list[dict[str, Any]]:
    """The entities of one document's rows, checked token by token against its text."""
    expected = iter([token for sentence in sentences(document) for token in sentence])
    entities: list[dict[str, Any]] = []
    open_label: str | None = None
    last_line = 0
    for row in rows:
        if row is None:
            open_label = None
            continue
        number, text, tag = row
        last_line = number
        token = next(expected, None)
        if token is None or token.text != text:
            found = "the document's tokens end" if token is None else f"{token.text!r} is next"
            raise InputError(f"token {text!r} does not follow the text of document "
                             f"{document.id!r} ({found})", file=str(path), line=number)
        prefix, _, label = tag.partition("-")
        if tag == "O":
            open_label = None
        elif prefix == "B" and label:
            entities.append({"start": token.start, "end": token.end, "label": label})
            open_label = label
        elif prefix == "I" and label and label == open_label:
            entities[-1]["end"] = token.end
        else:
            raise InputError(f"tag {tag!r}: expected O, B-LABEL, or I-LABEL continuing an "
                             "entity of that label in the same sentence (IOB2)",
                             file=str(path), line=number)
    if next(expected, None) is not None:
        raise InputError(f"document {document.id!r} ends before its text does",
                         file=str(path), line=last_line or None)
    return entities
