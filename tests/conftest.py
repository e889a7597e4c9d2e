"""Shared fixtures. The spaCy model and the gold are loaded once per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold"
ARTICLE = ROOT.parent / "shared" / "article.txt"

os.environ["HF_HUB_OFFLINE"] = "1"


@pytest.fixture(scope="session")
def gold():
    from afp_strikes_bench.gold import load_gold

    return load_gold(GOLD)


@pytest.fixture(scope="session")
def article_text(gold):
    return next(iter(gold.documents.values())).text


@pytest.fixture(scope="session")
def nlp():
    from afp_strikes_bench.baselines.spacy_sm.pipeline import nlp as load

    return load()


TINY_TEXT = "Iran said nine people died on Thursday.\n\nPakistan denied it."


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    import json

    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                    encoding="utf-8")
    return path


@pytest.fixture
def tiny_gold(tmp_path):
    """A two-paragraph gold folder with entities, for command-line and harness tests."""
    folder = tmp_path / "gold"
    folder.mkdir()
    write_jsonl(folder / "documents.jsonl", [{"id": "d1", "text": TINY_TEXT, "date": "2024-01-19",
                                              "source": "test", "language": "en"}])
    spans = [("Iran", "GPE", None), ("nine", "CARDINAL", 9), ("Thursday", "DATE", "2024-01-18"),
             ("Pakistan", "GPE", None)]
    entities = []
    for number, (text, label, value) in enumerate(spans, start=1):
        start = TINY_TEXT.index(text)
        item = {"id": f"E{number}", "start": start, "end": start + len(text), "text": text,
                "label": label}
        if value is not None:
            item["value"] = value
        entities.append(item)
    write_jsonl(folder / "entities.jsonl", [{"doc_id": "d1", "text": TINY_TEXT,
                                             "entities": entities}])
    return folder


def parsed(task, items_by_doc: dict[str, list], *, gold: bool) -> dict[str, list]:
    """doc_id -> JSON items, parsed into the task's typed items as the harness's edges do
    (scorers read only typed items)."""
    return {doc_id: task.parse_all(items, gold=gold) for doc_id, items in items_by_doc.items()}
