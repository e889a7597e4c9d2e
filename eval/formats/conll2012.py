"""CoNLL-2012 for coreference: the column format the reference scorer (``scorer.pl``) reads.

Each document is ``#begin document (DOC_ID); part 000`` ... ``#end document``; one token per
line in twelve space-separated columns (document id, part, word number, word, then ``-``/``*``
for the part-of-speech, parse, lemma, frameset, sense, speaker and named-entity columns this
export leaves empty), the last holding the coreference brackets: ``(N`` opens a mention of
cluster N, ``N)`` closes one, ``(N)`` is a one-token mention, several are ``|``-separated and
``-`` is none; a blank line ends each sentence. Tokens are spaCy's English
tokenizer's (:mod:`afp_strikes_bench.formats.tokens`); a mention that does not begin and end on
token boundaries is refused, naming it. Clusters are numbered from 1 in the order given;
singletons are written (they are part of the key, as the task scores them).

Reading takes the word from the fourth column and the brackets from the last; the words must be
the document's tokens in order. A mention given twice (``(1)|(1)``) stays twice, as the reference
scorer reads it. Files end ``.conll2012`` (or ``.v4_gold_conll``, OntoNotes' name).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.formats.common import checked_doc_id, numbered_lines
from afp_strikes_bench.formats.tokens import TokenIndex, sentences
from afp_strikes_bench.gold import GoldSet

NAME = "conll2012"
TASKS = ("coreference",)
SUFFIX = ".conll2012"
_BEGIN = re.compile(r"#begin document \((.*)\); part (\d+)$")
_BRACKET = re.compile(r"(\()?(\d+)(\))?$")

#: a mention as token positions in its document: (first, last), inclusive
TokenMention = tuple[int, int]


def render_document(doc_id: str, words: list[list[str]],
                    clusters: list[list[TokenMention]]) -> list[str]:
    """One document's lines: ``words`` by sentence, ``clusters`` of token positions counted
    over the whole document."""
    opening: dict[int, list[tuple[int, int]]] = {}  # first token -> (last token, cluster)
    closing: dict[int, list[tuple[int, int]]] = {}  # last token -> (first token, cluster)
    for number, cluster in enumerate(clusters, start=1):
        for first, last in cluster:
            opening.setdefault(first, []).append((last, number))
            closing.setdefault(last, []).append((first, number))
    lines = [f"#begin document ({doc_id}); part 000"]
    position = 0
    for sentence in words:
        for word_number, word in enumerate(sentence):
            # outer mentions open first and close last, so brackets nest
            opens = [f"({n}" for last, n in sorted(opening.get(position, []), reverse=True)
                     if last > position]
            singles = [f"({n})" for last, n in sorted(opening.get(position, []))
                       if last == position]
            closes = [f"{n})" for first, n in sorted(closing.get(position, []), reverse=True)
                      if first < position]
            brackets = "|".join(opens + singles + closes) or "-"
            lines.append(f"{doc_id} 0 {word_number} {word} - * - - - - * {brackets}")
            position += 1
        lines.append("")
    lines.append("#end document")
    return lines


@dataclass
class ParsedDocument:
    begin_line: int
    #: (line number, word) of every token, in order
    words: list[tuple[int, str]] = field(default_factory=list)
    #: cluster number -> its mentions, in the order they close
    clusters: dict[int, list[TokenMention]] = field(default_factory=dict)


def parse(path: Path) -> dict[str, ParsedDocument]:
    """The documents of a CoNLL-2012 file; a malformed line is an :class:`InputError`."""
    documents: dict[str, ParsedDocument] = {}
    current: ParsedDocument | None = None
    opened: dict[int, list[int]] = {}  # cluster -> token positions of its open brackets

    def problem(message: str, number: int) -> InputError:
        return InputError(message, file=str(path), line=number)

    for number, line in numbered_lines(path):
        if line.startswith("#begin document"):
            begun = _BEGIN.match(line)
            if begun is None or current is not None:
                raise problem("expected '#begin document (DOC_ID); part NNN' after the "
                              "previous document's '#end document'", number)
            if begun.group(1) in documents:
                raise problem(f"document {begun.group(1)!r} is given twice", number)
            current = documents[begun.group(1)] = ParsedDocument(number)
            opened = {}
        elif line.startswith("#end document"):
            if current is None:
                raise problem("'#end document' without '#begin document'", number)
            unclosed = sorted(cluster for cluster, starts in opened.items() if starts)
            if unclosed:
                raise problem(f"a mention of cluster {unclosed[0]} is never closed", number)
            current = None
        elif line.strip():
            columns = line.split()
            if current is None or len(columns) < 5:
                raise problem("a token outside '#begin document' ... '#end document'"
                              if current is None else "expected at least five columns: "
                              "document, part, word number, word, ..., coreference", number)
            position = len(current.words)
            current.words.append((number, columns[3]))
            if columns[-1] != "-":
                for part in columns[-1].split("|"):
                    bracket = _BRACKET.match(part)
                    if bracket is None or not (bracket.group(1) or bracket.group(3)):
                        raise problem(f"coreference {part!r}: expected (N, N) or (N)", number)
                    cluster = int(bracket.group(2))
                    if bracket.group(1) and bracket.group(3):
                        current.clusters.setdefault(cluster, []).append((position, position))
                    elif bracket.group(1):
                        opened.setdefault(cluster, []).append(position)
                    elif not opened.get(cluster):
                        raise problem(f"{part!r} closes no open mention of cluster {cluster}",
                                      number)
                    else:
                        first = opened[cluster].pop()
                        current.clusters.setdefault(cluster, []).append((first, position))
    if current is not None:
        raise InputError("the last document has no '#end document'", file=str(path))
    return documents


def write(by_doc: dict[str, dict[str, list[Any]]], documents: dict[str, Document],
          stem: str) -> dict[str, str | bytes]:
    lines: list[str] = []
    for doc_id, document in documents.items():
        grouped = sentences(document)
        index = TokenIndex([token for sentence in grouped for token in sentence])
        clusters = [[index.span(span.start, span.end, f"document {doc_id!r}: mention "
                                f"{document.text[span.start:span.end]!r}")
                     for span in cluster]
                    for cluster in by_doc.get(doc_id, {}).get("coreference", [])]
        lines += render_document(checked_doc_id(doc_id),
                                 [[token.text for token in sentence] for sentence in grouped],
                                 clusters)
    return {stem + SUFFIX: "\n".join(lines) + "\n"}


def read(path: Path, gold: GoldSet) -> dict[str, dict[str, list[Any]]]:
    found: dict[str, dict[str, list[Any]]] = {}
    for doc_id, parsed in parse(path).items():
        document = gold.documents.get(doc_id)
        if document is None:
            raise InputError(f"document {doc_id!r} is not in the gold", file=str(path),
                             line=parsed.begin_line)
        tokens = [token for sentence in sentences(document) for token in sentence]
        for position, (number, word) in enumerate(parsed.words):
            if position >= len(tokens) or tokens[position].text != word:
                raise InputError(f"word {word!r} does not follow the text of document "
                                 f"{doc_id!r}", file=str(path), line=number)
        if len(parsed.words) != len(tokens):
            raise InputError(f"document {doc_id!r} ends before its text does", file=str(path),
                             line=parsed.begin_line)
        found[doc_id] = {"coreference": [
            [{"start": tokens[first].start, "end": tokens[last].end} for first, last in mentions]
            for _, mentions in sorted(parsed.clusters.items())]}
    return found
