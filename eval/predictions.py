"""A system's predictions: loading, checking against the gold's documents, writing.

Each line's text-anchored spans are placed (:mod:`afp_strikes_bench.anchoring`), the line is
checked as JSON (schema, :meth:`Task.check`, the declared label set) and then parsed into the
tasks' typed items, which scoring reads; the JSON is kept, for writing the predictions back.

A file may declare its label set in a first line ``{"header": {"label_set": "conll2003"}}``.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from afp_strikes_bench import schemas
from afp_strikes_bench.anchoring import AnchoringReport, anchor
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.io import loads, lone_surrogate, parse_line, read_jsonl, read_lines
from afp_strikes_bench.spans import BYTE_OFFSETS_HINT, iter_spans, look_like_utf8_bytes
from afp_strikes_bench.tasks import get_task, task_names
from afp_strikes_bench.wire import read_prediction_line

#: the label set predictions are in unless they declare another (``--label-set``, a header)
OWN_LABEL_SET = None
#: what ``--label-set`` and results call it: each task's own labels (OntoNotes 5 for entities)
OWN_LABEL_NAME = "ontonotes"


@dataclass
class Predictions:
    #: doc_id -> task -> typed items (Task.parse), for every gold document
    by_doc: dict[str, dict[str, list[Any]]]
    #: the same as JSON, text-anchored spans placed, from which a file of them is written; a
    #: line read straight into typed items (:mod:`afp_strikes_bench.wire`, where nothing is
    #: placed) is kept as its bytes, parsed only if a file of them is written
    as_given: dict[str, dict[str, list[Any]] | bytes]
    sha256: str
    #: gold documents the predictions say nothing about (scored as found nothing), in gold order
    missing: list[str] = field(default_factory=list)
    #: the label set the predictions declare (None: each task's own)
    label_set: str | None = OWN_LABEL_SET
    #: what became of text-anchored spans (:mod:`afp_strikes_bench.anchoring`)
    anchoring: AnchoringReport = field(default_factory=AnchoringReport)

    def attempted(self, task: str) -> bool:
        """A task is attempted when any document's predictions carry its key."""
        return any(task in tasks for tasks in self.by_doc.values())

    def for_task(self, task: str) -> dict[str, list[Any]]:
        return {doc_id: tasks.get(task, []) for doc_id, tasks in self.by_doc.items()}

    def to_jsonl(self) -> str:
        return _jsonl({doc_id: given if isinstance(given, dict) else _tasks_of(given)
                       for doc_id, given in self.as_given.items()}, self.label_set)


def _tasks_of(line: bytes) -> dict[str, list[Any]]:
    """A predictions line the fast path took (an object, so read again without a check), less
    its document id."""
    value = loads(line.decode("utf-8"))
    assert isinstance(value, dict)
    return {key: items for key, items in value.items() if key != "doc_id"}


def _jsonl(by_doc: dict[str, dict], label_set: str | None) -> str:
    """The one rendering of predictions as a file: what ``bench run`` writes is what a system's
    predictions are hashed as, so scoring that file gives the same predictions sha256."""
    header = ("" if label_set is None else
              json.dumps({"header": {"label_set": label_set}}, sort_keys=True) + "\n")
    return header + "".join(json.dumps({"doc_id": doc_id, **tasks}, ensure_ascii=False,
                                       sort_keys=True) + "\n"
                            for doc_id, tasks in by_doc.items())


def label_sets() -> tuple[str, ...]:
    """Every label set predictions may be declared in: the tasks' own, and those some task
    also takes."""
    others = {name for task in task_names() for name in get_task(task).info.label_sets}
    return (OWN_LABEL_NAME, *sorted(others))


def check_label_set(label_set: str | None) -> str | None:
    """A declared label set, checked; the tasks' own (None) when none, or ``ontonotes``, is."""
    if label_set == OWN_LABEL_NAME:
        return None
    if label_set is not None and label_set not in label_sets():
        raise InputError(f"unknown label set {label_set!r}; label sets are "
                         f"{', '.join(label_sets()) or 'none'}", field="--label-set")
    return label_set


def header_label_set(value: dict) -> str | None:
    """The label set a header line (``{"header": {"label_set": ...}}``) declares."""
    header = value["header"]
    if not isinstance(header, dict) or set(header) - {"label_set"} or \
            not isinstance(header.get("label_set"), str):
        raise ValueError('a header is {"header": {"label_set": NAME}}')
    return check_label_set(header["label_set"])


def check_prediction_line(value: dict, gold: GoldSet, seen: Collection[str], *,
                          label_set: str | None = OWN_LABEL_SET,
                          anchoring: AnchoringReport | None = None,
                          ) -> tuple[dict, list[tuple[str, str]]]:
    """One document's predictions with their text-anchored spans placed, and the problems with
    them: ``(field path, message)``."""
    found = schemas.problems("predictions", value)
    if found:
        return value, found
    unknown = sorted(key for key in value if key != "doc_id" and key not in task_names())
    if unknown:
        return value, [(unknown[0], f"unknown task; tasks are {', '.join(task_names())}")]
    doc_id = value["doc_id"]
    document = gold.documents.get(doc_id)
    if document is None:
        return value, [("doc_id", f"document {doc_id!r} is not in the gold "
                                  f"({_some(gold.documents)})")]
    if doc_id in seen:
        return value, [("doc_id", f"document {doc_id!r} is given twice")]
    value = {"doc_id": doc_id, **anchor({k: v for k, v in value.items() if k != "doc_id"},
                                        document.text, doc_id,
                                        anchoring if anchoring is not None else AnchoringReport())}
    # each task's items by that task's own schema: the line's schema names no task
    for task in task_names():
        if task in value:
            found = schemas.problems(f"{task}#/$defs/predictions", value[task], at=(task,))
            if found:
                return value, found
    problems: list[tuple[str, str]] = []
    for task in task_names():
        if task in value:
            problems += get_task(task).check(value[task], document, gold=False)
            problems += get_task(task).check_label_set(value[task], label_set)
    if problems and look_like_utf8_bytes(
            document.text, [span for task in task_names() if task in value
                            for _, span in iter_spans(value[task])]):
        field_path, message = problems[0]
        problems[0] = (field_path, f"{message}; {BYTE_OFFSETS_HINT}")
    return value, problems


def read_predictions_lines(path: Path, label_set: str | None
                           ) -> Iterator[tuple[int, dict | None, str | None]]:
    """``(line, value, label set)`` of a predictions file: a header line (the first, if any)
    gives the label set and no value; ``label_set``, from the command line, wins over it."""
    for line, value in read_jsonl(path):
        if is_header(value):
            label_set = _header_label_set(path, line, value, label_set)
            yield line, None, label_set
            continue
        yield line, value, label_set


def is_header(value: dict) -> bool:
    return "header" in value and "doc_id" not in value


def _header_label_set(path: Path, line: int, value: dict, label_set: str | None) -> str | None:
    """The label set after a header line: ``label_set`` (the command line's) if given, else the
    header's."""
    if line != 1:
        raise InputError("a header is the first line only", file=str(path), line=line,
                         field="header")
    try:
        declared = header_label_set(value)
    except ValueError as error:
        raise InputError(str(error), file=str(path), line=line, field="header") from None
    return label_set if label_set is not None else declared


def load_predictions(path: str | Path, gold: GoldSet, *,
                     label_set: str | None = OWN_LABEL_SET) -> Predictions:
    """Read and check a predictions file against ``gold``; the first problem is an InputError.
    ``label_set`` declares the file's label set (a header line in the file does too)."""
    path = Path(path)
    label_set = check_label_set(label_set)
    given: dict[str, dict[str, list] | bytes] = {}
    typed: dict[str, dict[str, list]] = {}
    anchoring = AnchoringReport()
    for line, encoded in read_lines(path):
        fast = read_prediction_line(encoded, gold, given, label_set)
        if fast is not None:  # nothing placed: the items are what the line gives
            doc_id, typed[doc_id] = fast
            given[doc_id] = encoded
            continue
        value = parse_line(path, line, encoded)
        if is_header(value):
            label_set = _header_label_set(path, line, value, label_set)
            continue
        value, problems = check_prediction_line(value, gold, given.keys(),
                                                label_set=label_set, anchoring=anchoring)
        if problems:
            field_path, message = problems[0]
            raise InputError(message, file=str(path), line=line, field=field_path)
        doc_id = value["doc_id"]
        tasks = {k: v for k, v in value.items() if k != "doc_id"}
        given[doc_id], typed[doc_id] = tasks, _parsed(tasks)
    return _complete(given, typed, hashlib.sha256(path.read_bytes()).hexdigest(), gold,
                     label_set, anchoring)


def from_outputs(outputs: dict[str, dict], gold: GoldSet, origin: str, *,
                 label_set: str | None = OWN_LABEL_SET) -> Predictions:
    """Predictions from a system's in-memory outputs (JSON values), checked like a file's
    lines."""
    label_set = check_label_set(label_set)
    as_given: dict[str, dict[str, list]] = {}
    anchoring = AnchoringReport()
    for doc_id, output in outputs.items():
        surrogate = lone_surrogate(output)
        if surrogate is not None:
            raise InputError("holds a lone surrogate (not a Unicode character, so not UTF-8)",
                             file=origin, field=f"document {doc_id!r}: "
                             f"{schemas.field_path(surrogate) or '(the answer)'}")
        value, problems = check_prediction_line({"doc_id": doc_id, **output}, gold,
                                                as_given.keys(), label_set=label_set,
                                                anchoring=anchoring)
        if problems:
            field_path, message = problems[0]
            raise InputError(message, file=origin, field=f"document {doc_id!r}: {field_path}")
        as_given[doc_id] = {k: v for k, v in value.items() if k != "doc_id"}
    sha256 = hashlib.sha256(_jsonl(as_given, label_set).encode()).hexdigest()
    typed = {doc_id: _parsed(tasks) for doc_id, tasks in as_given.items()}
    return _complete(dict(as_given), typed, sha256, gold, label_set, anchoring)


def _parsed(tasks: dict[str, list]) -> dict[str, list]:
    """A checked line's items, typed."""
    return {task: get_task(task).parse_all(items, gold=False) for task, items in tasks.items()}


def _complete(as_given: dict[str, dict[str, list] | bytes], typed: dict[str, dict[str, list]],
              sha256: str, gold: GoldSet, label_set: str | None,
              anchoring: AnchoringReport) -> Predictions:
    """Checked predictions, with an empty entry for every gold document they leave out."""
    missing = [doc_id for doc_id in gold.documents if doc_id not in as_given]
    for doc_id in missing:
        as_given[doc_id] = {}
        typed[doc_id] = {}
    return Predictions(typed, as_given, sha256, missing, label_set, anchoring)


def _some(documents: dict) -> str:
    names = list(documents)
    shown = ", ".join(repr(n) for n in names[:5])
    return f"it has {len(names)}: {shown}" + (", …" if len(names) > 5 else "")
