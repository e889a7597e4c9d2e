"""Entities: spaCy's OntoNotes NER mentions, trimmed to the span rules, with time and number values.

>>> from afp_strikes_bench.baselines.spacy_sm.pipeline import nlp
>>> text = "Police in Oslo said on Friday that 12 people were hurt."
>>> [(text[e["start"]:e["end"]], e["label"], e.get("value"))
...  for e in extract(nlp()(text), {"date": "2024-01-19"})]
[('Oslo', 'GPE', None), ('Friday', 'DATE', '2024-01-19'), ('12', 'CARDINAL', 12)]
"""
from __future__ import annotations

from datetime import date

from afp_strikes_bench.baselines.spacy_sm.normalize import number, timex
from afp_strikes_bench.spans import SENTENCE_FINAL, check_span

TIME_LABELS = {"DATE", "TIME"}
NUMBER_LABELS = {"CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
#: quotes and brackets never belong at a mention's edge ("“Oslo" -> "Oslo", "(EU)" -> "EU")
EDGE_MARKS = "\"'“”‘’«»()[]{}"


def extract(doc, document: dict) -> list[dict]:
    anchor = date.fromisoformat(document["date"])
    entities = []
    for ent in doc.ents:
        span = trim(doc.text, *without_possessive(ent))
        if span is None:
            continue
        item = {"start": span[0], "end": span[1], "label": ent.label_}
        value = mention_value(doc.text[span[0]:span[1]], ent.label_, anchor)
        if value is not None:
            item["value"] = value
        entities.append(item)
    return entities


def without_possessive(ent) -> tuple[int, int]:
    """Character offsets of an entity without a possessive ending ("Oslo's" -> "Oslo").

    OntoNotes names exclude the possessive; spaCy's model sometimes takes it in.
    """
    end = ent[-2].idx + len(ent[-2]) if len(ent) > 1 and ent[-1].tag_ == "POS" else ent.end_char
    return ent.start_char, end


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without white space, edge quotes or brackets, or sentence-final punctuation.

    None when nothing valid is left (afp_strikes_bench.spans.check_span decides).

    >>> text = "They met “Oslo.” Then (EU) left."
    >>> [text[s:e] for s, e in (trim(text, 9, 16), trim(text, 22, 26))]
    ['Oslo', 'EU']
    >>> trim("a U.S. b", 2, 6)
    (2, 6)
    """
    while start < end:
        covered = text[start:end]
        if covered[0].isspace() or covered[0] in EDGE_MARKS:
            start += 1
        elif covered[-1].isspace() or covered[-1] in EDGE_MARKS:
            end -= 1
        elif covered[-1] in SENTENCE_FINAL and check_span(text, {"start": start, "end": end}):
            end -= 1
        else:
            break
    if start >= end or check_span(text, {"start": start, "end": end}):
        return None
    return start, end


def mention_value(covered: str, label: str, anchor: date):
    if label in TIME_LABELS:
        return timex(covered, anchor)
    if label in NUMBER_LABELS:
        return number(covered)
    return None
