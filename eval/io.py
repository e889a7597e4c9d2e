"""Every file the harness reads from a user and writes for one: strict JSON Lines with line
numbers, and atomic, guarded writes.

Reading is strict where Python's ``json`` is lenient: NaN and Infinity, a key given twice in one
object, integers longer than :data:`MAX_INT_DIGITS` digits and nesting deeper than
:data:`MAX_DEPTH` are bad input (one line, exit 2), decided before any recursion limit could be
reached.

Writing goes through :func:`write_output`: never inside a gold folder at any depth, never over
a special file, a folder, a symbolic link, a read-only file or the input being read, and always
atomic (the file appears whole or not at all, and a killed write leaves no temporary file where
the system allows unnamed temporary files).
"""
from __future__ import annotations

import errno
import glob
import json
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import msgspec
from afp_strikes_bench.errors import InputError

#: deeper than any item of any task (a casualty record's spans are at depth 4)
MAX_DEPTH = 64
#: an offset or a count has no business being longer
MAX_INT_DIGITS = 20


class _BadJSON(ValueError):
    """Raised by the parser's hooks: the line is JSON, but not JSON the harness takes."""


def _object(pairs: list[tuple[str, object]]) -> dict:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise _BadJSON(f"key {twice[:50]!r} is given twice in one object")
    return value


def _constant(name: str) -> float:
    raise _BadJSON(f"{name} is not a JSON number")


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _BadJSON(f"an integer of {len(digits)} digits (at most {MAX_INT_DIGITS})")
    return int(digits)


def _depth(raw: str) -> int:
    """How deeply arrays and objects nest in a JSON text (brackets inside strings ignored)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in raw:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def loads(raw: str) -> object:
    """One JSON value, strictly (see the module docstring); ``ValueError`` says what is wrong.

    >>> loads('{"start": 1}')
    {'start': 1}
    >>> for bad in ('{"a": 1, "a": 2}', '[NaN]', '[' * 100 + ']' * 100, '[' + '9' * 30 + ']'):
    ...     try:
    ...         loads(bad)
    ...     except ValueError as error:
    ...         print(error)
    key 'a' is given twice in one object
    NaN is not a JSON number
    nested 100 deep (at most 64)
    an integer of 30 digits (at most 20)
    """
    # counting brackets is cheap; the exact scan runs only when the count could be too deep
    if raw.count("[") + raw.count("{") > MAX_DEPTH and _depth(raw) > MAX_DEPTH:
        raise _BadJSON(f"nested {_depth(raw)} deep (at most {MAX_DEPTH})")
    value = json.loads(raw, object_pairs_hook=_object, parse_constant=_constant,
                       parse_int=_integer)
    # only a \uD800-\uDFFF escape makes one; the walk runs only where such an escape is
    if _SURROGATE_ESCAPE.search(raw) and lone_surrogate(value) is not None:
        raise _BadJSON("a string holds a lone surrogate (a \\uD800-\\uDFFF escape that is not "
                       "half of a pair), which is not a Unicode character")
    return value


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def lone_surrogate(value: object, at: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """Where in ``value`` (the keys and indices leading there) the first string or key holding
    a lone surrogate is, which no UTF-8 file can hold; None if there is none."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return at
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = lone_surrogate(key, at) if isinstance(key, str) else None
            found = found if found is not None else lone_surrogate(item, (*at, key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = lone_surrogate(item, (*at, index))
            if found is not None:
                return found
    return None


def read_lines(path: str | Path) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line_number, bytes)`` for each non-blank line, undecoded: for the typed fast path
    (:mod:`afp_strikes_bench.wire`), which falls back to :func:`parse_line`."""
    # read as bytes and decoded line by line: a text stream decodes ahead in blocks, and would
    # blame bytes that are not UTF-8 on the line it happened to be reading
    with _open_for_reading(Path(path), binary=True) as handle:
        for number, encoded in enumerate(handle, start=1):
            # a line without a brace is no object: whether it is blank (as str.strip has it,
            # which takes \x1c-\x1f and non-ASCII spaces too) is worth decoding it to see
            if b"{" not in encoded and _blank(encoded):
                continue
            yield number, encoded


def _blank(encoded: bytes) -> bool:
    """Whether a line is white space once decoded (a no-break space is, as for ``str.strip``)."""
    try:
        return not encoded.decode("utf-8").strip()
    except UnicodeDecodeError:  # not UTF-8: parse_line names it
        return False


def parse_line(path: str | Path, number: int, encoded: bytes) -> dict:
    """One line of a JSON Lines file as an object, strictly (:func:`loads`); anything else is an
    InputError naming the file and line."""
    try:
        raw = encoded.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8: {error.reason} (byte {error.start + 1} of the "
                         "line)", file=str(path), line=number) from None
    try:
        value = loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg} (column {error.colno})",
                         file=str(path), line=number) from None
    except ValueError as error:
        raise InputError(f"invalid JSON: {error}", file=str(path), line=number) from None
    if not isinstance(value, dict):
        raise InputError(f"expected a JSON object, found {type(value).__name__}",
                         file=str(path), line=number)
    return value


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict]]:
    """Yield ``(line_number, object)`` for each non-blank line; a bad line is an InputError."""
    for number, encoded in read_lines(path):
        yield number, parse_line(path, number, encoded)


def _open_for_reading(path: Path, *, binary: bool = False) -> IO[Any]:
    """A regular file opened as UTF-8 text (or bytes); a folder, a FIFO, a device or a dangling
    link is bad input (a FIFO would block forever)."""
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise InputError("not a regular file", file=str(path))
        return path.open("rb") if binary else path.open(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", file=str(path)) from None


def read_text(path: Path) -> str:
    """A small text file (a VERSION), as UTF-8; unreadable or not UTF-8 is bad input."""
    with _open_for_reading(path) as handle:
        try:
            return handle.read()
        except UnicodeDecodeError as error:
            raise InputError(f"not UTF-8: {error.reason}", file=str(path)) from None


def dumps(value: object) -> str:
    """The one JSON rendering of results: stable key order, so same scores give same bytes
    (msgspec's encoder, some ten times faster than ``json`` on a results file of tallies over
    ten thousand units)."""
    encoded = _ENCODER.encode(value)
    return msgspec.json.format(encoded, indent=2).decode("utf-8") + "\n"


def _as_json_scalar(value: object) -> object:
    """What ``json`` writes for a subclass of a JSON scalar type (a NumPy float, torch's version
    string), which msgspec leaves to this hook."""
    for kind in (bool, int, float, str):  # bool first: it is an int
        if isinstance(value, kind):
            return kind(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_ENCODER = msgspec.json.Encoder(order="sorted", enc_hook=_as_json_scalar)


def inside_gold_folder(path: Path) -> Path | None:
    """The gold folder (one holding a documents.jsonl) that ``path`` would be written inside,
    at any depth, following symbolic links; None if there is none."""
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / "documents.jsonl").is_file():
            return candidate
    return None


def check_output(path: str | Path, *, inputs: Iterable[str | Path] = ()) -> Path:
    """``path`` if the harness may write a file there, else :class:`InputError` saying why."""
    if str(path) == "":
        raise InputError("an output path cannot be empty", field="--out")
    path = Path(path)
    try:
        return _checked_output(path, inputs)
    except OSError as error:  # a name too long, a folder on the way that cannot be searched
        raise InputError(f"cannot write: {error.strerror or error}", file=str(path)) from None


def _checked_output(path: Path, inputs: Iterable[str | Path]) -> Path:
    gold = inside_gold_folder(path)
    if gold is not None:
        raise InputError(f"refusing to write inside the gold folder {gold}", file=str(path))
    if path.is_symlink():
        raise InputError("is a symbolic link; give the path of the file itself", file=str(path))
    if not path.parent.is_dir():
        raise InputError("its folder does not exist", file=str(path))
    if path.exists():
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputError("is a folder; give a file name", file=str(path))
        if not stat.S_ISREG(mode):
            raise InputError("is not a regular file (a device, a pipe or a socket)",
                             file=str(path))
        if not os.access(path, os.W_OK):
            raise InputError("is read-only", file=str(path))
        for source in inputs:
            if Path(source).exists() and path.samefile(source):
                raise InputError("is the input being read; write the output elsewhere",
                                 file=str(path))
    return path


def write_output(path: str | Path, content: str | bytes, *,
                 inputs: Iterable[str | Path] = ()) -> None:
    """Write a file for a user (results, predictions, a report, a plot): checked by
    :func:`check_output`, then written atomically; a failure to write is bad input, naming the
    file."""
    path = check_output(path, inputs=inputs)
    try:
        write_atomic(path, content)
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}", file=str(path)) from None


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write via a temporary file in the same folder and rename: a crash leaves the old file.

    The temporary file is unnamed (``O_TMPFILE``) until it is complete where the system allows
    it, so a write killed midway leaves nothing behind. Elsewhere it is named
    ``.NAME.RANDOM.tmp``, removed on any error, and one left by a killed write is removed by the
    next write of the same file once it is :data:`STALE_SECONDS` old.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    mode = 0o666 & ~_umask()
    _remove_stale_temporaries(path)
    if not _write_unnamed_temporary(path, data, mode):
        _write_named_temporary(path, data, mode)


#: a temporary file this old was left by a killed write (writing one takes well under this)
STALE_SECONDS = 600


def _temporary_name(path: Path) -> Path:
    return path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"


def _remove_stale_temporaries(path: Path) -> None:
    now = time.time()
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if now - leftover.lstat().st_mtime > STALE_SECONDS:
                leftover.unlink()
        except OSError:
            continue


def _write_unnamed_temporary(path: Path, data: bytes, mode: int) -> bool:
    """Write through an ``O_TMPFILE`` file named only once complete; False where the system
    has no such files or cannot name one (then nothing was written)."""
    try:
        fd = os.open(path.parent, os.O_TMPFILE | os.O_WRONLY, mode)
    except (AttributeError, OSError):
        return False
    temporary = _temporary_name(path)
    try:
        _write_all(fd, data)
        os.link(f"/proc/self/fd/{fd}", temporary)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO):
            raise
        return False  # linking an unnamed file is refused here (EXDEV, EPERM, ENOENT)
    finally:
        os.close(fd)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def _write_named_temporary(path: Path, data: bytes, mode: int) -> None:
    temporary = _temporary_name(path)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
