"""Scoring in shards of documents and adding the shards up: ``bench eval --jobs N`` (processes
on one machine), ``bench eval --shard K/N`` and ``bench merge`` (anywhere, then combined).

Every metric is a tally of per-unit contributions (:mod:`afp_strikes_bench.metrics.counts`), and
a resampling unit (a document, or a paragraph of one) lies in one document, so a shard of
documents scores into tallies that add up to the whole's, unit by unit. A single run goes
through the same two steps with one shard: :func:`tally_shard` scores each metric into a tally
of per-unit rows over the whole gold's units (written to a partial file, or sent back from a
worker, as :func:`shard_as_json`) and :func:`merge_scored` adds the rows of every shard in unit
order and summarises them, so the numbers, the bootstrap intervals (the same resamples of the
same added rows) and the rows' order are those of a single run by construction, to the last
bit.

Explained records (:mod:`afp_strikes_bench.records`) are kept per metric up to
:data:`RECORDS_KEPT`, the first in the task's order (document first); the rest are counted by
status in ``explained_left_out``. A shard keeps its own first ones, which hold every record of
the whole's first ones, so capping and merging give what a single run gives.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.metrics.bootstrap import summarize
from afp_strikes_bench.metrics.counts import Average, MatchTally, Unit, from_record, to_record
from afp_strikes_bench.predictions import Predictions
from afp_strikes_bench.records import MATCH_STATUSES
from afp_strikes_bench.results import group
from afp_strikes_bench.tasks import get_task
from afp_strikes_bench.tasks.base import Task, TaskPredictions

#: explained records kept per metric: enough for every error of the benchmark's article many
#: times over, and a results file of a million mentions stays a few megabytes
RECORDS_KEPT = 10_000


def shard_documents(doc_ids: list[str], shard: int, shards: int) -> list[str]:
    """The ``shard``-th (from 0) of ``shards`` runs of consecutive documents in gold order,
    whose sizes differ by at most one.

    >>> [shard_documents(["a", "b", "c", "d", "e"], k, 2) for k in range(2)]
    [['a', 'b'], ['c', 'd', 'e']]
    """
    if not 0 <= shard < shards:
        raise ValueError(f"shard {shard} of {shards}: shards are numbered 0 to {shards - 1}")
    return doc_ids[len(doc_ids) * shard // shards:len(doc_ids) * (shard + 1) // shards]


@dataclass(frozen=True)
class _ShardGold(GoldSet):
    """Some documents of a gold set, whose units are of the whole set's kind (which the number
    of documents decides, and a shard has fewer)."""

    whole_unit_kind: str = "document"

    @property
    def unit_kind(self) -> str:
        return self.whole_unit_kind


def restrict(gold: GoldSet, doc_ids: list[str]) -> GoldSet:
    """The gold of ``doc_ids`` only, resampled in the whole gold's units."""
    kept = set(doc_ids)
    return _ShardGold(gold.path, {doc_id: gold.documents[doc_id] for doc_id in doc_ids},
                      {task: {doc_id: items for doc_id, items in by_doc.items() if doc_id in kept}
                       for task, by_doc in gold.tasks.items()},
                      gold.version, gold.sha256, gold.variant, gold.derived_from,
                      whole_unit_kind=gold.unit_kind)


def tally_shard(gold: GoldSet, predictions: Predictions, tasks: list[str], shard: int = 0,
                shards: int = 1) -> dict[str, dict]:
    """Per task, the shard's tallies (a tally, or a group of them by key, per metric) and
    explained records. Whether a task was attempted is the whole predictions' answer, so every
    shard agrees."""
    doc_ids = shard_documents(list(gold.documents), shard, shards)
    part = restrict(gold, doc_ids)
    scored: dict[str, dict] = {}
    for name in tasks:
        task = get_task(name)
        entry: dict[str, Any] = {"version": task.info.version, "headline": task.info.headline}
        if not predictions.attempted(name):
            scored[name] = {"status": "not_attempted", **entry}
            continue
        task_predictions = {doc_id: predictions.by_doc[doc_id].get(name, [])
                            for doc_id in doc_ids}
        tallies = {metric: dict(sorted(tally.items())) if isinstance(tally, dict) else tally
                   for metric, tally in task.score(part, task_predictions).items()}
        explained, left_out = _explained(task, part, task_predictions, tallies)
        scored[name] = {"status": "scored", **entry, "tallies": tallies, "explained": explained,
                        **({"explained_left_out": left_out} if left_out else {})}
    return scored


def shard_as_json(scored: dict[str, dict], units: Sequence[Unit]) -> dict[str, dict]:
    """:func:`tally_shard`'s output as a partial results file holds it under ``tasks``: each
    tally as its per-unit rows (unrounded) over the whole gold's ``units``."""
    return {name: {**entry, "tallies": {
        metric: group({key: to_record(member, units) for key, member in tally.items()})
        if isinstance(tally, dict) else to_record(tally, units)
        for metric, tally in entry["tallies"].items()}} if "tallies" in entry else entry
        for name, entry in scored.items()}


def shard_from_json(scored: dict[str, dict], units: Sequence[Unit]) -> dict[str, dict]:
    """:func:`shard_as_json` read back."""
    return {name: {**entry, "tallies": {
        metric: {key: from_record(member, units) for key, member in record["by"].items()}
        if record["kind"] == "group" else from_record(record, units)
        for metric, record in entry["tallies"].items()}} if "tallies" in entry else entry
        for name, entry in scored.items()}


def _explained(task: Task, gold: GoldSet, predictions: TaskPredictions, tallies: dict
               ) -> tuple[dict[str, list[dict]], dict[str, dict[str, int]]]:
    """The task's explained records per metric, the first :data:`RECORDS_KEPT` by document id
    (in the task's order within a document), and how many of each status the others hold.

    Only as many documents as it takes are explained, in batches that double, in document
    order, so that a million mentions do not build a million records to keep ten thousand. The
    records of a match metric are its true positives, false positives and false negatives
    (:meth:`~afp_strikes_bench.tasks.base.Task.explain`), so what is left out is its tally's
    totals less the records kept; the other metrics' are counted on the documents not explained
    (:meth:`~afp_strikes_bench.tasks.base.Task.explained_counts`)."""
    doc_ids = sorted(gold.documents)
    kept: dict[str, list[dict]] = {}
    done, batch = 0, 1
    while True:  # once at least: an empty shard still names the metrics it explains
        chunk = doc_ids[done:done + batch]
        for metric, records in task.explain(restrict(gold, chunk),
                                            {doc_id: predictions[doc_id] for doc_id in chunk}
                                            ).items():
            # document first (a stable sort keeps each task's order within a document), as
            # every shard's records are merged: batches in that order add up to it
            kept.setdefault(metric, []).extend(sorted(records,
                                                      key=lambda record: record["doc_id"]))
        done, batch = done + len(chunk), batch * 2
        if done >= len(doc_ids) or all(len(records) >= RECORDS_KEPT
                                       for records in kept.values()):
            break
    left_out: dict[str, Counter] = {}
    for metric, records in kept.items():
        tally = tallies.get(metric)
        if isinstance(tally, MatchTally):
            totals = dict(zip(MATCH_STATUSES, map(int, tally.totals())))
            left_out[metric] = Counter(totals)
            left_out[metric].subtract(Counter(_by_status(records[:RECORDS_KEPT])))
        else:
            left_out[metric] = Counter(_by_status(records[RECORDS_KEPT:]))
    rest = doc_ids[done:]
    others = [metric for metric in kept if not isinstance(tallies.get(metric), MatchTally)]
    if rest and others:
        counted = task.explained_counts(restrict(gold, rest),
                                        {doc_id: predictions[doc_id] for doc_id in rest})
        for metric in others:
            left_out[metric].update(counted.get(metric, {}))
    return ({metric: records[:RECORDS_KEPT] for metric, records in kept.items()},
            {metric: {status: n for status, n in sorted(counts.items()) if n}
             for metric, counts in left_out.items() if any(counts.values())})


def merge_scored(shards: list[dict[str, dict]], units: Sequence[Unit], weights,
                 label_set: str | None) -> dict[str, dict]:
    """The tasks of a results document from the :func:`tally_shard` output of every shard, in
    shard order: tallies added, metrics with their intervals, explained records combined."""
    scored: dict[str, dict] = {}
    for name, first in shards[0].items():
        entry = {key: first[key] for key in ("status", "version", "headline")}
        if first["status"] != "scored":
            scored[name] = entry
            continue
        task = get_task(name)
        parts = [found[name] for found in shards]
        not_applicable = task.not_applicable(label_set)
        order = [metric for metric in task.info.report_order if metric in first["tallies"]]
        order += [metric for metric in first["tallies"] if metric not in order]
        metrics: dict[str, dict] = {}
        tallies: dict[str, dict] = {}
        for metric in order:
            if metric in not_applicable:  # said, never scored as zero; no tally to compare
                metrics[metric] = {"kind": "not_applicable", "reason": not_applicable[metric]}
                continue
            found = [part["tallies"][metric] for part in parts]
            if isinstance(found[0], dict):
                keys = sorted({key for members in found for key in members})
                added = {key: _added([members[key] for members in found if key in members],
                                     units) for key in keys}
                metrics[metric] = group({key: summarize(member, units, weights)
                                         for key, member in added.items()})
                tallies[metric] = group({key: to_record(member, units)
                                         for key, member in added.items()})
            else:
                total = _added(found, units)
                metrics[metric] = summarize(total, units, weights)
                tallies[metric] = to_record(total, units)
        explained, left_out = _merged_records(parts)
        scored[name] = {**entry, "metrics": metrics, "tallies": tallies, "explained": explained,
                        **({"explained_left_out": left_out} if left_out else {})}
    return scored


def _added(tallies: list, units: Sequence[Unit]):
    """The tallies of one metric (one per shard that has it), added up in unit order."""
    if isinstance(tallies[0], Average):
        listed = [list(tally.parts) for tally in tallies]
        # the same parts everywhere (MUC, B-cubed, CEAF-e) keep their order; parts that differ
        # between shards (labels) are put in name order, the order a single run averages them in
        names = listed[0] if all(names == listed[0] for names in listed) else sorted(
            {name for names in listed for name in names})
        return Average({name: _added([tally.parts[name] for tally in tallies
                                      if name in tally.parts], units) for name in names})
    # rows in unit order, whatever order a scorer added them in: a sum of fractions then comes
    # out the same to the last bit however the documents were sharded
    total = type(tallies[0]).from_rows(units, tallies[0].matrix(units))
    total.both_empty = tallies[0].both_empty
    for tally in tallies[1:]:
        total += tally
    return total


def _merged_records(parts: list[dict]) -> tuple[dict[str, list[dict]], dict[str, dict]]:
    """The explained records of every shard in a single run's order (every task orders its
    records by document first, and a document lies in one shard), capped again, with the
    counts of what was left out."""
    explained: dict[str, list[dict]] = {}
    left_out: dict[str, dict] = {}
    for metric in parts[0]["explained"]:
        records = sorted((record for part in parts for record in part["explained"][metric]),
                         key=lambda record: record["doc_id"])
        omitted = Counter(_by_status(records[RECORDS_KEPT:]))
        for part in parts:
            omitted.update(part.get("explained_left_out", {}).get(metric, {}))
        explained[metric] = records[:RECORDS_KEPT]
        if omitted:
            left_out[metric] = dict(sorted(omitted.items()))
    return explained, left_out


def _by_status(records: list[dict]) -> dict[str, int]:
    return dict(sorted(Counter(record["status"] for record in records).items()))
