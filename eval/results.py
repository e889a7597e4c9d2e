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
from typing import TYPE_CHECKING, Any

from afp_strikes_bench import schemas
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.io import dumps, loads, read_text, write_output
from afp_strikes_bench.metrics.counts import TALLY_KINDS
from afp_strikes_bench.resources import data_folder

if TYPE_CHECKING:
    from afp_strikes_bench.gold import GoldSet

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
        if value.get("kind") in TALLY_KINDS and "rows" in value:
            return {**value, "rows": _rounded_rows(value["rows"])}
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list):  # mostly tally rows: their floats rounded without a call each
        return [round(item, DECIMALS) if isinstance(item, float) else rounded(item)
                for item in value]
    return value


def _rounded_rows(rows: list[list]) -> list[list]:
    """A tally's rows, rounded: as they are when every number is a whole one (counts, which
    most tallies hold, ten thousand rows of them for a corpus), without a look at each."""
    import numpy as np

    if not rows:
        return rows
    numbers = np.asarray(rows, dtype=float)
    if np.array_equal(numbers, np.rint(numbers)):
        return rows
    return [[round(item, DECIMALS) if isinstance(item, float) else item for item in row]
            for row in rows]


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
    """A results file, checked against ``schema/results.schema.json`` and for consistency
    (:func:`inconsistencies`) on the way in; strict JSON, as every input (:func:`io.loads`). A
    partial results file (one shard's, ``bench eval --shard``) is refused: its tallies are a
    part."""
    path = Path(path)
    results = _read_json(path)
    if "partial" in results:
        shard = results["partial"]
        where = (f" (shard {shard['shard'] + 1} of {shard['shards']})"
                 if isinstance(shard, dict) and {"shard", "shards"} <= set(shard) else "")
        raise InputError(f"a partial results file{where}: combine every shard with bench merge "
                         "first", file=str(path))
    found = schemas.problems("results", results)
    if found:
        field, message = found[0]
        raise InputError(f"not a valid results file: {message}", file=str(path), field=field)
    inconsistent = next(inconsistencies(results), None)
    if inconsistent is not None:
        field, message = inconsistent
        raise InputError(f"not a valid results file: {message}", file=str(path), field=field)
    return results


#: more resamples than any results file needs; a bound, so that reading one cannot take hours
MAX_RESAMPLES = 100_000


def inconsistencies(results: dict, gold: GoldSet | None = None) -> Iterator[tuple[str, str]]:
    """``(field path, message)`` of what the schema cannot say about a results document (which
    has passed it): bounds of the bootstrap settings, tally rows that fit the units and their
    kind, a headline among the metrics; with ``gold``, units, documents and match spans that
    fit it."""
    bootstrap = results["bootstrap"]
    units = bootstrap["units"]
    if not 1 <= bootstrap["resamples"] <= MAX_RESAMPLES:
        yield ("bootstrap.resamples",
               f"{bootstrap['resamples']} resamples (from 1 to {MAX_RESAMPLES:,})")
    if bootstrap["seed"] < 0 or bootstrap["seed"] >= 2**32:
        yield "bootstrap.seed", f"seed {bootstrap['seed']} (from 0 to 2**32 - 1)"
    if units < 1:
        yield "bootstrap.units", f"{units} units (at least 1)"
    if gold is not None and units != len(gold.units):
        yield ("bootstrap.units",
               f"{units} units, but the gold has {len(gold.units)} {gold.unit_kind}s")
    for task, entry in results["tasks"].items():
        at = f"tasks.{task}"
        if entry["status"] != "scored":
            continue
        for key in ("metrics", "tallies", "explained"):
            if key not in entry:
                yield f"{at}.{key}", f"a scored task needs its {key}"
                break
        else:
            if entry["headline"] not in entry["metrics"]:
                yield (f"{at}.headline",
                       f"the headline {entry['headline']!r} is not one of its metrics")
            for name, tally in entry["tallies"].items():
                yield from _tally_problems(tally, units, f"{at}.tallies.{name}")
            for metric, records in entry["explained"].items():
                yield from _record_problems(records, gold, f"{at}.explained.{metric}")


def _tally_problems(tally: dict, units: int, at: str) -> Iterator[tuple[str, str]]:
    """Rows ``[unit index, *columns]``: an index that is a unit's, the width of the kind."""
    if tally["kind"] == "group":
        for key, member in tally["by"].items():
            yield from _tally_problems(member, units, f"{at}.by.{key}")
        return
    if tally["kind"] == "average":
        for name, part in tally["parts"].items():
            yield from _tally_problems(part, units, f"{at}.parts.{name}")
        return
    width = len(TALLY_KINDS[tally["kind"]].columns) + 1
    for number, row in enumerate(tally["rows"]):
        index = row[0]
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < units:
            yield f"{at}.rows[{number}][0]", f"{index} is not a unit's index (0 to {units - 1})"
            return
        if len(row) != width:
            yield (f"{at}.rows[{number}]",
                   f"{len(row)} values; a {tally['kind']} row has {width}")
            return
        if any(value < 0 for value in row[1:]):
            yield f"{at}.rows[{number}]", "a count is negative"
            return


def _record_problems(records: list[dict], gold: GoldSet | None,
                     at: str) -> Iterator[tuple[str, str]]:
    """An explained record's span is ordered; with ``gold``, it names a gold document and fits
    its text."""
    for number, match in enumerate(records):
        if "span" not in match:
            continue
        start, end = match["span"]
        if start > end:
            yield f"{at}[{number}].span", f"starts at {start}, after its end {end}"
            return
        if gold is None:
            continue
        document = gold.documents.get(match["doc_id"])
        if document is None:
            yield f"{at}[{number}].doc_id", f"document {match['doc_id']!r} is not in the gold"
            return
        if end > len(document.text):
            yield (f"{at}[{number}].span", f"{end} is past the end of document "
                   f"{match['doc_id']!r} ({len(document.text)} characters)")
            return


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


def _read_json(path: Path) -> dict:
    """A results file's JSON object, read strictly, as every input (:func:`io.loads`)."""
    text = read_text(path)
    try:
        results = loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"not a results file: invalid JSON: {error.msg}", file=str(path),
                         line=error.lineno) from None
    except ValueError as error:
        raise InputError(f"not a results file: invalid JSON: {error}", file=str(path)) from None
    if not isinstance(results, dict):
        raise InputError(f"not a results file: a JSON {type(results).__name__}, not an object",
                         file=str(path))
    return results


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
        if results["bootstrap"]["units"] != first["bootstrap"]["units"]:
            raise InputError(
                f"{first_name} and {name} resample different units ({first['bootstrap']['units']}"
                f" vs {results['bootstrap']['units']}) of the same gold; one was edited")
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
