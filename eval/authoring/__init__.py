"""Gold authoring: reviewable text snippets in ``annotation/<task>.yaml`` become gold offsets.

Nobody types an offset. An annotator writes a snippet of the document with the annotated span
in braces, and this module finds it::

    "{Pakistan} expressed its willingness"   ->  {"start": 17, "end": 25, "text": "Pakistan"}

A snippet without braces is its own span. Literal braces in a document are written ``\\{`` and
``\\}``. The snippet (braces removed) must occur exactly once in the document, or, where a
scope is given (an event argument looks in its trigger's paragraph first), exactly once in that
scope. Anything else is an error that names the snippet and says how often it occurs, so an
annotation can never silently land on the wrong occurrence.

``bench build-gold`` turns the annotation folder into gold files; ``--check`` only compares.
"""
from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from types import ModuleType

from afp_strikes_bench import dataset_view
from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.resources import CHECKOUT

ANNOTATION_DIR = CHECKOUT / "annotation"
_MARK = re.compile(r"\\([{}])|([{}])")


def parse_snippet(snippet: str) -> tuple[str, int, int]:
    """``(plain text, span start, span end)`` within the snippet.

    >>> parse_snippet("the {Red Sea} since")
    ('the Red Sea since', 4, 11)
    >>> parse_snippet("Kakar")
    ('Kakar', 0, 5)
    >>> parse_snippet(r"with \\{the\\} {full} might")
    ('with {the} full might', 11, 15)
    """
    plain, marks = [], []
    position = 0
    for match in _MARK.finditer(snippet):
        plain.append(snippet[position:match.start()])
        if match.group(1):
            plain.append(match.group(1))
        else:
            marks.append((match.group(2), sum(len(p) for p in plain)))
        position = match.end()
    plain.append(snippet[position:])
    text = "".join(plain)
    if not marks:
        return text, 0, len(text)
    if [m for m, _ in marks] != ["{", "}"]:
        raise ValueError(f"snippet {snippet!r} needs exactly one {{...}} span")
    return text, marks[0][1], marks[1][1]


def occurrences(text: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    hi = len(text) if hi is None else hi
    found, start = [], text.find(needle, lo, hi)
    while start != -1:
        found.append(start)
        start = text.find(needle, start + 1, hi)
    return found


def resolve(document: Document, snippet: str, *, scope: tuple[int, int] | None = None,
            field: str | None = None) -> dict:
    """The gold span ``{"start", "end", "text"}`` that ``snippet`` marks in ``document``.

    ``field`` names the annotation entry in error messages.
    """
    try:
        plain, span_start, span_end = parse_snippet(snippet)
    except ValueError as error:
        raise InputError(str(error), field=field) from None
    candidates = occurrences(document.text, plain, *scope) if scope else []
    where = "its paragraph"
    if not candidates:
        candidates, where = occurrences(document.text, plain), "the document"
    if len(candidates) != 1:
        count = "nowhere" if not candidates else f"{len(candidates)} times"
        raise InputError(f"snippet {snippet!r} occurs {count} in {where}; "
                         + ("check it against the text" if not candidates else "add context"),
                         field=field)
    start = candidates[0] + span_start
    return {"start": start, "end": start + span_end - span_start,
            "text": document.text[start:start + span_end - span_start]}


def authoring_module(task: str) -> ModuleType:
    """The module that turns ``task``'s annotation entries into gold items: the authoring
    counterpart of the task's module, ``afp_strikes_bench.authoring.<task>``, with a
    ``from_snippets(entries, document, resolve)``. A task with no gold authored here needs none."""
    try:
        return importlib.import_module(f"{__name__}.{task}")
    except ModuleNotFoundError:
        raise InputError(f"no authoring module for task {task!r}") from None


def build(annotation_dir: Path = ANNOTATION_DIR, gold_dir: Path | None = None,
          tasks: list[str] | None = None) -> dict[str, str]:
    """Gold file contents (name -> JSON Lines text) built from the annotation files.

    The documents come from the gold folder's ``documents.jsonl``, the one place the text is kept.
    """
    import yaml
    from afp_strikes_bench.gold import DEFAULT_GOLD
    from afp_strikes_bench.io import read_jsonl
    from afp_strikes_bench.tasks import task_names

    gold_dir = gold_dir or DEFAULT_GOLD
    if not annotation_dir.is_dir():
        raise InputError("no annotation folder: bench build-gold works in a checkout of the "
                         "repository (or give --annotations DIR)", file=str(annotation_dir))
    unknown = [name for name in tasks or () if name not in task_names()]
    if unknown:
        raise InputError(f"unknown task {unknown[0]!r}; tasks are {', '.join(task_names())}",
                         field="--tasks")
    documents = {value["id"]: Document.from_json(value)
                 for _, value in read_jsonl(gold_dir / "documents.jsonl")}
    built = {}
    for name in tasks or task_names():
        source = annotation_dir / f"{name}.yaml"
        if not source.is_file():
            continue
        annotations = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
        from_snippets = authoring_module(name).from_snippets
        lines = []
        for doc_id, document in documents.items():
            entries = annotations.get(doc_id, [])
            try:
                items = from_snippets(entries, document, resolve)
            except InputError as error:
                raise InputError(error.message, file=str(source),
                                 field=error.field or doc_id) from None
            lines.append(json.dumps({"doc_id": doc_id, "text": document.text, name: items,
                                     "canary": dataset_view.CANARY}, ensure_ascii=False))
        built[f"{name}.jsonl"] = "\n".join(lines) + "\n"
    guidelines = _guidelines(annotation_dir / "guidelines", task_names())
    if guidelines:
        built["GUIDELINES.md"] = guidelines
    return built


def _guidelines(folder: Path, task_names) -> str:
    """gold/GUIDELINES.md: ``general.md``, each task's section in task order, then the
    agreement between independent passes (``agreement.md``, generated by
    afp_strikes_bench.agreement) and
    how their disagreements were resolved (``adjudication.md``)."""
    parts = ([folder / "general.md"] + [folder / f"{name}.md" for name in task_names]
             + [folder / "agreement.md", folder / "adjudication.md"])
    texts = [part.read_text(encoding="utf-8").strip() for part in parts if part.is_file()]
    if not texts:
        return ""
    banner = ("<!-- Built by `bench build-gold` from annotation/guidelines/; edit those files. -->")
    return banner + "\n\n" + "\n\n".join(texts) + "\n"


def _same(path: Path, content: str | bytes) -> bool:
    if isinstance(content, bytes):
        return dataset_view.same_file(path.read_bytes(), content)
    return path.read_text(encoding="utf-8") == content


def write_gold(annotation_dir: Path, gold_dir: Path | None = None, *,
               tasks: list[str] | None = None, check_only: bool = False) -> list[str]:
    """Build the gold files (of ``tasks``, default all); write those that changed.

    The built files are validated, in a temporary gold folder with the existing gold of the tasks
    they depend on, before anything in ``gold_dir`` is replaced; ``bench validate gold`` checks
    the whole folder. Returns the names of the files that differ (none written with
    ``check_only``).
    """
    import shutil
    import tempfile

    from afp_strikes_bench.gold import DEFAULT_GOLD, load_gold
    from afp_strikes_bench.io import write_atomic
    from afp_strikes_bench.tasks import task_names

    gold_dir = Path(gold_dir or DEFAULT_GOLD)
    built = build(annotation_dir, gold_dir, tasks)
    with tempfile.TemporaryDirectory() as staging:
        shutil.copy(gold_dir / "documents.jsonl", staging)
        # the tasks not rebuilt come as they are: what the built ones refer to, and the rest of
        # the dataset view
        for name in task_names():
            if f"{name}.jsonl" not in built and (gold_dir / f"{name}.jsonl").is_file():
                shutil.copy(gold_dir / f"{name}.jsonl", staging)
        for name, content in built.items():
            Path(staging, name).write_text(content, encoding="utf-8")
        try:
            gold = load_gold(staging, collect=True)
        except InputError as error:  # name the files as they will be, not the staging copy
            raise InputError(str(error).replace(staging, str(gold_dir))) from None
        # the typed dataset view and the card's configs follow the gold just built
        files: dict[str, str | bytes] = {**built, **dataset_view.build(Path(staging), gold)}
    present = [config for config in [*dataset_view.configs(), dataset_view.TOKENS]
               if f"{dataset_view.FOLDER}/{config}.parquet" in files]
    try:
        files["README.md"] = dataset_view.card(
            (gold_dir / "README.md").read_text(encoding="utf-8"), present)
    except (OSError, ValueError) as error:
        raise InputError(f"cannot write the card: {error}",
                         file=str(gold_dir / "README.md")) from None
    changed = [name for name, content in files.items()
               if not (gold_dir / name).is_file() or not _same(gold_dir / name, content)]
    if not check_only:
        for name in changed:
            (gold_dir / name).parent.mkdir(exist_ok=True)
            write_atomic(gold_dir / name, files[name])
    return changed
