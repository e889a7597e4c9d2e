"""brat standoff: a folder with ``DOC_ID.txt`` (the text) and ``DOC_ID.ann`` per document,
and ``annotation.conf`` declaring the types used.

The mapping (``.ann`` lines are tab-separated, as brat writes them):

- an entity is ``T`` with its label as type; its value, if any, is an ``AnnotatorNotes`` line
  ``#N AnnotatorNotes T_ID value=JSON`` (``value=9``, ``value="2024-01-18"``);
- an event is a trigger ``T`` typed with the event type and ``E_ID TYPE:T_TRIGGER ROLE:T_ARG``,
  repeated roles numbered as brat numbers them (``Target:T3 Target2:T4``); an argument is the
  entity ``T`` of the same span where there is one, else a ``Mention`` ``T``; realis and the
  event hopper are attributes ``Realis`` and ``Hopper`` of the ``E``;
- an attribution is its cue, a ``Cue`` ``T``, with relations from the cue: ``HasSource`` to the
  source (an entity or ``Mention`` ``T``), ``HasContent`` to each content fragment (a
  ``Content`` ``T``), ``HasParent`` to the cue of the enclosing attribution; its type is the
  attribute ``AttributionType`` of the cue;
- a span holding a line break is written as brat writes one, in fragments (``0 5;6 10``) whose
  text field joins them with a space; reading joins fragments separated by white space only.

Coreference and casualties are not carried. Reading takes every ``.ann`` of the folder (its
name is the document id); ``*`` (equivalence) lines are read and ignored.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.formats.common import checked_doc_id, numbered_lines
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.io import read_text
from afp_strikes_bench.schemas import enum

NAME = "brat"
TASKS = ("entities", "events", "attributions")
CONFIG = "annotation.conf"
#: the ``T`` types that are not entities
MENTION, CUE, CONTENT = "Mention", "Cue", "Content"
HAS_SOURCE, HAS_CONTENT, HAS_PARENT = "HasSource", "HasContent", "HasParent"
REALIS, HOPPER, ATTRIBUTION_TYPE = "Realis", "Hopper", "AttributionType"
VALUE_NOTE = "value="
_ROLE_NUMBER = re.compile(r"\d+$")


@dataclass
class _Annotations:
    """One document's ``.ann`` lines as they are built."""

    text: str
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    #: (start, end) -> the T id an argument or a source of that span points to
    fillers: dict[tuple[int, int], str] = field(default_factory=dict)

    def new_id(self, prefix: str) -> str:
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        return f"{prefix}{self.counts[prefix]}"

    def add(self, prefix: str, body: str) -> str:
        identifier = self.new_id(prefix)
        self.lines.append(f"{identifier}\t{body}")
        return identifier

    def textbound(self, label: str, start: int, end: int) -> str:
        fragments = [(start + m.start(), start + m.end())
                     for m in re.finditer(r"[^\n]+", self.text[start:end])]
        offsets = ";".join(f"{a} {b}" for a, b in fragments)
        covered = " ".join(self.text[a:b] for a, b in fragments)
        return self.add("T", f"{label} {offsets}\t{covered}")

    def filler(self, start: int, end: int) -> str:
        if (start, end) not in self.fillers:
            self.fillers[start, end] = self.textbound(MENTION, start, end)
        return self.fillers[start, end]


def _token(value: str, what: str) -> str:
    """An attribute value, which brat takes as one token."""
    if not value or any(char.isspace() for char in value):
        raise InputError(f"{what} {value!r} holds white space; a brat attribute value cannot")
    return value


def write(by_doc: dict[str, dict[str, list[Any]]], documents: dict[str, Document],
          stem: str) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    used: dict[str, set[str]] = {"entities": set(), "events": set(), "hoppers": set()}
    for doc_id, document in documents.items():
        tasks = by_doc.get(doc_id, {})
        ann = _Annotations(document.text)
        for mention in tasks.get("entities", []):
            identifier = ann.textbound(mention.label, mention.start, mention.end)
            used["entities"].add(mention.label)
            ann.fillers.setdefault((mention.start, mention.end), identifier)
            if mention.value is not None:
                ann.add("#", f"AnnotatorNotes {identifier}\t{VALUE_NOTE}"
                             f"{json.dumps(mention.value, ensure_ascii=False)}")
        for event in tasks.get("events", []):
            trigger = ann.textbound(event.type, event.trigger.start, event.trigger.end)
            used["events"].add(event.type)
            roles: dict[str, int] = {}
            arguments = []
            for argument in event.arguments:
                roles[argument.role] = roles.get(argument.role, 0) + 1
                number = roles[argument.role]
                arguments.append(f"{argument.role}{number if number > 1 else ''}:"
                                 f"{ann.filler(argument.start, argument.end)}")
            identifier = ann.add("E", " ".join([f"{event.type}:{trigger}", *arguments]))
            if event.realis is not None:
                ann.add("A", f"{REALIS} {identifier} {event.realis}")
            if event.cluster is not None:
                ann.add("A", f"{HOPPER} {identifier} {_token(event.cluster, 'event hopper')}")
                used["hoppers"].add(event.cluster)
        cues = []
        for relation in tasks.get("attributions", []):
            cue = ann.textbound(CUE, relation.cue.start, relation.cue.end)
            cues.append(cue)
            if relation.type is not None:
                ann.add("A", f"{ATTRIBUTION_TYPE} {cue} {relation.type}")
            if relation.source is not None:
                source = ann.filler(relation.source.start, relation.source.end)
                ann.add("R", f"{HAS_SOURCE} Arg1:{cue} Arg2:{source}")
            for fragment in relation.content:
                content = ann.textbound(CONTENT, fragment.start, fragment.end)
                ann.add("R", f"{HAS_CONTENT} Arg1:{cue} Arg2:{content}")
        for relation, cue in zip(tasks.get("attributions", []), cues):
            if relation.parent is not None:
                ann.add("R", f"{HAS_PARENT} Arg1:{cue} Arg2:{cues[relation.parent]}")
        name = checked_doc_id(doc_id)
        files[f"{name}.txt"] = document.text
        files[f"{name}.ann"] = "".join(line + "\n" for line in ann.lines)
    files[CONFIG] = _config(used)
    return files


def _config(used: dict[str, set[str]]) -> str:
    """brat's ``annotation.conf``: the types of the export, with what each may point to."""
    from afp_strikes_bench.tasks.events import ROLES

    entities = sorted(used["entities"])
    fillers = "|".join([*entities, MENTION])
    realis = "|".join(enum("events", "/$defs/realis"))
    attribution_types = "|".join(enum("attributions", "/$defs/type"))
    lines = ["[entities]", *entities, MENTION, CUE, CONTENT, "", "[relations]",
             f"{HAS_SOURCE}\tArg1:{CUE}, Arg2:{fillers}",
             f"{HAS_CONTENT}\tArg1:{CUE}, Arg2:{CONTENT}",
             f"{HAS_PARENT}\tArg1:{CUE}, Arg2:{CUE}",
             "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]"]
    lines += [f"{event_type}\t" + ", ".join(f"{role}*:{fillers}" for role in ROLES[event_type])
              for event_type in sorted(used["events"])]
    lines += ["", "[attributes]", f"{REALIS}\tArg:<EVENT>, Value:{realis}"]
    if used["hoppers"]:
        lines.append(f"{HOPPER}\tArg:<EVENT>, Value:{'|'.join(sorted(used['hoppers']))}")
    lines.append(f"{ATTRIBUTION_TYPE}\tArg:{CUE}, Value:{attribution_types}")
    return "\n".join(lines) + "\n"


@dataclass
class _Parsed:
    """The annotations of one ``.ann`` file, each with its line number."""

    #: T id -> (line, type, start, end)
    textbounds: dict[str, tuple[int, str, int, int]] = field(default_factory=dict)
    #: (line, E id, type, trigger id, [(role, id)])
    events: list[tuple[int, str, str, str, list[tuple[str, str]]]] = field(default_factory=list)
    #: (line, type, arg1 id, arg2 id)
    relations: list[tuple[int, str, str, str]] = field(default_factory=list)
    #: (target id, name) -> value
    attributes: dict[tuple[str, str], str] = field(default_factory=dict)
    #: T id -> value of its ``value=`` note
    values: dict[str, Any] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)


def read(path: Path, gold: GoldSet) -> dict[str, dict[str, list[Any]]]:
    found: dict[str, dict[str, list[Any]]] = {}
    for ann_path in sorted(path.glob("*.ann")):
        doc_id = ann_path.stem
        document = gold.documents.get(doc_id)
        if document is None:
            raise InputError(f"document {doc_id!r} (the file's name) is not in the gold",
                             file=str(ann_path))
        txt_path = ann_path.with_suffix(".txt")
        if txt_path.exists() and read_text(txt_path) != document.text:
            raise InputError(f"differs from the text of document {doc_id!r}", file=str(txt_path))
        found[doc_id] = _predictions(_parse(ann_path, document.text), ann_path)
    return found


def _parse(path: Path, text: str) -> _Parsed:
    parsed = _Parsed()
    references: list[tuple[int, str]] = []  # (line, id it points to)
    for number, line in numbered_lines(path):
        if not line.strip():
            continue

        def problem(message: str) -> InputError:
            return InputError(message, file=str(path), line=number)

        identifier, _, rest = line.partition("\t")
        if identifier != "*" and (identifier in parsed.ids or len(identifier) < 2):
            raise problem(f"id {identifier!r} is " + ("used twice" if identifier in parsed.ids
                                                      else "not an annotation id"))
        parsed.ids.add(identifier)
        fields = rest.split("\t")
        words = fields[0].split()
        try:
            if identifier[0] == "T":
                parsed.textbounds[identifier] = (number, words[0],
                                                 *_textbound(fields, text, problem))
            elif identifier[0] == "E":
                trigger_type, _, trigger = words[0].partition(":")
                arguments = [word.partition(":") for word in words[1:]]
                if not trigger or not all(role and target for role, _, target in arguments):
                    raise problem("expected TYPE:T_ID ROLE:ID ...")
                parsed.events.append((number, identifier, trigger_type, trigger,
                                      [(_ROLE_NUMBER.sub("", role), target)
                                       for role, _, target in arguments]))
                references += [(number, target)
                               for target in (trigger, *(target for *_, target in arguments))]
            elif identifier[0] == "R":
                if len(words) != 3 or not words[1].startswith("Arg1:") or \
                        not words[2].startswith("Arg2:"):
                    raise problem("expected TYPE Arg1:ID Arg2:ID")
                arg1, arg2 = words[1][len("Arg1:"):], words[2][len("Arg2:"):]
                parsed.relations.append((number, words[0], arg1, arg2))
                references += [(number, arg1), (number, arg2)]
            elif identifier[0] in "AM":
                parsed.attributes[words[1], words[0]] = words[2] if len(words) > 2 else "true"
                references.append((number, words[1]))
            elif identifier[0] == "#":
                note = fields[1] if len(fields) > 1 else ""
                references.append((number, words[1]))
                if words[0] == "AnnotatorNotes" and note.startswith(VALUE_NOTE):
                    parsed.values[words[1]] = json.loads(note[len(VALUE_NOTE):])
            elif identifier != "*":
                raise problem(f"id {identifier!r}: expected T, E, R, A, M, # or *")
        except (IndexError, ValueError):
            raise problem("not a brat standoff line") from None
    for number, target in references:  # after every line: an id may be used before its line
        if target not in parsed.ids:
            raise InputError(f"{target!r} is not the id of an annotation of this file",
                             file=str(path), line=number)
    return parsed


def _textbound(fields: list[str], text: str, problem) -> tuple[int, int]:
    """The span of a ``T`` line, its fragments joined across white space, its text checked."""
    words = fields[0].split(maxsplit=1)
    fragments = [tuple(int(offset) for offset in part.split())
                 for part in words[1].split(";")]
    if any(len(fragment) != 2 or not 0 <= fragment[0] < fragment[1] <= len(text)
           for fragment in fragments):
        raise problem(f"offsets {words[1]!r} are not START END pairs within the text "
                      f"({len(text)} characters)")
    covered = " ".join(text[start:end] for start, end in fragments)
    if len(fields) < 2 or fields[1] != covered:
        raise problem(f"the text field differs from the text it covers, {covered!r}")
    for (_, end), (start, _) in zip(fragments, fragments[1:]):
        if start < end or text[end:start].strip():
            raise problem("discontinuous span: only fragments split at white space are read")
    return fragments[0][0], fragments[-1][1]


def _predictions(parsed: _Parsed, path: Path) -> dict[str, list[Any]]:
    def span(identifier: str, number: int) -> dict[str, int]:
        if identifier not in parsed.textbounds:
            raise InputError(f"{identifier!r} is no T annotation of this file", file=str(path),
                             line=number)
        _, _, start, end = parsed.textbounds[identifier]
        return {"start": start, "end": end}

    triggers = {trigger for _, _, _, trigger, _ in parsed.events}
    entities = []
    for identifier, (_, label, start, end) in parsed.textbounds.items():
        if label not in (MENTION, CUE, CONTENT) and identifier not in triggers:
            entity: dict[str, Any] = {"start": start, "end": end, "label": label}
            if identifier in parsed.values:
                entity["value"] = parsed.values[identifier]
            entities.append(entity)
    events = []
    for number, identifier, event_type, trigger, arguments in parsed.events:
        if span(trigger, number) and parsed.textbounds[trigger][1] != event_type:
            raise InputError(f"the trigger {trigger} is typed {parsed.textbounds[trigger][1]!r}, "
                             f"not {event_type!r}", file=str(path), line=number)
        event: dict[str, Any] = {
            "trigger": span(trigger, number), "type": event_type,
            "arguments": [{"role": role, **span(target, number)} for role, target in arguments]}
        for key, attribute in (("realis", REALIS), ("cluster", HOPPER)):
            if (identifier, attribute) in parsed.attributes:
                event[key] = parsed.attributes[identifier, attribute]
        events.append(event)
    cues = [identifier for identifier, (_, label, _, _) in parsed.textbounds.items()
            if label == CUE]
    attributions: list[dict[str, Any]] = [
        {"cue": span(cue, parsed.textbounds[cue][0]), "content": [], "source": None,
         "parent": None} for cue in cues]
    for cue, attribution in zip(cues, attributions):
        if (cue, ATTRIBUTION_TYPE) in parsed.attributes:
            attribution["type"] = parsed.attributes[cue, ATTRIBUTION_TYPE]
    position = {cue: index for index, cue in enumerate(cues)}
    for number, relation_type, arg1, arg2 in parsed.relations:
        if arg1 not in position:
            raise InputError(f"Arg1 {arg1!r} is not a {CUE}", file=str(path), line=number)
        attribution = attributions[position[arg1]]
        if relation_type == HAS_SOURCE:
            attribution["source"] = span(arg2, number)
        elif relation_type == HAS_CONTENT:
            attribution["content"].append(span(arg2, number))
        elif relation_type == HAS_PARENT and arg2 in position:
            attribution["parent"] = position[arg2]
        else:
            raise InputError(f"relation {relation_type!r}: expected {HAS_SOURCE}, {HAS_CONTENT} "
                             f"or {HAS_PARENT} (to a {CUE})", file=str(path), line=number)
    return {"entities": entities, "events": events, "attributions": attributions}
