"""The one exception that user input raises.

Everything a user hands the harness (gold folders, prediction files, systems, command-line
arguments) is checked at the edge; a problem becomes an :class:`InputError`, which the command
line prints as one line, ``file:line: field: message``, with exit status 2.
"""
from __future__ import annotations


def one_line(text: str, limit: int = 300) -> str:
    r"""``text`` fit for one line of a message: line breaks, control and bidirectional-override
    characters escaped, and at most ``limit`` characters.

    >>> one_line("bad\nvalue\u202e" + "x" * 400)[:24], len(one_line("x" * 400))
    ('bad\\nvalue\\u202exxxxxxxx', 300)
    """
    # escaping only lengthens, so a huge text (a 50 MB id) is cut before it is escaped
    escaped = printable(text[: limit + 1])
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


def printable(text: str, *, keep: str = "") -> str:
    r"""``text`` safe to show on a terminal or a page: control characters (an ANSI escape
    sequence's ESC), line breaks and bidirectional-override characters written as Python
    escapes, except the characters of ``keep`` (a document's line breaks).

    >>> printable("\x1b[31mred\u202e\n"), printable("a\nb", keep="\n")
    ('\\x1b[31mred\\u202e\\n', 'a\nb')
    """
    return "".join(char if (char.isprintable() and char not in _BIDI) or char in keep else
                   char.encode("unicode_escape").decode("ascii") for char in text)


#: characters that reorder the text around them when displayed
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def shortened(path: str, limit: int = 120) -> str:
    """A path for a message, its middle cut when it is long, so that what is wrong with it
    still fits on the line.

    >>> shortened("/a/" + "x" * 300 + "/preds.jsonl", 30)
    '/a/xxxxxxxxxxx…xxx/preds.jsonl'
    """
    if len(path) <= limit:
        return path
    tail = limit // 2
    return path[: limit - tail - 1] + "…" + path[-tail:]


class InputError(Exception):
    """A problem with user input, located as precisely as is known.

    >>> str(InputError("5000 is past the end", file="preds.jsonl", line=3, field="entities[4].end"))
    'preds.jsonl:3: entities[4].end: 5000 is past the end'
    >>> str(InputError("no such file", file="x.jsonl"))
    'x.jsonl: no such file'
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.field = field

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            file = shortened(self.file)
            where = file if self.line is None else f"{file}:{self.line}"
        parts = [p for p in (where, self.field) if p]
        return ": ".join(parts + [self.message])


class InputErrors(InputError):
    """Several problems found in one pass (``bench validate`` prints them all)."""

    def __init__(self, problems: list[InputError]) -> None:
        super().__init__(str(problems[0]))
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
