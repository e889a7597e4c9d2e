"""Attributions (SPEC 3.5, PARC 3.0 style): who said, wrote, believed or intended what."""
from __future__ import annotations

from eval.errors import InputError
from eval.tasks.base import Task
from eval.tasks.snippets import number_items

TYPES = ("direct", "indirect", "mixed")


class Attributions(Task):
    name = "attributions"
    headline = "full"
    depends_on = ("coreference",)

    def check(self, items, document, *, gold):
        yield from super().check(items, document, gold=gold)
        for index, relation in enumerate(items):
            parent = relation.get("parent")
            if parent is not None and not (0 <= parent < len(items) and parent != index):
                yield (f"attributions[{index}].parent",
                       f"{parent} is not the index of another attribution (there are {len(items)})")
        if gold:
            for index in range(len(items)):
                if _ancestry_loops(items, index):
                    yield f"attributions[{index}].parent", "parents form a cycle"

    def check_against(self, gold):
        """Every gold source is a coreference mention."""
        for doc_id, relations in gold.tasks.get("attributions", {}).items():
            mentions = {(m["start"], m["end"])
                        for cluster in gold.tasks.get("coreference", {}).get(doc_id, [])
                        for m in cluster["mentions"]}
            for index, relation in enumerate(relations):
                source = relation["source"]
                if source is not None and (source["start"], source["end"]) not in mentions:
                    yield (doc_id, f"attributions[{index}].source",
                           f"{source['text']!r} is not a coreference mention")

    def from_snippets(self, entries, document, resolve):
        """Relations ``{key, cue, source (or null), content: [snippets], type, parent}``;
        ``parent`` names another relation's ``key``; source and content snippets are looked up
        in the cue's paragraph first.

        >>> from eval.authoring import resolve
        >>> from eval.documents import Document
        >>> doc = Document("d", "Iran said the strikes killed nine people.", "2024-01-19", "", "en")
        >>> relation = Attributions().from_snippets([{"key": "a", "cue": "said", "source": "Iran",
        ...     "content": ["the strikes killed nine people"], "type": "indirect"}], doc, resolve)[0]
        >>> relation["cue"]["text"], relation["content"][0]["end"], relation["parent"]
        ('said', 40, None)
        """
        keyed = []
        for index, entry in enumerate(entries):
            where = f"attributions[{index}]"
            required = {"key", "cue", "content", "type"}
            if not isinstance(entry, dict) or not required <= set(entry) \
                    or not set(entry) <= required | {"source", "parent"}:
                raise InputError("an attribution takes key, cue, content, type and optionally "
                                 "source and parent", field=where)
            if entry["type"] not in TYPES:
                raise InputError(f"unknown type {entry['type']!r}", field=where)
            cue = resolve(document, entry["cue"], field=f"{where}.cue")
            scope = document.paragraph_span(document.paragraph_of(cue["start"]))
            source = entry.get("source")
            relation = {
                "source": None if source is None else resolve(document, source, scope=scope,
                                                              field=f"{where}.source"),
                "cue": cue,
                "content": sorted((resolve(document, snippet, scope=scope,
                                           field=f"{where}.content[{position}]")
                                   for position, snippet in enumerate(entry["content"])),
                                  key=lambda span: span["start"]),
                "type": entry["type"],
                "parent": entry.get("parent"),
            }
            keyed.append((str(entry["key"]), relation))
        return number_items(keyed, prefix="A", link="parent",
                            order=lambda relation: (relation["cue"]["start"], relation["cue"]["end"]))


def _ancestry_loops(items, index) -> bool:
    seen = set()
    while index is not None and 0 <= index < len(items):
        if index in seen:
            return True
        seen.add(index)
        index = items[index].get("parent")
    return False


TASK = Attributions()
