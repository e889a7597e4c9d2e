"""Where the benchmark's own data lives: the gold, the schemas and the reference results.

An installed wheel carries them as package data (``afp_strikes_bench/gold``, ``.../schema``,
``.../results``; pyproject.toml maps the repository's folders there at build time), read through
:mod:`importlib.resources`. In a checkout, or an editable install of one, nothing has been
mapped yet, and the same folders are found beside ``eval/``.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: the repository's root when the package runs from a checkout (annotation/ lives there only)
CHECKOUT = Path(__file__).resolve().parent.parent


def data_folder(name: str) -> Path:
    """The folder ``name`` (``gold``, ``schema``, ``results``) of the installed package, or of
    the checkout it runs from.

    >>> (data_folder("gold") / "documents.jsonl").is_file()
    True
    """
    packaged = Path(str(files(__package__).joinpath(name)))
    return packaged if packaged.is_dir() else CHECKOUT / name
