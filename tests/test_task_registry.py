"""Adding a task touches its module, its schema and the registry, nothing else: a toy task,
registered here with a module (this file) and a schema (written to a copy of schema/), is
validated, scored, written, compared, ranked and explained by the unchanged harness."""
from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass

import pytest
from afp_strikes_bench import schemas
from afp_strikes_bench.cli import main
from afp_strikes_bench.metrics.counts import MatchTally
from afp_strikes_bench.records import Described, match_records, side
from afp_strikes_bench.tasks import TASK_MODULES, get_task, task_names
from afp_strikes_bench.tasks.base import Paired, Task, TaskInfo, pair_multisets, tally_pairs
from conftest import TINY_TEXT, write_jsonl


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    text: str | None = None
    id: str | None = None

    def to_json(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value is not None}


class Numbers(Task):
    """Find the numbers of a document (spans only)."""

    info = TaskInfo(name="numbers", description="number words", headline="spans",
                    report_order=("spans",), version="toy-1", citation="none")

    def pairing(self, gold, predictions) -> list[Paired]:
        def keyed(items_by_doc):
            return [((doc_id, item.start, item.end), gold.unit(doc_id, item.start),
                     (doc_id, index, item))
                    for doc_id, items in items_by_doc.items()
                    for index, item in enumerate(items)]

        return pair_multisets(keyed(gold.tasks["numbers"]), keyed(predictions))

    def score(self, gold, predictions) -> dict[str, MatchTally]:
        return {"spans": tally_pairs(self.pairing(gold, predictions))}

    def explain(self, gold, predictions):
        def described(found, is_gold):
            doc_id, index, item = found
            return Described(doc_id, (item.start, item.end), None,
                             side(item.id if is_gold else index, None, [("number", item)]))

        return {"spans": match_records(self.pairing(gold, predictions), described, list)}

    def parse(self, raw, *, gold):
        return Number(**raw)

    def main_spans(self, item):
        return [(item.start, item.end, None)]


TASK = Numbers()

SPAN = {"type": "object", "properties": {"start": {"type": "integer", "minimum": 0},
                                         "end": {"type": "integer", "minimum": 0},
                                         "text": {"type": "string"}},
        "required": ["start", "end"]}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:bench:schema:numbers",
    "$defs": {
        "gold_item": {**SPAN, "properties": {**SPAN["properties"], "id": {"type": "string"}},
                      "required": ["id", "start", "end", "text"], "additionalProperties": False},
        "prediction_item": {**SPAN, "additionalProperties": False},
        "predictions": {"type": "array", "items": {"$ref": "#/$defs/prediction_item"}},
    },
    "type": "object",
    "properties": {"doc_id": {"type": "string"}, "text": {"type": "string"},
                   "numbers": {"type": "array", "items": {"$ref": "#/$defs/gold_item"}}},
    "required": ["doc_id", "text", "numbers"], "additionalProperties": False,
}


@pytest.fixture
def registered(monkeypatch, tmp_path):
    """The toy task in the registry, its schema beside copies of the benchmark's."""
    folder = tmp_path / "schema"
    shutil.copytree(schemas.SCHEMA_DIR, folder)
    (folder / "numbers.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    monkeypatch.setattr(schemas, "SCHEMA_DIR", folder)
    monkeypatch.setitem(TASK_MODULES, "numbers", __name__)
    for cached in (schemas.contents, schemas.validator, schemas._registry, get_task):
        cached.cache_clear()
    yield
    for cached in (schemas.contents, schemas.validator, schemas._registry, get_task):
        cached.cache_clear()


def test_a_toy_task_goes_through_every_command(registered, tiny_gold, tmp_path, capsys):
    assert "numbers" in task_names()
    start = TINY_TEXT.index("nine")
    write_jsonl(tiny_gold / "numbers.jsonl", [{"doc_id": "d1", "text": TINY_TEXT, "numbers": [
        {"id": "N1", "start": start, "end": start + 4, "text": "nine"}]}])
    assert main(["validate", str(tiny_gold)]) == 0
    assert "numbers (1)" in capsys.readouterr().out

    right = write_jsonl(tmp_path / "right.jsonl", [
        {"doc_id": "d1", "numbers": [{"start": start, "end": start + 4}]}])
    wrong = write_jsonl(tmp_path / "wrong.jsonl", [
        {"doc_id": "d1", "numbers": [{"start": 0, "end": 4}]}])
    results = tmp_path / "results"
    results.mkdir()
    for system in (right, wrong):
        assert main(["eval", "--system", str(system), "--gold", str(tiny_gold), "--tasks",
                     "numbers", "--out", str(results / f"{system.stem}.json")]) == 0
    written = json.loads((results / "right.json").read_text())
    scored = written["tasks"]["numbers"]
    assert (scored["version"], scored["headline"]) == ("toy-1", "spans")
    assert scored["metrics"]["spans"]["kind"] == "prf" and scored["metrics"]["spans"]["f1"] == 1.0
    capsys.readouterr()

    assert main(["compare", str(results / "right.json"), str(results / "wrong.json"),
                 "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["tasks"]["numbers"]["rows"]
    assert [(row["metric"], row["a"], row["b"]) for row in rows] == [("spans", 1.0, 0.0)]
    assert main(["leaderboard", str(results), "--format", "json"]) == 0
    board = json.loads(capsys.readouterr().out)
    assert [row["system"] for row in board["tasks"][0]["rows"]] == ["right", "wrong"]
    assert main(["explain", "--system", str(results / "wrong.json"), "--task", "numbers",
                 "--gold", str(tiny_gold), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sections"][0]["counts"]["fp"] == 1


def test_a_predictions_key_that_names_no_task_is_refused(tiny_gold, tmp_path, capsys):
    preds = write_jsonl(tmp_path / "p.jsonl", [{"doc_id": "d1", "numbers": []}])
    assert main(["eval", "--system", str(preds), "--gold", str(tiny_gold)]) == 2
    assert capsys.readouterr().err.startswith(f"{preds}:1: numbers: unknown task; tasks are ")
