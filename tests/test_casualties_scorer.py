"""The casualties scorer (SPEC 3.4) on golden cases with hand-derived scores, on shuffled random
input, and the one-to-one pairing it shares with the attributions scorer.

Golden cases live in ``tests/cases/casualties/`` (one line each in its README.md): a text, gold
coreference, and gold and predicted records written as snippets, so that no offset is typed by
hand. :func:`build_case` is also used by ``test_attributions_scorer.py``.
"""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from afp_strikes_bench import schemas
from afp_strikes_bench.api import score as harness_score
from afp_strikes_bench.authoring import authoring_module, resolve
from afp_strikes_bench.documents import Document
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.metrics.assignment import pair_one_to_one
from afp_strikes_bench.metrics.counts import precision_recall_f1
from afp_strikes_bench.predictions import from_outputs
from afp_strikes_bench.tasks import get_task
from conftest import parsed
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest import approx

CASES = Path(__file__).parent / "cases"
TASK = get_task("casualties")
DOC = "d"


def build_case(task_name: str, path: Path) -> tuple[GoldSet, dict[str, list]]:
    """The gold set and the predictions (as JSON) of one case file (predictions checked like a
    system's)."""
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    document = Document(DOC, case["text"], "2024-01-19", "test", "en")
    task = get_task(task_name)
    coreference = authoring_module("coreference").from_snippets(case.get("coreference", []),
                                                                document, resolve)
    from_snippets = authoring_module(task_name).from_snippets
    gold_items = from_snippets(case["gold"], document, resolve)
    predicted = [{key: value for key, value in item.items() if key != "id"}
                 for item in from_snippets(case["predicted"], document, resolve)]
    line = {"doc_id": DOC, task_name: predicted}
    problems = schemas.problems("predictions", line) + list(task.check(predicted, document,
                                                                        gold=False))
    if problems:
        raise ValueError(f"{path.name}: invalid predictions: {problems}")
    gold_items_by_task = {task_name: {DOC: gold_items}, "coreference": {DOC: coreference}}
    gold = GoldSet(path, {DOC: document},
                   {name: parsed(get_task(name), items, gold=True)
                    for name, items in gold_items_by_task.items()}, "test", "")
    return gold, {DOC: predicted}


def scored(task, gold: GoldSet, predictions: dict[str, list]) -> dict:
    """The task's metrics of predictions given as JSON items (doc_id -> items)."""
    return task.score(gold, parsed(task, predictions, gold=False))


def totals(metrics: dict) -> dict:
    """Each metric's summed columns: (tp, fp, fn), (correct, total) or the four ratio sums."""
    return {name: ({key: tuple(part.total().tolist()) for key, part in tally.items()}
                   if isinstance(tally, dict) else tuple(tally.total().tolist()))
            for name, tally in metrics.items()}


def by_unit(metrics: dict) -> dict:
    """Every metric's contributions per unit, for exact comparison."""
    def rows(tally):
        return sorted((unit, row.tolist()) for unit, row in tally.by_unit.items())
    return {name: ({key: rows(part) for key, part in tally.items()}
                   if isinstance(tally, dict) else rows(tally))
            for name, tally in metrics.items()}


def fields(time=(1, 1), country=(1, 1), perpetrator=(1, 1), claimed_by=(1, 1), part_of=(1, 1)):
    return {"time": time, "country": country, "perpetrator": perpetrator,
            "claimed_by": claimed_by, "part_of": part_of}


# (tp, fp, fn) per scheme and (correct, total) per field, derived by hand from each case file.
EXPECTED = {
    # one record, every value equal but the claimant: Pakistan is not a mention of Iran's cluster
    "wrong_claimant": {"strict": (1, 0, 0), "lenient": (1, 0, 0),
                       "field_accuracy": fields(claimed_by=(0, 1))},
    # "its" is a mention of Iran, "The Pakistanis" of Pakistan; "lost nine people" overlaps
    # "nine people"
    "claimant_coreference": {"strict": (1, 0, 0), "lenient": (1, 0, 0),
                             "field_accuracy": fields()},
    # count 9 is not low 9: one fp and one fn in both schemes; the bound "up to 20" pairs
    "range_against_count": {"strict": (1, 1, 1), "lenient": (1, 1, 1),
                            "field_accuracy": fields()},
    # strict: only the children pair (civilian != person); lenient pairs both, and the
    # children's part_of points to the prediction paired with the gold total
    "part_of_wrong_victim": {"strict": (1, 1, 1), "lenient": (2, 0, 0),
                             "field_accuracy": fields(*[(2, 2)] * 5)},
    # the total's null part_of is right, the children's missing link is wrong
    "part_of_missing": {"strict": (2, 0, 0), "lenient": (2, 0, 0),
                        "field_accuracy": fields(*[(2, 2)] * 4, part_of=(1, 2))},
    # both predictions are candidates; the one that also names the claimant wins; the other is
    # a false positive, and claimed_by is scored on the winner
    "competing_predictions": {"strict": (1, 1, 0), "lenient": (1, 1, 0),
                              "field_accuracy": fields()},
    # the prediction overlaps only Pakistan's statement: it pairs there (wrong claimant), and
    # Iran's statement is missed
    "same_figure_elsewhere": {"strict": (1, 0, 1), "lenient": (1, 0, 1),
                              "field_accuracy": fields(claimed_by=(0, 1))},
}


def test_every_case_has_its_expected_scores():
    assert sorted(p.stem for p in (CASES / "casualties").glob("*.yaml")) == sorted(EXPECTED)
    readme = (CASES / "casualties" / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}.yaml`" in readme for name in EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_golden_case(name):
    gold, predictions = build_case("casualties", CASES / "casualties" / f"{name}.yaml")
    assert totals(scored(TASK, gold, predictions)) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_golden_case_in_either_order(name):
    gold, predictions = build_case("casualties", CASES / "casualties" / f"{name}.yaml")
    backwards = list(reversed(range(len(predictions[DOC]))))
    assert totals(scored(TASK, gold, {DOC: shuffled(predictions[DOC], backwards)})) \
        == EXPECTED[name]


def test_strict_f1_of_a_wrong_victim():
    gold, predictions = build_case("casualties", CASES / "casualties" / "part_of_wrong_victim.yaml")
    strict = scored(TASK, gold, predictions)["strict"]
    # one of two predictions right, one of two gold records found
    precision, recall = 1 / 2, 1 / 2
    assert precision_recall_f1(*strict.ratios()) == \
        approx((precision, recall, 2 * precision * recall / (precision + recall)))


def test_harness_reports_every_metric():
    gold, predictions = build_case("casualties", CASES / "casualties" / "part_of_missing.yaml")
    outputs = from_outputs({DOC: {"casualties": predictions[DOC]}}, gold, "test")
    records = harness_score(gold, outputs, ["casualties"], resamples=20)["casualties"]["metrics"]
    assert set(records) == set(TASK.info.report_order)
    assert records["field_accuracy"]["by"]["part_of"]["accuracy"] == approx(1 / 2)
    assert records["strict"]["f1"] == 1.0


def test_nothing_predicted_nothing_to_find():
    gold, _ = build_case("casualties", CASES / "casualties" / "part_of_missing.yaml")
    empty = GoldSet(gold.path, gold.documents, {"casualties": {DOC: []}}, "test", "")
    metrics = scored(TASK, empty, {DOC: []})
    assert precision_recall_f1(*metrics["strict"].ratios()) == (1.0, 1.0, 1.0)
    assert totals(metrics)["field_accuracy"] == fields(*[(0, 0)] * 5)


# --- order independence on random input ------------------------------------------------------

WORDS = 24
# two paragraphs, so that contributions land on two resampling units
TEXT = " ".join(f"w{i:02d}" for i in range(WORDS // 2)) + "\n\n" + \
    " ".join(f"w{i:02d}" for i in range(WORDS // 2, WORDS))


def word_span(first: int, last: int) -> dict:
    """Words ``first`` to ``last`` (inclusive) of TEXT; every word is 3 characters + 1 separator."""
    return {"start": 4 * first, "end": 4 * last + 3}


spans = st.tuples(st.integers(0, WORDS - 1), st.integers(0, 2)).map(
    lambda pair: word_span(pair[0], min(WORDS - 1, pair[0] + pair[1])))
mentions = st.sampled_from([None] + [word_span(i, i) for i in range(0, WORDS, 3)])


@st.composite
def records(draw, gold: bool):
    items = []
    for _ in range(draw(st.integers(0, 5))):
        bounded = draw(st.booleans())
        record = {"span": draw(spans), "outcome": draw(st.sampled_from(["killed", "injured"])),
                  "victim": draw(st.sampled_from(["person", "child"])),
                  "count": None if bounded else draw(st.integers(1, 3)),
                  "low": draw(st.sampled_from([None, 2])) if bounded else None,
                  "high": draw(st.sampled_from([None, 5])) if bounded else None,
                  "time": draw(st.sampled_from([None, "2024-01-18"])),
                  "country": draw(st.sampled_from([None, "IR"])),
                  "perpetrator": draw(mentions), "claimed_by": draw(mentions), "part_of": None}
        items.append(record)
    for index, record in enumerate(items):
        others = [other for other in range(len(items)) if other != index]
        if others and draw(st.booleans()):
            record["part_of"] = draw(st.sampled_from(others))
    return [dict(record, id=f"C{i}") for i, record in enumerate(items)] if gold else items


def shuffled(items: list[dict], permutation: list[int], link: str = "part_of") -> list[dict]:
    """``items`` in the order ``permutation`` (old indices), with ``link`` indices remapped."""
    new_index = {old: new for new, old in enumerate(permutation)}
    return [dict(items[old], **{link: None if items[old].get(link) is None
                                else new_index[items[old][link]]}) for old in permutation]


def word_clusters() -> list:
    """Gold coreference of TEXT: mentions of words 0, 3, 6 ... belong to two alternating
    clusters."""
    clusters = [{"id": f"c{parity}", "name": f"c{parity}", "type": "GPE",
                 "mentions": [{**word_span(i, i), "text": TEXT[4 * i:4 * i + 3], "kind": "NAM"}
                              for i in range(parity * 3, WORDS, 6)]}
                for parity in (0, 1)]
    return get_task("coreference").parse_all(clusters, gold=True)


def random_gold(records_of_gold: list[dict]) -> GoldSet:
    document = Document(DOC, TEXT, "2024-01-19", "test", "en")
    return GoldSet(Path("."), {DOC: document},
                   {"casualties": {DOC: TASK.parse_all(records_of_gold, gold=True)},
                    "coreference": {DOC: word_clusters()}}, "test", "")


@settings(max_examples=150, deadline=None)
@given(records(gold=True), records(gold=False), st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_order(gold_records, predicted, rng):
    before = by_unit(scored(TASK, random_gold(gold_records), {DOC: predicted}))
    gold_order = list(range(len(gold_records)))
    predicted_order = list(range(len(predicted)))
    rng.shuffle(gold_order)
    rng.shuffle(predicted_order)
    after = scored(TASK, random_gold(shuffled(gold_records, gold_order)),
                       {DOC: shuffled(predicted, predicted_order)})
    assert by_unit(after) == before


@settings(max_examples=150, deadline=None)
@given(records(gold=True), records(gold=False))
def test_strict_never_beats_lenient(gold_records, predicted):
    metrics = totals(scored(TASK, random_gold(gold_records), {DOC: predicted}))
    strict_tp, strict_fp, strict_fn = metrics["strict"]
    lenient_tp, lenient_fp, lenient_fn = metrics["lenient"]
    assert strict_tp <= lenient_tp
    assert strict_tp + strict_fp == lenient_tp + lenient_fp == len(predicted)
    assert strict_tp + strict_fn == lenient_tp + lenient_fn == len(gold_records)
    assert all(total == lenient_tp for _, total in metrics["field_accuracy"].values())


# --- the pairing shared with the attributions scorer ------------------------------------------

@st.composite
def preference_tables(draw):
    """Gold and predicted items (small dicts) and a table of candidate preferences."""
    n_gold, n_predicted = draw(st.integers(0, 4)), draw(st.integers(0, 4))
    table = {(g, p): draw(st.one_of(st.none(), st.tuples(st.integers(0, 3), st.integers(0, 3))))
             for g in range(n_gold) for p in range(n_predicted)}
    gold = [{"g": g} for g in range(n_gold)]
    predicted = [{"p": p} for p in range(n_predicted)]
    return gold, predicted, table


def all_pairings(candidates: list[tuple[int, int]]):
    """Every set of candidate pairs that is one-to-one (brute force, for small inputs)."""
    for size in range(len(candidates) + 1):
        for chosen in itertools.combinations(candidates, size):
            if len({g for g, _ in chosen}) == size == len({p for _, p in chosen}):
                yield list(chosen)


@settings(max_examples=300, deadline=None)
@given(preference_tables())
def test_pairing_is_lexicographically_optimal(case):
    gold, predicted, table = case
    chosen = pair_one_to_one(gold, predicted, lambda g, p: table[g["g"], p["p"]])

    def value(pairs):  # number of pairs, then the sums of each preference component
        return (len(pairs), sum(table[pair][0] for pair in pairs),
                sum(table[pair][1] for pair in pairs))

    candidates = [pair for pair, preference in table.items() if preference is not None]
    assert set(chosen) <= set(candidates)
    assert len({g for g, _ in chosen}) == len(chosen) == len({p for _, p in chosen})
    assert value(chosen) == max(value(pairs) for pairs in all_pairings(candidates))


def test_pairing_ties_do_not_depend_on_order():
    # two gold and two predicted items, every pair equally good: the pairing follows the items'
    # canonical JSON, so the same items pair whatever the input order
    gold = [{"name": "a"}, {"name": "b"}]
    predicted = [{"name": "x"}, {"name": "y"}]

    def named(pairs, g, p):
        return sorted((g[i]["name"], p[j]["name"]) for i, j in pairs)
    forward = pair_one_to_one(gold, predicted, lambda g, p: ())
    for g_order, p_order in itertools.product([gold, gold[::-1]], [predicted, predicted[::-1]]):
        pairs = pair_one_to_one(g_order, p_order, lambda g, p: ())
        assert named(pairs, g_order, p_order) == named(forward, gold, predicted)
