"""spaCy's ``DocBin`` (``.spacy``, what ``spacy train`` reads) for entities and coreference.

One ``Doc`` per document, tokenised by spaCy's English tokenizer over the document's text
(:mod:`afp_strikes_bench.formats.tokens`), with its id in ``doc.user_data["doc_id"]`` and
the tasks the predictions attempted in ``doc.user_data["tasks"]`` (a task not attempted reads
back as not attempted, not as found nothing):

- entities as ``doc.ents``, labelled with the fine (OntoNotes) label, their values (TIMEX3,
  numbers) in ``doc.user_data["entity_values"]`` as ``[start, end, value]`` (a ``Span`` has
  no field for them);
- coreference clusters as span groups ``doc.spans["coref_clusters_N"]``, N from 1, the
  convention of spaCy's coreference component (spacy-experimental), singletons included.

A span that does not begin and end on token boundaries, or entities that overlap (``doc.ents``
cannot hold them), are refused, naming them. Reading takes every ``Doc``; its text must be the
gold document's text.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.formats.tokens import blank_english
from afp_strikes_bench.gold import GoldSet

NAME = "docbin"
TASKS = ("entities", "coreference")
SUFFIX = ".spacy"
CLUSTER_KEY = "coref_clusters_{}"
_CLUSTER_KEY = re.compile(r"coref_clusters_(\d+)$")


def write(by_doc: dict[str, dict[str, list[Any]]], documents: dict[str, Document],
          stem: str) -> dict[str, str | bytes]:
    from spacy.tokens import DocBin

    docs = DocBin(store_user_data=True)
    for doc_id, document in documents.items():
        doc = blank_english().make_doc(document.text)
        tasks = {name: items for name, items in by_doc.get(doc_id, {}).items()
                 if name in TASKS}
        doc.user_data["doc_id"] = doc_id
        doc.user_data["tasks"] = sorted(tasks)

        def span(start: int, end: int, what: str, label: str = "") -> Any:
            found = doc.char_span(start, end, label=label)
            if found is None:
                raise InputError(f"document {doc_id!r}: {what} {document.text[start:end]!r} "
                                 f"[{start}, {end}) does not begin and end on token boundaries "
                                 "(spaCy's English tokenizer); a DocBin cannot hold it")
            return found

        entities = [span(m.start, m.end, "entity", m.label) for m in tasks.get("entities", [])]
        doc.user_data["entity_values"] = [[m.start, m.end, m.value]
                                          for m in tasks.get("entities", [])
                                          if m.value is not None]
        try:
            doc.ents = entities
        except ValueError:
            raise InputError(f"document {doc_id!r}: entities overlap; doc.ents cannot hold "
                             "them") from None
        for number, cluster in enumerate(tasks.get("coreference", []), start=1):
            doc.spans[CLUSTER_KEY.format(number)] = [span(s.start, s.end, "mention")
                                                     for s in cluster]
        docs.add(doc)
    return {stem + SUFFIX: docs.to_bytes()}


def read(path: Path, gold: GoldSet) -> dict[str, dict[str, list[Any]]]:
    from spacy.tokens import DocBin

    try:
        docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(blank_english().vocab))
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", file=str(path)) from None
    except Exception as error:  # whatever a corrupt file makes spaCy or msgpack raise
        raise InputError(f"not a spaCy DocBin: {type(error).__name__}", file=str(path)) from None
    found: dict[str, dict[str, list[Any]]] = {}
    for number, doc in enumerate(docs, start=1):
        def problem(message: str) -> InputError:
            return InputError(message, file=str(path), field=f"Doc {number}")

        doc_id = doc.user_data.get("doc_id")
        if not isinstance(doc_id, str) or doc_id not in gold.documents:
            raise problem(f"user_data['doc_id'] {doc_id!r} is not a document of the gold")
        if doc_id in found:
            raise problem(f"document {doc_id!r} is given twice")
        if doc.text != gold.documents[doc_id].text:
            raise problem(f"its text differs from document {doc_id!r}'s")
        clusters = sorted((int(match.group(1)), key) for key in doc.spans
                          if (match := _CLUSTER_KEY.match(key)))
        attempted = doc.user_data.get("tasks", TASKS)
        try:
            values = {(start, end): value
                      for start, end, value in doc.user_data.get("entity_values", [])}
        except (TypeError, ValueError):
            raise problem("user_data['entity_values'] is not a list of [start, end, value]"
                          ) from None
        entities = []
        for ent in doc.ents:
            entity = {"start": ent.start_char, "end": ent.end_char, "label": ent.label_}
            if (ent.start_char, ent.end_char) in values:
                entity["value"] = values[ent.start_char, ent.end_char]
            entities.append(entity)
        read_back: dict[str, list[Any]] = {
            "entities": entities,
            "coreference": [[{"start": s.start_char, "end": s.end_char} for s in doc.spans[key]]
                            for _, key in clusters]}
        found[doc_id] = {name: items for name, items in read_back.items() if name in attempted}
    return found
