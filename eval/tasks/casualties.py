"""Casualty figures (SPEC 3.4): counts or bounds, outcome, victims, and who claims them."""
from __future__ import annotations

from eval.errors import InputError
from eval.tasks.base import Task
from eval.tasks.snippets import number_items

FIELDS = ("count", "low", "high", "outcome", "victim", "time", "country", "perpetrator",
          "claimed_by", "part_of")
SPAN_FIELDS = ("perpetrator", "claimed_by")


class Casualties(Task):
    name = "casualties"
    headline = "strict"
    depends_on = ("coreference",)

    def check(self, items, document, *, gold):
        yield from super().check(items, document, gold=gold)
        for index, record in enumerate(items):
            part_of = record.get("part_of")
            if part_of is not None and not (0 <= part_of < len(items) and part_of != index):
                yield (f"casualties[{index}].part_of",
                       f"{part_of} is not the index of another record (there are {len(items)})")
            if record.get("count") is not None and (record.get("low") is not None
                                                    or record.get("high") is not None):
                yield f"casualties[{index}]", "give either count or low/high bounds, not both"
            low, high = record.get("low"), record.get("high")
            if low is not None and high is not None and low > high:
                yield f"casualties[{index}].low", f"low {low} is above high {high}"

    def check_against(self, gold):
        """Every gold perpetrator and claimant is a coreference mention."""
        for doc_id, records in gold.tasks.get("casualties", {}).items():
            mentions = {(m["start"], m["end"])
                        for cluster in gold.tasks.get("coreference", {}).get(doc_id, [])
                        for m in cluster["mentions"]}
            for index, record in enumerate(records):
                for field in SPAN_FIELDS:
                    span = record[field]
                    if span is not None and (span["start"], span["end"]) not in mentions:
                        yield (doc_id, f"casualties[{index}].{field}",
                               f"{span['text']!r} is not a coreference mention")

    def from_snippets(self, entries, document, resolve):
        """Records ``{key, span, outcome, victim, count | low/high, time, country,
        perpetrator, claimed_by, part_of}``; ``part_of`` names another record's ``key``; span
        fields are snippets looked up in the figure's paragraph first; absent fields are null.

        >>> from eval.authoring import resolve
        >>> from eval.documents import Document
        >>> doc = Document("d", "Iran said the strikes killed nine people, including four children.", "2024-01-19", "", "en")
        >>> records = Casualties().from_snippets([
        ...     {"key": "all", "span": "nine people", "count": 9, "outcome": "killed", "victim": "person", "claimed_by": "Iran"},
        ...     {"key": "kids", "span": "four children", "count": 4, "outcome": "killed", "victim": "child", "part_of": "all"}],
        ...     doc, resolve)
        >>> records[1]["part_of"], records[0]["claimed_by"]["text"]
        (0, 'Iran')
        """
        keyed = []
        for index, entry in enumerate(entries):
            where = f"casualties[{index}]"
            allowed = {"key", "span", *FIELDS}
            if not isinstance(entry, dict) or not {"key", "span", "outcome", "victim"} <= set(entry) \
                    or not set(entry) <= allowed:
                raise InputError(f"a record takes key, span, outcome, victim and optionally "
                                 f"{', '.join(FIELDS[:3] + FIELDS[5:])}", field=where)
            span = resolve(document, entry["span"], field=f"{where}.span")
            scope = document.paragraph_span(document.paragraph_of(span["start"]))
            record = {"span": span}
            for field in FIELDS:
                value = entry.get(field)
                if field in SPAN_FIELDS and value is not None:
                    value = resolve(document, value, scope=scope, field=f"{where}.{field}")
                elif field == "time" and value is not None:
                    value = str(value)  # YAML reads 2024-01-18 as a date
                record[field] = value
            keyed.append((str(entry["key"]), record))
        return number_items(keyed, prefix="C", link="part_of",
                            order=lambda record: (record["span"]["start"], record["span"]["end"]))


TASK = Casualties()
