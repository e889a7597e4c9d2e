"""Finding a system and running it over a gold set's documents.

A SYSTEM argument is tried, in this order, as: a predictions file (``.jsonl``); a built-in
baseline's name; ``package.module:callable``; an installed plugin (entry-point group
``bench.systems``). A system is a callable from one document (a dict with ``id``, ``text``,
``date``, ``source``, ``language``) to its predictions (a dict of task keys).
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

from afp_strikes_bench.errors import InputError

#: Built-in systems, imported only when used, so that nothing heavy loads for ``--help``.
BUILTIN_SYSTEMS: dict[str, str] = {
    "empty": "afp_strikes_bench.baselines.empty:predict",
    "spacy-sm": "afp_strikes_bench.baselines.spacy_sm:predict",
}
ENTRY_POINT_GROUP = "bench.systems"

System = Callable[[dict], dict]


@dataclass
class ResolvedSystem:
    name: str
    kind: str  # predictions_file | builtin | callable | plugin
    reference: str
    predict: System | None = None  # None for a predictions file
    metadata: dict = field(default_factory=dict)


def resolve_system(spec: str) -> ResolvedSystem:
    path = Path(spec)
    if spec.endswith(".jsonl") or path.is_file():
        if not path.is_file():
            raise InputError("no such predictions file", file=spec)
        return ResolvedSystem(path.stem, "predictions_file", str(path))
    if spec in BUILTIN_SYSTEMS:
        return ResolvedSystem(spec, "builtin", BUILTIN_SYSTEMS[spec],
                              _import(BUILTIN_SYSTEMS[spec], spec))
    if ":" in spec:
        return ResolvedSystem(spec.rsplit(":", 1)[-1], "callable", spec, _import(spec, spec))
    plugins = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    if spec in plugins:
        try:
            predict = plugins[spec].load()
        except Exception as error:  # a plugin's import failure is the user's input problem
            raise InputError(f"plugin {spec!r} failed to load: {type(error).__name__}: {error}")
        return ResolvedSystem(spec, "plugin", plugins[spec].value, _callable(predict, spec))
    known = sorted(BUILTIN_SYSTEMS) + sorted(plugins)
    raise InputError(f"unknown system {spec!r}: not a predictions file, nor module:callable; "
                     f"known systems: {', '.join(known)}")


def _import(reference: str, spec: str) -> System:
    module_name, _, attribute = reference.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise InputError(f"system {spec!r}: cannot import {module_name!r}: {error}") from None
    try:
        target = getattr(module, attribute)
    except AttributeError:
        raise InputError(f"system {spec!r}: module {module_name!r} has no {attribute!r}") from None
    return _callable(target, spec)


def _callable(target: object, spec: str) -> System:
    if not callable(target):
        raise InputError(f"system {spec!r} is not callable")
    return target


def run(system: ResolvedSystem, documents: list[dict], *, progress: bool = False) -> dict[str, dict]:
    """``doc_id -> predictions`` from calling the system on each document.

    A system that raises, or returns something that is not a dict, is an input problem that
    names the document; its traceback is not shown.
    """
    outputs = {}
    for document in _with_progress(documents, progress):
        try:
            output = system.predict(dict(document))
        except Exception as error:
            raise InputError(f"system {system.name!r} raised on document {document['id']!r}: "
                             f"{type(error).__name__}: {error}") from None
        if not isinstance(output, dict):
            raise InputError(f"system {system.name!r} returned {type(output).__name__}, not a "
                             f"dict, for document {document['id']!r}")
        doc_id = output.pop("doc_id", document["id"])
        if doc_id != document["id"]:
            raise InputError(f"system {system.name!r} answered document {document['id']!r} "
                             f"with doc_id {doc_id!r}")
        outputs[document["id"]] = output
    return outputs


def _with_progress(documents: list[dict], progress: bool):
    if not progress or len(documents) <= 5:
        return documents
    from rich.progress import track

    return track(documents, description="running system", transient=True)
