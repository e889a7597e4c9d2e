"""Standard formats: export the gold or a system's predictions, and read them back as systems.

One module per format, each with:

- ``NAME``, ``TASKS`` (the tasks it carries), ``SUFFIXES`` (what a file of it ends with; empty
  for a folder format);
- ``write(by_doc, documents, stem) -> {file name: content}``: typed predicted items
  (``{doc_id: {task: [items]}}``, :class:`afp_strikes_bench.predictions.Predictions`'s
  ``by_doc``) of the given documents as files, named from ``stem`` where the format is one file;
- ``read(path, gold) -> {doc_id: {task: [JSON items]}}``: a file (or folder) as the predictions
  format, offsets computed against the gold's text, for
  :func:`afp_strikes_bench.predictions.from_outputs` to check like any system's output.

Modules are imported only when their format is used, so spaCy loads only for them.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

FORMAT_MODULES: dict[str, str] = {
    "conll": "afp_strikes_bench.formats.conll",
    "conll2012": "afp_strikes_bench.formats.conll2012",
    "brat": "afp_strikes_bench.formats.brat",
    "docbin": "afp_strikes_bench.formats.docbin",
}
#: what a predictions file of each single-file format ends with (brat is a folder of .ann files)
SUFFIXES: dict[str, tuple[str, ...]] = {
    "conll": (".conll",),
    "conll2012": (".conll2012", ".v4_gold_conll"),
    "docbin": (".spacy",),
}


def format_names() -> tuple[str, ...]:
    return tuple(FORMAT_MODULES)


def get_format(name: str) -> ModuleType:
    return importlib.import_module(FORMAT_MODULES[name])


def format_of(path: Path) -> str | None:
    """The format a ``--system`` path is in, by its name (a folder holding ``.ann`` files is
    brat); None for anything else (a ``.jsonl`` file among them)."""
    for name, suffixes in SUFFIXES.items():
        if path.name.endswith(suffixes):
            return name
    if path.is_dir() and any(path.glob("*.ann")):
        return "brat"
    return None
