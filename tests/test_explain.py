"""Explained records in the results, and `bench explain` over them: a constructed gold with a
known false positive, false negative and wrong label; order independence; every task's shape.
That every task's records are its headline's counts is tested in test_explain_headline.py."""
from __future__ import annotations

import json
import random

import pytest
from afp_strikes_bench import api
from afp_strikes_bench.cli import main
from afp_strikes_bench.documents import Document
from afp_strikes_bench.explain import explain, render_html, render_text
from afp_strikes_bench.gold import GoldSet, load_gold
from afp_strikes_bench.records import counts
from afp_strikes_bench.results import check_results
from afp_strikes_bench.results import write_results as save_results
from afp_strikes_bench.schemas import problems
from afp_strikes_bench.tasks import get_task
from conftest import TINY_TEXT, parsed, write_jsonl
from hypothesis import given, settings
from hypothesis import strategies as st
from test_leaderboard import SCRIPT_NAME


def entity(text, label):
    start = TINY_TEXT.index(text)
    return {"start": start, "end": start + len(text), "label": label}


# gold (conftest.tiny_gold): E1 Iran GPE, E2 nine CARDINAL, E3 Thursday DATE, E4 Pakistan GPE
PREDICTED = [entity("Pakistan", "GPE"), entity("people", "NORP"), entity("nine", "ORDINAL"),
             entity("Iran", "GPE")]


@pytest.fixture
def scored(tiny_gold, tmp_path):
    predictions = write_jsonl(tmp_path / "mine.jsonl", [{"doc_id": "d1", "entities": PREDICTED}])
    results = api.evaluate(str(predictions), gold=tiny_gold)
    folder = tmp_path / "results"
    folder.mkdir()
    check_results(results)  # the harness's own output matches its schema
    save_results(results, folder / "mine.json")
    return results, folder / "mine.json"


def test_fine_records_name_gold_ids_and_prediction_indices(scored):
    results, _ = scored
    records = results["tasks"]["entities"]["explained"]["fine"]
    assert [(r["status"], r["gold"] and r["gold"]["ref"],
             r["prediction"] and r["prediction"]["ref"], r["label"], r["differences"])
            for r in records] == [
        ("tp", "E1", 3, "GPE", []),
        ("fp", "E2", 2, "ORDINAL", ["label"]),
        ("fn", "E2", 2, "CARDINAL", ["label"]),
        ("fp", None, 1, "NORP", []),
        ("fn", "E3", None, "DATE", []),
        ("tp", "E4", 0, "GPE", [])]
    assert [TINY_TEXT[slice(*r["span"])] for r in records] == [
        "Iran", "nine", "nine", "people", "Thursday", "Pakistan"]


def test_fine_records_are_the_fine_metric(scored):
    results, _ = scored
    found = counts(results["tasks"]["entities"]["explained"]["fine"])
    fine = results["tasks"]["entities"]["metrics"]["fine"]
    assert (fine["tp"], fine["fp"], fine["fn"]) == (found["tp"], found["fp"], found["fn"])


def test_explain_groups_counts_and_sentences(scored, tiny_gold):
    results, path = scored
    report = explain(results, "entities", load_gold(tiny_gold), file=str(path))
    fine, = report["sections"]
    assert fine["counts"] == {"tp": 2, "fp": 2, "fn": 2} == fine["scored"]
    norp, ordinal = fine["groups"]["fp"]
    assert (norp["label"], norp["count"]) == ("NORP", 1)
    assert norp["items"][0]["text"] == "people"
    assert norp["items"][0]["occurrences"][0]["sentence"] == \
        "Iran said nine [[people]] died on Thursday."
    assert ordinal["items"][0]["occurrences"][0]["details"] == [
        "gold E2 CARDINAL: mention 'nine'", "predicted #2 ORDINAL: mention 'nine'",
        "differs: label"]
    assert [(group["label"], group["items"][0]["text"]) for group in fine["groups"]["fn"]] == [
        ("CARDINAL", "nine"), ("DATE", "Thursday")]
    matrix = report["confusion_matrix"]
    assert matrix["labels"] == ["CARDINAL", "DATE", "GPE", "NORP", "ORDINAL", "(none)"]
    cell = {(g, p): matrix["matrix"][i][j] for i, g in enumerate(matrix["labels"])
            for j, p in enumerate(matrix["labels"])}
    assert {key: value for key, value in cell.items() if value} == {
        ("CARDINAL", "ORDINAL"): 1, ("DATE", "(none)"): 1, ("GPE", "GPE"): 2,
        ("(none)", "NORP"): 1}
    text = render_text(report)
    assert "fine: tp 2  fp 2  fn 2 (the metric's: tp 2  fp 2  fn 2)" in text
    assert "  NORP (1)\n    'people' ×1\n" in text


def test_cli_finds_the_system_by_name(scored, tiny_gold, capsys):
    _, path = scored
    arguments = ["explain", "--system", "mine", "--task", "entities", "--results",
                 str(path.parent), "--gold", str(tiny_gold)]
    assert main(arguments) == 0
    assert "Iran said nine people died on [[Thursday]]." in capsys.readouterr().out
    assert main(arguments[:2] + ["nobody"] + arguments[3:]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no results for system 'nobody' (systems: mine)" in err


def test_cli_refuses_another_gold_and_an_unattempted_task(scored, tiny_gold, tmp_path, capsys):
    _, path = scored
    other = tmp_path / "other-gold"
    other.mkdir()
    for name in ("documents.jsonl", "entities.jsonl"):
        (other / name).write_bytes((tiny_gold / name).read_bytes())
    (other / "VERSION").write_text("2\n")
    lines = (other / "entities.jsonl").read_text().replace('"GPE"', '"NORP"', 1)
    (other / "entities.jsonl").write_text(lines)
    assert main(["explain", "--system", str(path), "--task", "entities", "--gold", str(other)]) == 2
    assert capsys.readouterr().err.startswith(f"{path}: scored against gold sha256 ")
    results = json.loads(path.read_text())
    results["tasks"]["entities"] = {"status": "not_attempted", "version": "1",
                                     "headline": "fine"}
    path.write_text(json.dumps(results))
    assert main(["explain", "--system", str(path), "--task", "entities",
                 "--gold", str(tiny_gold)]) == 2
    assert capsys.readouterr().err == f"{path}: mine did not attempt entities\n"


def test_html_side_by_side_with_displacy_and_escaped_strings(scored, tiny_gold):
    results, path = scored
    results = dict(results, system={**results["system"], "name": SCRIPT_NAME})
    page = render_html(explain(results, "entities", load_gold(tiny_gold), file=str(path)))
    assert "<script" not in page and "prediction: &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count('class="entity"') == 4 + 4  # displaCy marks: gold items, predictions
    assert page.count("<tr data-paragraph=") == 2  # a row per paragraph
    assert "CARDINAL (missed, label)" in page and "ORDINAL (spurious, label)" in page
    assert "DATE (missed)" in page and "NORP (spurious)" in page


def test_perfect_and_empty_systems_on_the_gold(gold):
    """On the benchmark's own gold, every task: the gold itself leaves no error, the empty
    system misses everything; the records validate against the results schema."""
    perfect = api.score(gold, api.gold_as_predictions(gold), resamples=10)
    empty = api.score(gold, api.predict("empty", gold), resamples=10)
    for name in perfect:
        headline = get_task(name).info.headline
        found = counts(perfect[name]["explained"][headline])
        assert not any(n for status, n in found.items() if status not in ("tp", "correct")), name
        missed = counts(empty[name]["explained"][headline])
        assert sum(missed.values()) > 0 and missed.get("tp", 0) == 0, name
        results = {"tasks": {name: perfect[name]}}
        assert not [p for p in problems("results", results) if p[0].startswith("tasks")]
        results = {"tasks": {name: empty[name]}}
        assert not [p for p in problems("results", results) if p[0].startswith("tasks")]


def test_schema_rejects_an_inconsistent_record():
    record = {"doc_id": "d", "span": [0, 4], "status": "tp", "label": "GPE", "gold": None,
              "prediction": {"ref": 0, "label": "GPE", "spans": []}, "differences": []}
    task = {"status": "scored", "version": "1", "headline": "fine", "metrics": {},
            "tallies": {}, "explained": {"fine": [record]}}
    assert any(path.startswith("tasks.entities.explained.fine[0]")
               for path, _ in problems("results", {"tasks": {"entities": task}}))


SPANS = [(0, 4), (0, 9), (5, 9), (10, 14)]
LABELS = ["GPE", "ORG", "NORP"]
items = st.lists(st.tuples(st.sampled_from(SPANS), st.sampled_from(LABELS)), max_size=8)


@settings(max_examples=200, deadline=None)
@given(gold_items=items, predicted_items=items, seed=st.integers(0, 2**16))
def test_records_never_depend_on_input_order(gold_items, predicted_items, seed):
    task = get_task("entities")
    gold = [{"id": f"E{i}", "start": s, "end": e, "label": label}
            for i, ((s, e), label) in enumerate(gold_items)]
    predicted = [{"start": s, "end": e, "label": label} for (s, e), label in predicted_items]

    def records(gold, predicted):
        document = Document("d", "x" * 20, "2024-01-19", "test", "en")
        gold_set = GoldSet(None, {"d": document}, {"entities": parsed(task, {"d": gold},
                                                                      gold=True)}, "", "")
        return task.explain(gold_set, parsed(task, {"d": predicted}, gold=False))["fine"]

    def outcome(gold, predicted):
        return sorted((tuple(r["span"]), r["status"], str(r["label"]), tuple(r["differences"]))
                      for r in records(gold, predicted))

    shuffled_gold, shuffled_predicted = gold[:], predicted[:]
    random.Random(seed).shuffle(shuffled_gold)
    random.Random(seed + 1).shuffle(shuffled_predicted)
    assert outcome(gold, predicted) == outcome(shuffled_gold, shuffled_predicted)
    found = counts(records(gold, predicted))
    assert found["tp"] + found["fn"] == len(gold)
    assert found["tp"] + found["fp"] == len(predicted)
    # true positives are the exact (span, label) multiset intersection, as the fine metric counts
    from collections import Counter
    assert found["tp"] == sum((Counter(gold_items) & Counter(predicted_items)).values())
