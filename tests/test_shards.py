"""Scoring in shards gives exactly a single run's results: through the library in a
``datasets`` map with two processes, through ``bench eval --jobs 2``, and through
``bench eval --shard K/N`` and ``bench merge``.

Equality is exact, every field, floats included, not within 1e-9: a unit lies in one document,
so each shard's per-unit rows are the single run's rows, and both paths add them in the units'
order and summarise them with the same code and the same resamples.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from afp_strikes_bench import api
from afp_strikes_bench.cli import main
from afp_strikes_bench.shards import shard_documents

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from synthetic import write_article_copies  # noqa: E402

SHARDS = 3


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """25 copies of the article (document units) with edited predictions of every task."""
    folder = tmp_path_factory.mktemp("copies")
    write_article_copies(folder / "gold", folder / "predictions.jsonl", 25)
    return folder / "gold", folder / "predictions.jsonl"


@pytest.fixture(scope="module")
def single(copies):
    gold, predictions = copies
    return api.evaluate(str(predictions), gold=gold)


def differences(a, b, path="") -> list[str]:
    """Every field where ``a`` and ``b`` differ, compared exactly."""
    if type(a) is not type(b):
        return [f"{path}: {a!r} vs {b!r}"]
    if isinstance(a, dict):
        return ([f"{path}/{key}: only one has it" for key in a.keys() ^ b.keys()]
                + [found for key in a.keys() & b.keys()
                   for found in differences(a[key], b[key], f"{path}/{key}")])
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} vs {len(b)} items"]
        return [found for index, (x, y) in enumerate(zip(a, b))
                for found in differences(x, y, f"{path}[{index}]")]
    return [] if a == b else [f"{path}: {a!r} vs {b!r}"]


def test_shards_cover_every_document_once_in_order():
    doc_ids = [f"d{n}" for n in range(11)]
    for shards in range(1, 12):
        joined = [d for k in range(shards) for d in shard_documents(doc_ids, k, shards)]
        assert joined == doc_ids


def score_shard_row(row, gold, predictions):
    """What a datasets map worker runs: one shard, scored in-process by the library API."""
    partial = api.evaluate_shard(str(predictions), gold=gold, shard=row["shard"],
                                 shards=SHARDS)
    return {"partial": json.dumps(partial)}


def test_datasets_map_with_two_processes_equals_a_single_run(copies, single, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import datasets

    gold, predictions = copies
    shards = datasets.Dataset.from_list([{"shard": k} for k in range(SHARDS)])
    scored = shards.map(score_shard_row, num_proc=2,
                        fn_kwargs={"gold": str(gold), "predictions": str(predictions)})
    merged = api.merge([json.loads(text) for text in scored["partial"]])
    assert differences(merged, single) == []


def test_jobs_2_equals_a_single_run(copies, single, tmp_path):
    gold, predictions = copies
    out = tmp_path / "jobs.json"
    assert main(["eval", "--system", str(predictions), "--gold", str(gold), "--jobs", "2",
                 "--out", str(out)]) == 0
    assert differences(json.loads(out.read_text()), json.loads(json.dumps(single))) == []


def test_shard_files_merge_into_a_single_run_and_are_refused_elsewhere(copies, single,
                                                                         tmp_path, capsys):
    gold, predictions = copies
    parts = [tmp_path / f"part-{k}.json" for k in range(1, SHARDS + 1)]
    for k, part in enumerate(parts, start=1):
        assert main(["eval", "--system", str(predictions), "--gold", str(gold), "--shard",
                     f"{k}/{SHARDS}", "--out", str(part)]) == 0
    out = tmp_path / "merged.json"
    assert main(["merge", *map(str, reversed(parts)), "--out", str(out)]) == 0
    assert differences(json.loads(out.read_text()), json.loads(json.dumps(single))) == []
    capsys.readouterr()
    assert main(["merge", str(parts[0]), str(parts[0]), str(parts[2]), "--out",
                 str(tmp_path / "bad.json")]) == 2
    assert "given twice: 1; missing: 2" in capsys.readouterr().err
    assert main(["compare", str(parts[0]), str(out)]) == 2
    assert "partial results file (shard 1 of 3)" in capsys.readouterr().err
    board = tmp_path / "board"
    board.mkdir()
    parts[1].rename(board / "part.json")
    assert main(["leaderboard", str(board)]) == 2
    assert "bench merge" in capsys.readouterr().err


def test_paragraph_units_shard_too(tmp_path):
    """Fewer than 20 documents: the units are paragraphs, of the whole gold's kind in a shard."""
    write_article_copies(tmp_path / "gold", tmp_path / "predictions.jsonl", 4)
    gold, predictions = tmp_path / "gold", str(tmp_path / "predictions.jsonl")
    single = api.evaluate(predictions, gold=gold)
    assert single["bootstrap"]["unit"] == "paragraph"
    parts = [api.evaluate_shard(predictions, gold=gold, shard=k, shards=3) for k in range(3)]
    assert differences(api.merge(json.loads(json.dumps(parts))), single) == []
    assert differences(api.evaluate(predictions, gold=gold, jobs=3), single) == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the inputs reach workers by fork")
def test_jobs_beyond_the_documents_is_a_single_run(tmp_path):
    write_article_copies(tmp_path / "gold", tmp_path / "predictions.jsonl", 2,
                         tasks=("entities",))
    gold, predictions = tmp_path / "gold", str(tmp_path / "predictions.jsonl")
    assert api.evaluate(predictions, gold=gold, jobs=8) == api.evaluate(predictions, gold=gold)


def test_explained_records_are_the_first_by_document_id_whatever_the_gold_order(
        tmp_path, monkeypatch):
    """Records are kept by document id (each task's order within a document) and cut at
    RECORDS_KEPT; the rest are counted by status: with the gold's lines in reverse id order,
    the same in one process, in two, and built record by record."""
    from afp_strikes_bench import shards
    from afp_strikes_bench.gold import load_gold
    from afp_strikes_bench.results import rounded
    from afp_strikes_bench.tasks import get_task

    gold_folder, predictions = tmp_path / "gold", tmp_path / "predictions.jsonl"
    write_article_copies(gold_folder, predictions, 6)
    for path in gold_folder.glob("*.jsonl"):  # gold order is reverse id order
        path.write_text("".join(reversed(path.read_text().splitlines(keepends=True))))
    monkeypatch.setattr(shards, "RECORDS_KEPT", 7)
    gold = load_gold(gold_folder)
    found = api.predict(str(predictions), gold)
    one, two = (api.evaluate(str(predictions), gold=gold, jobs=jobs) for jobs in (1, 2))
    for name, entry in one["tasks"].items():
        for metric, records in get_task(name).explain(gold, found.for_task(name)).items():
            ordered = sorted(records, key=lambda record: record["doc_id"])
            assert entry["explained"][metric] == rounded(ordered[:7]), (name, metric)
            rest = shards._by_status(ordered[7:])
            assert entry.get("explained_left_out", {}).get(metric, {}) == rest, (name, metric)
    assert differences(one, two) == []
