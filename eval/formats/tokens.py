"""The tokenisation of the token-based formats (IOB2, CoNLL-2012, DocBin).

spaCy's English tokenizer without a model (``spacy.blank("en")``): rule-based and the same
tokenizer ``en_core_web_sm`` uses, so exports need no model and a file made by a spaCy
pipeline reads back token for token. White-space tokens are not written. Sentences are spaCy's
rule-based ``sentencizer`` sentences, split at paragraph breaks too (a sentence never spans
two paragraphs), so they are the same with or without a model.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError


@cache
def blank_english() -> Any:
    import spacy

    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    return pipeline


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def sentences(document: Document) -> list[list[Token]]:
    """The document's tokens, white space left out, grouped by sentence (within a paragraph)."""
    grouped: dict[tuple[int, int], list[Token]] = {}
    for number, sentence in enumerate(blank_english()(document.text).sents):
        for token in sentence:
            if not token.is_space:
                start = token.idx
                grouped.setdefault((document.paragraph_of(start), number), []).append(
                    Token(start, start + len(token.text), token.text))
    return list(grouped.values())


class TokenIndex:
    """Where each token of a sequence begins and ends, to map character spans to tokens."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.by_start = {token.start: index for index, token in enumerate(tokens)}
        self.by_end = {token.end: index for index, token in enumerate(tokens)}

    def span(self, start: int, end: int, what: str) -> tuple[int, int]:
        """``(first, last)`` token indices (inclusive) of the characters ``start:end``, which
        must begin and end on token boundaries: a span inside a token cannot be encoded by
        tokens, and is refused rather than silently moved."""
        first, last = self.by_start.get(start), self.by_end.get(end)
        if first is None or last is None or last < first:
            raise InputError(f"{what} [{start}, {end}) does not begin and end on token "
                             "boundaries (spaCy's English tokenizer); this format cannot hold it")
        return first, last
