"""Predictions as LLMs and CoNLL-2003 checkpoints give them: spans by their text, and labels in
the CoNLL-2003 tag set, declared."""
from __future__ import annotations

import json

import pytest
from afp_strikes_bench.cli import main
from conftest import TINY_TEXT, write_jsonl

# gold (conftest.tiny_gold): E1 Iran GPE, E2 nine CARDINAL, E3 Thursday DATE, E4 Pakistan GPE
PAKISTAN = TINY_TEXT.index("Pakistan")
CONLL_LINE = {"doc_id": "d1", "entities": [{"start": 0, "end": 4, "label": "LOC"},
                                           {"start": PAKISTAN, "end": PAKISTAN + 8,
                                            "label": "PER"}]}


def eval_json(capsys, *arguments) -> tuple[int, dict, str]:
    status = main(["eval", "--json", *arguments])
    out, err = capsys.readouterr()
    return status, (json.loads(out) if status == 0 else {}), err


@pytest.mark.parametrize("declare", ["header", "option"])
def test_conll_predictions_are_scored_on_the_coarse_view_only(tiny_gold, tmp_path, capsys,
                                                               declare):
    lines = [CONLL_LINE]
    arguments = []
    if declare == "header":
        lines = [{"header": {"label_set": "conll2003"}}, CONLL_LINE]
    else:
        arguments = ["--label-set", "conll2003"]
    predictions = write_jsonl(tmp_path / "conll.jsonl", lines)
    status, results, err = eval_json(capsys, "--system", str(predictions), "--gold",
                                     str(tiny_gold), *arguments)
    assert status == 0, err
    assert results["predictions"]["label_set"] == "conll2003"
    metrics = results["tasks"]["entities"]["metrics"]
    coarse = metrics["coarse"]
    # the coarse gold: Iran LOC, Pakistan LOC (nine and Thursday leave the view)
    assert (coarse["tp"], coarse["fp"], coarse["fn"]) == (1, 1, 1)
    for name, record in metrics.items():
        assert (record["kind"] == "not_applicable") == (name != "coarse"), name
    assert set(results["tasks"]["entities"]["tallies"]) == {"coarse"}
    main(["eval", "--system", str(predictions), "--gold", str(tiny_gold), *arguments])
    assert "not applicable" in capsys.readouterr().out


def test_undeclared_or_mixed_label_sets_are_refused(tiny_gold, tmp_path, capsys):
    undeclared = write_jsonl(tmp_path / "undeclared.jsonl", [CONLL_LINE])
    status, _, err = eval_json(capsys, "--system", str(undeclared), "--gold", str(tiny_gold))
    assert status == 2 and err.count("\n") == 1
    # LOC and ORG are OntoNotes labels too; PER is CoNLL-2003's alone
    assert "entities[1].label: 'PER' is a CoNLL-2003 label: declare it" in err
    mixed = write_jsonl(tmp_path / "mixed.jsonl", [
        {"header": {"label_set": "conll2003"}},
        {"doc_id": "d1", "entities": [{"start": 0, "end": 4, "label": "GPE"}]}])
    status, _, err = eval_json(capsys, "--system", str(mixed), "--gold", str(tiny_gold))
    assert status == 2 and "'GPE' is not in the CoNLL-2003 tag set" in err
    status, _, err = eval_json(capsys, "--system", str(undeclared), "--gold", str(tiny_gold),
                               "--label-set", "wikiner")
    assert status == 2 and "unknown label set 'wikiner'" in err


def test_a_leaderboard_says_not_applicable_for_a_conll_system(tiny_gold, tmp_path, capsys):
    folder = tmp_path / "results"
    folder.mkdir()
    conll = write_jsonl(tmp_path / "conll.jsonl", [{"header": {"label_set": "conll2003"}},
                                                    CONLL_LINE])
    assert main(["eval", "--system", str(conll), "--gold", str(tiny_gold), "--out",
                 str(folder / "conll.json")]) == 0
    assert main(["eval", "--system", "empty", "--gold", str(tiny_gold), "--out",
                 str(folder / "empty.json")]) == 0
    capsys.readouterr()
    assert main(["leaderboard", str(folder), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["tasks"][0]["rows"]
    assert {row["system"]: row["status"] for row in rows} == {"empty": "scored",
                                                              "conll": "not applicable"}
    assert main(["compare", str(folder / "conll.json"), str(folder / "empty.json")]) == 0
    assert "coarse" in capsys.readouterr().out


def test_text_anchored_spans_are_placed_and_what_cannot_be_is_reported(tiny_gold, tmp_path,
                                                                       capsys):
    text = "Iran said nine people died on Thursday.\n\nPakistan denied it."
    assert text == TINY_TEXT
    predictions = write_jsonl(tmp_path / "llm.jsonl", [{"doc_id": "d1", "entities": [
        {"text": "Iran", "label": "GPE"},
        {"text": "nine", "label": "CARDINAL", "value": 9},
        {"text": "Thursday", "context": "died on Thursday", "label": "DATE"},
        {"text": "Pakistan", "occurrence": 1, "label": "GPE"},
        {"text": "Pakistan", "occurrence": 2, "label": "GPE"},
        {"text": "Oman", "label": "GPE"}]}])
    status, results, err = eval_json(capsys, "--system", str(predictions), "--gold",
                                     str(tiny_gold))
    assert status == 0, err
    fine = results["tasks"]["entities"]["metrics"]["fine"]
    assert (fine["tp"], fine["fp"], fine["fn"]) == (4, 0, 0)
    anchoring = results["predictions"]["anchoring"]
    assert (anchoring["aligned"], anchoring["unaligned"], anchoring["ambiguous"]) == (4, 1, 1)
    assert {(item["text"], item["why"]) for item in anchoring["left_out"]} == {
        ("Oman", "unaligned"), ("Pakistan", "ambiguous")}


def test_white_space_and_quotes_are_normalised_and_repeats_go_in_reading_order():
    from afp_strikes_bench.anchoring import AnchoringReport, anchor

    text = "“Iran”  struck  Iran's\nneighbour; Iran denied."
    report = AnchoringReport()
    placed = anchor({"entities": [{"text": '"Iran"', "label": "GPE"},
                                  {"text": "struck Iran", "label": "X"},
                                  {"text": "Iran", "label": "GPE"},
                                  {"text": "Iran", "label": "GPE"},
                                  {"text": "Iran", "label": "GPE"}]}, text, "d", report)
    spans = [text[e["start"]:e["end"]] for e in placed["entities"]]
    starts = [e["start"] for e in placed["entities"]]
    assert spans == ["“Iran”", "struck  Iran", "Iran", "Iran", "Iran"]
    occurrences = [i for i in range(len(text)) if text.startswith("Iran", i)]
    assert starts[2:] == occurrences  # reading order: the first, second and third 'Iran'
    assert report.left_out == []


def test_an_unplaceable_argument_leaves_its_event(tmp_path):
    from afp_strikes_bench.anchoring import AnchoringReport, anchor

    report = AnchoringReport()
    event = {"trigger": {"text": "struck"}, "type": "Conflict.Attack",
             "arguments": [{"role": "Attacker", "text": "Iran"},
                           {"role": "Target", "text": "Oman"}]}
    placed = anchor({"events": [event, {"trigger": {"text": "bombed"}, "type": "x"}]},
                    "Iran struck.", "d", report)["events"]
    assert placed == [{"trigger": {"start": 5, "end": 11}, "type": "Conflict.Attack",
                       "arguments": [{"start": 0, "end": 4, "role": "Attacker"}]}]
    assert [(path, why) for _, path, _, why in report.left_out] == [
        ("events[0].arguments[1]", "unaligned"), ("events[1].trigger", "unaligned")]
