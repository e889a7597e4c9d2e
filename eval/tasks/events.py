"""Events (SPEC 3.3): triggers, types, realis, arguments with roles, and hoppers."""
from __future__ import annotations

from eval.errors import InputError
from eval.tasks.base import Task
from eval.tasks.snippets import split_entry

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
REALIS = ("actual", "generic", "other")
#: entity labels whose mentions may fill an argument besides coreference mentions
TIME_LABELS = ("DATE", "TIME")


class Events(Task):
    name = "events"
    headline = "argument_classification"
    depends_on = ("coreference", "entities")

    def check(self, items, document, *, gold):
        yield from super().check(items, document, gold=gold)
        for index, event in enumerate(items):
            allowed = ROLES[event["type"]]
            for position, argument in enumerate(event.get("arguments", [])):
                if argument["role"] not in allowed:
                    yield (f"events[{index}].arguments[{position}].role",
                           f"{event['type']} takes no {argument['role']} "
                           f"(its roles: {', '.join(allowed)})")

    def check_against(self, gold):
        """Every gold argument is a coreference mention or a DATE/TIME entity mention."""
        for doc_id, events in gold.tasks.get("events", {}).items():
            allowed = {(m["start"], m["end"])
                       for cluster in gold.tasks.get("coreference", {}).get(doc_id, [])
                       for m in cluster["mentions"]}
            allowed |= {(e["start"], e["end"]) for e in gold.tasks.get("entities", {}).get(doc_id, [])
                        if e["label"] in TIME_LABELS}
            for index, event in enumerate(events):
                for position, argument in enumerate(event["arguments"]):
                    if (argument["start"], argument["end"]) not in allowed:
                        yield (doc_id, f"events[{index}].arguments[{position}]",
                               f"{argument['text']!r} is neither a coreference mention nor a "
                               "DATE/TIME entity")

    def from_snippets(self, entries, document, resolve):
        """Events ``{trigger, type, realis, cluster, arguments: ["snippet | ROLE", ...]}``.

        Arguments are looked up in the trigger's paragraph first.

        >>> from eval.authoring import resolve
        >>> from eval.documents import Document
        >>> doc = Document("d", "Iran said strikes killed nine people.", "2024-01-19", "", "en")
        >>> event = Events().from_snippets([{"trigger": "killed", "type": "Life.Die",
        ...     "realis": "actual", "cluster": "deaths", "arguments": ["nine people | Victim"]}],
        ...     doc, resolve)[0]
        >>> event["trigger"], event["arguments"]
        ({'start': 18, 'end': 24, 'text': 'killed'}, [{'role': 'Victim', 'start': 25, 'end': 36, 'text': 'nine people'}])
        """
        events = []
        for index, entry in enumerate(entries):
            where = f"events[{index}]"
            required = {"trigger", "type", "realis", "cluster"}
            if not isinstance(entry, dict) or not required <= set(entry) <= required | {"arguments"}:
                raise InputError("an event needs trigger, type, realis, cluster (and arguments)",
                                 field=where)
            if entry["type"] not in ROLES or entry["realis"] not in REALIS:
                raise InputError(f"unknown type or realis in {entry}", field=where)
            trigger = resolve(document, entry["trigger"], field=where + ".trigger")
            scope = document.paragraph_span(document.paragraph_of(trigger["start"]))
            arguments = []
            for position, raw in enumerate(entry.get("arguments") or []):
                field = f"{where}.arguments[{position}]"
                snippet, role = split_entry(raw, 1, field)
                arguments.append({"role": role, **resolve(document, snippet, scope=scope, field=field)})
            arguments.sort(key=lambda a: (a["start"], a["end"], a["role"]))
            events.append({"trigger": trigger, "type": entry["type"], "realis": entry["realis"],
                           "arguments": arguments, "cluster": str(entry["cluster"])})
        events.sort(key=lambda e: (e["trigger"]["start"], e["trigger"]["end"], e["type"]))
        return [{"id": f"V{number}", **event} for number, event in enumerate(events, start=1)]


TASK = Events()
