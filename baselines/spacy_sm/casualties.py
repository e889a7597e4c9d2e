"""Casualty figures (SPEC 3.4) by rule over spaCy's parse: numbers of victims and their outcome.

A figure is a number (digits or number words, read by
:func:`afp_strikes_bench.baselines.spacy_sm.normalize.number`)
that counts a victim noun of
:data:`~afp_strikes_bench.baselines.spacy_sm.casualties_lexicon.VICTIMS` or stands
alone as the victims, governed within its sentence by an outcome word of
:data:`~afp_strikes_bench.baselines.spacy_sm.casualties_lexicon.OUTCOMES` ("killed nine people",
"nine were
wounded", "four children dead"). Then:

- ``low``/``high`` from the words before the number ("at least", "up to"), else ``count``;
- ``part_of``: a figure introduced by "including" or "among" is part of the figure before it in
  its sentence;
- ``claimed_by``: the source of the reporting verb that governs the outcome (the attributions
  baseline's :func:`~afp_strikes_bench.baselines.spacy_sm.attributions.source_of`);
- ``perpetrator``: the outcome verb's subject, or its "by" agent, when that is a participant (a
  named entity, a pronoun, a noun for people or groups such as "gunmen" or "the army"), else the
  first participant named inside it ("the Ruritanian attack");
- ``time``: the DATE mention of the outcome's clause (else of the sentence) nearest the figure,
  normalised against the document date
  (:func:`afp_strikes_bench.baselines.spacy_sm.normalize.timex`), when it
  names a day;
- ``country``: the country of a place named with "in" in the outcome's clause
  (:mod:`afp_strikes_bench.baselines.spacy_sm.countries`), as its ISO 3166-1 alpha-2 code.
"""
from __future__ import annotations

import re
from datetime import date
from functools import cache

from afp_strikes_bench.baselines.spacy_sm.attributions import noun_phrase, source_of
from afp_strikes_bench.baselines.spacy_sm.attributions_lexicon import REPORTING_VERBS
from afp_strikes_bench.baselines.spacy_sm.casualties_lexicon import (
    BOUNDS,
    OUTCOMES,
    PART_MARKERS,
    VICTIMS,
)
from afp_strikes_bench.baselines.spacy_sm.countries import capital_of, country_of
from afp_strikes_bench.baselines.spacy_sm.lexicon import NOMINAL_HEADS, PLACE
from afp_strikes_bench.baselines.spacy_sm.normalize import number, timex

#: entity types whose numbers are never casualty figures
NOT_FIGURES = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}
#: entity types of participants that can be perpetrators
PARTICIPANTS = {"PERSON", "NORP", "ORG", "GPE"}
#: dependents that carry the outcome of what they hang on ("left dead", "30 wounded")
STATE_DEPS = {"acomp", "oprd", "amod", "attr", "acl"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: how far up the parse an outcome word may govern the figure
MAX_STEPS = 4


def extract(doc, document: dict) -> list[dict]:
    anchor = date.fromisoformat(document["date"])
    records: list[dict] = []
    for sentence in doc.sents:
        in_sentence: list[int] = []
        for run in _number_runs(sentence):
            record = _record(run, anchor)
            if record is None:
                continue
            if record.pop("is_part") and in_sentence:
                record["part_of"] = in_sentence[-1]
            in_sentence.append(len(records))
            records.append(record)
    return records


def _number_runs(sentence):
    """Maximal runs of number tokens outside date, money and other non-count mentions."""
    run = []
    for token in sentence:
        if token.like_num and token.ent_type_ not in NOT_FIGURES:
            run.append(token)
            continue
        if run:
            yield run
        run = []
    if run:
        yield run


def _record(run, anchor: date) -> dict | None:
    doc = run[0].doc
    value = number(doc[run[0].i:run[-1].i + 1].text)
    if not isinstance(value, int):
        return None
    last = run[-1]
    noun = last.head if last.dep_ == "nummod" else None
    victim = VICTIMS.get(noun.lemma_.lower()) if noun is not None else "person"
    if victim is None:
        return None
    counted = noun if noun is not None else last
    outcome_word = _outcome_word(counted)
    if outcome_word is None:
        return None
    bound, start = _bound(run)
    end = max(counted.i, last.i)
    record = {"span": {"start": doc[start].idx, "end": doc[end].idx + len(doc[end].text)},
              "count": value if bound is None else None,
              "low": value + bound[1] if bound and bound[0] == "low" else None,
              "high": value + bound[1] if bound and bound[0] == "high" else None,
              "outcome": _outcome(outcome_word), "victim": victim,
              "time": _time(outcome_word, counted, anchor), "country": _country(outcome_word),
              "perpetrator": _perpetrator(outcome_word), "claimed_by": _claimant(outcome_word),
              "part_of": None, "is_part": _is_part(counted, outcome_word)}
    for field in ("perpetrator", "claimed_by"):
        if record[field] is not None:
            record[field] = {"start": record[field][0], "end": record[field][1]}
    return record


def _outcome_word(counted):
    """The outcome word governing the figure: on the figure itself, or up its heads, below any
    reporting verb."""
    token = counted
    for _ in range(MAX_STEPS + 1):
        for candidate in [token] + [child for child in token.children
                                    if child.dep_ in STATE_DEPS]:
            if _outcome(candidate):
                return candidate
        if token.head.i == token.i or token.lemma_.lower() in REPORTING_VERBS:
            return None
        token = token.head
    return None


def _outcome(token) -> str | None:
    return OUTCOMES.get(token.lower_) or OUTCOMES.get(token.lemma_.lower())


def _bound(run) -> tuple[tuple[str, int] | None, int]:
    """(which bound and its offset, first token of the figure) from the words before it."""
    doc = run[0].doc
    for words, which, offset in BOUNDS:
        first = run[0].i - len(words)
        if first >= run[0].sent.start and \
                tuple(token.lower_ for token in doc[first:run[0].i]) == words:
            return (which, offset), first
    return None, run[0].i


def _is_part(counted, outcome_word) -> bool:
    token = counted
    while token.i != outcome_word.i and token.head.i != token.i:
        if token.lower_ in PART_MARKERS or token.lemma_.lower() in PART_MARKERS:
            return True
        token = token.head
    return False


def _claimant(outcome_word):
    for ancestor in outcome_word.ancestors:
        if ancestor.pos_ == "VERB" and ancestor.lemma_.lower() in REPORTING_VERBS:
            return source_of(ancestor)
    return None


def _perpetrator(outcome_word):
    children = list(outcome_word.children)
    subjects = [child for child in children if child.dep_ == "nsubj"]
    agents = [grandchild for child in children if child.dep_ == "agent"
              for grandchild in child.children if grandchild.dep_ == "pobj"]
    for phrase in subjects + agents:
        if phrase.ent_type_ in PARTICIPANTS or phrase.pos_ == "PRON" or \
                NOMINAL_HEADS.get(phrase.lemma_.lower(), PLACE) != PLACE or \
                VICTIMS.get(phrase.lemma_.lower()) in ("militant", "security"):
            return noun_phrase(phrase)
        named = [entity for entity in phrase.doc.ents if entity.label_ in PARTICIPANTS
                 and phrase.left_edge.i <= entity.start and entity.end <= phrase.right_edge.i + 1]
        if named:
            return named[0].start_char, named[0].end_char
    return None


def _time(outcome_word, counted, anchor: date) -> str | None:
    sentence = outcome_word.sent
    clause = {token.i for token in outcome_word.subtree}
    dates = [entity for entity in sentence.ents if entity.label_ == "DATE"]
    preferred = [entity for entity in dates if entity.start in clause] or dates
    for entity in sorted(preferred, key=lambda entity: abs(entity.start - counted.i)):
        value = timex(entity.text, anchor)
        if value is not None and ISO_DATE.match(value):
            return value
    return None


def _country(outcome_word) -> str | None:
    for token in outcome_word.subtree:
        if token.dep_ == "pobj" and token.head.lower_ == "in" and token.ent_type_ == "GPE":
            entity = next(e for e in token.doc.ents if e.start <= token.i < e.end)
            code = _alpha2(country_of(entity.text) or capital_of(entity.text))
            if code is not None:
                return code
    return None


@cache
def _alpha2(country: str | None) -> str | None:
    if country is None:
        return None
    from countryinfo import CountryInfo

    return CountryInfo(country).iso(2)
