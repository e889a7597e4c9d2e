"""``bench validate`` of a predictions file: every problem, one line each."""
from __future__ import annotations

from pathlib import Path

from afp_strikes_bench.errors import InputError, InputErrors
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.predictions import (
    check_label_set,
    check_prediction_line,
    read_predictions_lines,
)


def validate_predictions_file(path: Path, gold: GoldSet, *,
                              label_set: str | None = None) -> int:
    """The number of documents in a valid file; :class:`InputErrors` listing every problem."""
    problems: list[InputError] = []
    seen: set[str] = set()
    try:
        for line, value, declared in read_predictions_lines(path, check_label_set(label_set)):
            if value is None:
                continue
            value, found = check_prediction_line(value, gold, seen, label_set=declared)
            problems += [InputError(message, file=str(path), line=line, field=field)
                         for field, message in found]
            if not found:
                seen.add(value["doc_id"])
    except InputError as error:  # unreadable file or a line that is not JSON: stop there
        problems.append(error)
    if problems:
        raise InputErrors(problems)
    return len(seen)
