"""Coreference: a small rule-based resolver in the manner of a multi-pass sieve.

Mentions are spaCy's named entities of participant labels, noun chunks headed by a common noun
of :data:`~afp_strikes_bench.baselines.spacy_sm.lexicon.NOMINAL_HEADS`, pronouns, and acronyms
defined in
parentheses. Each named rule proposes pairs of mentions that corefer; clusters are the connected
components. Named and nominal mentions are kept as singletons (every participant's mention
belongs in the answer); an unresolved pronoun is dropped (it may not refer to a participant).

A mention's span is its whole noun phrase, as in CoNLL-2012 ("foreign minister X", "the groups
struck by X"); its name, for matching, is the entity's own text.

>>> from afp_strikes_bench.baselines.spacy_sm.pipeline import nlp
>>> text = "Maria Lopez met the Sultan. Later Lopez said she was pleased."
>>> [[text[m["start"]:m["end"]] for m in cluster] for cluster in extract(nlp()(text), {})]
[['Maria Lopez', 'Lopez', 'she'], ['the Sultan']]
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from afp_strikes_bench.baselines.spacy_sm.countries import capital_of, country_of
from afp_strikes_bench.baselines.spacy_sm.entities import trim, without_possessive
from afp_strikes_bench.baselines.spacy_sm.lexicon import (
    GROUP,
    HEAD_SYNONYMS,
    LABEL_KINDS,
    NOMINAL_HEADS,
    PERSON,
    POLITY_HEADS,
    PRONOUNS,
    RELATIVE_PRONOUNS,
)

SUBJECTS = {"nsubj", "nsubjpass"}
#: a name used as a modifier ("the Norwegian state", "Oslo police") is not an antecedent
MODIFIER_DEPS = {"amod", "compound"}
#: how many sentences back a pronoun looks for its antecedent
PRONOUN_WINDOW = 2
#: dependents that end a noun phrase or never belong to it
NOT_IN_PHRASE = {"punct", "cc", "conj", "appos", "preconj", "mark", "advmod"}
#: dependents after the head that belong to its phrase
POSTMODIFIERS = {"prep", "acl", "relcl", "amod"}
CLAUSE_MARKS = {",", "“", "”", '"'}
ACRONYM_IN_PARENTHESES = re.compile(r"\(([A-Z][A-Z0-9&]{1,7})\)")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    #: NAM, NOM or PRO
    form: str
    #: person, group or place; empty for a pronoun (the lexicon says what it may refer to)
    kind: str
    plural: bool
    #: token index of the syntactic head
    root: int
    sentence: int
    #: the surface text without a leading "the" or a possessive ending
    name: str


def extract(doc, document: dict) -> list[list[dict]]:
    """Clusters of ``{"start", "end"}`` spans, in text order."""
    mentions = find_mentions(doc)
    clusters = connected(mentions, (pair for rule in RULES for pair in rule(mentions, doc)))
    kept = [cluster for cluster in clusters if len(cluster) > 1 or cluster[0].form != "PRO"]
    return [[{"start": m.start, "end": m.end} for m in cluster] for cluster in kept]


# --- mentions ---------------------------------------------------------------------------------

def find_mentions(doc) -> list[Mention]:
    """Every mention once per span, in text order; a named reading wins over a nominal one
    (of the same span, or of the same head: "the X group")."""
    by_span: dict[tuple[int, int], Mention] = {}
    named_roots: set[int] = set()
    for mention in (*named_mentions(doc), *surname_mentions(doc), *acronym_mentions(doc),
                    *nominal_mentions(doc), *pronoun_mentions(doc)):
        # None where nothing valid was left after trimming
        if mention and not (mention.form == "NOM" and mention.root in named_roots):
            by_span.setdefault((mention.start, mention.end), mention)
            if mention.form == "NAM":
                named_roots.add(mention.root)
    return sorted(by_span.values(), key=lambda m: (m.start, -m.end))


def _mention(doc, core: tuple[int, int], root, form: str, kind: str, plural: bool,
             *, postmodifiers: bool = False) -> Mention | None:
    """A mention whose name is the text of ``core`` and whose span is its whole noun phrase."""
    span = trim(doc.text, *noun_phrase(root, *core, postmodifiers=postmodifiers))
    if span is None:
        return None
    name = re.sub(r"^the\s+", "", re.sub(r"['’]s?$", "", doc.text[core[0]:core[1]].strip()),
                  flags=re.IGNORECASE)
    return Mention(span[0], span[1], form, kind, plural, root.i, root.sent.start, name)


def noun_phrase(root, start: int, end: int, *, postmodifiers: bool) -> tuple[int, int]:
    """The maximal noun phrase around ``start:end`` headed by ``root`` (the CoNLL-2012 mention).

    Left: the head's determiners, possessors, titles and adjectives ("foreign minister X",
    "The Kremlin"). Right, where ``postmodifiers``: prepositional phrases and restrictive clauses
    ("the groups struck by X"), up to a comma, an apposition or a coordination; a postmodifier
    holding a comma or a quotation mark is left out (a clause the parser attached too low).
    """
    start, end = min(start, root.idx), max(end, root.idx + len(root))
    for child in root.lefts:
        if child.dep_ not in NOT_IN_PHRASE:
            start = min(start, child.left_edge.idx)
    if postmodifiers:
        for child in root.rights:
            if child.dep_ in NOT_IN_PHRASE or child.left_edge.nbor(-1).text == ",":
                break
            clause_like = any(token.text in CLAUSE_MARKS for token in child.subtree)
            if child.dep_ in POSTMODIFIERS and not clause_like:
                end = max(end, child.right_edge.idx + len(child.right_edge))
    return start, end


def _is_plural(token) -> bool:
    return token.tag_ in ("NNS", "NNPS")


def named_mentions(doc) -> Iterator[Mention | None]:
    """Entities of participant labels. A name that modifies a noun of its own kind is the whole
    phrase ("the X group", "X province"): the noun only says what kind of thing X is."""
    for ent in doc.ents:
        if ent.label_ in LABEL_KINDS:
            kind, root = LABEL_KINDS[ent.label_], ent.root
            if (root.dep_ == "compound" and root.head.pos_ == "NOUN"
                    and NOMINAL_HEADS.get(root.head.lemma_.lower()) == kind):
                root = root.head
            yield _mention(doc, without_possessive(ent), root, "NAM", kind, _is_plural(root))


def surname_mentions(doc) -> Iterator[Mention | None]:
    """A proper noun the model did not tag that repeats the last word of an earlier person's
    full name ("... Maria Elena Lopez ... Lopez told reporters")."""
    surnames: set[str] = set()
    for token in doc:
        if token.ent_type_ == "PERSON" and token.ent_iob_ == "B":
            ent = next(e for e in doc.ents if e.start == token.i)
            if len(ent) > 1:
                surnames.add(ent[-1].text)
        elif token.pos_ == "PROPN" and not token.ent_type_ and token.text in surnames:
            yield _mention(doc, (token.idx, token.idx + len(token)), token, "NAM", PERSON, False)


def nominal_mentions(doc) -> Iterator[Mention | None]:
    """Noun chunks headed by a common noun that names a participant ("the two countries")."""
    for chunk in doc.noun_chunks:
        head = chunk.root
        kind = NOMINAL_HEADS.get(head.lemma_.lower())
        if head.pos_ == "NOUN" and kind and not head.ent_type_:
            yield _mention(doc, (chunk.start_char, chunk.end_char), head, "NOM", kind,
                           _is_plural(head), postmodifiers=True)


def pronoun_mentions(doc) -> Iterator[Mention]:
    for token in doc:
        word = token.lower_
        if word in PRONOUNS or (word in RELATIVE_PRONOUNS and token.tag_ in ("WDT", "WP", "WP$")):
            plural = PRONOUNS[word][1] if word in PRONOUNS else False
            yield Mention(token.idx, token.idx + len(token), "PRO", "", plural, token.i,
                          token.sent.start, word)


def acronym_mentions(doc) -> Iterator[Mention | None]:
    """Both forms of a definition "Long Form Name (LFN)" and every later use of the acronym,
    where the model found no name there (an acronym names an organisation, mostly)."""
    for long_start, long_end, short_start, short_end in acronym_definitions(doc.text):
        uses = re.compile(rf"\b{re.escape(doc.text[short_start:short_end])}\b")
        for start, end in [(long_start, long_end), (short_start, short_end),
                           *(use.span() for use in uses.finditer(doc.text, short_end))]:
            tokens = doc.char_span(start, end, alignment_mode="expand")
            if not any(token.ent_type_ for token in tokens):
                yield _mention(doc, (start, end), tokens.root, "NAM", GROUP, False)


def acronym_definitions(text: str) -> Iterator[tuple[int, int, int, int]]:
    """``(long start, long end, acronym start, acronym end)`` of each "Long Form (LF)".

    The long form is the shortest run of words before the parenthesis whose initials spell the
    acronym, where skipped words are lower case (function words), as in Schwartz and Hearst's
    (2003) abbreviation finder.

    >>> text = "the Sons of Liberty Party (SLP) and the Tax Office (IRS)"
    >>> [text[a:b] + "=" + text[c:d] for a, b, c, d in acronym_definitions(text)]
    ['Sons of Liberty Party=SLP']
    """
    for match in ACRONYM_IN_PARENTHESES.finditer(text):
        acronym = match.group(1).lower()
        words = list(WORD.finditer(text, max(0, match.start() - 120), match.start()))
        for first in range(len(words) - 1, max(-1, len(words) - 2 * len(acronym) - 1), -1):
            run = words[first:]
            if run[0].group()[0].isupper() and _spells(acronym, [w.group() for w in run]):
                yield run[0].start(), run[-1].end(), match.start(1), match.end(1)
                break


def _spells(acronym: str, words: list[str]) -> bool:
    """Do the initials of ``words`` spell ``acronym``, skipping only lower-case words?"""
    position = 0
    for word in words:
        if position < len(acronym) and word[0].lower() == acronym[position]:
            position += 1
        elif word[0].isupper():
            return False
    return position == len(acronym) and words[0][0].lower() == acronym[0]


# --- rules: each yields pairs of coreferent mentions -------------------------------------------

Pair = tuple[Mention, Mention]


def same_name(mentions: list[Mention], doc) -> Iterator[Pair]:
    """Named mentions with the same name ("Oslo" ... "Oslo's")."""
    yield from _chain((m for m in mentions if m.form == "NAM"), lambda m: m.name.lower())


def same_country(mentions: list[Mention], doc) -> Iterator[Pair]:
    """A country's name, codes and (singular) demonym: "USA", "United States", "American"."""
    yield from _chain((m for m in mentions if m.form == "NAM" and not m.plural),
                      lambda m: country_of(m.name))


def surname_alias(mentions: list[Mention], doc) -> Iterator[Pair]:
    """A one-word name that is the last word of an earlier person's full name ("Lopez")."""
    full_names = [m for m in mentions if m.form == "NAM" and m.kind == PERSON and " " in m.name]
    for mention in mentions:
        if mention.form == "NAM" and " " not in mention.name:
            earlier = [m for m in full_names
                       if m.end <= mention.start and _last_word(m.name) == mention.name]
            if earlier:
                yield earlier[-1], mention


def acronym_alias(mentions: list[Mention], doc) -> Iterator[Pair]:
    """An acronym and its long form: defined in parentheses, or spelt by a name's initials."""
    names = [m for m in mentions if m.form == "NAM"]
    for long_start, long_end, short_start, short_end in acronym_definitions(doc.text):
        # the shortest name that holds each form (the model's may take in "the")
        long_form = _shortest_around(names, long_start, long_end)
        acronym = _shortest_around(names, short_start, short_end)
        if long_form and acronym and long_form != acronym:
            yield long_form, acronym
    for mention in names:
        if mention.name.isupper() and len(mention.name) > 1:
            spelt = [m for m in names if m.end <= mention.start and " " in m.name
                     and "".join(w[0] for w in WORD.findall(m.name)).upper() == mention.name]
            if spelt:
                yield spelt[-1], mention


def capital_metonymy(mentions: list[Mention], doc) -> Iterator[Pair]:
    """A capital that acts (subject, or agent after "by") stands for its country's government."""
    countries: dict[str, Mention] = {}
    for mention in mentions:
        country = country_of(mention.name) if mention.form == "NAM" and not mention.plural \
            else None
        if country:
            countries.setdefault(country, mention)
    for mention in mentions:
        country = capital_of(mention.name) if mention.form == "NAM" else None
        if country in countries and _acts(doc[mention.root]):
            yield countries[country], mention


def appositive(mentions: list[Mention], doc) -> Iterator[Pair]:
    """"his counterpart, Maria Lopez": a mention and its apposition."""
    by_root = _by_root(mentions)
    for mention in mentions:
        token = doc[mention.root]
        if token.dep_ == "appos" and token.head.i in by_root and mention.form != "PRO":
            yield by_root[token.head.i], mention


def predicate_nominal(mentions: list[Mention], doc) -> Iterator[Pair]:
    """"X is a militant group": the subject of a copula and its nominal predicate."""
    by_root = _by_root(mentions)
    for mention in mentions:
        token = doc[mention.root]
        if mention.form == "NOM" and token.dep_ == "attr" and token.head.lemma_ == "be":
            subjects = [c for c in token.head.children if c.dep_ in SUBJECTS and c.i in by_root]
            if subjects:
                yield by_root[subjects[0].i], mention


def polity_modifier(mentions: list[Mention], doc) -> Iterator[Pair]:
    """"the Norwegian state", "Norway's government": a polity noun owned by a country."""
    by_root = _by_root(mentions)
    for mention in mentions:
        token = doc[mention.root]
        if mention.form != "NOM" or mention.plural or token.lemma_.lower() not in POLITY_HEADS:
            continue
        for child in token.children:
            owner = by_root.get(child.i)
            if child.dep_ in ("amod", "poss", "compound") and owner and country_of(owner.name):
                yield owner, mention


def head_match(mentions: list[Mention], doc) -> Iterator[Pair]:
    """A nominal and the nearest earlier nominal with the same head, number and no new modifier.

    "the groups" continues "the militant groups"; "the Norwegian state" does not continue
    "the state" (a modifier the earlier mention lacks says it may be another one).
    """
    nominals = [m for m in mentions if m.form == "NOM"]
    for index, mention in enumerate(nominals):
        for earlier in reversed(nominals[:index]):
            if (_head(doc, earlier) == _head(doc, mention) and earlier.plural == mention.plural
                    and _modifiers(doc, mention) <= _modifiers(doc, earlier)
                    and earlier.end <= mention.start):
                yield earlier, mention
                break


def relative_pronoun(mentions: list[Mention], doc) -> Iterator[Pair]:
    """"the group, which ...": a relative pronoun and the noun its clause modifies."""
    by_root = _by_root(mentions)
    for mention in mentions:
        kinds = RELATIVE_PRONOUNS.get(mention.name) if mention.form == "PRO" else None
        if not kinds:
            continue
        clause = doc[mention.root]
        while clause.dep_ not in ("relcl", "acl") and clause.head.i != clause.i:
            clause = clause.head
        noun = by_root.get(clause.head.i) if clause.dep_ in ("relcl", "acl") else None
        if noun and noun.kind in kinds:
            yield noun, mention


def personal_pronoun(mentions: list[Mention], doc) -> Iterator[Pair]:
    """A pronoun and the nearest earlier compatible mention, subjects first, sentence by sentence.

    Compatible: he/she for persons; it for a singular group or place; they for a plural or a
    group. Candidates are ranked by sentence distance (up to :data:`PRONOUN_WINDOW` back), then
    subjects before other mentions, then nearest first.
    """
    sentence_number = {sentence.start: n for n, sentence in enumerate(doc.sents)}
    for mention in mentions:
        if mention.form != "PRO" or mention.name not in PRONOUNS:
            continue
        here = sentence_number[mention.sentence]
        candidates = [m for m in mentions if m.end <= mention.start
                      and sentence_number[m.sentence] >= here - PRONOUN_WINDOW
                      and _agrees(mention, m) and doc[m.root].dep_ not in MODIFIER_DEPS]
        if candidates:
            yield mention, min(candidates, key=lambda m: (
                here - sentence_number[m.sentence], doc[m.root].dep_ not in SUBJECTS, -m.start))


RULES: tuple[Callable[[list[Mention], object], Iterable[Pair]], ...] = (
    same_name, same_country, surname_alias, acronym_alias, capital_metonymy, appositive,
    predicate_nominal, polity_modifier, head_match, relative_pronoun, personal_pronoun)


# --- helpers ----------------------------------------------------------------------------------

def connected(mentions: list[Mention], pairs: Iterable[Pair]) -> list[list[Mention]]:
    """Clusters: the connected components of the pairs, each in text order, ordered by start."""
    parent = {m: m for m in mentions}

    def root(m: Mention) -> Mention:
        while parent[m] != m:
            parent[m] = parent[parent[m]]
            m = parent[m]
        return m

    for a, b in pairs:
        parent[root(a)] = root(b)
    clusters: dict[Mention, list[Mention]] = {}
    for mention in mentions:
        clusters.setdefault(root(mention), []).append(mention)
    return sorted(clusters.values(), key=lambda c: (c[0].start, c[0].end))


def _chain(mentions: Iterable[Mention], key: Callable[[Mention], object]) -> Iterator[Pair]:
    """Consecutive pairs of mentions that share a (non-empty) key."""
    last: dict[object, Mention] = {}
    for mention in mentions:
        value = key(mention)
        if value:
            if value in last:
                yield last[value], mention
            last[value] = mention


def _by_root(mentions: list[Mention]) -> dict[int, Mention]:
    """Mention by its head token; the longest where several share one."""
    by_root: dict[int, Mention] = {}
    for mention in sorted(mentions, key=lambda m: m.end - m.start):
        if mention.form != "PRO":
            by_root[mention.root] = mention
    return by_root


def _shortest_around(mentions: list[Mention], start: int, end: int) -> Mention | None:
    around = [m for m in mentions if m.start <= start and end <= m.end]
    return min(around, key=lambda m: m.end - m.start, default=None)


def _last_word(name: str) -> str:
    return name.split()[-1]


def _acts(token) -> bool:
    return token.dep_ in SUBJECTS or (token.dep_ == "pobj" and token.head.lower_ == "by")


def _head(doc, mention: Mention) -> str:
    lemma = doc[mention.root].lemma_.lower()
    return HEAD_SYNONYMS.get(lemma, lemma)


def _modifiers(doc, mention: Mention) -> set[str]:
    """What restricts a nominal: adjectives, noun modifiers and its possessor, not numbers.

    A possessor counts whole ("its territory" is not "each other's territory").
    """
    inside = [t for t in doc[mention.root].children if mention.start <= t.idx < mention.end]
    return ({t.lemma_.lower() for t in inside if t.dep_ in ("amod", "compound", "nmod")}
            | {"poss:" + "".join(w.lower_ for w in t.subtree) for t in inside if t.dep_ == "poss"})


def _agrees(pronoun: Mention, candidate: Mention) -> bool:
    """Number and kind agreement of a personal pronoun with a candidate antecedent."""
    if candidate.form == "PRO":
        return (candidate.name in PRONOUNS and PRONOUNS[candidate.name] == PRONOUNS[pronoun.name])
    kinds, plural = PRONOUNS[pronoun.name]
    if plural:
        return candidate.plural or candidate.kind == GROUP
    return candidate.kind in kinds and not candidate.plural
