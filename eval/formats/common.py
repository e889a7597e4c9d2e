"""What the format modules share: reading a user's file, and the names files are given."""
from __future__ import annotations

import re
from pathlib import Path

from afp_strikes_bench.errors import InputError
from afp_strikes_bench.io import read_text

#: a document id or a system name as part of a file name, and in token-per-line formats
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def numbered_lines(path: Path) -> list[tuple[int, str]]:
    """The lines of a UTF-8 text file with their 1-based numbers, line ends removed."""
    return list(enumerate(read_text(path).splitlines(), start=1))


def file_stem(name: str) -> str:
    """A system name (``spacy:en_core_web_sm``) as a file name's stem."""
    return _UNSAFE.sub("_", name) or "predictions"


def checked_doc_id(doc_id: str) -> str:
    """A document id usable as a file name and a column: the formats refuse any other."""
    if _UNSAFE.search(doc_id) or doc_id in (".", ".."):
        raise InputError(f"document id {doc_id!r} has characters other than letters, digits, "
                         "'.', '_' and '-'; it cannot name a file or a column of this format")
    return doc_id
