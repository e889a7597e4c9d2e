"""Results documents: what ``bench eval`` writes and ``compare``, ``leaderboard`` and
``explain`` read. This module is the one place they are built into their stored form, written,
loaded and checked.

Every metric record says its kind, so a reader never guesses from its keys:

- ``prf``: set matching, ``precision``, ``recall``, ``f1``, ``tp``, ``fp``, ``fn``;
- ``ratio``: precision and recall as ratios of fractional sums (coreference), with their
  numerators and denominators;
- ``mean``: the unweighted mean of other scores' P/R/F1 (macro F1, CoNLL F1), ``of`` which;
- ``accuracy``: ``accuracy``, ``correct``, ``total``;
- ``group``: records of these kinds ``by`` label, type or field.

Each carries ``ci95``; the per-unit tallies behind them sit beside them under ``tallies``, with
the same names and groups. Floats are stored rounded to :data:`DECIMALS` places: the last
binary digits of a sum depend on the order a numerical library adds in, and a results file
must not change with the numpy version that wrote it.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from afp_strikes_bench import schemas
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.io import dumps, write_output
from afp_strikes_bench.resources import data_folder

#: decimal places of every float stored in a results file (scores are read to three)
DECIMALS = 10
#: the results of the built-in baselines, shipped with the benchmark
REFERENCE_RESULTS = data_folder("results")


def group(records: dict[str, dict]) -> dict:
    """A metric broken down by a key: ``{"kind": "group", "by": {key: record}}``."""
    return {"kind": "group", "by": records}


def score_value(record: dict) -> float:
    """The number a score is ranked and tested by: accuracy for an accuracy, else F1.

    >>> score_value({"kind": "accuracy", "accuracy": 0.5}), score_value({"kind": "prf", "f1": 0.8})
    (0.5, 0.8)
    """
    return record["accuracy"] if record["kind"] == "accuracy" else record["f1"]


def flatten(records: dict[str, dict]) -> Iterator[tuple[str, dict]]:
    """``(name, record)`` of every metric (or tally), a group's members as ``"metric key"``.

    >>> [name for name, _ in flatten({"fine": {"kind": "prf"},
    ...                               "per_label": group({"GPE": {"kind": "prf"}})})]
    ['fine', 'per_label GPE']
    """
    for name, record in records.items():
        if record["kind"] == "group":
            for key, member in record["by"].items():
                yield f"{name} {key}", member
        else:
            yield name, record


def rounded(value: Any) -> Any:
    """``value`` with every float rounded to :data:`DECIMALS` places (ints and bools untouched).

    >>> rounded({"f1": 2 / 3, "tp": 2, "ci95": [0.1 + 0.2, 1.0]})
    {'f1': 0.6666666667, 'tp': 2, 'ci95': [0.3, 1.0]}
    """
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item) for item in value]
    return value


def check_results(results: dict) -> None:
    """Check a results document the harness built against ``schema/results.schema.json``: a
    violation is a bug in the harness, not bad input (the tests call this; ``bench eval`` does
    not pay for it on every run)."""
    found = schemas.problems("results", results)
    if found:
        field, message = found[0]
        raise RuntimeError(f"results do not match schema/results.schema.json: {field}: {message}")


def write_results(results: dict, path: str | Path, *,
                  inputs: Iterable[str | Path] = ()) -> None:
    """Write the results JSON atomically (a crash mid-write leaves the old file), never over
    one of ``inputs`` (see :func:`afp_strikes_bench.io.write_output`)."""
    write_output(path, dumps(results), inputs=inputs)


def write_partial(partial: dict, path: str | Path, *,
                  inputs: Iterable[str | Path] = ()) -> None:
    """Write a partial results file atomically, keys in the order they were built: the parts of
    a mean are averaged in their stored order, which sorting keys would change."""
    write_output(path, json.dumps(partial, ensure_ascii=False) + "\n", inputs=inputs)


def load_results(path: str | Path) -> dict:
    """A results file, checked against ``schema/results.schema.json`` on the way in; a partial
    results file (one shard's, ``bench eval --shard``) is refused: its tallies are a part."""
    path = Path(path)
    results = _read_json(path)
    if isinstance(results, dict) and "partial" in results:
        shard = results["partial"]
        where = (f" (shard {shard['shard'] + 1} of {shard['shards']})"
                 if isinstance(shard, dict) and {"shard", "shards"} <= set(shard) else "")
        raise InputError(f"a partial results file{where}: combine every shard with bench merge "
                         "first", file=str(path))
    found = schemas.problems("results", results)
    if found:
        field, message = found[0]
        raise InputError(f"not a valid results file: {message}", file=str(path), field=field)
    return results


def load_partial(path: str | Path) -> dict:
    """A partial results file (``bench eval --shard K/N``), checked against its schema
    (``schema/results.schema.json``, ``$defs/partial_results``)."""
    path = Path(path)
    partial = _read_json(path)
    if not isinstance(partial, dict) or "partial" not in partial:
        raise InputError("not a partial results file (bench eval --shard K/N --out writes them)",
                         file=str(path))
    found = schemas.problems("results#/$defs/partial_results", partial)
    if found:
        field, message = found[0]
        raise InputError(f"not a valid partial results file: {message}", file=str(path),
                         field=field)
    return partial


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", file=str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"not a results file: invalid JSON ({error})", file=str(path)) from None


def check_comparable(named: list[tuple[str, dict]]) -> None:
    """Refuse results that cannot be compared: scored against different gold (sha256), or a task
    scored by different versions of its scorer. Names the first two files that differ."""
    first_name, first = named[0]
    for name, results in named[1:]:
        if variant_of(results) != variant_of(first):
            raise InputError(
                f"{first_name} and {name} were scored on different variants of the gold "
                f"({variant_of(first)} vs {variant_of(results)}): not comparable; the "
                "leaderboard of a folder holding both shows the gap between them")
        if results["gold"]["sha256"] != first["gold"]["sha256"]:
            raise InputError(
                f"{first_name} and {name} were scored against different gold versions "
                f"({gold_label(first)} vs {gold_label(results)}); score both against the "
                "same gold")
    scorers: dict[str, tuple[str, str]] = {}
    for name, results in named:
        for task, result in results["tasks"].items():
            seen = scorers.setdefault(task, (name, result["version"]))
            if seen[1] != result["version"]:
                raise InputError(
                    f"{seen[0]} and {name} scored {task} with different scorer versions "
                    f"({seen[1]} vs {result['version']}); score both with the same harness")


def gold_label(results: dict) -> str:
    gold = results["gold"]
    variant = "" if variant_of(results) == "original" else f", {variant_of(results)} variant"
    return f"{gold['version']}, sha256 {gold['sha256'][:12]}{variant}"


def variant_of(results: dict) -> str:
    """The gold variant results were scored on (results written before variants: the
    original)."""
    return str(results["gold"].get("variant", "original"))
