"""Speed of the entities scorer against seqeval, on the same synthetic data.

10,000 documents with 100 gold mentions each and a perturbed prediction (kept, relabelled,
shrunk, extended, dropped, plus spurious mentions; never overlapping, so that IOB2 can carry
it). Mentions of 1-3 tokens are separated by 1 to ``--max-gap`` tokens: the default of 10 gives
about 7.5 tokens per mention, the density of the benchmark's article (742 tokens, about 100
mentions); seqeval's time grows with tokens, this scorer's with mentions.

The fine view (exact span and label, micro P/R/F1) is scored by the scorer's ``exact_match``
and by seqeval in its default and its strict IOB2 mode; the IOB2 tags are built outside the
timed sections. Times are CPU seconds, the best of ``--repeat`` runs. The three must give the
same numbers to the last digit, or the benchmark fails (exit status 1). Results and their
reading: benchmarks/README.md.

    python benchmarks/entity_scoring.py [--documents N] [--mentions M] [--max-gap G]
                                        [--repeat R] [--through-api]

``--through-api`` also times ``afp_strikes_bench.api.score`` on the same data (every entities
metric with
bootstrap intervals), split into the task's scorer and the bootstrap.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from afp_strikes_bench.documents import Document
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.metrics.counts import precision_recall_f1
from afp_strikes_bench.tasks.entities import LABELS, TASK, exact_match, fine_key
from seqeval.metrics import sequence_labeling, v1
from seqeval.scheme import IOB2

SEED = 20240119


def synthetic_document(rng: random.Random, mentions: int,
                       max_gap: int) -> tuple[int, list[tuple], list[tuple]]:
    """(number of tokens, gold mentions, predicted mentions) as token spans (start, end, label).

    A prediction extends a mention only into the first token of a gap of two or more, and a
    spurious mention takes the second token of a gap of three or more, so predictions never
    overlap one another.
    """
    gold, predicted = [], []
    position = 0
    for _ in range(mentions):
        start = position
        end = start + rng.randint(1, 3)
        gap = rng.randint(1, max_gap)
        label = rng.choice(LABELS)
        fate = rng.random()
        if fate < 0.80:
            predicted.append((start, end, label))
        elif fate < 0.87:
            predicted.append((start, end, rng.choice(LABELS)))
        elif fate < 0.91 and end - start > 1:
            predicted.append((start, end - 1, label))
        elif fate < 0.95 and gap > 1:
            predicted.append((start, end + 1, label))
        # otherwise the mention is missed
        if gap >= 3 and rng.random() < 0.1:
            predicted.append((end + 1, end + 2, rng.choice(LABELS)))
        gold.append((start, end, label))
        position = end + gap
    return position, gold, predicted


BEGIN = {label: f"B-{label}" for label in LABELS}
INSIDE = {label: f"I-{label}" for label in LABELS}


def iob2(n_tokens: int, spans: list[tuple]) -> list[str]:
    tags = ["O"] * n_tokens
    for start, end, label in spans:
        tags[start] = BEGIN[label]
        tags[start + 1:end] = [INSIDE[label]] * (end - start - 1)
    return tags


def characters(spans: list[tuple]) -> list[dict]:
    """Token spans as character spans of a text of one-letter tokens one space apart."""
    return [{"start": 2 * start, "end": 2 * end - 1, "label": label} for start, end, label in spans]


def build(n_documents: int, n_mentions: int, max_gap: int):
    rng = random.Random(SEED)
    documents, gold_items, predictions, y_true, y_pred = {}, {}, {}, [], []
    for number in range(n_documents):
        doc_id = f"doc{number:05d}"
        n_tokens, gold, predicted = synthetic_document(rng, n_mentions, max_gap)
        documents[doc_id] = Document(doc_id, " ".join("w" * n_tokens), "2024-01-19", "synthetic",
                                     "en")
        gold_items[doc_id] = [{"id": f"E{i}", **item}
                              for i, item in enumerate(characters(gold), start=1)]
        predictions[doc_id] = characters(predicted)
        y_true.append(iob2(n_tokens, gold))
        y_pred.append(iob2(n_tokens, predicted))
    gold_set = GoldSet(Path("<synthetic>"), documents, {"entities": gold_items}, "synthetic", "")
    return gold_set, predictions, y_true, y_pred


def timed(function, *arguments, repeat: int = 1):
    """The result and the best CPU time of ``repeat`` runs (CPU time: the machine may be shared)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        result = function(*arguments)
        best = min(best, time.process_time() - start)
    return result, best


def fine_view(gold: GoldSet, predictions: dict) -> tuple[float, float, float]:
    tally = exact_match(gold, predictions, fine_key)
    return precision_recall_f1(*tally.ratios())


def seqeval_micro(y_true, y_pred) -> tuple[float, float, float]:
    precision, recall, f1, _ = sequence_labeling.precision_recall_fscore_support(
        y_true, y_pred, average="micro")
    return float(precision), float(recall), float(f1)


def seqeval_strict_micro(y_true, y_pred) -> tuple[float, float, float]:
    precision, recall, f1, _ = v1.precision_recall_fscore_support(
        y_true, y_pred, average="micro", scheme=IOB2)
    return float(precision), float(recall), float(f1)


def through_api(gold: GoldSet, predictions: dict) -> None:
    from afp_strikes_bench.api import score
    from afp_strikes_bench.metrics.bootstrap import RESAMPLES, resample_weights, summarize
    from afp_strikes_bench.metrics.bootstrap import SEED as BOOTSTRAP_SEED
    from afp_strikes_bench.predictions import Predictions

    by_doc = {doc_id: {"entities": items} for doc_id, items in predictions.items()}
    _, total = timed(score, gold, Predictions(by_doc, ""), ["entities"])
    metrics, scoring = timed(TASK.score, gold, predictions)
    weights, drawing = timed(resample_weights, len(gold.units), RESAMPLES, BOOTSTRAP_SEED)

    def summarize_all():
        for tally in metrics.values():
            parts = tally.values() if isinstance(tally, dict) else [tally]
            for part in parts:
                summarize(part, gold.units, weights)

    _, summarizing = timed(summarize_all)
    print(f"afp_strikes_bench.api.score (entities, {RESAMPLES} resamples): {total:.2f} s")
    print(f"  of which Entities.score: {scoring:.2f} s, resample_weights: {drawing:.2f} s, "
          f"summarize (every metric): {summarizing:.2f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--mentions", type=int, default=100)
    parser.add_argument("--max-gap", type=int, default=10,
                        help="tokens between mentions: 1 to this")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--through-api", action="store_true")
    args = parser.parse_args(argv)

    gold, predictions, y_true, y_pred = build(args.documents, args.mentions, args.max_gap)
    n_predicted = sum(map(len, predictions.values()))
    print(f"{args.documents} documents, {args.documents * args.mentions} gold and "
          f"{n_predicted} predicted mentions, {sum(map(len, y_true))} tokens")

    ours, ours_time = timed(fine_view, gold, predictions, repeat=args.repeat)
    theirs, seqeval_time = timed(seqeval_micro, y_true, y_pred, repeat=args.repeat)
    strict, strict_time = timed(seqeval_strict_micro, y_true, y_pred, repeat=args.repeat)
    _, all_metrics_time = timed(TASK.score, gold, predictions, repeat=args.repeat)
    print(f"P/R/F1: ours {ours}, seqeval {theirs}, seqeval strict {strict}")
    if not ours == theirs == strict:
        print("the scorers disagree", file=sys.stderr)
        return 1
    print(f"fine view, this scorer:        {ours_time:6.2f} s")
    for name, seconds in (("seqeval default", seqeval_time), ("seqeval strict", strict_time)):
        print(f"fine view, {name + ':':20s}{seconds:6.2f} s  ({seconds / ours_time:.1f}x)")
    print(f"every entities metric, ours:   {all_metrics_time:6.2f} s")
    if args.through_api:
        through_api(gold, predictions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
