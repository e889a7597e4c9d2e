"""Standard formats (IOB2, CoNLL-2012, brat standoff, spaCy DocBin): export, and read back as a
system. Gold -> format -> predictions scores 1.0 on every metric the format carries; a
CoNLL-2012 file scores the reference scorer's published numbers; a brat export passes a strict
brat standoff parser written from brat's documentation."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from afp_strikes_bench.cli import main
from afp_strikes_bench.formats import conll2012
from afp_strikes_bench.formats.tokens import TokenIndex, sentences
from afp_strikes_bench.gold import load_gold
from conftest import GOLD, write_jsonl
from test_coreference_metrics import LEA, METRICS, PAPER, REFERENCE, expected

#: format -> task -> the metrics it does not carry (every other metric of the task must be 1.0)
CARRIED = {
    "conll": {"entities": {"value_accuracy"}},
    "conll2012": {"coreference": set()},
    "brat": {"entities": set(), "events": set(), "attributions": set()},
    "docbin": {"entities": set(), "coreference": set()},
}
FILES = {"conll": "gold.conll", "conll2012": "gold.conll2012", "docbin": "gold.spacy",
         "brat": ""}


def bench(*arguments: str | Path) -> int:
    return main([str(argument) for argument in arguments])


def flat_scores(record: dict, name: str = "") -> dict[str, float]:
    """Every F1 or accuracy of a metric record, groups flattened to ``metric.key``."""
    if record["kind"] == "group":
        return {key: value for part, inner in record["by"].items()
                for key, value in flat_scores(inner, f"{name}.{part}").items()}
    if record["kind"] == "accuracy":
        return {name: record["accuracy"]}
    return {name: record["f1"]}


def scores(results: dict, task: str) -> dict[str, float]:
    return {key: value for metric, record in results["tasks"][task]["metrics"].items()
            for key, value in flat_scores(record, metric).items()}


def export_and_score(fmt: str, gold: Path, out: Path, *system: str) -> dict:
    assert bench("export", "--format", fmt, "--out", out, "--gold", gold, *system) == 0
    results = out.parent / f"{out.name}-results.json"
    assert bench("eval", "--system", out / FILES[fmt], "--gold", gold, "--out", results) == 0
    return json.loads(results.read_text())


def assert_round_trip(fmt: str, gold_folder: Path, tmp_path: Path) -> None:
    results = export_and_score(fmt, gold_folder, tmp_path / fmt)
    assert results["system"]["metadata"] == {"format": fmt}
    gold = load_gold(gold_folder)
    for task, entry in results["tasks"].items():
        if task not in CARRIED[fmt]:
            assert entry["status"] == "not_attempted", task
            continue
        carried = {metric: value for metric, value in scores(results, task).items()
                   if metric.split(".")[0] not in CARRIED[fmt][task]}
        assert carried and all(value == 1.0 for value in carried.values()), (task, carried)
        assert task in gold.tasks


@pytest.mark.parametrize("fmt", list(CARRIED))
def test_benchmark_gold_round_trips_to_1(fmt, tmp_path):
    assert_round_trip(fmt, GOLD, tmp_path)


# A small synthetic gold: two documents; a content fragment across a line break (brat writes it
# in fragments), a role given twice, a nested attribution, values of both kinds, a hopper of two
# events (with singletons only, event MUC is 0 even for the gold itself).
SYNTHETIC = {
    "s1": "Iran said on Friday that Pakistan\nstruck two villages.\n\nPakistan denied it, "
          "officials said.",
    "s2": "Pakistan and Iran met in Davos. The meeting was brief.",
}


def span(doc_id: str, part: str, occurrence: int = 1, **more) -> dict:
    text = SYNTHETIC[doc_id]
    start = -1
    for _ in range(occurrence):
        start = text.index(part, start + 1)
    return {"start": start, "end": start + len(part), "text": part, **more}


def synthetic_gold(folder: Path) -> Path:
    folder.mkdir()
    write_jsonl(folder / "documents.jsonl", [
        {"id": doc_id, "text": text, "date": "2024-01-19", "source": "test", "language": "en"}
        for doc_id, text in SYNTHETIC.items()])
    entities = {
        "s1": [span("s1", "Iran", label="GPE"), span("s1", "Friday", label="DATE",
                                                   value="2024-01-19"),
               span("s1", "Pakistan", label="GPE"), span("s1", "two", label="CARDINAL", value=2),
               span("s1", "Pakistan", 2, label="GPE")],
        "s2": [span("s2", "Pakistan", label="GPE"), span("s2", "Iran", label="GPE"),
               span("s2", "Davos", label="GPE")]}
    coreference = {
        "s1": [{"name": "Iran", "type": "GPE", "mentions": [span("s1", "Iran", kind="NAM")]},
               {"name": "Pakistan", "type": "GPE",
                "mentions": [span("s1", "Pakistan", kind="NAM"),
                             span("s1", "Pakistan", 2, kind="NAM")]},
               {"name": "officials", "type": "PERSON",
                "mentions": [span("s1", "officials", kind="NOM")]}],
        "s2": [{"name": "Pakistan", "type": "GPE", "mentions": [span("s2", "Pakistan",
                                                                     kind="NAM")]},
               {"name": "Iran", "type": "GPE", "mentions": [span("s2", "Iran", kind="NAM")]},
               {"name": "Davos", "type": "GPE", "mentions": [span("s2", "Davos", kind="NAM")]}]}
    events = {
        "s1": [{"trigger": span("s1", "struck"), "type": "Conflict.Attack", "realis": "actual",
                "cluster": "strike", "arguments": [
                    {"role": "Attacker", **span("s1", "Pakistan")},
                    {"role": "Target", **span("s1", "two villages")},
                    {"role": "Time", **span("s1", "Friday")}]}],
        "s2": [{"trigger": span("s2", "met"), "type": "Contact.Meet", "realis": "actual",
                "cluster": "meeting", "arguments": [
                    {"role": "Participant", **span("s2", "Pakistan")},
                    {"role": "Participant", **span("s2", "Iran")},
                    {"role": "Place", **span("s2", "Davos")}]},
               {"trigger": span("s2", "meeting"), "type": "Contact.Meet", "realis": "actual",
                "cluster": "meeting", "arguments": []}]}
    attributions = {
        "s1": [{"source": span("s1", "Iran"), "cue": span("s1", "said"),
                "content": [span("s1", "on Friday that Pakistan\nstruck two villages")],
                "type": "indirect", "parent": None},
               {"source": span("s1", "Pakistan", 2), "cue": span("s1", "denied"),
                "content": [span("s1", "it")], "type": "indirect", "parent": 2},
               {"source": span("s1", "officials"), "cue": span("s1", "said", 2),
                "content": [span("s1", "Pakistan denied it")], "type": "indirect",
                "parent": None}],
        "s2": []}
    for task, by_doc in (("entities", entities), ("coreference", coreference),
                         ("events", events), ("attributions", attributions)):
        write_jsonl(folder / f"{task}.jsonl", [
            {"doc_id": doc_id, "text": SYNTHETIC[doc_id],
             task: [{"id": f"{task[0]}{doc_id}-{n}", **item} for n, item in enumerate(items)]}
            for doc_id, items in by_doc.items()])
    load_gold(folder)  # the synthetic gold is valid gold
    return folder


@pytest.mark.parametrize("fmt", list(CARRIED))
def test_synthetic_gold_round_trips_to_1(fmt, tmp_path):
    assert_round_trip(fmt, synthetic_gold(tmp_path / "gold"), tmp_path)


def test_the_benchmark_gold_aligns_to_tokens(gold):
    """IOB2, CoNLL-2012 and DocBin refuse a span inside a token; the gold has none."""
    for doc_id, document in gold.documents.items():
        index = TokenIndex([token for sentence in sentences(document) for token in sentence])
        spans = [(m.start, m.end) for m in gold.tasks["entities"][doc_id]]
        spans += [(m.start, m.end) for cluster in gold.tasks["coreference"][doc_id]
                  for m in cluster.mentions]
        for start, end in spans:
            index.span(start, end, "gold span")


def test_a_predictions_file_reads_back_as_itself(tmp_path):
    """spacy-sm's predictions, exported to each format and read back, score as the original on
    every metric the format carries."""
    predictions = tmp_path / "spacy-sm.jsonl"
    assert bench("run", "--system", "spacy-sm", "--out", predictions) == 0
    original = tmp_path / "original.json"
    assert bench("eval", "--system", predictions, "--out", original) == 0
    original_results = json.loads(original.read_text())
    for fmt, carried in CARRIED.items():
        out = tmp_path / fmt
        assert bench("export", "--format", fmt, "--out", out, "--system", predictions) == 0
        read_back = out / FILES[fmt].replace("gold", "spacy-sm")
        results_file = tmp_path / f"{fmt}.json"
        assert bench("eval", "--system", read_back, "--out", results_file) == 0
        results = json.loads(results_file.read_text())
        for task, left_out in carried.items():
            same = {metric: value for metric, value in scores(results, task).items()
                    if metric.split(".")[0] not in left_out}
            assert same and same == {metric: scores(original_results, task)[metric]
                                     for metric in same}


# CoNLL-2012 files against the reference scorer's test cases: each case's key and response
# written as CoNLL-2012 (one character per token), read back and scored here.

def through_conll2012(tmp_path: Path, name: str) -> tuple[list, list]:
    data = json.loads((Path(__file__).parent / "cases" / "coreference" / f"{name}.json")
                      .read_text())
    characters = sorted({c for side in ("key", "response") for cl in data[side] for c in cl})
    position = {character: index for index, character in enumerate(characters)}
    sides = []
    for side in ("key", "response"):
        path = tmp_path / f"{name}-{side}.conll2012"
        clusters = [[(position[c], position[c]) for c in cluster] for cluster in data[side]]
        path.write_text("\n".join(conll2012.render_document(name, [characters], clusters))
                        + "\n")
        parsed = conll2012.parse(path)[name]
        assert [word for _, word in parsed.words] == characters
        sides.append([[(name, characters[first]) for first, _ in mentions]
                      for _, mentions in sorted(parsed.clusters.items())])
    return sides[0], sides[1]


REFERENCE_CASES = ([(name, metric, values) for name, by_metric in REFERENCE.items()
                    for metric, values in by_metric.items()]
                   + [(name, "lea", values) for name, values in LEA.items()]
                   + [("pradhan-2014", metric, values) for metric, values in PAPER.items()])


@pytest.mark.parametrize("name, metric, values", REFERENCE_CASES,
                         ids=[f"{name}-{metric}" for name, metric, _ in REFERENCE_CASES])
def test_conll2012_files_score_the_reference_numbers(tmp_path, name, metric, values):
    from afp_strikes_bench.metrics.counts import precision_recall_f1

    key, response = through_conll2012(tmp_path, name)
    precision, recall, f1 = precision_recall_f1(
        *METRICS[metric](key, response, lambda mention: mention[0]).ratios())
    assert (recall, precision, f1) == expected(*values)


def test_conll2012_keeps_repeated_mentions_and_nesting(tmp_path):
    path = tmp_path / "nested.conll2012"
    lines = conll2012.render_document("d", [["a", "b", "c"]], [[(0, 2), (1, 1), (1, 1)],
                                                              [(0, 1)]])
    assert [line.split()[-1] for line in lines[1:4]] == ["(1|(2", "(1)|(1)|2)", "1)"]
    path.write_text("\n".join(lines) + "\n")
    assert conll2012.parse(path)["d"].clusters == {1: [(1, 1), (1, 1), (0, 2)], 2: [(0, 1)]}


# brat: a strict parser of the standoff format, written from brat's documentation
# (https://brat.nlplab.org/standoff.html), independent of the harness's reader.

def check_brat_folder(folder: Path) -> int:
    """Raise AssertionError at the first violation; the number of annotations checked."""
    declared = set()
    for line in (folder / "annotation.conf").read_text().splitlines():
        if line and not line.startswith(("[", "<")):
            declared.add(line.split("\t")[0])
    checked = 0
    for ann in sorted(folder.glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        ids: dict[str, str] = {}
        references = []
        for number, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), start=1):
            where = f"{ann.name}:{number}"
            fields = line.split("\t")
            identifier = fields[0]
            assert re.fullmatch(r"[TERAM#]\d+|\*", identifier), where
            assert identifier not in ids, f"{where}: id {identifier} twice"
            kind = identifier[0]
            if kind == "T":
                assert len(fields) == 3, where
                label, offsets = fields[1].split(" ", 1)
                covered = []
                for fragment in offsets.split(";"):
                    start, end = map(int, fragment.split(" "))
                    assert 0 <= start < end <= len(text), where
                    covered.append(text[start:end])
                    assert "\n" not in text[start:end], f"{where}: a fragment holds a line break"
                assert fields[2] == " ".join(covered), f"{where}: text field differs"
            elif kind == "E":
                assert len(fields) == 2, where
                label, trigger = fields[1].split(" ")[0].split(":")
                references.append((where, trigger, "T"))
                roles = [part.split(":") for part in fields[1].split(" ")[1:]]
                assert all(len(role) == 2 and re.fullmatch(r"[A-Za-z]+\d*", role[0])
                           for role in roles), where
                references += [(where, target, None) for _, target in roles]
            elif kind == "R":
                label, arg1, arg2 = fields[1].split(" ")
                assert arg1.startswith("Arg1:") and arg2.startswith("Arg2:"), where
                references += [(where, arg1[5:], None), (where, arg2[5:], None)]
            elif kind in "AM":
                label, target, *value = fields[1].split(" ")
                assert len(value) <= 1, where
                references.append((where, target, None))
            elif kind == "#":
                label, target = fields[1].split(" ")
                assert label == "AnnotatorNotes" and len(fields) == 3, where
                references.append((where, target, None))
                label = ""
            if kind != "*" and label:
                assert label in declared, f"{where}: type {label!r} not in annotation.conf"
            ids[identifier] = kind
            checked += 1
        for where, target, kind_wanted in references:
            assert target in ids, f"{where}: {target} is not defined"
            assert kind_wanted is None or ids[target] == kind_wanted, where
    return checked


def test_brat_exports_pass_a_strict_standoff_parser(tmp_path):
    synthetic = synthetic_gold(tmp_path / "gold")
    for gold_folder, out in ((GOLD, tmp_path / "benchmark"), (synthetic, tmp_path / "small")):
        assert bench("export", "--format", "brat", "--out", out, "--gold", gold_folder) == 0
        assert check_brat_folder(out) > 0
    fragments = (tmp_path / "small" / "s1.ann").read_text()
    assert "Content 10 33;34 53\ton Friday that Pakistan struck two villages" in fragments


# Bad input: one line, exit status 2, naming the file and the line.

def test_bad_files_are_one_line_naming_file_and_line(tmp_path, capsys):
    out = tmp_path / "export"
    assert bench("export", "--format", "conll", "--out", out) == 0
    good = (out / "gold.conll").read_text().splitlines()
    broken = tmp_path / "broken.conll"
    broken.write_text("\n".join(good[:3] + ["2024\tI-DATE"] + good[4:]) + "\n")
    capsys.readouterr()
    assert bench("eval", "--system", broken) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and f"{broken}:4: " in error and "IOB2" in error

    assert bench("export", "--format", "brat", "--out", tmp_path / "brat") == 0
    ann = next((tmp_path / "brat").glob("*.ann"))
    lines = ann.read_text().splitlines()
    lines[0] = lines[0].rsplit("\t", 1)[0] + "\tsomething else"
    ann.write_text("\n".join(lines) + "\n")
    capsys.readouterr()
    assert bench("eval", "--system", tmp_path / "brat") == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and f"{ann}:1: " in error

    unclosed = tmp_path / "unclosed.conll2012"
    unclosed.write_text("#begin document (d); part 000\nd 0 0 Iran - * - - - - * (1\n"
                        "#end document\n")
    assert bench("eval", "--system", unclosed) == 2
    assert f"{unclosed}:3: " in capsys.readouterr().err


def test_export_refusals(tmp_path, capsys, tiny_gold):
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "keep.txt").write_text("x")
    assert bench("export", "--format", "conll", "--out", occupied) == 2
    assert "--force" in capsys.readouterr().err
    assert bench("export", "--format", "conll", "--out", occupied, "--force") == 0
    assert bench("export", "--format", "conll", "--out", tiny_gold / "inside",
                 "--gold", tiny_gold) == 2
    assert "gold folder" in capsys.readouterr().err
    assert bench("export", "--format", "conll", "--out", tmp_path / "no" / "such") == 2
    # an entity inside a token ("ra" of "Iran") cannot be IOB2
    inside = write_jsonl(tmp_path / "inside.jsonl", [
        {"doc_id": "d1", "entities": [{"start": 1, "end": 3, "label": "GPE"}]}])
    capsys.readouterr()
    assert bench("export", "--format", "conll", "--out", tmp_path / "x", "--system", inside,
                 "--gold", tiny_gold) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "'ra'" in error and "token boundaries" in error
    assert bench("export", "--format", "conll2012", "--out", tmp_path / "y", "--system", inside,
                 "--gold", tiny_gold) == 2
    assert "none of which the predictions attempt" in capsys.readouterr().err
