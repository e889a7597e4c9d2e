"""The fast path of loading (afp_strikes_bench.wire) is held equal to the JSON Schema path.

Lines are made from the gold (each task's gold line, and the gold as predictions), serialised
in several valid ways and mutated at random (a value replaced by another type, a float integer,
a boolean, a number past 64 bits, a date that does not exist, a key removed, added or given
twice, a colon escaped...). Each is loaded twice, through the fast path and with it switched
off, and the two must give the same typed items or the same one-line error. Unmutated lines
must take the fast path, so that it is the path being tested.
"""
from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from afp_strikes_bench import api, wire
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.gold import load_gold
from afp_strikes_bench.io import read_lines
from afp_strikes_bench.predictions import load_predictions
from afp_strikes_bench.tasks import get_task, task_names
from conftest import GOLD
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

#: values a mutation puts in place of another: every JSON type, and the edge cases of each
REPLACEMENTS = [None, True, False, 0, -1, 1.0, 2.5, 10 ** 19, 10 ** 25, -(10 ** 25), "",
                "GPE", "PER", "killed", "direct", "2024-02-30", "2024-01-19", "2024-01-19\n",
                "0000-01-01", "US", "us", "E1", [], [{}], {}, {"start": 0, "end": 4},
                {"text": "Iran"}]


#: edge cases of the kind of value a place already holds, tried half the time
NEAR = {int: [-1, 0, 1.0, True, 10 ** 19, 10 ** 25], str: ["", "2024-02-30", "0000-01-01", "us",
                                                      "GPE", "2024-01-19\n", "Ir:an"],
        type(None): [0, -1, "", "2024-01-19", {"start": 0, "end": 4}],
        list: [[], [{}], [None]], dict: [{}, None]}


def paths(value, at=()):
    """Every place inside a JSON value: key and index paths."""
    yield at
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*at, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*at, index))


def leaves(value, at=()):
    """Every scalar place (and empty container) in the first two items of each list."""
    if isinstance(value, dict) and value:
        for key, child in value.items():
            yield from leaves(child, (*at, key))
    elif isinstance(value, list) and value:
        for index, child in enumerate(value[:2]):
            yield from leaves(child, (*at, index))
    elif at:
        yield at


def replaced(value: dict, at: tuple, new) -> dict:
    value = json.loads(json.dumps(value))
    parent_of(value, at)[at[-1]] = new
    return value


def parent_of(value, at):
    for part in at[:-1]:
        value = value[part]
    return value


def mutated(value: dict, data) -> dict | bytes:
    """``value`` with one random change; bytes where the change is only expressible in the raw
    text (a key twice)."""
    value = json.loads(json.dumps(value))
    places = [at for at in paths(value) if at]
    at = data.draw(st.sampled_from(places))
    parent, key = parent_of(value, at), at[-1]
    kind = data.draw(st.sampled_from(["replace", "replace", "remove", "add", "twice"]))
    if kind == "replace":
        near = NEAR.get(type(parent[key]), REPLACEMENTS)
        parent[key] = data.draw(st.sampled_from(near if data.draw(st.booleans())
                                                else REPLACEMENTS))
    elif kind == "remove":
        del parent[key]
    elif kind == "add" and isinstance(parent, dict):
        parent[data.draw(st.sampled_from(["extra", "id", "text", "value", "canary"]))] = \
            data.draw(st.sampled_from(REPLACEMENTS))
    elif kind == "twice" and isinstance(parent, dict):
        first = json.dumps({key: data.draw(st.sampled_from(REPLACEMENTS))})[1:-1]
        return ("{" + first + ", " + json.dumps(value)[1:]).encode() \
            if parent is value else _twice_inside(value, at, first)
    return value


def _twice_inside(value: dict, at: tuple, first: str) -> bytes:
    """The raw line with ``first`` (a ``"key": value`` pair) put at the start of the object
    that holds ``at``."""
    marker = "__twice__"
    parent_of(value, at)[marker] = 0
    raw = json.dumps(value)
    return raw.replace(f'"{marker}": 0', first).encode()


def serialised(value: dict, data) -> bytes:
    """One of the ways a writer may put a valid line: ASCII escapes or not, compact or not."""
    style = data.draw(st.sampled_from(["plain", "ascii", "compact"]))
    if style == "ascii":
        return json.dumps(value, ensure_ascii=True).encode()
    if style == "compact":
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return json.dumps(value, ensure_ascii=False).encode()


@contextmanager
def fast_path(on: bool):
    if on:
        yield
        return
    with mock.patch("afp_strikes_bench.gold.read_gold_line", lambda *a: None), \
            mock.patch("afp_strikes_bench.gold.read_document", lambda *a: None), \
            mock.patch("afp_strikes_bench.predictions.read_prediction_line", lambda *a: None):
        yield


def gold_outcome(folder: Path, on: bool):
    with fast_path(on):
        try:
            return "loaded", load_gold(folder).tasks
        except InputError as error:
            return "refused", str(error)


def predictions_outcome(path: Path, gold, label_set, on: bool):
    with fast_path(on):
        try:
            found = load_predictions(path, gold, label_set=label_set)
            # the file bench run writes of them too: the JSON as given, on either path
            return "loaded", found.by_doc, found.missing, found.to_jsonl()
        except InputError as error:
            return "refused", str(error)


def gold_line(task: str) -> dict:
    return json.loads(next(read_lines(GOLD / f"{task}.jsonl"))[1])


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """Per task, a gold folder of its line and the lines it depends on."""
    made = {}
    for task in task_names():
        folder = tmp_path_factory.mktemp(task)
        for name in ("documents", task, *get_task(task).info.depends_on):
            shutil.copy(GOLD / f"{name}.jsonl", folder / f"{name}.jsonl")
        made[task] = folder
    return made


@pytest.mark.parametrize("task", task_names())
def test_the_gold_takes_the_fast_path(task):
    documents = load_gold(GOLD).documents
    for _, encoded in read_lines(GOLD / f"{task}.jsonl"):
        assert wire.read_gold_line(task, encoded, documents) is not None
    for _, encoded in read_lines(GOLD / "documents.jsonl"):
        assert wire.read_document(encoded) is not None


@pytest.mark.parametrize("task", task_names())
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_gold_lines_load_the_same_on_both_paths(task, folders, data):
    folder = folders[task]
    value = gold_line(task)
    line = serialised(value, data) if data.draw(st.booleans()) else mutated(value, data)
    raw = line if isinstance(line, bytes) else serialised(line, data)
    (folder / f"{task}.jsonl").write_bytes(raw + b"\n")
    try:
        fast = gold_outcome(folder, True)
        assert fast == gold_outcome(folder, False), raw[:300]
    finally:
        shutil.copy(GOLD / f"{task}.jsonl", folder / f"{task}.jsonl")


@pytest.mark.parametrize("task", task_names())
def test_every_edge_case_in_every_field_of_a_gold_line_loads_the_same(task, folders):
    """Deterministic: each scalar of the line's first two items, replaced by each edge case of
    its kind (and by null), loads the same on both paths."""
    folder, value = folders[task], gold_line(task)
    try:
        for at in leaves(value):
            for new in [*NEAR.get(type(parent_of(value, at)[at[-1]]), []), None]:
                (folder / f"{task}.jsonl").write_bytes(
                    json.dumps(replaced(value, at, new)).encode() + b"\n")
                assert gold_outcome(folder, True) == gold_outcome(folder, False), (at, new)
    finally:
        shutil.copy(GOLD / f"{task}.jsonl", folder / f"{task}.jsonl")


@pytest.fixture(scope="module")
def gold_predictions(gold):
    found = api.gold_as_predictions(gold)
    return json.loads(found.to_jsonl().splitlines()[0])


def test_every_edge_case_in_every_field_of_a_predictions_line_loads_the_same(
        gold, gold_predictions, tmp_path):
    path = tmp_path / "p.jsonl"
    value = {key: items[:2] if isinstance(items, list) else items
             for key, items in gold_predictions.items()}
    for at in leaves(value):
        for new in [*NEAR.get(type(parent_of(value, at)[at[-1]]), []), None]:
            path.write_bytes(json.dumps(replaced(value, at, new)).encode() + b"\n")
            # a label set only changes what entities accept
            for label_set in (None, "conll2003") if at[0] == "entities" else (None,):
                assert predictions_outcome(path, gold, label_set, True) == \
                    predictions_outcome(path, gold, label_set, False), (at, new, label_set)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_prediction_lines_load_the_same_on_both_paths(gold, gold_predictions, tmp_path_factory,
                                                      data):
    value = {key: items for key, items in gold_predictions.items()
             if key == "doc_id" or data.draw(st.booleans())}
    line = serialised(value, data) if data.draw(st.booleans()) else mutated(value, data)
    raw = line if isinstance(line, bytes) else serialised(line, data)
    path = tmp_path_factory.mktemp("predictions") / "p.jsonl"
    path.write_bytes(raw + b"\n")
    label_set = data.draw(st.sampled_from([None, "conll2003"]))
    fast = predictions_outcome(path, gold, label_set, True)
    assert fast == predictions_outcome(path, gold, label_set, False), raw[:300]


@pytest.mark.parametrize("raw", [
    b'{"doc_id": "d", "entities": [{"start": 0, "end": 4, "label": "GPE", "start": 0}]}',
    b'{"doc_id": "d", "doc_id": "d", "entities": []}',
    b'{"doc_id": "d", "entities": [{"start": 0.0, "end": 4, "label": "GPE"}]}',
    b'{"doc_id": "d", "entities": [{"start": true, "end": 4, "label": "GPE"}]}',
    b'{"doc_id": "d", "entities": [{"start": 0, "end": 4, "label": "GPE", "x": 1}]}',
    b'{"doc_id": "d", "entities": [{"start": 0, "end": 4, "label": "GPE", "value": '
    b'"2024-02-30"}]}',
    b'{"doc_id": "d", "entities": [{"start": 0, "end": 4, "label": "GPE", "value": '
    b'123456789012345678901234}]}',
    b'{"doc_id": "d", "entities": [{"start": 0, "end": 4, "label": "GPE", "value": NaN}]}',
    b'{"doc_id": "d", "entities": [{"start": 0, "end": 4, "label": "GPE", "text": "Ir\\u003an"'
    b', "text": "Iran"}]}',
])
def test_what_msgspec_would_take_is_left_to_the_other_path(raw):
    """A key twice, a float or a boolean for an integer, an unknown key, a date that does not
    exist, an integer past the strict reader's digits, NaN, and an escaped colon beside a key
    given twice: never accepted by the fast path."""
    gold = mock.Mock(documents={"d": mock.Mock(text="Iran struck.")})
    assert wire.read_prediction_line(raw, gold, {}, None) is None


@pytest.mark.parametrize("blank", [b"", b"   ", b"\x1f", b"\x1c\x1d", "\u00a0".encode(),
                                   "\u2028".encode()])
def test_blank_lines_are_skipped_as_str_strip_has_them(gold, gold_predictions, tmp_path, blank):
    path = tmp_path / "p.jsonl"
    path.write_bytes(blank + b"\n" + json.dumps(gold_predictions).encode() + b"\n")
    fast = predictions_outcome(path, gold, None, True)
    assert fast[0] == "loaded" and fast == predictions_outcome(path, gold, None, False)
