"""The command line: exit codes, one-line errors naming file, line and field, gold untouched."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest
from afp_strikes_bench.cli import main
from conftest import TINY_TEXT, write_jsonl


def folder_digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def run_cli(capsys, *arguments):
    status = main([str(a) for a in arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def span(text):
    start = TINY_TEXT.index(text)
    return {"start": start, "end": start + len(text)}


def entity(text, label="GPE", **extra):
    return {**span(text), "label": label, **extra}


GOOD_LINE = {"doc_id": "d1", "entities": [entity("Iran"), entity("nine", "CARDINAL", value=9)]}

BAD_LINES = {
    "invalid JSON": ('{"doc_id": "d1", "entities": [', ":1: invalid JSON"),
    "not an object": ("[1, 2]", ":1: expected a JSON object, found list"),
    "wrong type": ({"doc_id": "d1", "entities": [{"start": 0, "end": "4", "label": "GPE"}]},
                   ":1: entities[0].end: '4' is not of type 'integer'"),
    "unknown label": ({"doc_id": "d1", "entities": [{**entity("Iran"), "label": "COUNTRY"}]},
                      ":1: entities[0].label: 'COUNTRY' is not one of"),
    "unknown event type": ({"doc_id": "d1", "events": [{"trigger": span("died"),
                                                         "type": "Life.Death"}]},
                           ":1: events[0].type: 'Life.Death' is not one of"),
    "negative offset": ({"doc_id": "d1", "entities": [{"start": -1, "end": 4, "label": "GPE"}]},
                        ":1: entities[0].start: -1 is negative"),
    "start after end": ({"doc_id": "d1", "entities": [{"start": 4, "end": 2, "label": "GPE"}]},
                        ":1: entities[0].start: 4 is not before end 2"),
    "past the end": ({"doc_id": "d1", "entities": [{"start": 0, "end": 5000, "label": "GPE"}]},
                     ":1: entities[0].end: 5000 is past the end of document 'd1' (60 characters)"),
    "text differs": ({"doc_id": "d1", "entities": [{**entity("Iran"), "text": "Ira"}]},
                     ":1: entities[0].text: 'Ira' differs from the document's 'Iran'"),
    "unknown doc_id": ({"doc_id": "d9", "entities": []},
                       ":1: doc_id: document 'd9' is not in the gold"),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
@pytest.mark.parametrize("command", ["eval", "validate"])
def test_bad_prediction_line_is_one_line_exit_2(case, command, tiny_gold, tmp_path, capsys):
    line, expected = BAD_LINES[case]
    predictions = tmp_path / "preds.jsonl"
    predictions.write_text(line if isinstance(line, str) else json.dumps(line), encoding="utf-8")
    before = folder_digest(tiny_gold)
    arguments = (["eval", "--system", predictions] if command == "eval"
                 else ["validate", predictions]) + ["--gold", tiny_gold]
    status, out, err = run_cli(capsys, *arguments)
    assert status == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"{predictions}:1: ") and expected in err
    assert folder_digest(tiny_gold) == before


def test_doc_id_given_twice(tiny_gold, tmp_path, capsys):
    predictions = write_jsonl(tmp_path / "preds.jsonl", [GOOD_LINE, GOOD_LINE])
    status, _, err = run_cli(capsys, "eval", "--system", predictions, "--gold", tiny_gold)
    assert status == 2
    assert err == f"{predictions}:2: doc_id: document 'd1' is given twice\n"


def test_validate_reports_every_problem(tiny_gold, tmp_path, capsys):
    predictions = tmp_path / "preds.jsonl"
    predictions.write_text("\n".join(json.dumps(BAD_LINES[c][0]) for c in
                                     ("negative offset", "unknown label")), encoding="utf-8")
    status, _, err = run_cli(capsys, "validate", predictions, "--gold", tiny_gold)
    assert status == 2
    lines = err.splitlines()
    assert [line.split(":")[1] for line in lines] == ["1", "2"]


def raising_system(document):
    raise ValueError("model exploded")


def wrong_shape_system(document):
    return ["not", "a", "dict"]


def test_system_that_raises_names_the_document(tiny_gold, capsys):
    status, _, err = run_cli(capsys, "eval", "--system", "test_cli:raising_system",
                             "--gold", tiny_gold)
    assert status == 2
    assert err == ("system 'raising_system' raised on document 'd1': ValueError: model "
                   "exploded\n")


def test_system_returning_a_list(tiny_gold, capsys):
    status, _, err = run_cli(capsys, "eval", "--system", "test_cli:wrong_shape_system",
                             "--gold", tiny_gold)
    assert status == 2 and "returned list, not a dict, for document 'd1'" in err


def test_unknown_system_lists_the_known_ones(tiny_gold, capsys):
    status, _, err = run_cli(capsys, "eval", "--system", "nonesuch", "--gold", tiny_gold)
    assert status == 2
    assert err.startswith("unknown system 'nonesuch'") and "empty, spacy-sm" in err


def test_missing_module_and_attribute(tiny_gold, capsys):
    status, _, err = run_cli(capsys, "eval", "--system", "no_such_module:f", "--gold", tiny_gold)
    assert status == 2 and "cannot import 'no_such_module'" in err
    status, _, err = run_cli(capsys, "eval", "--system", "test_cli:nothing", "--gold", tiny_gold)
    assert status == 2 and "has no 'nothing'" in err


def test_unknown_task_and_usage(tiny_gold, capsys):
    status, _, err = run_cli(capsys, "eval", "--system", "empty", "--tasks", "entites",
                             "--gold", tiny_gold)
    assert status == 2 and err.startswith("--tasks: unknown task 'entites'")
    with pytest.raises(SystemExit) as exit_info:
        main(["eval"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_absent_task_is_not_attempted_and_empty_list_is_zero(tiny_gold, tmp_path, capsys):
    absent = write_jsonl(tmp_path / "absent.jsonl", [{"doc_id": "d1"}])
    status, out, _ = run_cli(capsys, "eval", "--system", absent, "--gold", tiny_gold, "--json")
    assert status == 0
    assert json.loads(out)["tasks"]["entities"] == {"status": "not_attempted", "version": "1",
                                                     "headline": "fine"}
    empty = write_jsonl(tmp_path / "empty.jsonl", [{"doc_id": "d1", "entities": []}])
    status, out, _ = run_cli(capsys, "eval", "--system", empty, "--gold", tiny_gold, "--json")
    fine = json.loads(out)["tasks"]["entities"]["metrics"]["fine"]
    assert (fine["recall"], fine["fn"], fine["f1"]) == (0.0, 4, 0.0)


def test_eval_writes_results_atomically_and_deterministically(tiny_gold, tmp_path, capsys):
    predictions = write_jsonl(tmp_path / "preds.jsonl", [GOOD_LINE])
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for out in (first, second):
        status, _, _ = run_cli(capsys, "eval", "--system", predictions, "--gold", tiny_gold,
                               "--out", out)
        assert status == 0
    assert first.read_bytes() == second.read_bytes()
    results = json.loads(first.read_text())
    assert results["gold"]["sha256"] == results["gold"]["sha256"].lower()
    assert results["predictions"]["sha256"] == hashlib.sha256(predictions.read_bytes()).hexdigest()
    assert results["tasks"]["entities"]["metrics"]["fine"]["tp"] == 2
    assert not list(first.parent.glob(".*.tmp"))


def test_results_are_never_written_into_a_gold_folder(tiny_gold, tmp_path, capsys):
    predictions = write_jsonl(tmp_path / "preds.jsonl", [GOOD_LINE])
    before = folder_digest(tiny_gold)
    status, _, err = run_cli(capsys, "eval", "--system", predictions, "--gold", tiny_gold,
                             "--out", tiny_gold / "results.json")
    assert status == 2 and "gold folder" in err
    status, _, err = run_cli(capsys, "run", "--system", "empty", "--gold", tiny_gold,
                             "--out", tiny_gold / "entities.jsonl")
    assert status == 2 and "gold folder" in err
    assert folder_digest(tiny_gold) == before


def test_run_writes_predictions_that_score(tiny_gold, tmp_path, capsys):
    out = tmp_path / "empty.jsonl"
    assert run_cli(capsys, "run", "--system", "empty", "--gold", tiny_gold, "--out", out)[0] == 0
    assert json.loads(out.read_text())["entities"] == []
    assert run_cli(capsys, "validate", out, "--gold", tiny_gold)[0] == 0


def test_validate_gold_reports_every_problem_with_file_and_line(tiny_gold, capsys):
    lines = (tiny_gold / "entities.jsonl").read_text().splitlines()
    row = json.loads(lines[0])
    row["entities"][0]["end"] += 1          # span text now differs
    row["entities"][1]["label"] = "NUMBER"  # unknown label
    (tiny_gold / "entities.jsonl").write_text(json.dumps(row) + "\n")
    status, _, err = run_cli(capsys, "validate", tiny_gold)
    assert status == 2
    assert f"{tiny_gold / 'entities.jsonl'}:1: entities[1].label: 'NUMBER' is not one of" in err


def test_gold_task_text_must_match_documents(tiny_gold, capsys):
    row = json.loads((tiny_gold / "entities.jsonl").read_text())
    row["text"] = row["text"].replace("nine", "ten ")
    (tiny_gold / "entities.jsonl").write_text(json.dumps(row) + "\n")
    status, _, err = run_cli(capsys, "validate", tiny_gold)
    assert status == 2 and ":1: text: differs from the text of document 'd1'" in err


def test_console_script_prints_no_traceback(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    done = subprocess.run([sys.executable, "-m", "afp_strikes_bench.cli", "validate", str(bad)],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == (f"{bad}:1: invalid JSON: Expecting property name enclosed in double "
                           "quotes (column 2)\n")


def toy_system(document):
    return {"entities": []}


def test_installed_plugin_is_found_by_name(tiny_gold, monkeypatch, capsys):
    from importlib.metadata import EntryPoint

    import afp_strikes_bench.systems

    plugin = EntryPoint(name="toy", value="test_cli:toy_system", group="bench.systems")
    monkeypatch.setattr(afp_strikes_bench.systems, "entry_points",
                        lambda group: [plugin] if group == "bench.systems" else [])
    status, out, _ = run_cli(capsys, "eval", "--system", "toy", "--gold", tiny_gold, "--json")
    assert status == 0
    system = json.loads(out)["system"]
    assert (system["name"], system["kind"], system["reference"]) == (
        "toy", "plugin", "test_cli:toy_system")
    status, _, err = run_cli(capsys, "eval", "--system", "toy2", "--gold", tiny_gold)
    assert status == 2 and "empty, spacy-sm, toy" in err


def test_a_failed_eval_leaves_the_old_results_file(tiny_gold, tmp_path, capsys):
    results = tmp_path / "results.json"
    good = write_jsonl(tmp_path / "good.jsonl", [GOOD_LINE])
    assert run_cli(capsys, "eval", "--system", good, "--gold", tiny_gold, "--out", results)[0] == 0
    before = results.read_bytes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "d1", "entities": [{"start": 0, "end": 99, "label": "GPE"}]}\n')
    assert run_cli(capsys, "eval", "--system", bad, "--gold", tiny_gold, "--out", results)[0] == 2
    assert run_cli(capsys, "eval", "--system", "test_cli:raising_system", "--gold", tiny_gold,
                   "--out", results)[0] == 2
    assert results.read_bytes() == before


def test_a_system_answering_bad_spans_is_named(tiny_gold, capsys):
    status, _, err = run_cli(capsys, "eval", "--system", "test_cli:bad_span_system",
                             "--gold", tiny_gold)
    assert status == 2
    assert err == ("system 'bad_span_system': document 'd1': entities[0].end: 99 is past the end "
                   "of document 'd1' (60 characters)\n")


def bad_span_system(document):
    return {"entities": [{"start": 0, "end": 99, "label": "GPE"}]}


def test_validating_a_gold_task_file_checks_its_folder(tiny_gold, capsys):
    status, out, _ = run_cli(capsys, "validate", tiny_gold / "entities.jsonl")
    assert status == 0 and out.startswith(f"{tiny_gold}: valid gold: 1 documents")


def test_a_system_and_the_file_bench_run_writes_hash_alike(tiny_gold, tmp_path, capsys):
    out = tmp_path / "toy.jsonl"
    assert run_cli(capsys, "run", "--system", "test_cli:toy_system", "--gold", tiny_gold,
                   "--out", out)[0] == 0
    hashes = []
    for system in ("test_cli:toy_system", out):
        status, printed, _ = run_cli(capsys, "eval", "--system", system, "--gold", tiny_gold,
                                     "--json")
        hashes.append(json.loads(printed)["predictions"]["sha256"])
    assert hashes[0] == hashes[1]
