"""A system's predictions: loading, checking against the gold's documents, writing."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from afp_strikes_bench import schemas
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.io import read_jsonl
from afp_strikes_bench.tasks import get_task, task_names


@dataclass
class Predictions:
    #: doc_id -> task -> items, for the documents the system answered
    by_doc: dict[str, dict[str, list]]
    sha256: str
    #: gold documents the predictions say nothing about (scored as found nothing), in gold order
    missing: list[str] = field(default_factory=list)

    def attempted(self, task: str) -> bool:
        """A task is attempted when any document's predictions carry its key."""
        return any(task in tasks for tasks in self.by_doc.values())

    def for_task(self, task: str) -> dict[str, list]:
        return {doc_id: tasks.get(task, []) for doc_id, tasks in self.by_doc.items()}

    def to_jsonl(self) -> str:
        return _jsonl(self.by_doc)


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
    problems = []
    for task in task_names():
        if task in value:
            problems += get_task(task).check(value[task], document, gold=False)
    return problems


def load_predictions(path: str | Path, gold: GoldSet) -> Predictions:
    """Read and check a predictions file against ``gold``; the first problem is an InputError."""
    path = Path(path)
    by_doc: dict[str, dict[str, list]] = {}
    for line, value in read_jsonl(path):
        problems = check_prediction_line(value, gold, by_doc.keys())
        if problems:
            field_path, message = problems[0]
            raise InputError(message, file=str(path), line=line, field=field_path)
        by_doc[value["doc_id"]] = {k: v for k, v in value.items() if k != "doc_id"}
    return _complete(by_doc, hashlib.sha256(path.read_bytes()).hexdigest(), gold)


def from_outputs(outputs: dict[str, dict], gold: GoldSet, origin: str) -> Predictions:
    """Predictions from a system's in-memory outputs, checked like a file's lines."""
    by_doc: dict[str, dict[str, list]] = {}
    for doc_id, value in outputs.items():
        problems = check_prediction_line({"doc_id": doc_id, **value}, gold, by_doc.keys())
        if problems:
            field_path, message = problems[0]
            raise InputError(message, file=origin, field=f"document {doc_id!r}: {field_path}")
        by_doc[doc_id] = value
    sha256 = hashlib.sha256(_jsonl(by_doc).encode()).hexdigest()
    return _complete(by_doc, sha256, gold)


def _complete(by_doc, sha256, gold: GoldSet) -> Predictions:
    missing = [doc_id for doc_id in gold.documents if doc_id not in by_doc]
    for doc_id in missing:
        by_doc[doc_id] = {}
    return Predictions(by_doc, sha256, missing)


def _some(documents: dict) -> str:
    names = list(documents)
    shown = ", ".join(repr(n) for n in names[:5])
    return f"it has {len(names)}: {shown}" + (", …" if len(names) > 5 else "")
