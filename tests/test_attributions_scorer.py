"""The attributions scorer (SPEC 3.5) on golden cases with hand-derived scores and on shuffled
random input.

Golden cases live in ``tests/cases/attributions/`` (one line each in its README.md), written as
snippets and built with :func:`test_casualties_scorer.build_case`.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from afp_strikes_bench.api import score as harness_score
from afp_strikes_bench.documents import Document
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.metrics.counts import precision_recall_f1
from afp_strikes_bench.predictions import from_outputs
from afp_strikes_bench.tasks import get_task
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest import approx
from test_casualties_scorer import (
    DOC,
    TEXT,
    WORDS,
    build_case,
    by_unit,
    scored,
    shuffled,
    spans,
    totals,
    word_clusters,
)

CASES = Path(__file__).parent / "cases" / "attributions"
TASK = get_task("attributions")

ALL_RIGHT = {"exact": (1, 0, 0), "soft": (1, 1, 1, 1)}
ALL_WRONG = {"exact": (0, 1, 1), "soft": (0, 1, 0, 1)}


def components(source=ALL_RIGHT, coref=(1, 0, 0), cue=ALL_RIGHT, content=ALL_RIGHT):
    return {"source": {**source, "coref": coref}, "cue": cue, "content": content}


# (tp, fp, fn) of match scores and (precision numerator, precision denominator, recall
# numerator, recall denominator) of soft scores, derived by hand from each case file.
EXPECTED = {
    # content tokens: gold "We will respond" + "We want peace" (6); the prediction adds
    # "the statement said" (9): soft precision 6/9, recall 6/6; exact content and full fail
    "split_quote_as_one": {"full": (0, 1, 1), "relations": (1, 0, 0),
                           **components(content={"exact": (0, 1, 1), "soft": (6 / 9, 1, 1, 1)})},
    # quotation marks are not word tokens: soft content is perfect, exact content is not
    "quotation_marks": {"full": (0, 1, 1), "relations": (1, 0, 0),
                        **components(content={"exact": (0, 1, 1), "soft": (1, 1, 1, 1)})},
    # both cues overlap "said"; "whole" shares 8 content tokens, "partial" 4: the gold pairs
    # with "whole", whose cue "minister said" is not exact (soft cue precision 1/2); "partial"
    # is a false positive in every component
    "competing_predictions": {
        "full": (0, 2, 1), "relations": (1, 1, 0),
        **components(source={"exact": (1, 1, 0), "soft": (1, 2, 1, 1)}, coref=(1, 1, 0),
                     cue={"exact": (0, 2, 1), "soft": (1 / 2, 2, 1, 1)},
                     content={"exact": (1, 1, 0), "soft": (1, 2, 1, 1)})},
    # "Iran" for the gold "It": a different span (no shared token), the same participant
    "source_coreference": {"full": (1, 0, 0), "relations": (1, 0, 0),
                           **components(source={"exact": (0, 1, 1), "soft": (0, 1, 0, 1)})},
    # null sources count nowhere in source scores; the invented "it" is a false positive and
    # spoils that relation's full score
    "implicit_source": {
        "full": (2, 1, 1), "relations": (3, 0, 0),
        **components(source={"exact": (1, 1, 0), "soft": (1, 2, 1, 1)}, coref=(1, 1, 0),
                     cue={"exact": (3, 0, 0), "soft": (3, 3, 3, 3)},
                     content={"exact": (3, 0, 0), "soft": (3, 3, 3, 3)})},
    # nothing pairs: every component is one false positive and one false negative
    "unpaired": {"full": (0, 1, 1), "relations": (0, 1, 1),
                 **components(source=ALL_WRONG, coref=(0, 1, 1), cue=ALL_WRONG, content=ALL_WRONG)},
}


def test_every_case_has_its_expected_scores():
    assert sorted(p.stem for p in CASES.glob("*.yaml")) == sorted(EXPECTED)
    readme = (CASES / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}.yaml`" in readme for name in EXPECTED)


def approximately(expected: dict):
    return {name: ({key: approx(value) for key, value in group.items()}
                   if isinstance(group, dict) else group)
            for name, group in expected.items()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_golden_case(name):
    gold, predictions = build_case("attributions", CASES / f"{name}.yaml")
    assert totals(scored(TASK, gold, predictions)) == approximately(EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_golden_case_in_either_order(name):
    gold, predictions = build_case("attributions", CASES / f"{name}.yaml")
    backwards = list(reversed(range(len(predictions[DOC]))))
    assert totals(scored(TASK, gold, {DOC: shuffled(predictions[DOC], backwards, "parent")})) \
        == approximately(EXPECTED[name])


def test_soft_content_of_a_split_quote():
    gold, predictions = build_case("attributions", CASES / "split_quote_as_one.yaml")
    soft = scored(TASK, gold, predictions)["content"]["soft"]
    precision, recall = 6 / 9, 1.0
    assert precision_recall_f1(*soft.ratios()) == approx(
        (precision, recall, 2 * precision * recall / (precision + recall)))


def test_harness_reports_every_metric():
    gold, predictions = build_case("attributions", CASES / "implicit_source.yaml")
    outputs = from_outputs({DOC: {"attributions": predictions[DOC]}}, gold, "test")
    records = harness_score(gold, outputs, ["attributions"], resamples=20)
    metrics = records["attributions"]["metrics"]
    assert set(metrics) == set(TASK.info.report_order)
    assert set(metrics["source"]["by"]) == {"exact", "soft", "coref"}
    assert metrics["full"]["f1"] == approx(2 / 3)


# --- order independence on random input ------------------------------------------------------

sources = st.sampled_from([None] + [{"start": 4 * i, "end": 4 * i + 3} for i in range(0, WORDS, 3)])


@st.composite
def relations(draw, gold: bool):
    items = []
    for index in range(draw(st.integers(0, 5))):
        relation = {"source": draw(sources), "cue": draw(spans),
                    "content": draw(st.lists(spans, min_size=1 if gold else 0, max_size=3,
                                             unique_by=lambda s: (s["start"], s["end"]))),
                    "type": "indirect", "parent": None}
        items.append(dict(relation, id=f"A{index}") if gold else relation)
    return items


def random_gold(gold_relations: list[dict]) -> GoldSet:
    document = Document(DOC, TEXT, "2024-01-19", "test", "en")
    return GoldSet(Path("."), {DOC: document},
                   {"attributions": {DOC: TASK.parse_all(gold_relations, gold=True)},
                    "coreference": {DOC: word_clusters()}}, "test", "")


def reordered(items: list[dict], permutation: list[int], rng) -> list[dict]:
    """Relations in another order, each with its content fragments in another order too."""
    return [dict(item, content=rng.sample(item["content"], len(item["content"])))
            for item in shuffled(items, permutation, "parent")]


@settings(max_examples=150, deadline=None)
@given(relations(gold=True), relations(gold=False), st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_order(gold_relations, predicted, rng):
    before = by_unit(scored(TASK, random_gold(gold_relations), {DOC: predicted}))
    gold_order = rng.sample(range(len(gold_relations)), len(gold_relations))
    predicted_order = rng.sample(range(len(predicted)), len(predicted))
    after = scored(TASK, random_gold(reordered(gold_relations, gold_order, rng)),
                       {DOC: reordered(predicted, predicted_order, rng)})
    assert by_unit(after) == before


@settings(max_examples=150, deadline=None)
@given(relations(gold=True), relations(gold=False))
def test_stricter_scores_never_count_more(gold_relations, predicted):
    metrics = totals(scored(TASK, random_gold(gold_relations), {DOC: predicted}))
    paired = metrics["relations"][0]
    assert paired + metrics["relations"][1] == len(predicted)
    assert paired + metrics["relations"][2] == len(gold_relations)
    for component in ("source", "cue", "content"):
        assert metrics[component]["exact"][0] <= paired
    assert metrics["source"]["exact"][0] <= metrics["source"]["coref"][0]
    assert metrics["full"][0] <= min(metrics["cue"]["exact"][0], metrics["content"]["exact"][0])
