"""Bad input, from a fuzzing run: every case is exit 2 and one bounded, escaped line on standard
error (or accepted, where it is valid), never a traceback, and nothing in a gold folder changes.

The property-based tests mutate valid predictions, gold folders and results files and run the
real command line in-process; the plain tests pin each case the fuzzing run found.
"""
from __future__ import annotations

import copy
import errno
import hashlib
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest
from afp_strikes_bench.cli import main
from afp_strikes_bench.errors import one_line
from afp_strikes_bench.tasks.base import check_links
from conftest import GOLD, ROOT, TINY_TEXT, write_jsonl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REFERENCE = ROOT / "results" / "empty.json"
#: a raw control character (an ANSI sequence's ESC, a line break) or a bidi override
RAW_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")
VALID_PREDICTION = {"doc_id": "d1", "entities": [{"start": 0, "end": 4, "label": "GPE",
                                                  "text": "Iran"}]}


def bench(capsys, *argv: object) -> tuple[int, str, str]:
    """Run ``bench`` in-process: exit status, standard output, standard error. A usage error
    (argparse's SystemExit) counts as its status; any other exception escapes and fails."""
    capsys.readouterr()
    try:
        status = main([str(argument) for argument in argv])
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line(status: int, err: str, *expected: str) -> str:
    """Exit 2 and exactly one bounded line without raw control characters, holding
    ``expected``."""
    assert status == 2, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert len(line) <= 300 and not RAW_CONTROL.search(line), line
    for text in expected:
        assert text in line, line
    return line


def assert_contract(status: int, err: str) -> None:
    assert status in (0, 2), err
    if status == 2:
        assert_one_line(status, err)


def folder_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def full_gold(tmp_path) -> Path:
    """A copy of the benchmark's gold (every task), to mutate."""
    folder = tmp_path / "full-gold"
    folder.mkdir()
    for path in [*GOLD.glob("*.jsonl"), GOLD / "VERSION"]:
        shutil.copy(path, folder / path.name)
    return folder


def gold_lines(folder: Path, task: str) -> list[dict]:
    return [json.loads(line) for line in (folder / f"{task}.jsonl").read_text().splitlines()]


# Mutations -----------------------------------------------------------------------------------

def _paths(value: object, at: tuple = ()) -> list[tuple]:
    """Every place in a JSON value: the keys and indices leading there."""
    found = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*at, index))
    return found


def _replaced(value: object, at: tuple, new: object) -> object:
    if not at:
        return new
    value = copy.deepcopy(value)
    parent = value
    for part in at[:-1]:
        parent = parent[part]  # type: ignore[index]
    parent[at[-1]] = new  # type: ignore[index]
    return value


REPLACEMENTS = st.one_of(
    st.sampled_from([1.0, 9e3, True, False, None, -1, 0, 2**64, "", "x\u202e\x1b[31m", [], {},
                     {"start": 5, "end": 2}, "2024-02-30", 1.5, "\ud800"]),
    st.integers(), st.text(max_size=20), st.floats(allow_nan=False, allow_infinity=False))


@st.composite
def mutated_text(draw, valid: dict) -> bytes:
    """A valid JSON line mutated: a value replaced, or the raw text broken in one of the ways
    a fuzzer finds."""
    how = draw(st.sampled_from(["replace", "unknown key", "raw"]))
    if how in ("replace", "unknown key"):
        paths = _paths(valid)
        at = draw(st.sampled_from(paths))
        if how == "unknown key":
            containers = [p for p in paths if isinstance(_at(valid, p), dict)]
            at = (*draw(st.sampled_from(containers)), draw(st.text(min_size=1, max_size=8)))
        value = _replaced(valid, at, draw(REPLACEMENTS))
        return json.dumps(value, ensure_ascii=True).encode()
    raw = json.dumps(valid)
    return draw(st.sampled_from([
        raw.replace("0", "0" * 5000, 1).encode(),          # an integer of 5000 digits
        raw.replace("4", "1" + "0" * 30, 1).encode(),
        ("[" * 200 + "]" * 200).encode(),                   # deep nesting
        raw.replace(": 0", ": NaN", 1).replace(": 4", ": Infinity", 1).encode(),
        raw[:-1].encode() + b', "doc_id": "d1"}',           # a key twice
        raw.encode().replace(b"Iran", b"Ir\xff\xfen"),      # not UTF-8
        raw.encode()[: len(raw) // 2],                      # cut short
        raw.replace('"Iran"', '"\\ud800"').encode(),        # a lone surrogate
        b"\x00" + raw.encode(),
    ]))


def _at(value: object, at: tuple) -> object:
    for part in at:
        value = value[part]  # type: ignore[index]
    return value


FUZZ = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@FUZZ
@given(data=st.data())
def test_fuzzed_predictions_are_exit_0_or_one_line(data, tiny_gold, tmp_path, capsys):
    before = folder_hash(tiny_gold)
    line = data.draw(mutated_text(VALID_PREDICTION))
    predictions = tmp_path / "fuzzed.jsonl"
    predictions.write_bytes(line + b"\n")
    status, out, err = bench(capsys, "eval", "--system", predictions, "--gold", tiny_gold,
                             "--json")
    assert_contract(status, err)
    if status == 0:
        json.loads(out)
    assert folder_hash(tiny_gold) == before


@FUZZ
@given(data=st.data())
def test_fuzzed_gold_folders_are_exit_0_or_one_line(data, tiny_gold, capsys):
    name = data.draw(st.sampled_from(["documents.jsonl", "entities.jsonl"]))
    path = tiny_gold / name
    original = path.read_bytes()
    try:
        valid = json.loads(original)
        path.write_bytes(data.draw(mutated_text(valid)) + b"\n")
        before = folder_hash(tiny_gold)
        for command in (("validate", tiny_gold), ("eval", "--system", "empty", "--gold",
                                                   tiny_gold, "--json")):
            status, _, err = bench(capsys, *command)
            if command[0] == "validate" and status == 2:  # every problem, each one line
                assert all(len(line) <= 300 and not RAW_CONTROL.search(line)
                           for line in err.splitlines()), err
            else:
                assert_contract(status, err)
        assert folder_hash(tiny_gold) == before
    finally:
        path.write_bytes(original)


@pytest.fixture(scope="module")
def reference_results() -> dict:
    return json.loads(REFERENCE.read_text())


@FUZZ
@given(data=st.data())
def test_fuzzed_results_files_are_exit_0_or_one_line(data, reference_results, tmp_path,
                                                     capsys):
    # the results' paths are many; the fuzzer picks among the top of each task and its records
    entry = reference_results["tasks"]["entities"]
    small = {**reference_results, "tasks": {"entities": {
        **entry, "explained": {"fine": entry["explained"]["fine"][:3]},
        "tallies": {"fine": entry["tallies"]["fine"]}}}}
    folder = tmp_path / "fuzzed-results"
    folder.mkdir(exist_ok=True)
    results = folder / "fuzzed.json"
    results.write_bytes(data.draw(mutated_text(small)))
    before = folder_hash(GOLD)
    for command in (("leaderboard", folder), ("explain", "--system", results, "--task",
                                               "entities")):
        status, _, err = bench(capsys, *command)
        assert_contract(status, err)
    assert folder_hash(GOLD) == before


# Numbers: floats and booleans are not integers, anywhere -----------------------------------

@pytest.mark.parametrize("start, end", [(0.0, 4), (0, 4.0), (0, 9e3), (True, 4), (0, 2**60)])
def test_offsets_must_be_integers_in_predictions(start, end, tiny_gold, tmp_path, capsys):
    predictions = write_jsonl(tmp_path / "p.jsonl", [
        {"doc_id": "d1", "entities": [{"start": start, "end": end, "label": "GPE"}]}])
    status, _, err = bench(capsys, "eval", "--system", predictions, "--gold", tiny_gold)
    assert_one_line(status, err, "p.jsonl:1: entities[0]")


def test_an_integer_of_5000_digits_is_one_line(tiny_gold, tmp_path, capsys):
    predictions = tmp_path / "p.jsonl"
    predictions.write_text('{"doc_id": "d1", "entities": [{"start": ' + "9" * 5000
                           + ', "end": 4, "label": "GPE"}]}\n')
    status, _, err = bench(capsys, "eval", "--system", predictions, "--gold", tiny_gold)
    assert_one_line(status, err, "p.jsonl:1:", "digits")


@pytest.mark.parametrize("task, field, value", [
    ("entities", "start", 0.0), ("entities", "end", True),
    ("casualties", "part_of", 0.0), ("casualties", "count", 9.0),
    ("attributions", "parent", 1.0), ("attributions", "content", []),
    ("casualties", "time", "2024-02-30"),
])
def test_gold_fields_are_checked_for_real(task, field, value, full_gold, capsys):
    lines = gold_lines(full_gold, task)
    lines[0][task][0][field] = value
    write_jsonl(full_gold / f"{task}.jsonl", lines)
    status, _, err = bench(capsys, "eval", "--system", "empty", "--gold", full_gold)
    assert_one_line(status, err, f"{task}.jsonl:1: {task}[0].{field}")


@pytest.mark.parametrize("item, field", [
    ({"span": {"start": 0, "end": 4}, "outcome": "killed", "victim": "person",
      "time": "2024-02-30"}, "time"),
    ({"span": {"start": 0, "end": 4}, "outcome": "killed", "victim": "person",
      "part_of": 1.0}, "part_of"),
    ({"span": {"start": 0, "end": 4}, "outcome": "killed", "victim": "person",
      "count": True}, "count"),
])
def test_casualty_predictions_are_checked_for_real(item, field, full_gold, tmp_path, capsys):
    doc_id = gold_lines(full_gold, "casualties")[0]["doc_id"]
    predictions = write_jsonl(tmp_path / "p.jsonl", [{"doc_id": doc_id, "casualties": [item]}])
    status, _, err = bench(capsys, "eval", "--system", predictions, "--gold", full_gold)
    assert_one_line(status, err, f"p.jsonl:1: casualties[0].{field}")


def test_an_attribution_needs_content(full_gold, tmp_path, capsys):
    doc_id = gold_lines(full_gold, "attributions")[0]["doc_id"]
    predictions = write_jsonl(tmp_path / "p.jsonl", [{"doc_id": doc_id, "attributions": [
        {"cue": {"start": 0, "end": 4}, "content": []}]}])
    status, _, err = bench(capsys, "eval", "--system", predictions, "--gold", full_gold)
    assert_one_line(status, err, "p.jsonl:1: attributions[0].content")


@pytest.mark.parametrize("value", ["2024-02-30", "2023-13-01"])
def test_a_plain_timex_date_must_exist(value, tiny_gold, tmp_path, capsys):
    start = TINY_TEXT.index("Thursday")
    predictions = write_jsonl(tmp_path / "p.jsonl", [{"doc_id": "d1", "entities": [
        {"start": start, "end": start + 8, "label": "DATE", "value": value}]}])
    status, _, err = bench(capsys, "eval", "--system", predictions, "--gold", tiny_gold)
    assert_one_line(status, err, "entities[0].value")


def test_byte_offsets_get_a_hint(full_gold, tmp_path, capsys):
    document = json.loads((full_gold / "documents.jsonl").read_text().splitlines()[0])
    text, encoded = document["text"], document["text"].encode()
    gold = gold_lines(full_gold, "entities")[0]["entities"]
    # entities after the first non-ASCII character, their offsets counted in UTF-8 bytes
    first = next(index for index, char in enumerate(text) if ord(char) > 127)
    shifted = [{"start": len(text[:e["start"]].encode()), "end": len(text[:e["end"]].encode()),
                "label": e["label"]} for e in gold if e["start"] > first]
    assert encoded[shifted[0]["start"]:shifted[0]["end"]].decode() != text[
        shifted[0]["start"]:shifted[0]["end"]]
    predictions = write_jsonl(tmp_path / "p.jsonl", [{"doc_id": document["id"],
                                                      "entities": shifted}])
    status, _, err = bench(capsys, "eval", "--system", predictions, "--gold", full_gold)
    assert_one_line(status, err, "offsets look like UTF-8 bytes; they are Unicode code points")


# Echoed values are bounded and escaped ------------------------------------------------------

@pytest.mark.parametrize("doc_id", ["x" * 5_000_000, "bad\nid\u202e\x1b[31m"])
def test_echoed_values_are_bounded_and_escaped(doc_id, tiny_gold, tmp_path, capsys):
    predictions = write_jsonl(tmp_path / "p.jsonl", [{"doc_id": doc_id, "entities": []}])
    status, _, err = bench(capsys, "eval", "--system", predictions, "--gold", tiny_gold)
    assert_one_line(status, err, "p.jsonl:1: doc_id")


def test_an_error_message_with_line_breaks_is_one_line(tiny_gold, tmp_path, capsys):
    predictions = write_jsonl(tmp_path / "p.jsonl", [{"doc_id": "d1", "ent\nities": []}])
    status, _, err = bench(capsys, "eval", "--system", predictions, "--gold", tiny_gold)
    assert_one_line(status, err, "ent\\nities")


def test_one_line_cuts_a_huge_text_before_escaping():
    started = time.perf_counter()
    assert len(one_line("\x1b" * 10_000_000)) == 300
    assert time.perf_counter() - started < 1


# Gold folders --------------------------------------------------------------------------------

@pytest.mark.parametrize("make", ["dangling", "loop", "folder", "fifo"])
def test_a_gold_task_file_that_is_not_a_file(make, tiny_gold, capsys):
    target = tiny_gold / "events.jsonl"
    if make == "dangling":
        target.symlink_to(tiny_gold / "nowhere.jsonl")
    elif make == "loop":
        target.symlink_to(target)
    elif make == "folder":
        target.mkdir()
    else:
        os.mkfifo(target)
    for command in (("validate", tiny_gold), ("eval", "--system", "empty", "--gold", tiny_gold)):
        status, _, err = bench(capsys, *command)
        assert_one_line(status, err, "events.jsonl")


@pytest.mark.parametrize("content", [b"v1\xff\xfe\n", None])
def test_a_bad_gold_version_is_one_line(content, tiny_gold, capsys):
    if content is None:
        (tiny_gold / "VERSION").mkdir()
    else:
        (tiny_gold / "VERSION").write_bytes(content)
    status, _, err = bench(capsys, "eval", "--system", "empty", "--gold", tiny_gold)
    assert_one_line(status, err, "VERSION")


def test_links_are_checked_in_linear_time():
    chain = [{"up": index + 1} for index in range(49_999)] + [{"up": None}]
    started = time.perf_counter()
    assert list(check_links("x", chain, "up")) == []
    chain[-1]["up"] = 0  # one loop through every item
    problems = list(check_links("x", chain, "up"))
    assert len(problems) == len(chain) and time.perf_counter() - started < 5
    assert problems[0] == ("x[0].up", "following up from here loops back")
    tail = [{"up": 1}, {"up": 2}, {"up": 1}, {"up": 9}]  # 0 leads into a loop it is not on
    assert list(check_links("x", tail, "up")) == [
        ("x[1].up", "following up from here loops back"),
        ("x[2].up", "following up from here loops back"),
        ("x[3].up", "9 is not the index of another item (there are 4)")]


# Outputs -------------------------------------------------------------------------------------

@pytest.mark.parametrize("out", ["folder", "", "n" * 300, "missing/r.json", "gold"])
def test_out_is_refused_in_one_line(out, tiny_gold, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    target = str(tiny_gold / "r.json") if out == "gold" else out
    for command in ("eval", "run"):
        status, _, err = bench(capsys, command, "--system", "empty", "--gold", tiny_gold,
                               "--out", target)
        assert_one_line(status, err)
    assert not (tiny_gold / "r.json").exists()


def test_a_full_disk_is_one_line_and_leaves_no_temporary(tiny_gold, tmp_path, capsys,
                                                         monkeypatch):
    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("afp_strikes_bench.io._write_all", full)
    status, _, err = bench(capsys, "eval", "--system", "empty", "--gold", tiny_gold, "--out",
                           tmp_path / "r.json")
    assert_one_line(status, err, "r.json", "No space left")
    assert list(tmp_path.glob(".r.json*")) == [] and not (tmp_path / "r.json").exists()


def test_a_read_only_folder_is_one_line(tiny_gold, tmp_path, capsys, monkeypatch):
    """A folder the harness may not write in (root writes anywhere, so the refusal the system
    would give is made here by the file system call itself)."""
    import errno

    from afp_strikes_bench import io

    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o500)
    real_open = io.os.open

    def refusing_open(path, flags, *args):
        if str(path).startswith(str(folder)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(io.os, "open", refusing_open)
    status, _, err = bench(capsys, "eval", "--system", "empty", "--gold", tiny_gold, "--out",
                           folder / "r.json")
    assert_one_line(status, err, "r.json")
    assert "Permission denied" in err and list(folder.iterdir()) == []


# Results files -------------------------------------------------------------------------------

def _mutated(results: dict, change: str) -> dict:
    results = copy.deepcopy(results)
    entities = results["tasks"]["entities"]
    fine = entities["tallies"]["fine"]
    if change == "units 0":
        results["bootstrap"]["units"] = 0
    elif change == "units 1":
        results["bootstrap"]["units"] = 1
    elif change == "resamples 1e9":
        results["bootstrap"]["resamples"] = 1e9
    elif change == "resamples 1000000":
        results["bootstrap"]["resamples"] = 1_000_000
    elif change == "seed -1":
        results["bootstrap"]["seed"] = -1
    elif change == "row of an unknown unit":
        fine["rows"][0][0] = 500
    elif change == "row of unit -1":
        fine["rows"][0][0] = -1
    elif change == "row of unit 1.5":
        fine["rows"][0][0] = 1.5
    elif change == "row too wide":
        fine["rows"][0].append(1.0)
    elif change == "headline missing":
        entities["headline"] = "nothing"
    elif change == "match span backwards":
        entities["explained"]["fine"][0]["span"] = [10, 2]
    elif change == "control characters":
        results["system"]["name"] = "evil\u202e\x1b[31m\nname"
    return results


RESULTS_CHANGES = ["units 0", "units 1", "resamples 1e9", "resamples 1000000", "seed -1",
                   "row of an unknown unit", "row of unit -1", "row of unit 1.5",
                   "row too wide", "headline missing", "match span backwards"]


@pytest.mark.parametrize("change", RESULTS_CHANGES)
def test_inconsistent_results_are_one_line(change, reference_results, tmp_path, capsys):
    folder = tmp_path / "results"
    folder.mkdir()
    bad = folder / "bad.json"
    bad.write_text(json.dumps(_mutated(reference_results, change)))
    for command in (("leaderboard", folder), ("compare", bad, REFERENCE),
                    ("explain", "--system", bad, "--task", "entities")):
        status, _, err = bench(capsys, *command)
        assert_one_line(status, err, "bad.json")


@pytest.mark.parametrize("change", ["unknown document", "span past the text"])
def test_records_that_do_not_fit_the_gold(change, reference_results, tmp_path, capsys):
    results = copy.deepcopy(reference_results)
    match = results["tasks"]["entities"]["explained"]["fine"][0]
    if change == "unknown document":
        match["doc_id"] = "no-such-document"
    else:
        match["span"] = [0, 10**6]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(results))
    status, _, err = bench(capsys, "explain", "--system", bad, "--task", "entities")
    assert_one_line(status, err, "bad.json", "explained.fine[0]")


@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_control_and_bidi_characters_from_results_are_escaped(fmt, reference_results,
                                                              tmp_path, capsys):
    folder = tmp_path / "results"
    folder.mkdir()
    bad = folder / "bad.json"
    bad.write_text(json.dumps(_mutated(reference_results, "control characters")))
    if fmt == "text":
        outputs = [bench(capsys, "compare", bad, REFERENCE)[1],
                   bench(capsys, "explain", "--system", bad, "--task", "entities")[1]]
    else:
        outputs = [bench(capsys, "leaderboard", folder, "--format", fmt)[1]]
        if fmt == "html":
            page = tmp_path / "explain.html"
            assert bench(capsys, "explain", "--system", bad, "--task", "entities", "--html",
                         page)[0] == 0
            outputs.append(page.read_text())
    for output in outputs:
        assert "evil" in output and "\\u202e" in output
        assert "\u202e" not in output and "\x1b" not in output


# Systems -------------------------------------------------------------------------------------

SYSTEMS = {
    "raises_on_import": "raise RuntimeError('no model here')\n",
    "bad_str": ("class Odd(Exception):\n    def __str__(self):\n        raise ValueError\n"
                "def predict(document):\n    raise Odd()\n"),
    "surrogate": "def predict(document):\n    return {'entities': [{'start': 0, 'end': 4, "
                 "'label': 'GPE', 'text': '\\ud800'}]}\n",
    "surrogate_key": "def predict(document):\n    return {'\\udc00': []}\n",
    "newlines": "def predict(document):\n    raise ValueError('one\\ntwo\\nthree')\n",
    "bad_metadata": ("class Model:\n    metadata = {'model': {1, 2}}\n"
                     "    def predict(self, document):\n        return {}\n"),
}


@pytest.mark.parametrize("spec", [":predict", "../x:y", "raises_on_import:predict", "bad_str",
                                  "surrogate", "surrogate_key", "newlines",
                                  "bad_metadata:Model"])
def test_systems_that_fail_are_one_line(spec, tiny_gold, tmp_path, capsys, monkeypatch):
    for name, source in SYSTEMS.items():
        (tmp_path / f"{name}.py").write_text(source)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in SYSTEMS:
        sys.modules.pop(name, None)
    for command in ("eval", "run"):
        status, _, err = bench(capsys, command, "--system", spec, "--gold", tiny_gold, "--out",
                               tmp_path / f"out-{command}")
        assert_one_line(status, err)


def test_a_lone_surrogate_names_the_document_and_field(tiny_gold, tmp_path, capsys,
                                                       monkeypatch):
    (tmp_path / "surrogate.py").write_text(SYSTEMS["surrogate"])
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("surrogate", None)
    status, _, err = bench(capsys, "eval", "--system", "surrogate", "--gold", tiny_gold)
    assert_one_line(status, err, "document 'd1': entities[0].text", "lone surrogate")


def test_a_system_that_never_returns_times_out(tiny_gold, tmp_path, capsys, monkeypatch):
    (tmp_path / "sleepy.py").write_text(
        "import time\ndef predict(document):\n    try:\n        time.sleep(60)\n"
        "    except Exception:\n        pass\n    return {}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    started = time.perf_counter()
    for command in ("eval", "run"):
        status, _, err = bench(capsys, command, "--system", "sleepy", "--gold", tiny_gold,
                               "--timeout", "0.2", "--out", tmp_path / f"out-{command}")
        assert_one_line(status, err, "--timeout", "'d1'", "0.2 seconds")
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_a_bad_timeout_is_a_usage_error(value, tiny_gold, capsys):
    status, _, err = bench(capsys, "eval", "--system", "empty", "--gold", tiny_gold,
                           "--timeout", value)
    assert_one_line(status, err, "--timeout")


def test_what_a_system_prints_goes_to_standard_error(tiny_gold, tmp_path, capsys, monkeypatch):
    (tmp_path / "chatty.py").write_text(
        "def predict(document):\n    print('loading the model...')\n    return {}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    status, out, err = bench(capsys, "eval", "--system", "chatty", "--gold", tiny_gold,
                             "--json", "--timeout", "30")
    assert status == 0 and json.loads(out)["system"]["name"] == "chatty"
    assert "loading the model..." in err


def test_a_fifo_results_file_does_not_hang(tmp_path, capsys):
    fifo = tmp_path / "r.json"
    os.mkfifo(fifo)
    status, _, err = bench(capsys, "compare", fifo, REFERENCE)
    assert_one_line(status, err, "r.json", "not a regular file")


def test_bytes_that_are_not_utf8_name_their_line(tiny_gold, tmp_path, capsys):
    predictions = tmp_path / "p.jsonl"
    valid = json.dumps(VALID_PREDICTION).encode() + b"\n"
    # past the first block a text stream would decode ahead
    predictions.write_bytes(b"\n" * 20_000 + valid.replace(b"Iran", b"Ir\xffn"))
    status, _, err = bench(capsys, "eval", "--system", predictions, "--gold", tiny_gold)
    assert_one_line(status, err, "p.jsonl:20001: not UTF-8")


@pytest.mark.parametrize("case", ["png as markdown", "empty", "readme not utf-8", "readme fifo",
                                  "readme folder"])
def test_leaderboard_outputs_are_one_line(case, tmp_path, capsys):
    readme = tmp_path / "README.md"
    if case == "png as markdown":
        arguments: tuple = ("--out", tmp_path / "board.png")
    elif case == "empty":
        arguments = ("--out", "")
    else:
        if case == "readme not utf-8":
            readme.write_bytes(b"<!-- leaderboard:start -->\xff<!-- leaderboard:end -->\n")
        elif case == "readme fifo":
            os.mkfifo(readme)
        else:
            readme.mkdir()
        arguments = ("--readme", readme)
    status, _, err = bench(capsys, "leaderboard", ROOT / "results", *arguments)
    assert_one_line(status, err)
    assert list(tmp_path.glob("*.png")) == []


def test_results_of_different_units_are_not_compared(reference_results, tmp_path, capsys):
    edited = copy.deepcopy(reference_results)
    edited["bootstrap"]["units"] = 40
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(edited))
    status, _, err = bench(capsys, "compare", REFERENCE, bad)
    assert_one_line(status, err, "different units")


@pytest.mark.parametrize("command", [
    ("validate", "{long}"), ("validate", "{long}.jsonl"), ("eval", "--system", "{long}.jsonl"),
    ("eval", "--system", "{long}"), ("eval", "--system", "{long}.py"),
    ("eval", "--system", "empty", "--gold", "{long}"), ("compare", "{long}", "{long}"),
    ("explain", "--system", "{long}", "--task", "entities"), ("leaderboard", "{long}"),
    ("run", "--system", "empty", "--out", "{long}"),
])
def test_a_name_too_long_is_one_line(command, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, err = bench(capsys, *(part.format(long="n" * 300) for part in command))
    assert_one_line(status, err)


def test_a_system_printing_as_it_loads_keeps_json_clean(tiny_gold, tmp_path, capsys,
                                                         monkeypatch):
    (tmp_path / "banner.py").write_text(
        "print('model v1 loaded')\ndef predict(document):\n    return {}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    status, out, err = bench(capsys, "eval", "--system", "banner", "--gold", tiny_gold, "--json")
    assert status == 0 and json.loads(out) and "model v1 loaded" in err


def test_sigterm_unwinds_without_a_traceback(tiny_gold, tmp_path):
    import signal
    import subprocess

    (tmp_path / "slow.py").write_text("import time\ndef predict(document):\n"
                                      "    time.sleep(30)\n    return {}\n")
    process = subprocess.Popen([sys.executable, "-m", "afp_strikes_bench.cli", "eval",
                                "--system", "slow.py", "--gold", str(tiny_gold), "--out",
                                "r.json"], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    time.sleep(2)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM and "Traceback" not in err
    assert not (tmp_path / "r.json").exists() and list(tmp_path.glob(".r.json*")) == []
