"""Reading JSON Lines with line numbers, and atomic writes."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Iterator

from afp_strikes_bench.errors import InputError


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict]]:
    """Yield ``(line_number, object)`` for each non-blank line; a bad line is an InputError."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", file=str(path)) from None
    with handle:
        try:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    value = json.loads(raw)
                except json.JSONDecodeError as error:
                    raise InputError(f"invalid JSON: {error.msg} (column {error.colno})",
                                     file=str(path), line=number) from None
                if not isinstance(value, dict):
                    raise InputError(f"expected a JSON object, found {type(value).__name__}",
                                     file=str(path), line=number)
                yield number, value
        except UnicodeDecodeError as error:
            raise InputError(f"not UTF-8: {error.reason}", file=str(path)) from None


def dumps(value: object) -> str:
    """The one JSON rendering of results: stable key order, so same scores give same bytes."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def refuse_gold_folder(path: str | Path) -> None:
    """Outputs (results, predictions, reports) never go into a gold folder, one that holds a
    documents.jsonl: only ``bench build-gold`` writes there."""
    if (Path(path).parent / "documents.jsonl").exists():
        raise InputError("refusing to write into a gold folder", file=str(path))


def write_atomic(path: str | Path, content: str) -> None:
    """Write via a temporary file in the same folder and rename: a crash leaves the old file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    # mkstemp makes the file private (0600); give it the mode an ordinary open() would
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
