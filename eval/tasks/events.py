"""Events (SPEC 3.3): triggers, types, realis, arguments with roles, and hoppers."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import msgspec
from afp_strikes_bench.metrics.coreference import b_cubed, ceaf_e, muc
from afp_strikes_bench.metrics.counts import AccuracyTally, Average, MatchTally, RatioTally
from afp_strikes_bench.records import Described, counterparts, match_records, side
from afp_strikes_bench.schemas import enum
from afp_strikes_bench.spans import Span
from afp_strikes_bench.tasks.base import (
    Paired,
    Task,
    TaskInfo,
    coreference_clusters,
    pair_multisets,
    tally_pairs,
)
from afp_strikes_bench.wire import GoldSpan, Id, Integer
from afp_strikes_bench.wire import Span as WireSpan

#: the roles each event type takes (SPEC 3.3)
ROLES: dict[str, tuple[str, ...]] = {
    "Conflict.Attack": ("Attacker", "Target", "Instrument", "Place", "Time"),
    "Conflict.Threaten": ("Agent", "Recipient", "Time"),
    "Life.Die": ("Agent", "Victim", "Instrument", "Place", "Time"),
    "Life.Injure": ("Agent", "Victim", "Instrument", "Place", "Time"),
    "Contact.Meet": ("Participant", "Place", "Time"),
    "Contact.Call": ("Participant", "Place", "Time"),
    "Movement.Transport": ("Traveller", "Origin", "Destination", "Time"),
    "Diplomacy.Cooperate": ("Participant", "Time"),
    "Diplomacy.Appeal": ("Agent", "Recipient", "Time"),
    "Military.Mobilize": ("Agent", "Place", "Time"),
}
REALIS = enum("events", "/$defs/realis")
TYPES = enum("events", "/$defs/type")
ROLE_NAMES = enum("events", "/$defs/role")
#: entity labels whose mentions may fill an argument besides coreference mentions
TIME_LABELS = ("DATE", "TIME")
#: roles whose fillers may lie outside the coreference types (weapons and vehicles, ACE's WEA
#: and VEH: "drone and missile" strikes, attacks on "shipping"), so they are not required to be
#: coreference mentions
NON_PARTICIPANT_ROLES = ("Instrument", "Target")


class WireArgument(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """``$defs/argument`` as msgspec reads it (:mod:`afp_strikes_bench.wire`)."""

    role: Literal[ROLE_NAMES]  # type: ignore[valid-type]
    start: Integer
    end: Integer
    text: str | msgspec.UnsetType = msgspec.UNSET


class WireGoldArgument(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """A gold event's argument (``$defs/argument`` with its text)."""

    role: Literal[ROLE_NAMES]  # type: ignore[valid-type]
    start: Integer
    end: Integer
    text: str


class WireGoldEvent(msgspec.Struct, forbid_unknown_fields=True):
    """``$defs/gold_item`` as msgspec reads it."""

    id: Id
    trigger: GoldSpan
    type: Literal[TYPES]  # type: ignore[valid-type]
    realis: Literal[REALIS]  # type: ignore[valid-type]
    arguments: list[WireGoldArgument]
    cluster: Annotated[str, msgspec.Meta(min_length=1)]


class WirePredictedEvent(msgspec.Struct, forbid_unknown_fields=True):
    """``$defs/prediction_item`` as msgspec reads it."""

    trigger: WireSpan
    type: Literal[TYPES]  # type: ignore[valid-type]
    realis: Literal[REALIS] | msgspec.UnsetType = msgspec.UNSET  # type: ignore[valid-type]
    arguments: list[WireArgument] | msgspec.UnsetType = msgspec.UNSET
    cluster: str | msgspec.UnsetType = msgspec.UNSET


@dataclass(frozen=True, slots=True)
class Argument:
    """A span filling a role of its event; ``text`` is the gold's (optional in predictions)."""

    role: str
    start: int
    end: int
    text: str | None = None

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"role": self.role, "start": self.start, "end": self.end}
        if self.text is not None:
            found["text"] = self.text
        return found


@dataclass(frozen=True, slots=True)
class Event:
    """An event mention. ``realis`` and ``cluster`` (the hopper) are optional in predictions,
    ``id`` is the gold's; a prediction without arguments has none."""

    trigger: Span
    type: str
    realis: str | None = None
    arguments: tuple[Argument, ...] = ()
    cluster: str | None = None
    id: str | None = None

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {} if self.id is None else {"id": self.id}
        found |= {"trigger": self.trigger.to_json(), "type": self.type,
                  "arguments": [argument.to_json() for argument in self.arguments]}
        if self.realis is not None:
            found["realis"] = self.realis
        if self.cluster is not None:
            found["cluster"] = self.cluster
        return found


class Events(Task):
    wire_items = (WireGoldEvent, WirePredictedEvent)
    info = TaskInfo(
        name="events",
        description="triggers of ten event types, realis, arguments with roles, event hoppers",
        headline="argument_classification",
        report_order=("trigger_identification", "trigger_classification",
                      "argument_identification", "argument_classification",
                      "argument_classification_with_trigger", "argument_classification_coref",
                      "realis_accuracy", "event_coreference", "event_coreference_parts",
                      "textee_trigger_id", "textee_trigger_cls", "textee_argument_id",
                      "textee_argument_cls", "per_type"),
        version="2",
        citation="Huang et al. 2024, TextEE: Benchmark, Reevaluation, Reflections, and Future "
                 "Challenges in Event Extraction (end-to-end keys); Li et al. 2021 (WikiEvents, "
                 "coreference-aware arguments); Song et al. 2015 (ERE event hoppers)",
        depends_on=("coreference", "entities"))

    def check(self, items, document, *, gold):
        yield from super().check(items, document, gold=gold)
        for index, event in enumerate(items):
            allowed = ROLES[event["type"]]
            for position, argument in enumerate(event.get("arguments", [])):
                if argument["role"] not in allowed:
                    yield (f"events[{index}].arguments[{position}].role",
                           f"{event['type']} takes no {argument['role']} "
                           f"(its roles: {', '.join(allowed)})")

    def parse(self, raw: dict[str, Any], *, gold: bool) -> Event:
        arguments = tuple(Argument(a["role"], a["start"], a["end"], a.get("text"))
                          for a in raw.get("arguments", []))
        return Event(Span.parse(raw["trigger"]), raw["type"], raw.get("realis"), arguments,
                     raw.get("cluster"), raw.get("id"))

    def check_against(self, gold):
        """Every gold argument is a coreference mention or a DATE/TIME entity mention (except
        where a weapon or vehicle may fill the role), so that argument boundaries agree across
        tasks and coreference-aware scoring knows each argument's participant."""
        for doc_id, events in gold.tasks.get("events", {}).items():
            allowed = set(coreference_clusters(gold, doc_id))
            allowed |= {(e.start, e.end) for e in gold.tasks.get("entities", {}).get(doc_id, [])
                        if e.label in TIME_LABELS}
            for index, event in enumerate(events):
                for position, argument in enumerate(event.arguments):
                    if (argument.start, argument.end) not in allowed \
                            and argument.role not in NON_PARTICIPANT_ROLES:
                        yield (doc_id, f"events[{index}].arguments[{position}]",
                               f"{argument.text!r} is neither a coreference mention nor a "
                               "DATE/TIME entity")

    def score(self, gold, predictions):
        """Every events metric, each one :func:`match_multisets` over a different key.

        An event contributes keys (tuples) to each metric; strictness is the projection. All of
        an event's contributions go to the resampling unit of its trigger.

        - ``trigger_identification``: ``(doc, trigger start, end)``; TextEE's ``trigger_id``.
        - ``trigger_classification``: ``+ type``; TextEE's ``trigger_cls``. ``per_type`` is the
          same key restricted to each event type found in the gold or the predictions.
        - ``argument_identification``: ``(doc, event type, argument start, end)``; TextEE's
          end-to-end ``argument_id``. The type is that of the event the argument hangs on, and
          the trigger span is not part of the key: an argument on a mistyped trigger is a false
          positive, an argument on a misplaced trigger of the right type can still match.
        - ``argument_classification``: ``+ role``; TextEE's ``argument_cls``.
        - ``argument_classification_with_trigger``: ``(doc, trigger start, end, type, argument
          start, end, role)``; TextEE's ``argument_attached_cls``.
        - ``argument_classification_coref``: ``(doc, type, participant, role)``, where the
          participant is the gold coreference cluster (``gold.tasks["coreference"]``) of the
          argument's span, or the span itself when it is no gold mention (times, or a gold set
          without coreference). This is the coreference-aware argument F1 of WikiEvents (Li et
          al., 2021, gen-arg ``scorer.py --coref``), where a predicted argument counts if it is
          any mention of the gold argument's cluster, with one difference: matching is one-to-one
          here. Their scorer counts every prediction that hits a cluster, so two mentions of one
          gold argument would be two hits against one gold argument; here they are one true
          positive and one false positive. Their scorer also works per gold trigger; here, as in
          ``argument_classification``, the event type stands for the trigger.

        Keys are multisets, not TextEE's sets: a key predicted twice where the gold has it once
        is a true positive and a false positive, and a key the gold has twice (the same argument
        of two events of one type, one span in two roles) is two items to find. When one key is
        repeated across units, the copies pair up in unit order, so the counts per unit never
        depend on the input order.

        - ``textee_trigger_id``, ``textee_trigger_cls``, ``textee_argument_id``,
          ``textee_argument_cls``: the four metrics above with TextEE's definition
          (``TextEE/scorer.py``, ``compute_E2E_*``): each distinct key counted once, on the gold
          side and the predicted side, in the unit of its first occurrence. These are the numbers
          to quote beside published TextEE results; the multiset ones are stricter where keys
          repeat. (TextEE scores 0 where nothing is predicted and nothing is to find; the 0/0
          rule gives 1.0, which only a gold without events can show.)

        - ``realis_accuracy``: realis accuracy over the gold events whose trigger was matched in
          ``trigger_classification`` (SPEC 3.3). Where one trigger key has g gold and p predicted
          events, min(g, p) are matched and the correct ones are as many as the best pairing
          gives, the size of the multiset intersection of their realis values. A prediction
          without ``realis`` is wrong. Nothing matched gives 0 of 0 (1.0 by the 0/0 rule).
        - ``event_coreference``: the CoNLL F1 (mean of MUC, B-cubed and CEAF-e F1) over event
          hoppers, as the TAC KBP event nugget scorer computes it (Liu et al., 2015;
          hunterhector/EvmEval): an event mention is its trigger span with its type (the KBP
          scorer maps system to gold mentions on span and type by default), every mention
          counts, singletons included, and a predicted mention that maps to no gold mention
          stays in the response as a twinless mention. Spans must match exactly (KBP maps by
          token overlap). A predicted event without ``cluster`` is a singleton hopper.
          ``event_coreference_parts`` gives the three metrics with their numerators and
          denominators (:mod:`afp_strikes_bench.metrics.coreference`, the CoNLL-2012 reference
          definitions).
        """
        key_events = _events(gold.tasks["events"])
        response_events = _events(predictions)
        entity_of = _participants(gold)

        def unit_of(doc_id, event):
            return gold.unit(doc_id, event.trigger.start)

        metrics = {name: _match(key_events, response_events, project, unit_of)
                   for name, project in _projections(entity_of).items()}
        projections = _projections(entity_of)
        for name, metric in TEXTEE_METRICS.items():
            metrics[name] = _match(key_events, response_events, projections[metric], unit_of,
                                   distinct=True)
        types = sorted({event.type for _, event in key_events + response_events})
        metrics["per_type"] = {event_type: _match(key_events, response_events,
                                                  _of_type(event_type), unit_of)
                               for event_type in types}
        metrics["realis_accuracy"] = _realis_accuracy(key_events, response_events, unit_of)
        parts = _event_coreference(key_events, response_events, gold)
        metrics["event_coreference"] = Average(parts)
        metrics["event_coreference_parts"] = parts
        return metrics

    def explain(self, gold, predictions):
        """The ``argument_classification`` records: each argument with its event's trigger. A
        missed and a spurious argument of the same span on events of the same type are shown
        as a wrong role."""
        paired = _pairing(_events(gold.tasks["events"]), _events(predictions),
                          _projections(_participants(gold))["argument_classification"],
                          lambda doc_id, event: gold.unit(doc_id, event.trigger.start))

        def without_role(found):
            doc_id, _, event, position = found
            argument = event.arguments[position]
            return (doc_id, event.type, argument.start, argument.end)

        return {"argument_classification": match_records(
            paired, _described_argument, lambda g, p: ["role"],
            counterparts(paired, without_role,
                         lambda found: found[2].arguments[found[3]].role))}

    def main_spans(self, item):
        """The trigger, labelled by the event type.

        >>> Events().main_spans(Event(Span(9, 16), "Conflict.Attack"))
        [(9, 16, 'Conflict.Attack')]
        """
        return [(item.trigger.start, item.trigger.end, item.type)]



# Scoring. An event is ``(doc_id, Event)``; a projection maps it to the keys it contributes.

#: TextEE's end-to-end metric names -> the projection each counts over distinct keys
TEXTEE_METRICS = {"textee_trigger_id": "trigger_identification",
                  "textee_trigger_cls": "trigger_classification",
                  "textee_argument_id": "argument_identification",
                  "textee_argument_cls": "argument_classification"}

def _events(by_doc):
    return [(doc_id, event) for doc_id, events in by_doc.items() for event in events]


def _described_argument(found, is_gold: bool) -> Described:
    """An argument (``position`` in its event's arguments) with its trigger beside it."""
    doc_id, index, event, position = found
    argument = event.arguments[position]
    return Described(doc_id, (argument.start, argument.end), argument.role,
                     side(event.id if is_gold else index, event.type,
                          [("argument", argument)], {"role": argument.role},
                          context=[("trigger", event.trigger)]))


def _trigger(doc_id, event):
    return (doc_id, event.trigger.start, event.trigger.end)


def _typed_trigger(doc_id, event):
    return (*_trigger(doc_id, event), event.type)


def _projections(entity_of):
    """Metric name -> projection. ``entity_of(doc_id, argument)`` names an argument's
    participant."""
    return {
        "trigger_identification": lambda doc_id, event: [_trigger(doc_id, event)],
        "trigger_classification": lambda doc_id, event: [_typed_trigger(doc_id, event)],
        "argument_identification": lambda doc_id, event: [
            (doc_id, event.type, a.start, a.end) for a in event.arguments],
        "argument_classification": lambda doc_id, event: [
            (doc_id, event.type, a.start, a.end, a.role) for a in event.arguments],
        "argument_classification_with_trigger": lambda doc_id, event: [
            (*_typed_trigger(doc_id, event), a.start, a.end, a.role) for a in event.arguments],
        "argument_classification_coref": lambda doc_id, event: [
            (doc_id, event.type, entity_of(doc_id, a), a.role) for a in event.arguments],
    }


def _of_type(event_type):
    """Trigger classification restricted to one event type."""
    return lambda doc_id, event: ([_typed_trigger(doc_id, event)]
                                  if event.type == event_type else [])


def _participants(gold):
    """``entity_of(doc_id, span)``: ``("entity", cluster id)`` for a gold coreference mention,
    else ``("span", start, end)``."""
    cluster_of = {doc_id: coreference_clusters(gold, doc_id) for doc_id in gold.documents}

    def entity_of(doc_id, span):
        cluster = cluster_of[doc_id].get((span.start, span.end))
        return ("entity", cluster) if cluster is not None else ("span", span.start, span.end)

    return entity_of


def _pairing(key_events, response_events, project, unit_of, *, distinct: bool = False
             ) -> list[Paired]:
    """Each projected key matched, with what it stands for: ``(doc_id, index of the event in its
    document's list, event, position of the key in the projection)`` (an argument's position
    in the event's arguments). With ``distinct``, each distinct key counts once, in the unit of
    its first occurrence (TextEE's sets)."""
    def pairs(events):
        indices: dict[str, int] = {}
        keyed = []
        for doc_id, event in events:
            index = indices[doc_id] = indices.get(doc_id, -1) + 1
            keyed += [(key, unit_of(doc_id, event), (doc_id, index, event, position))
                      for position, key in enumerate(project(doc_id, event))]
        # In unit order, so that which copy of a repeated key matches never depends on input order.
        ordered = sorted(keyed, key=lambda pair: pair[1])
        if not distinct:
            return ordered
        first: dict = {}
        for entry in ordered:
            first.setdefault(entry[0], entry)
        return list(first.values())

    return pair_multisets(pairs(key_events), pairs(response_events))


def _match(key_events, response_events, project, unit_of, *, distinct: bool = False
           ) -> MatchTally:
    return tally_pairs(_pairing(key_events, response_events, project, unit_of,
                                distinct=distinct))


def _realis_accuracy(key_events, response_events, unit_of) -> AccuracyTally:
    gold_realis, predicted_realis, units = defaultdict(list), defaultdict(list), {}
    for doc_id, event in key_events:
        key = _typed_trigger(doc_id, event)
        gold_realis[key].append(event.realis)
        units[key] = unit_of(doc_id, event)
    for doc_id, event in response_events:
        predicted_realis[_typed_trigger(doc_id, event)].append(event.realis)
    tally = AccuracyTally()
    for key, realis in gold_realis.items():
        matched = min(len(realis), len(predicted_realis[key]))
        if matched:
            agreeing = Counter(realis) & Counter(predicted_realis[key])
            tally.add(units[key], correct=sum(agreeing.values()), total=matched)
    return tally


def _hoppers(events) -> list[list[tuple]]:
    """Hoppers as clusters of mentions ``(doc_id, trigger start, end, type, copy)``.

    ``copy`` tells apart events with the same trigger and type, numbered in the order of their
    cluster names (events without one last), so a repeated prediction is a mention of its own.
    An event without ``cluster`` is a hopper of its own.

    >>> died = Event(Span(0, 4), "Life.Die", cluster="h")
    >>> _hoppers([("d", died), ("d", died), ("d", Event(Span(0, 4), "Life.Die"))])
    [[('d', 0, 4, 'Life.Die', 0), ('d', 0, 4, 'Life.Die', 1)], [('d', 0, 4, 'Life.Die', 2)]]
    """
    clusters_of = defaultdict(list)
    for doc_id, event in events:
        clusters_of[_typed_trigger(doc_id, event)].append(event.cluster)
    hoppers = defaultdict(list)
    for mention, clusters in clusters_of.items():
        ordered = sorted(clusters, key=lambda cluster: (cluster is None, cluster or ""))
        for copy, cluster in enumerate(ordered):
            hopper = (mention[0], cluster) if cluster is not None else (mention, copy)
            hoppers[hopper].append((*mention, copy))
    return list(hoppers.values())


def _event_coreference(key_events, response_events, gold) -> dict[str, RatioTally]:
    key, response = _hoppers(key_events), _hoppers(response_events)

    def unit_of(mention):
        return gold.unit(mention[0], mention[1])

    return {name: metric(key, response, unit_of)
            for name, metric in (("muc", muc), ("b3", b_cubed), ("ceafe", ceaf_e))}


TASK = Events()
