"""A system's predictions: loading, checking against the gold's documents, writing.

Each line is checked as JSON (schema and :meth:`Task.check`) and then parsed into the tasks'
typed items, which scoring reads; the JSON is kept as given, for writing the predictions back.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from afp_strikes_bench import schemas
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.io import read_jsonl
from afp_strikes_bench.tasks import get_task, task_names


@dataclass
class Predictions:
    #: doc_id -> task -> typed items (Task.parse), for every gold document
    by_doc: dict[str, dict[str, list[Any]]]
    #: the same as given (JSON), from which a file of these predictions is written
    as_given: dict[str, dict[str, list[Any]]]
    sha256: str
    #: gold documents the predictions say nothing about (scored as found nothing), in gold order
    missing: list[str] = field(default_factory=list)

    def attempted(self, task: str) -> bool:
        """A task is attempted when any document's predictions carry its key."""
        return any(task in tasks for tasks in self.by_doc.values())

    def for_task(self, task: str) -> dict[str, list[Any]]:
        return {doc_id: tasks.get(task, []) for doc_id, tasks in self.by_doc.items()}

    def to_jsonl(self) -> str:
        return _jsonl(self.as_given)


def _jsonl(by_doc: dict[str, dict]) -> str:
    """The one rendering of predictions as a file: what ``bench run`` writes is what a system's
    predictions are hashed as, so scoring that file gives the same predictions sha256."""
    return "".join(json.dumps({"doc_id": doc_id, **tasks}, ensure_ascii=False, sort_keys=True)
                   + "\n" for doc_id, tasks in by_doc.items())


def check_prediction_line(value: dict, gold: GoldSet,
                          seen: Collection[str]) -> list[tuple[str, str]]:
    """Problems with one document's predictions: ``(field path, message)``."""
    found = schemas.problems("predictions", value)
    if found:
        return found
    unknown = sorted(key for key in value if key != "doc_id" and key not in task_names())
    if unknown:
        return [(unknown[0], f"unknown task; tasks are {', '.join(task_names())}")]
    # each task's items by that task's own schema: the line's schema names no task
    for task in task_names():
        if task in value:
            found = schemas.problems(f"{task}#/$defs/predictions", value[task], at=(task,))
            if found:
                return found
    doc_id = value["doc_id"]
    document = gold.documents.get(doc_id)
    if document is None:
        return [("doc_id", f"document {doc_id!r} is not in the gold ({_some(gold.documents)})")]
    if doc_id in seen:
        return [("doc_id", f"document {doc_id!r} is given twice")]
    problems: list[tuple[str, str]] = []
    for task in task_names():
        if task in value:
            problems += get_task(task).check(value[task], document, gold=False)
    return problems


def load_predictions(path: str | Path, gold: GoldSet) -> Predictions:
    """Read and check a predictions file against ``gold``; the first problem is an InputError."""
    path = Path(path)
    as_given: dict[str, dict[str, list]] = {}
    for line, value in read_jsonl(path):
        problems = check_prediction_line(value, gold, as_given.keys())
        if problems:
            field_path, message = problems[0]
            raise InputError(message, file=str(path), line=line, field=field_path)
        as_given[value["doc_id"]] = {k: v for k, v in value.items() if k != "doc_id"}
    return _complete(as_given, hashlib.sha256(path.read_bytes()).hexdigest(), gold)


def from_outputs(outputs: dict[str, dict], gold: GoldSet, origin: str) -> Predictions:
    """Predictions from a system's in-memory outputs (JSON values), checked like a file's
    lines."""
    as_given: dict[str, dict[str, list]] = {}
    for doc_id, value in outputs.items():
        problems = check_prediction_line({"doc_id": doc_id, **value}, gold, as_given.keys())
        if problems:
            field_path, message = problems[0]
            raise InputError(message, file=origin, field=f"document {doc_id!r}: {field_path}")
        as_given[doc_id] = value
    sha256 = hashlib.sha256(_jsonl(as_given).encode()).hexdigest()
    return _complete(as_given, sha256, gold)


def _complete(as_given: dict[str, dict[str, list]], sha256: str, gold: GoldSet) -> Predictions:
    """Checked predictions parsed into typed items, with an empty entry for every gold
    document they leave out."""
    missing = [doc_id for doc_id in gold.documents if doc_id not in as_given]
    for doc_id in missing:
        as_given[doc_id] = {}
    by_doc = {doc_id: {task: get_task(task).parse_all(items, gold=False)
                       for task, items in tasks.items()}
              for doc_id, tasks in as_given.items()}
    return Predictions(by_doc, as_given, sha256, missing)


def _some(documents: dict) -> str:
    names = list(documents)
    shown = ", ".join(repr(n) for n in names[:5])
    return f"it has {len(names)}: {shown}" + (", …" if len(names) > 5 else "")
