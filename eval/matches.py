"""Match records: which gold item each prediction matched, kept in the results for error analysis.

Every task is treated alike, through the span(s) and label each item is found by
(:meth:`afp_strikes_bench.tasks.base.Task.main_spans`): a prediction whose main span equals a gold
item's is
a true positive when the labels agree (or the prediction claims no label), ``confused`` when they
differ; any other prediction is a false positive and any other gold item a false negative.
Matching is exact and one-to-one per span (duplicates are false positives). It is a diagnostic
view, not a metric: each task's own scorer defines its metrics (an attribution's relation, say,
is paired by overlapping cue there), so counts here can differ from the headline's.

A predicted coreference cluster carries no label; it takes the name of the gold cluster most of
its mentions belong to, so a mention put in another participant's cluster shows as ``confused``.

>>> from afp_strikes_bench.tasks.entities import TASK as entities, Mention
>>> gold = {"d": [Mention(0, 4, "GPE", id="E1"), Mention(10, 14, "ORG", id="E2")]}
>>> predicted = {"d": [Mention(0, 4, "NORP"), Mention(20, 22, "GPE")]}
>>> [(r["status"], r["gold"], r["prediction"]) for r in match_records(entities, gold, predicted)]
[('confused', 'E1', 0), ('fn', 'E2', None), ('fp', None, 1)]
"""
from __future__ import annotations

from collections import Counter
from typing import Any

STATUSES = ("tp", "fp", "fn", "confused")

#: (start, end, label, gold id or prediction index)
Located = tuple[int, int, Any, Any]


def match_records(task, gold: dict[str, list], predictions: dict[str, list]) -> list[dict]:
    """The match records of every document of ``gold`` (doc_id -> gold items) against
    ``predictions`` (doc_id -> predicted items), items typed, in document and text order."""
    records = []
    for doc_id, gold_items in gold.items():
        gold_spans = [(start, end, label, item.id) for item in gold_items
                      for start, end, label in task.main_spans(item)]
        predicted_spans = _predicted_spans(task, predictions.get(doc_id, []), gold_spans)
        records += sorted(_pair(doc_id, gold_spans, predicted_spans), key=_record_order)
    return records


def _predicted_spans(task, items: list, gold_spans: list[Located]) -> list[Located]:
    gold_labels: dict[tuple[int, int], list] = {}
    for start, end, label, _ in gold_spans:
        gold_labels.setdefault((start, end), []).append(label)
    located = []
    for index, item in enumerate(items):
        spans = task.main_spans(item)
        if isinstance(item, tuple):  # a predicted cluster: named after its majority gold cluster
            votes = Counter(label for start, end, _ in spans
                            for label in gold_labels.get((start, end), []))
            name = min(votes, key=lambda label: (-votes[label], str(label))) if votes else None
            spans = [(start, end, name) for start, end, _ in spans]
        located += [(start, end, label, index) for start, end, label in spans]
    return located


def _pair(doc_id: str, gold_spans: list[Located], predicted_spans: list[Located]) -> list[dict]:
    """Pairs at each span, independent of input order: equal labels first, then predictions
    without a label, then what is left, each side taken in (label, id or index) order."""
    by_span: dict[tuple[int, int], tuple[list, list]] = {}
    for start, end, label, gold_id in gold_spans:
        by_span.setdefault((start, end), ([], []))[0].append((label, gold_id))
    for start, end, label, index in predicted_spans:
        by_span.setdefault((start, end), ([], []))[1].append((label, index))
    records = []
    for span, (golds, predicted) in by_span.items():
        def record(status, gold=(None, None), prediction=(None, None)):
            return {"doc_id": doc_id, "span": list(span), "status": status,
                    "gold": gold[1], "gold_label": gold[0],
                    "prediction": prediction[1], "predicted_label": prediction[0]}

        golds.sort(key=lambda g: (str(g[0]), str(g[1])))
        predicted.sort(key=lambda p: (p[0] is None, str(p[0]), p[1]))
        unmatched = []
        for prediction in predicted:
            agreeing = next((g for g in golds if prediction[0] in (None, g[0])), None)
            if agreeing is None:
                unmatched.append(prediction)
            else:
                golds.remove(agreeing)
                records.append(record("tp", agreeing, prediction))
        for gold, prediction in zip(golds, unmatched):
            records.append(record("confused", gold, prediction))
        records += [record("fn", gold) for gold in golds[len(unmatched):]]
        records += [record("fp", prediction=p) for p in unmatched[len(golds):]]
    return records


def _record_order(record: dict) -> tuple:
    return (record["span"], record["status"], str(record["gold"]),
            -1 if record["prediction"] is None else record["prediction"])


def counts(records: list[dict]) -> dict[str, int]:
    """How many records have each status.

    >>> counts([{"status": "tp"}, {"status": "fp"}, {"status": "tp"}])
    {'tp': 2, 'fp': 1, 'fn': 0, 'confused': 0}
    """
    found = Counter(record["status"] for record in records)
    return {status: found[status] for status in STATUSES}
