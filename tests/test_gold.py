"""The benchmark's own gold: the article byte for byte, in sync with its annotation sources,
loadable with Hugging Face datasets offline, and perfect when scored against itself."""
from __future__ import annotations

import json
import re

import pytest
import yaml
from afp_strikes_bench.api import gold_as_predictions, score
from afp_strikes_bench.authoring import write_gold
from conftest import ARTICLE, GOLD, ROOT


def test_documents_hold_the_article_byte_for_byte(article_text):
    if not ARTICLE.is_file():
        pytest.skip(f"the shared article is not beside this checkout ({ARTICLE})")
    assert article_text == ARTICLE.read_bytes().decode("utf-8")
    assert len(article_text) == 3946 and article_text.startswith(" date 2024-01-19")


def test_document_metadata(gold):
    (document,) = gold.documents.values()
    assert (document.date, document.language, document.source) == ("2024-01-19", "en", "AFP")
    assert len(document.paragraph_starts) == 20


def test_gold_is_built_from_the_annotation_sources():
    assert write_gold(ROOT / "annotation", GOLD, check_only=True) == []


def card():
    text = (GOLD / "README.md").read_text(encoding="utf-8")
    header = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(header.group(1)), text


def test_dataset_card_declares_every_task_with_a_test_split(gold):
    metadata, text = card()
    configs = {c["config_name"]: c["data_files"] for c in metadata["configs"]}
    for name in ["documents", *gold.tasks]:
        assert configs[name] == [{"split": "test", "path": f"datasets/{name}.parquet"}]
    assert metadata["license"] and metadata["task_categories"]
    assert re.search(r"canary GUID [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                     r"[0-9a-f]{12}", text)
    assert "## Data statement" in text


def test_every_task_with_gold_loads_with_datasets_offline(gold, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from afp_strikes_bench.api import load_dataset

    for name in ["documents", *gold.tasks]:
        split = load_dataset(name)["test"]
        assert split.num_rows == len(gold.documents)
        row = split[0]
        if name != "documents":
            line = json.loads((GOLD / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()[0])
            assert row["doc_id"] == line["doc_id"] and len(row[name]) == len(line[name])


def every_number(record):
    """Every P, R, F1 and accuracy in a metric record or group."""
    if record["kind"] == "group":
        for part in record["by"].values():
            yield from every_number(part)
        return
    for key in ("precision", "recall", "f1", "accuracy"):
        if key in record:
            yield key, record[key]


def test_gold_scored_against_itself_is_perfect_on_every_metric(gold):
    assert gold.tasks, "the gold has no task files yet"
    scored = score(gold, gold_as_predictions(gold), resamples=20)
    for task, result in scored.items():
        assert result["status"] == "scored"
        for metric, record in result["metrics"].items():
            for key, value in every_number(record):
                assert value == 1.0, (task, metric, key)
