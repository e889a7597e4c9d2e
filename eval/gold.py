"""Loading and checking a gold folder: ``documents.jsonl`` plus one ``<task>.jsonl`` per task.

Any folder laid out this way is a gold set. Loading validates everything once (schema, offsets,
text, ids, references) and parses each item into its task's typed item; code past this point
trusts the types.
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afp_strikes_bench import schemas
from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError, InputErrors
from afp_strikes_bench.io import parse_line, read_lines, read_text
from afp_strikes_bench.resources import data_folder
from afp_strikes_bench.tasks import get_task, task_names
from afp_strikes_bench.wire import read_document, read_gold_line

DEFAULT_GOLD = data_folder("gold")
#: with fewer documents than this the bootstrap resamples paragraphs (SPEC 4)
DOCUMENT_UNIT_THRESHOLD = 20


@dataclass(frozen=True)
class GoldSet:
    path: Path
    documents: dict[str, Document]
    #: task -> doc_id -> gold items (typed: Task.parse), for the tasks that have a gold file
    tasks: dict[str, dict[str, list[Any]]]
    version: str
    sha256: str
    #: "original", or the variant it was derived as (afp_strikes_bench.variants)
    variant: str = "original"
    #: a variant's: the sha256 of the gold it was derived from
    derived_from: str | None = None

    @property
    def unit_kind(self) -> str:
        return "document" if len(self.documents) >= DOCUMENT_UNIT_THRESHOLD else "paragraph"

    def unit(self, doc_id: str, offset: int = 0) -> tuple[str, int]:
        """The resampling unit holding ``offset`` of document ``doc_id``."""
        if self.unit_kind == "document":
            return (doc_id, 0)
        return (doc_id, self.documents[doc_id].paragraph_of(offset))

    @property
    def units(self) -> list[tuple[str, int]]:
        """Every unit, in document order, whether or not anything was annotated in it."""
        if self.unit_kind == "document":
            return [(doc_id, 0) for doc_id in self.documents]
        return [(doc_id, index) for doc_id, doc in self.documents.items()
                for index in range(len(doc.paragraph_starts))]


def load_gold(path: str | Path | None = None, *, collect: bool = False) -> GoldSet:
    """Load and check a gold folder; raise :class:`InputError` on the first problem.

    With ``collect=True`` every problem is gathered and raised at once as :class:`InputErrors`.
    """
    problems: list[InputError] = []

    def report(error: InputError) -> None:
        if not collect:
            raise error
        problems.append(error)

    folder = Path(path) if path is not None else DEFAULT_GOLD
    documents_file = folder / "documents.jsonl"
    if not os.path.lexists(documents_file):
        raise InputError("not a gold folder: it has no documents.jsonl", file=str(folder))
    _check_regular_files(folder)
    documents = _load_documents(documents_file, report)
    known = {f"{name}.jsonl" for name in task_names()} | {"documents.jsonl"}
    for stray in sorted(p.name for p in folder.glob("*.jsonl") if p.name not in known):
        report(InputError(f"unknown task file; tasks are {', '.join(task_names())}",
                          file=str(folder / stray)))
    tasks = {}
    for name in task_names():
        task_file = folder / f"{name}.jsonl"
        if task_file.exists():
            tasks[name] = _load_task_file(name, task_file, documents, report)
    gold = GoldSet(folder, documents, tasks, _version(folder), fingerprint(folder))
    for name in tasks:
        for doc_id, field, message in get_task(name).check_against(gold):
            line = list(documents).index(doc_id) + 1
            report(InputError(message, file=str(folder / f"{name}.jsonl"), line=line,
                              field=field))
    if problems:
        raise InputErrors(problems)
    return gold


def _load_documents(path: Path, report) -> dict[str, Document]:
    documents: dict[str, Document] = {}
    for line, encoded in read_lines(path):
        document = read_document(encoded)
        if document is None:  # not taken by the fast path: judged by the schema
            value = parse_line(path, line, encoded)
            found = schemas.problems("documents", value)
            if found:
                for field, message in found:
                    report(InputError(message, file=str(path), line=line, field=field))
                continue
            document = Document.from_json(value)
        if document.id in documents:
            report(InputError(f"document id {document.id!r} is given twice", file=str(path),
                              line=line, field="id"))
            continue
        documents[document.id] = document
    if not documents:
        report(InputError("no documents", file=str(path)))
    return documents


def _load_task_file(name: str, path: Path, documents: dict[str, Document],
                    report) -> dict[str, list[Any]]:
    task = get_task(name)
    by_doc: dict[str, list[Any]] = {}
    for line, encoded in read_lines(path):
        def problem(message: str, field: str | None = None) -> None:
            report(InputError(message, file=str(path), line=line, field=field))

        fast = read_gold_line(name, encoded, documents)
        if fast is not None and fast[0] not in by_doc:
            by_doc[fast[0]] = fast[1]
            continue
        value = parse_line(path, line, encoded)
        found = schemas.problems(name, value)
        if found:
            for field, message in found:
                problem(message, field)
            continue
        doc_id = value["doc_id"]
        document = documents.get(doc_id)
        if document is None:
            problem(f"document {doc_id!r} is not in documents.jsonl", "doc_id")
            continue
        if doc_id in by_doc:
            problem(f"document {doc_id!r} is given twice", "doc_id")
            continue
        if value["text"] != document.text:
            problem(f"differs from the text of document {doc_id!r} in documents.jsonl", "text")
            continue
        for field, message in task.check(value[name], document, gold=True):
            problem(message, field)
        # the schema has checked every shape, so parsing cannot fail on what check reported
        by_doc[doc_id] = task.parse_all(value[name], gold=True)
    for doc_id in documents:
        if doc_id not in by_doc:
            report(InputError(f"document {doc_id!r} has no line (an empty list says it has "
                              "nothing to annotate)", file=str(path)))
    return by_doc


def _check_regular_files(folder: Path) -> None:
    """Every data file of the folder (and its VERSION) is a regular file, or a link to one:
    a FIFO would block the reading forever, and a folder, a dangling link or a loop of links
    cannot be read; each is bad input naming the file."""
    for path in sorted([*folder.glob("*.jsonl"), folder / "VERSION"]):
        if not os.path.lexists(path):
            continue
        try:
            regular = stat.S_ISREG(path.stat().st_mode)
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror or error}", file=str(path)) from None
        if not regular:
            raise InputError("not a regular file", file=str(path))


def _version(folder: Path) -> str:
    version_file = folder / "VERSION"
    if not version_file.exists():
        return "unversioned"
    return read_text(version_file).strip()


def fingerprint(folder: Path) -> str:
    """sha256 over the data files (names and bytes, in name order): the gold's identity."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.jsonl")):
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as error:  # changed since it was checked
            raise InputError(f"cannot read: {error.strerror or error}", file=str(path)) from None
    return digest.hexdigest()
