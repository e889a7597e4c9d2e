"""Entities (SPEC 3.1): OntoNotes 5 mentions with time and number values."""
from __future__ import annotations

from eval.errors import InputError
from eval.tasks.base import Task
from eval.tasks.snippets import parse_value, split_entry

LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
          "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL")


class Entities(Task):
    name = "entities"
    headline = "fine"

    def check(self, items, document, *, gold):
        yield from super().check(items, document, gold=gold)
        if gold:
            # OntoNotes mentions never overlap; the seqeval-compatible views rely on it.
            ordered = sorted(range(len(items)), key=lambda i: (items[i]["start"], items[i]["end"]))
            for before, after in zip(ordered, ordered[1:]):
                if items[after]["start"] < items[before]["end"]:
                    yield (f"entities[{after}]",
                           f"overlaps entities[{before}] ({items[before]['text']!r})")

    def from_snippets(self, entries, document, resolve):
        """Entries ``"snippet | LABEL | value"``, in document order.

        >>> from eval.authoring import resolve
        >>> from eval.documents import Document
        >>> doc = Document("d", "Iran said nine people died on Thursday.", "2024-01-19", "", "en")
        >>> Entities().from_snippets(["{nine} people | CARDINAL | 9", "Thursday | DATE | 2024-01-18"], doc, resolve)[0]
        {'id': 'E1', 'start': 10, 'end': 14, 'text': 'nine', 'label': 'CARDINAL', 'value': 9}
        """
        items = []
        for index, entry in enumerate(entries):
            where = f"entities[{index}]"
            snippet, label, value = split_entry(entry, 2, where)
            if label not in LABELS:
                raise InputError(f"unknown label {label!r} in {entry!r}", field=where)
            item = {**resolve(document, snippet, field=where), "label": label}
            if value:
                item["value"] = parse_value(value)
            items.append(item)
        items.sort(key=lambda item: (item["start"], item["end"]))
        return [{"id": f"E{number}", **item} for number, item in enumerate(items, start=1)]


TASK = Entities()
