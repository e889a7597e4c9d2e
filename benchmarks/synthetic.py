"""Synthetic gold folders and predictions files for the benchmarks and the sharding tests.

Two kinds, both written as files so that ``bench eval`` reads them as it reads anyone's:

- :func:`write_entities`: documents of one-letter tokens with ``mentions`` gold entity mentions
  each and a perturbed prediction (:func:`synthetic_document`), with the IOB2 tags of both for
  seqeval, built from the same token spans;
- :func:`write_article_copies`: the benchmark's article, with its gold for every task, copied
  under ``n`` document ids, and predictions made from that gold by deterministic edits (items
  dropped, relabelled, counts changed), so that every task has true positives, false positives
  and false negatives.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from afp_strikes_bench.gold import DEFAULT_GOLD
from afp_strikes_bench.tasks import get_task
from afp_strikes_bench.tasks.entities import LABELS

SEED = 20240119
TASKS = ("entities", "coreference", "events", "casualties", "attributions")


def synthetic_document(rng: random.Random, mentions: int,
                       max_gap: int) -> tuple[int, list[tuple], list[tuple]]:
    """(number of tokens, gold mentions, predicted mentions) as token spans (start, end, label).

    Mentions of 1-3 tokens are separated by 1 to ``max_gap`` tokens. A prediction is kept (80%),
    relabelled (7%), shrunk or extended by a token, or missed; a spurious mention takes the
    second token of a gap of three or more, so predictions never overlap and IOB2 carries them.
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
        if gap >= 3 and rng.random() < 0.1:
            predicted.append((end + 1, end + 2, rng.choice(LABELS)))
        gold.append((start, end, label))
        position = end + gap
    return position, gold, predicted


def iob2(n_tokens: int, spans: list[tuple]) -> list[str]:
    tags = ["O"] * n_tokens
    for start, end, label in spans:
        tags[start] = f"B-{label}"
        tags[start + 1:end] = [f"I-{label}"] * (end - start - 1)
    return tags


def _characters(spans: list[tuple], text: str) -> list[dict]:
    """Token spans as character spans of a text of one-letter tokens one space apart."""
    return [{"start": 2 * start, "end": 2 * end - 1, "text": text[2 * start:2 * end - 1],
             "label": label} for start, end, label in spans]


def _document(doc_id: str, text: str) -> dict:
    return {"id": doc_id, "text": text, "date": "2024-01-19", "source": "synthetic",
            "language": "en"}


def write_entities(folder: Path, predictions: Path, n_documents: int, mentions: int = 100,
                   max_gap: int = 10) -> tuple[list[list[str]], list[list[str]]]:
    """Write a gold folder of entities and a predictions file; return the IOB2 tags (gold,
    predicted) of the same mentions, one list per document."""
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    y_true, y_pred = [], []
    with (open(folder / "documents.jsonl", "w", encoding="utf-8") as documents,
          open(folder / "entities.jsonl", "w", encoding="utf-8") as entities,
          open(predictions, "w", encoding="utf-8") as predicted_file):
        for number in range(n_documents):
            doc_id = f"doc{number:05d}"
            n_tokens, gold, predicted = synthetic_document(rng, mentions, max_gap)
            text = " ".join("w" * n_tokens)
            documents.write(json.dumps(_document(doc_id, text)) + "\n")
            items = [{"id": f"E{i}", **item}
                     for i, item in enumerate(_characters(gold, text), start=1)]
            entities.write(json.dumps({"doc_id": doc_id, "text": text, "entities": items}) + "\n")
            predicted_items = [{key: value for key, value in item.items() if key != "text"}
                               for item in _characters(predicted, text)]
            predicted_file.write(json.dumps({"doc_id": doc_id, "entities": predicted_items})
                                 + "\n")
            y_true.append(iob2(n_tokens, gold))
            y_pred.append(iob2(n_tokens, predicted))
    return y_true, y_pred


def _as_predictions(task: str, items: list[dict]) -> list:
    """Gold items of a task in the prediction shape, as a perfect system would give them."""
    found = get_task(task)
    return [found.to_json(found.as_prediction(found.parse(item, gold=True))) for item in items]


def _edited(task: str, items: list[dict], copy_number: int) -> list[dict]:
    """Predictions from a copy's gold: each edit hits a different item in each copy."""
    items = _as_predictions(task, items)

    def chosen(index: int) -> bool:
        return (index + copy_number) % 4 == 0

    if task == "entities":
        for index, item in enumerate(items):
            if (index + copy_number) % 7 == 0:
                item["label"] = "ORG" if item["label"] != "ORG" else "GPE"
        return [item for index, item in enumerate(items) if not chosen(index)]
    if task == "coreference":
        return [cluster[:-1] if chosen(index) and len(cluster) > 1 else cluster
                for index, cluster in enumerate(items)]
    if task == "events":
        for index, event in enumerate(items):
            if chosen(index):
                event["arguments"] = event["arguments"][1:]
        return items
    if task == "casualties":
        for index, record in enumerate(items):
            if chosen(index) and record["count"] is not None:
                record["count"] += 1
        return items
    for index, attribution in enumerate(items):  # attributions
        if chosen(index):
            attribution["type"] = "direct" if attribution["type"] != "direct" else "indirect"
    return items


def write_article_copies(folder: Path, predictions: Path, n_documents: int,
                         tasks: tuple[str, ...] = TASKS) -> None:
    """The article and its gold of ``tasks`` under ``n_documents`` ids, and edited predictions."""
    folder.mkdir(parents=True, exist_ok=True)
    article = json.loads((DEFAULT_GOLD / "documents.jsonl").read_text(encoding="utf-8"))
    gold = {task: json.loads((DEFAULT_GOLD / f"{task}.jsonl").read_text(encoding="utf-8"))
            for task in tasks}
    doc_ids = [f"copy{number:05d}" for number in range(n_documents)]
    with open(folder / "documents.jsonl", "w", encoding="utf-8") as documents:
        for doc_id in doc_ids:
            documents.write(json.dumps({**article, "id": doc_id}) + "\n")
    for task, line in gold.items():
        with open(folder / f"{task}.jsonl", "w", encoding="utf-8") as task_file:
            for doc_id in doc_ids:
                task_file.write(json.dumps({**line, "doc_id": doc_id}) + "\n")
    with open(predictions, "w", encoding="utf-8") as predicted:
        for number, doc_id in enumerate(doc_ids):
            line = {"doc_id": doc_id}
            for task in tasks:
                line[task] = _edited(task, gold[task][task], number)
            predicted.write(json.dumps(line) + "\n")
