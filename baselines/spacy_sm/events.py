"""Events (SPEC 3.3): triggers from a lexicon, arguments from the dependency parse, realis from
negation, modals and conditionals, hoppers from shared participants.

- A trigger is a verb or noun whose lemma the lexicon
(:mod:`afp_strikes_bench.baselines.spacy_sm.events_lexicon`)
  files under an event type; a few lemmas need a complement to take that sense ("work with",
  "restore relations", "call on"). A noun used as a modifier ("war crimes") is no trigger.
- Arguments come from grammatical positions: the subject is the doer (Attacker, Agent,
  Participant, Traveller), the object or passive subject the undergoer (Target, Victim,
  Recipient), prepositional phrases fill roles by preposition ("on"/"against" a Target, "in" a
  place a Place, "with" a Participant or Instrument), DATE and TIME names fill Time. An event
  noun that is the object of a light verb ("carried out strikes", "held a meeting") takes the
  verb's subject and modifiers. Spans are full noun phrases without relative clauses,
  appositions or coordinated conjuncts (each conjunct is an argument of its own).
- Realis is ``other`` under negation, a modal, "to", a conditional or a word of wanting,
  planning or asking ("readiness to work with"); ``actual`` otherwise.
- Events of one type and realis share a hopper when they share a named doer or undergoer in
  the same role and do not have different times.

>>> from afp_strikes_bench.baselines.spacy_sm.pipeline import nlp
>>> text = "Rebels attacked the village on Monday."
>>> [(e["type"], [(a["role"], text[a["start"]:a["end"]]) for a in e["arguments"]])
...  for e in extract(nlp()(text), {"text": text})]
[('Conflict.Attack', [('Attacker', 'Rebels'), ('Target', 'the village'), ('Time', 'Monday')])]
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from afp_strikes_bench.baselines.spacy_sm.events_lexicon import (
    APPEAL,
    APPEAL_PREPOSITIONS,
    ASPECT_VERBS,
    ATTACK,
    CALL,
    CONDITIONALS,
    CORE_ROLES,
    DIE,
    INJURE,
    IRREALIS_GOVERNORS,
    LIGHT_VERBS,
    MODALS,
    NEEDS_CLAUSE,
    NEEDS_PREPOSITION,
    NEEDS_RELATIONS_OBJECT,
    NEGATIONS,
    PARTICIPANT_NOUNS,
    PARTICIPANT_ROLES,
    PLACE_NOUNS,
    PLACE_ROLES,
    PREPOSITION_ROLES,
    RELATIONS_NOUNS,
    TRANSPORT,
    TRIGGERS,
    WEAPON_NOUNS,
)
from afp_strikes_bench.spans import check_span
from afp_strikes_bench.tasks.events import ROLES

TIME_LABELS = {"DATE", "TIME"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PARTICIPANT_LABELS = {"PERSON", "NORP", "ORG", "GPE"}
#: children outside a noun phrase's span: relative and adverbial clauses; the head's own
#: conjuncts are arguments of their own, and appositions and participles set off by
#: punctuation are left out too (see :func:`phrase`)
CLAUSES = {"relcl", "advcl"}
SET_OFF = {"appos", "acl"}
COORDINATION = {"cc", "conj", "preconj"}
#: dependencies that open a clause of its own: realis cues above them belong to another event
CLAUSE_BOUNDARIES = {"ccomp", "advcl", "relcl", "parataxis", "conj", "ROOT"}
RELATIVE_PRONOUNS = {"which", "who", "whom", "that"}
LOCATIVE_PREPOSITIONS = {"in", "near", "inside"}


@dataclass
class Argument:
    role: str
    start: int
    end: int
    #: the head word, lower-cased: how hoppers compare participants
    head: str
    #: whether the head is a name: common nouns ("the group") and pronouns stand for too many
    #: things to link events by
    named: bool


@dataclass
class Event:
    start: int
    end: int
    type: str
    realis: str
    arguments: list[Argument] = field(default_factory=list)


def extract(doc, document: dict) -> list[dict]:
    events = [event for token in doc for event in _event(token)]
    clusters = hoppers(events)
    return [{"trigger": {"start": e.start, "end": e.end}, "type": e.type, "realis": e.realis,
             "arguments": [{"role": a.role, "start": a.start, "end": a.end} for a in e.arguments],
             "cluster": cluster} for e, cluster in zip(events, clusters)]


def _event(token) -> Iterator[Event]:
    event_type = trigger_type(token)
    if event_type is None:
        return
    first = _prefix_start(token)
    start, end = first.idx, token.idx + len(token)
    event = Event(start, end, event_type, realis(token.doc[first.i:token.i + 1]))
    seen = set()
    for role, head in _with_places(candidates(token, event_type)):
        argument = _argument(role, head)
        if argument is None or (argument.role, argument.start, argument.end) in seen:
            continue
        if (argument.start, argument.end) == (start, end):
            continue
        if argument.role not in ROLES[event_type]:
            continue
        seen.add((argument.role, argument.start, argument.end))
        event.arguments.append(argument)
    event.arguments.sort(key=lambda a: (a.start, a.end, a.role))
    yield event


# --- triggers ---------------------------------------------------------------------------------

def trigger_type(token) -> str | None:
    """What event type ``token`` triggers, if any.

    >>> from afp_strikes_bench.baselines.spacy_sm.pipeline import nlp
    >>> doc = nlp()("Ministers called on both sides to talk and later called their counterparts.")
    >>> [(t.text, trigger_type(t)) for t in doc if trigger_type(t)]
    [('called', 'Diplomacy.Appeal'), ('called', 'Contact.Call')]
    """
    pos = token.pos_ if token.pos_ in ("VERB", "NOUN") else None
    if pos is None or (pos == "NOUN" and token.dep_ == "compound"):
        return None
    lemma = token.lemma_.lower()
    if lemma == "call":
        asks = any(child.dep_ in ("xcomp", "ccomp") for child in token.children) or any(
            child.lower_ in APPEAL_PREPOSITIONS and not _is_time_phrase(child)
            for child in token.children if child.dep_ == "prep")
        return APPEAL if asks else CALL
    event_type = TRIGGERS.get((lemma, pos))
    if event_type is None or pos == "NOUN":
        return event_type
    if lemma in NEEDS_RELATIONS_OBJECT:
        objects = {child.lemma_.lower() for child in token.children if child.dep_ == "dobj"}
        return event_type if objects & RELATIONS_NOUNS else None
    if lemma in NEEDS_PREPOSITION:
        return event_type if _prepositions(token) & NEEDS_PREPOSITION[lemma] else None
    if lemma in NEEDS_CLAUSE:
        return event_type if any(c.dep_ in ("xcomp", "ccomp") for c in token.children) else None
    return event_type


def _prefix_start(token):
    """Where "re-" + verb starts ("re-establish"); else ``token`` itself."""
    doc = token.doc
    if (token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "re"
            and not doc[token.i - 2].whitespace_ and not doc[token.i - 1].whitespace_):
        return doc[token.i - 2]
    return token


def _prepositions(token) -> set[str]:
    return {child.lower_ for child in token.children if child.dep_ in ("prep", "agent")}


def _is_time_phrase(preposition) -> bool:
    return any(pobj.ent_type_ in TIME_LABELS for pobj in _objects(preposition))


# --- arguments --------------------------------------------------------------------------------

def candidates(trigger, event_type: str) -> Iterator[tuple[str | None, Any]]:
    """``(role, head token)`` pairs; roles are checked against the type afterwards."""
    if trigger.pos_ == "VERB":
        yield from _verb_arguments(trigger, event_type)
        return
    yield from _noun_arguments(trigger, event_type)
    governor = trigger.head
    lemma = governor.lemma_.lower()
    if trigger.dep_ == "dobj" and (lemma in LIGHT_VERBS or governor.lower_ in LIGHT_VERBS):
        doer, _ = CORE_ROLES[event_type]
        for subject in _subjects(governor):
            yield from _doer(subject, doer)
        yield from _modifiers(governor, event_type)
    elif trigger.dep_ == "nsubj" and lemma in ASPECT_VERBS:
        yield from _modifiers(governor, event_type)


def _with_places(found: Iterator[tuple[str | None, Any]]) -> Iterator[tuple[str | None, Any]]:
    """Each candidate, and the place a participant is said to be in: "strikes on camps in X"
    attaches "in X" to the camps, but X is where the strikes happened."""
    for role, head in found:
        yield role, head
        if role in ("Time", "Place"):
            continue
        for preposition in head.children:
            if preposition.dep_ == "prep" and preposition.lower_ in LOCATIVE_PREPOSITIONS:
                for pobj in _objects(preposition):
                    yield "Place", pobj


def _verb_arguments(verb, event_type: str) -> Iterator[tuple[str | None, Any]]:
    doer, undergoer = CORE_ROLES[event_type]
    for subject in _subjects(verb):
        yield from _doer(subject, doer)
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and undergoer:  # "the groups struck by ..."
        yield undergoer, verb.head
    for child in verb.children:
        if child.dep_ == "nsubjpass" and undergoer:
            yield from _conjuncts(undergoer, _antecedent(child))
        elif child.dep_ == "dobj":
            head = _antecedent(child)
            if head.lemma_.lower() in RELATIONS_NOUNS:  # "restore relations with X"
                yield from _modifiers(head, event_type)
            elif event_type == TRANSPORT and _is_place(head):
                yield "Destination", head
            elif undergoer:
                yield from _conjuncts(undergoer, head)
        elif child.dep_ == "agent":
            for pobj in _objects(child):
                yield from _conjuncts(doer, pobj)
    yield from _modifiers(verb, event_type)


def _noun_arguments(noun, event_type: str) -> Iterator[tuple[str | None, Any]]:
    doer, undergoer = CORE_ROLES[event_type]
    # a death's or injury's owner is its victim ("his death"); other events' owner is the doer
    owner = undergoer if event_type in (DIE, INJURE) else doer
    for child in noun.children:
        if child.dep_ == "poss":
            if child.ent_type_ in TIME_LABELS:
                yield "Time", child
            elif child.lower_ not in ("other", "each"):
                yield owner, child
        elif child.dep_ in ("amod", "compound", "nmod"):
            if child.ent_type_ in PARTICIPANT_LABELS:
                yield owner, child
            elif event_type == ATTACK and child.lemma_.lower() in WEAPON_NOUNS:
                yield from _conjuncts("Instrument", child)
        elif child.dep_ == "prep" and child.lower_ == "by":
            for pobj in _objects(child):
                yield from _conjuncts(doer, pobj)
    yield from _modifiers(noun, event_type)


def _modifiers(head, event_type: str) -> Iterator[tuple[str | None, Any]]:
    """Roles from prepositional phrases and bare time phrases ("this week")."""
    by_preposition = PREPOSITION_ROLES[event_type]
    for child in head.children:
        if child.dep_ == "npadvmod" and child.ent_type_ in TIME_LABELS:
            yield "Time", child
        if event_type == TRANSPORT and child.dep_ == "advmod" and child.lower_ == "home":
            yield "Destination", child
        if child.dep_ != "prep":
            continue
        for pobj in _objects(child):
            if pobj.ent_type_ in TIME_LABELS:
                yield "Time", pobj
            elif child.lower_ in by_preposition:
                yield from _conjuncts(by_preposition[child.lower_], pobj)


def _subjects(verb) -> list:
    """Active subjects; without one, the subject of the verb it is coordinated with or that
    controls it ("X cut ... and flew", "X decided to restore"), or the owner of the noun it
    completes ("X's readiness to work")."""
    subjects = [_antecedent(c) for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        return subjects
    if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        return _subjects(verb.head)
    if verb.dep_ == "acl" and verb.tag_ == "VB":
        return [child for child in verb.head.children if child.dep_ == "poss"]
    return []


def _doer(subject, doer: str | None) -> Iterator[tuple[str | None, Any]]:
    """A subject as doer; a weapon subject is the Instrument and its owner the doer; an attack
    that kills or injures lends its attacker, weapons, place and time ("Monday's strikes
    killed ...", "the rebel attack wounded ...")."""
    if subject.lemma_.lower() in WEAPON_NOUNS:
        yield from _conjuncts("Instrument", subject)
        for child in subject.children:
            if child.dep_ == "poss" and doer:
                yield doer, child
    elif TRIGGERS.get((subject.lemma_.lower(), "NOUN")) == ATTACK:
        for role, head in _noun_arguments(subject, ATTACK):
            if role in ("Attacker", "Instrument", "Place", "Time"):
                yield ("Agent" if role == "Attacker" else role), head
    elif (subject.lemma_.lower(), "NOUN") in TRIGGERS or subject.ent_type_ in TIME_LABELS:
        return  # "the meeting agreed ...": an event, not a participant
    elif doer:
        yield from _conjuncts(doer, subject)


def _objects(preposition) -> list:
    return [child for child in preposition.children if child.dep_ == "pobj"]


def _antecedent(token):
    """A relative pronoun stands for the noun its clause modifies ("the group, which X hit")."""
    if token.lower_ in RELATIVE_PRONOUNS and token.tag_ in ("WDT", "WP"):
        clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
        if clause is not None:
            return clause.head
    return token


def _conjuncts(role: str | None, head) -> Iterator[tuple[str | None, Any]]:
    yield role, head
    for child in head.children:
        if child.dep_ == "conj":
            yield from _conjuncts(role, child)


def _argument(role: str | None, head) -> Argument | None:
    """An argument headed by ``head`` in ``role``, or None where the head cannot fill it (or
    the event type has no such role)."""
    if role is None:
        return None
    if role == "Time":
        entity = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
        if entity is None:
            return None
        start, end = entity.start_char, entity.end_char
    else:
        nominal = (head.pos_ in ("NOUN", "PROPN", "PRON", "NUM") or head.ent_type_ == "NORP"
                   or head.lower_ == "home")
        if head.ent_type_ in TIME_LABELS or not nominal:
            return None
        if role in PLACE_ROLES and not _is_place(head):
            return None
        if role in PARTICIPANT_ROLES and not _is_participant(head):
            return None
        if role == "Instrument" and head.lemma_.lower() not in WEAPON_NOUNS:
            return None
        start, end = phrase(head)
    text = head.doc.text
    if check_span(text, {"start": start, "end": end}):
        return None
    named = head.pos_ == "PROPN" or head.ent_type_ in PARTICIPANT_LABELS | PLACE_LABELS
    return Argument(role, start, end, head.lemma_.lower(), named)


def phrase(head) -> tuple[int, int]:
    """Character offsets of the noun phrase headed by ``head``.

    >>> from afp_strikes_bench.baselines.spacy_sm.pipeline import nlp
    >>> doc = nlp()("Rebels hit bases of the army, which denied it, and a depot.")
    >>> start, end = phrase(doc[2])
    >>> doc.text[start:end]
    'bases of the army'
    """
    doc = head.doc

    def inside(child) -> bool:
        set_off = child.dep_ in SET_OFF and doc[max(child.left_edge.i - 1, 0)].is_punct
        own_conjunct = child.head.i == head.i and child.dep_ in COORDINATION
        return child.dep_ not in CLAUSES and not set_off and not own_conjunct

    kept = set()
    stack = [head]
    while stack:
        token = stack.pop()
        kept.add(token.i)
        stack.extend(child for child in token.children if inside(child))
    first = last = head.i
    while first - 1 in kept:
        first -= 1
    while last + 1 in kept:
        last += 1
    # no edge punctuation, and no possessive ending ("the state's" -> "the state")
    while first < last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last > first and (doc[last].is_punct or doc[last].is_space or doc[last].tag_ == "POS"):
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last])


def _is_place(token) -> bool:
    return token.ent_type_ in PLACE_LABELS or token.lemma_.lower() in PLACE_NOUNS


def _is_participant(token) -> bool:
    return (token.ent_type_ in PARTICIPANT_LABELS or token.pos_ in ("PROPN", "PRON")
            or token.lemma_.lower() in PARTICIPANT_NOUNS)


# --- realis -----------------------------------------------------------------------------------

def realis(trigger_tokens) -> str:
    """``other`` for negated, modal, infinitival, conditional or wanted events, else ``actual``.

    Cues are looked for on the trigger and on the words above it, up to the head of its clause
    and never past a verb other than a light verb ("will carry out strikes") or a verb of wanting
    or asking ("threatened strikes").

    >>> from afp_strikes_bench.baselines.spacy_sm.pipeline import nlp
    >>> doc = nlp()("They attacked. They did not attack. They may attack. They vowed to attack.")
    >>> [realis(doc[i:i + 1]) for i, t in enumerate(doc) if t.lemma_ == "attack"]
    ['actual', 'other', 'other', 'other']
    """
    for token in trigger_tokens:
        current = token
        while True:
            if current.i != token.i and current.lemma_.lower() in IRREALIS_GOVERNORS:
                return "other"
            for child in current.children:
                word = child.lower_
                if child.dep_ == "neg" or (child.dep_ == "det" and word in NEGATIONS | {"any"}):
                    return "other"
                if child.dep_ in ("aux", "auxpass") and (word in MODALS or word == "to"):
                    return "other"
                if child.dep_ == "mark" and word in CONDITIONALS:
                    return "other"
            head = current.head
            if current.dep_ in CLAUSE_BOUNDARIES or head.i == current.i:
                break
            lemma = head.lemma_.lower()
            light = current.dep_ == "dobj" and lemma in LIGHT_VERBS
            if head.pos_ in ("VERB", "AUX") and not light and lemma not in IRREALIS_GOVERNORS:
                break
            current = head
    return "actual"


# --- hoppers ----------------------------------------------------------------------------------

def hoppers(events: list[Event]) -> list[str]:
    """A hopper name per event: events of one type and realis that share a named doer or
    undergoer in one role, with no two different times, are one hopper (transitively)."""
    parent = list(range(len(events)))
    # the times of each hopper so far: a hopper never joins two different times
    times = [{a.head for a in e.arguments if a.role == "Time"} for e in events]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, first in enumerate(events):
        for j in range(i + 1, len(events)):
            a, b = root(i), root(j)
            compatible = not (times[a] and times[b]) or times[a] & times[b]
            if a != b and compatible and _shares_participant(first, events[j]):
                parent[b] = a
                times[a] |= times[b]
    names: dict[int, str] = {}
    return [names.setdefault(root(i), f"h{len(names) + 1}") for i in range(len(events))]


def _shares_participant(first: Event, second: Event) -> bool:
    if (first.type, first.realis) != (second.type, second.realis):
        return False
    core = set(CORE_ROLES[first.type])
    participants = [{(a.role, a.head) for a in e.arguments if a.role in core and a.named}
                    for e in (first, second)]
    return bool(participants[0] & participants[1])
