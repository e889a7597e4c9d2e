"""Attributions (SPEC 3.5) by rule over spaCy's dependency parse: who said what.

- **cue**: a verb of
:data:`~afp_strikes_bench.baselines.spacy_sm.attributions_lexicon.REPORTING_VERBS`, a citing
  verb ("citing officials") or "according to";
- **source**: the cue's subject noun phrase; for a passive, the noun phrase of its "by" agent,
  else null ("it was reported that"); for a participle with no subject ("..., saying ..."), the
  subject of the clause it hangs on; for a citing verb or "according to", the phrase it names;
- **content**: the cue's complement (clause, infinitive, or object where the object is not the
  addressee), without the complementizer, the relative word, or a parallel clause with a cue of
  its own ("X said A, while Y said B"); a complement that fills a quotation becomes the whole
  quotation, marks included; a cue with no complement takes the quotation of its sentence;
- **split quotations**: a quotation that ends before its cue ("“A,” the statement said.") is
  continued by the next quotation after the cue in the sentence, or by the next sentence when
  that sentence is one quotation;
- **nesting**: a relation whose cue lies in another relation's content is its child, and so is a
  citing verb's relation, which attributes the content of the report it qualifies;
- **type**: ``direct`` when every content span is a whole quotation, ``mixed`` when a content
  holds quotation marks, else ``indirect``.
"""
from __future__ import annotations

import re

from afp_strikes_bench.baselines.spacy_sm.attributions_lexicon import (
    ACCORDING,
    ADDRESSEE_OBJECT_VERBS,
    CITING_VERBS,
    REPORTING_VERBS,
)

QUOTATION = re.compile(r"“[^“”]*”|\"[^\"\n]*\"")
OPENING_MARKS, CLOSING_MARKS = "“\"", "”\""
#: dependents that never start a content or source: complementizers, conjunctions, punctuation
LEADING_DEPS = {"mark", "cc", "punct", "prep"}
#: clauses beside the complement that can carry a cue of their own
PARALLEL_DEPS = {"advcl", "conj"}
#: dependents of a noun that are not part of the noun phrase named as a source
NOT_IN_SOURCE = {"relcl", "appos", "punct", "advcl"}

Span = tuple[int, int]


def extract(doc, document: dict) -> list[dict]:
    quotations = [match.span() for match in QUOTATION.finditer(doc.text)]
    kinds = {token.i: kind for token in doc if (kind := _kind(token))}
    found: dict[int, dict | None] = {}  # cue token index -> relation
    for index, kind in kinds.items():
        if kind == "report":
            found[index] = _reported(doc[index], set(kinds), quotations)
        elif kind == "according":
            found[index] = _according(doc[index])
    # citing verbs last: they take the content of the report they qualify
    for index, kind in kinds.items():
        if kind == "cite":
            found[index] = _citing(doc[index], found)
    return _numbered([relation for relation in found.values() if relation is not None])


def source_of(verb) -> Span | None:
    """The span of the one ``verb`` presents as speaking or believing (module docstring)."""
    children = list(verb.children)
    for child in children:
        if child.dep_ == "nsubj":
            return noun_phrase(child)
    if any(child.dep_ in ("nsubjpass", "auxpass") for child in children):
        agents = [grandchild for child in children if child.dep_ == "agent"
                  for grandchild in child.children if grandchild.dep_ == "pobj"]
        return noun_phrase(agents[0]) if agents else None
    if verb.dep_ in ("advcl", "xcomp", "conj") and verb.tag_ in ("VBG", "VBN", "VB", "VBD"):
        return source_of(verb.head) if verb.head.i != verb.i else None
    return None


def noun_phrase(head) -> Span | None:
    """The noun phrase of ``head``: its subtree without relative clauses and appositions."""
    left_out = {token.i for child in head.children if child.dep_ in NOT_IN_SOURCE
                and child.i > head.i for token in child.subtree}
    return _block(head, [token for token in head.subtree if token.i not in left_out])


def _kind(token) -> str | None:
    if token.pos_ == "VERB" and token.lemma_.lower() in REPORTING_VERBS:
        return "report"
    if token.pos_ == "VERB" and token.lemma_.lower() in CITING_VERBS and token.tag_ == "VBG":
        return "cite"
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if token.lower_ == ACCORDING[0] and following is not None and following.lower_ == ACCORDING[1]:
        return "according"
    return None


def _reported(verb, cue_indices: set[int], quotations: list[Span]) -> dict | None:
    complement = _complement(verb)
    if complement is not None:
        left_out = {inner.i for cue in complement.subtree if cue.i in cue_indices
                    and cue.dep_ in PARALLEL_DEPS and cue.i != complement.i
                    for inner in cue.subtree}
        content = _block(complement, [t for t in complement.subtree if t.i not in left_out])
        content = _whole_quotation(content, verb.doc.text, quotations)
    else:
        content = _quotation_of_sentence(verb, quotations)
    if content is None:
        return None
    cue = (verb.idx, verb.idx + len(verb.text))
    contents = [content] + _continuation(verb, content, cue, quotations)
    return {"source": source_of(verb), "cue": cue, "content": contents, "host": None,
            "text": verb.doc.text}


def _complement(verb):
    """The cue's complement: its clause or infinitive, else the clause that the parser hung on a
    citing verb it governs ("reported, citing officials, that ..."), else its object."""
    children = list(verb.children)
    for dep in ("ccomp", "xcomp"):
        for child in children:
            if child.dep_ == dep:
                return child
    for child in children:
        if child.dep_ == "advcl" and child.lemma_.lower() in CITING_VERBS:
            clauses = [grandchild for grandchild in child.children if grandchild.dep_ == "ccomp"]
            if clauses:
                return clauses[0]
    if verb.lemma_.lower() not in ADDRESSEE_OBJECT_VERBS:
        for child in children:
            if child.dep_ == "dobj":
                return child
    return None


def _citing(verb, found: dict[int, dict | None]) -> dict | None:
    """'citing officials' attributes the content of the report it qualifies to the officials."""
    objects = [child for child in verb.children if child.dep_ == "dobj"]
    hosts = (found.get(ancestor.i) for ancestor in verb.ancestors)
    host = next((relation for relation in hosts if relation), None)
    if not objects or host is None:
        return None
    return {**host, "source": noun_phrase(objects[0]),
            "cue": (verb.idx, verb.idx + len(verb.text)), "host": host["cue"]}


def _according(according) -> dict | None:
    """'according to X': X is the source of the clause the phrase qualifies."""
    to = according.nbor(1)
    named = [child for child in list(to.children) + list(according.children)
             if child.dep_ == "pobj"]
    clause = next((ancestor for ancestor in according.ancestors
                   if ancestor.pos_ in ("VERB", "AUX")), None)
    if not named or clause is None:
        return None
    left_out = {token.i for token in according.subtree} | {to.i}
    content = _block(clause, [t for t in clause.subtree if t.i not in left_out])
    if content is None:
        return None
    return {"source": noun_phrase(named[0]), "cue": (according.idx, to.idx + len(to.text)),
            "content": [content], "host": None, "text": according.doc.text}


def _block(head, tokens) -> Span | None:
    """Character span of the run of consecutive ``tokens`` around ``head``, without leading
    complementizers, conjunctions and punctuation or trailing punctuation (a quotation mark
    stays when its partner is inside)."""
    indices = {token.i for token in tokens}
    first = last = head.i
    while first - 1 in indices:
        first -= 1
    while last + 1 in indices:
        last += 1
    doc = head.doc
    while first < head.i and (doc[first].dep_ in LEADING_DEPS or doc[first].is_space
                              or doc[first].is_punct) and not _paired(doc, first, last):
        first += 1
    while last > first and (doc[last].is_punct or doc[last].is_space) \
            and not _paired(doc, first, last):
        last -= 1
    if doc[first].is_punct and not _paired(doc, first, last):
        return None
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _paired(doc, first: int, last: int) -> bool:
    """Whether an edge token of ``doc[first:last + 1]`` is a quotation mark whose partner is
    inside the span."""
    if doc[first].text not in OPENING_MARKS and doc[last].text not in CLOSING_MARKS:
        return False
    text = doc[first:last + 1].text
    return ("“" in text and "”" in text) or text.count('"') >= 2


def _whole_quotation(content: Span | None, text: str, quotations: list[Span]) -> Span | None:
    """The whole quotation when ``content`` fills it up to marks and punctuation."""
    if content is None:
        return None
    start, end = content
    for quote_start, quote_end in quotations:
        if quote_start <= start and end <= quote_end and \
                not any(ch.isalnum() for ch in text[quote_start:start] + text[end:quote_end]):
            return quote_start, quote_end
    return content


def _quotation_of_sentence(verb, quotations: list[Span]) -> Span | None:
    """The quotation of the cue's sentence nearest the cue, for a cue with no complement."""
    sentence = verb.sent
    inside = [quote for quote in quotations
              if sentence.start_char <= quote[0] and quote[1] <= sentence.end_char
              and not quote[0] <= verb.idx < quote[1]]
    return min(inside, key=lambda quote: abs(quote[0] - verb.idx), default=None)


def _continuation(verb, content: Span, cue: Span, quotations: list[Span]) -> list[Span]:
    """The rest of a quotation split by its cue (module docstring)."""
    if content not in quotations or content[1] > cue[0]:
        return []
    sentence = verb.sent
    after = [quote for quote in quotations if cue[1] <= quote[0] < sentence.end_char]
    if after:
        return [after[0]]
    following = next((s for s in verb.doc.sents if s.start > sentence.start
                      and s.text.strip()), None)
    if following is None:
        return []
    stripped = following.text.strip()
    start = following.start_char + following.text.index(stripped)
    return [(start, start + len(stripped))] if (start, start + len(stripped)) in quotations else []


def _numbered(relations: list[dict]) -> list[dict]:
    """Relations in cue order, with parents as indices and spans as dicts."""
    relations = sorted(relations, key=lambda relation: relation["cue"])
    return [{"source": None if relation["source"] is None else _span(relation["source"]),
             "cue": _span(relation["cue"]),
             "content": [_span(span) for span in sorted(relation["content"])],
             "type": _type(relation["content"], relation["text"]),
             "parent": _parent(index, relations)}
            for index, relation in enumerate(relations)]


def _parent(index: int, relations: list[dict]) -> int | None:
    """The relation this one is nested in: the report a citing verb qualifies, else the relation
    whose shortest content span holds its cue."""
    relation = relations[index]
    if relation["host"] is not None:
        return next(other for other, candidate in enumerate(relations)
                    if candidate["cue"] == relation["host"])
    holding = [(end - start, other) for other, candidate in enumerate(relations) if other != index
               for start, end in candidate["content"]
               if start <= relation["cue"][0] and relation["cue"][1] <= end]
    return min(holding)[1] if holding else None


def _type(content: list[Span], text: str) -> str:
    pieces = [text[start:end] for start, end in content]
    if all(piece[0] in OPENING_MARKS and piece[-1] in CLOSING_MARKS for piece in pieces):
        return "direct"
    if any(mark in piece for piece in pieces for mark in OPENING_MARKS + CLOSING_MARKS):
        return "mixed"
    return "indirect"


def _span(span: Span) -> dict:
    return {"start": span[0], "end": span[1]}
