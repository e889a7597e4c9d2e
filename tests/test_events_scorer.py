"""The events scorer (SPEC 3.3, 4): golden cases with hand-derived counts, a differential test
against TextEE's definitions, and order independence."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import yaml
from afp_strikes_bench.authoring import resolve
from afp_strikes_bench.authoring.coreference import from_snippets as coreference_from_snippets
from afp_strikes_bench.authoring.events import from_snippets as events_from_snippets
from afp_strikes_bench.documents import Document
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.metrics.bootstrap import resample_weights, summarize
from afp_strikes_bench.metrics.counts import AccuracyTally, Average, precision_recall_f1
from afp_strikes_bench.tasks import get_task
from afp_strikes_bench.tasks.events import REALIS, ROLES
from afp_strikes_bench.tasks.events import TASK as EVENTS
from conftest import parsed
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest import approx

CASES = Path(__file__).resolve().parent / "cases" / "events"
SET_METRICS = ("trigger_identification", "trigger_classification", "argument_identification",
               "argument_classification", "argument_classification_with_trigger",
               "argument_classification_coref")


def make_gold(documents: dict[str, Document], events: dict[str, list],
              coreference: dict[str, list]) -> GoldSet:
    """A gold set in memory from JSON items (doc_id -> items of each task)."""
    return GoldSet(CASES, documents,
                   {"events": parsed(EVENTS, events, gold=True),
                    "coreference": parsed(get_task("coreference"), coreference, gold=True)},
                   "test", "0" * 64)


def score(gold: GoldSet, predictions: dict[str, list]) -> dict:
    """The events metrics of predictions given as JSON items (doc_id -> events)."""
    return EVENTS.score(gold, parsed(EVENTS, predictions, gold=False))


def predicted_event(entry: dict, document: Document) -> dict:
    """A prediction written like an annotation entry (realis, cluster, arguments optional)."""
    span = resolve(document, entry["trigger"])
    event = {"trigger": {"start": span["start"], "end": span["end"]}, "type": entry["type"]}
    event.update({k: entry[k] for k in ("realis", "cluster") if k in entry})
    if "arguments" in entry:
        event["arguments"] = []
        for raw in entry["arguments"]:
            snippet, role = raw.split(" | ")
            found = resolve(document, snippet)
            event["arguments"].append({"role": role, "start": found["start"], "end": found["end"]})
    return event


def load_case(name: str) -> tuple[GoldSet, dict[str, list]]:
    case = yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))
    document = Document("d", case["text"], "2024-01-19", "test", "en")
    gold = make_gold({"d": document},
                     {"d": events_from_snippets(case["gold"], document, resolve)},
                     {"d": coreference_from_snippets(case.get("coreference", []), document,
                                                     resolve)})
    return gold, {"d": [predicted_event(entry, document) for entry in case["predicted"]]}


# Per case: (tp, fp, fn) of each set metric, (correct, total) of realis, and (precision
# numerator, precision denominator, recall numerator, recall denominator) of each event
# coreference metric. Mentions are written a, b, c, d in text order.
EXPECTED = {
    "mistyped_trigger": {
        "trigger_identification": (1, 0, 0),
        # the typed trigger is wrong: an fp for Life.Die, an fn for Conflict.Attack
        "trigger_classification": (0, 1, 1),
        # all three arguments are keyed by the predicted type, Life.Die, which the gold lacks
        "argument_identification": (0, 3, 3),
        "argument_classification": (0, 3, 3),
        "argument_classification_with_trigger": (0, 3, 3),
        "argument_classification_coref": (0, 3, 3),
        "per_type": {"Conflict.Attack": (0, 0, 1), "Life.Die": (0, 1, 0)},
        "realis_accuracy": (0, 0),  # no trigger matched with its type
        # key {a/Attack}, response {a/Die}: one twinless singleton on each side
        "event_coreference_parts": {"muc": (0, 0, 0, 0), "b3": (0, 1, 0, 1),
                                    "ceafe": (0, 1, 0, 1)},
    },
    "duplicate_prediction": {
        "trigger_identification": (1, 1, 0),
        "trigger_classification": (1, 1, 0),
        "argument_identification": (2, 2, 0),
        "argument_classification": (2, 2, 0),
        "argument_classification_with_trigger": (2, 2, 0),
        "argument_classification_coref": (2, 2, 0),
        "per_type": {"Conflict.Attack": (1, 1, 0)},
        "realis_accuracy": (1, 1),  # min(1 gold, 2 predicted) matched, both actual
        # key {a}; response {a, a'} (a' the twinless copy): MUC precision (2 - 2 parts) / (2 - 1);
        # B-cubed precision (1/2 + 0/2) / 2; phi4 = 2 * 1 / (1 + 2)
        "event_coreference_parts": {"muc": (0, 1, 0, 0), "b3": (1 / 2, 2, 1, 1),
                                    "ceafe": (2 / 3, 1, 2 / 3, 1)},
    },
    "coreferent_argument": {
        "trigger_identification": (1, 0, 0),
        "trigger_classification": (1, 0, 0),
        # "Ruritania" is not the gold span "it"; "the camp" matches
        "argument_identification": (1, 1, 1),
        "argument_classification": (1, 1, 1),
        "argument_classification_with_trigger": (1, 1, 1),
        # "Ruritania" and "it" are one cluster
        "argument_classification_coref": (2, 0, 0),
        "per_type": {"Conflict.Attack": (1, 0, 0)},
        "realis_accuracy": (1, 1),
        "event_coreference_parts": {"muc": (0, 0, 0, 0), "b3": (1, 1, 1, 1),
                                    "ceafe": (1, 1, 1, 1)},
    },
    "two_mentions_of_one_argument": {
        "trigger_identification": (1, 0, 0),
        "trigger_classification": (1, 0, 0),
        "argument_identification": (2, 1, 0),
        "argument_classification": (2, 1, 0),
        "argument_classification_with_trigger": (2, 1, 0),
        # two predictions of the Attacker's cluster against one gold Attacker: one tp, one fp
        # (the WikiEvents scorer would count both)
        "argument_classification_coref": (2, 1, 0),
        "per_type": {"Conflict.Attack": (1, 0, 0)},
        "realis_accuracy": (1, 1),
        "event_coreference_parts": {"muc": (0, 0, 0, 0), "b3": (1, 1, 1, 1),
                                    "ceafe": (1, 1, 1, 1)},
    },
    "trigger_without_arguments": {
        "trigger_identification": (2, 0, 0),
        "trigger_classification": (2, 0, 0),
        "argument_identification": (0, 0, 1),
        "argument_classification": (0, 0, 1),
        "argument_classification_with_trigger": (0, 0, 1),
        "argument_classification_coref": (0, 0, 1),
        "per_type": {"Conflict.Attack": (1, 0, 0), "Life.Die": (1, 0, 0)},
        "realis_accuracy": (2, 2),
        # two singletons on each side (predictions without cluster are singletons)
        "event_coreference_parts": {"muc": (0, 0, 0, 0), "b3": (2, 2, 2, 2),
                                    "ceafe": (2, 2, 2, 2)},
    },
    "no_arguments_anywhere": {
        "trigger_identification": (1, 0, 0),
        "trigger_classification": (1, 0, 0),
        "argument_identification": (0, 0, 0),
        "argument_classification": (0, 0, 0),
        "argument_classification_with_trigger": (0, 0, 0),
        "argument_classification_coref": (0, 0, 0),
        "per_type": {"Conflict.Attack": (1, 0, 0)},
        "realis_accuracy": (1, 1),
        "event_coreference_parts": {"muc": (0, 0, 0, 0), "b3": (1, 1, 1, 1),
                                    "ceafe": (1, 1, 1, 1)},
    },
    "type_the_gold_lacks": {
        "trigger_identification": (1, 1, 0),
        "trigger_classification": (1, 1, 0),
        "argument_identification": (1, 1, 0),
        "argument_classification": (1, 1, 0),
        "argument_classification_with_trigger": (1, 1, 0),
        "argument_classification_coref": (1, 1, 0),
        "per_type": {"Conflict.Attack": (1, 0, 0), "Military.Mobilize": (0, 1, 0)},
        "realis_accuracy": (1, 1),
        # key {a}; response {a}, {d} with d twinless: B-cubed and CEAF-e precision 1 / 2
        "event_coreference_parts": {"muc": (0, 0, 0, 0), "b3": (1, 2, 1, 1),
                                    "ceafe": (1, 2, 1, 1)},
    },
    "realis": {
        "trigger_identification": (3, 0, 0),
        "trigger_classification": (3, 0, 0),
        "argument_identification": (0, 0, 0),
        "argument_classification": (0, 0, 0),
        "argument_classification_with_trigger": (0, 0, 0),
        "argument_classification_coref": (0, 0, 0),
        "per_type": {"Conflict.Attack": (2, 0, 0), "Conflict.Threaten": (1, 0, 0)},
        # "attacked" right; "attack" actual for other; "vowed" without realis
        "realis_accuracy": (1, 3),
        "event_coreference_parts": {"muc": (0, 0, 0, 0), "b3": (3, 3, 3, 3),
                                    "ceafe": (3, 3, 3, 3)},
    },
    "hoppers": {
        "trigger_identification": (4, 0, 0),
        "trigger_classification": (4, 0, 0),
        "argument_identification": (0, 0, 0),
        "argument_classification": (0, 0, 0),
        "argument_classification_with_trigger": (0, 0, 0),
        "argument_classification_coref": (0, 0, 0),
        "per_type": {"Conflict.Attack": (4, 0, 0)},
        "realis_accuracy": (4, 4),
        # key K1 = {a, b, c}, K2 = {d}; response R1 = {a, b}, R2 = {c, d}.
        # MUC: precision (2 - 1) + (2 - 2) over (2 - 1) + (2 - 1); recall (3 - 2) + 0 over 2 + 0.
        # B-cubed precision: a 2/2, b 2/2, c 1/2, d 1/2; recall: a 2/3, b 2/3, c 1/3, d 1/1.
        # CEAF-e: K1-R1 phi4 2*2/(3+2), K2-R2 2*1/(1+2), over 2 clusters each side.
        "event_coreference_parts": {
            "muc": (1, 2, 1, 2),
            "b3": (2 / 2 + 2 / 2 + 1 / 2 + 1 / 2, 4, 2 / 3 + 2 / 3 + 1 / 3 + 1, 4),
            "ceafe": (4 / 5 + 2 / 3, 2, 4 / 5 + 2 / 3, 2)},
    },
}


def counts(tally) -> tuple[int, ...]:
    """(tp, fp, fn) of a MatchTally, (correct, total) of an AccuracyTally."""
    values = tally.total() if isinstance(tally, AccuracyTally) else tally.totals()
    return tuple(int(x) for x in values)


def test_every_case_file_has_expected_values_and_a_readme_line():
    files = sorted(path.stem for path in CASES.glob("*.yaml"))
    readme = (CASES / "README.md").read_text(encoding="utf-8")
    assert files == sorted(EXPECTED)
    assert all(f"`{name}.yaml`" in readme for name in files)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_golden_case(name):
    gold, predictions = load_case(name)
    metrics = score(gold, predictions)
    expected = EXPECTED[name]
    for metric in SET_METRICS + ("realis_accuracy",):
        assert counts(metrics[metric]) == expected[metric], metric
    assert {t: counts(tally) for t, tally in metrics["per_type"].items()} == expected["per_type"]
    parts = metrics["event_coreference_parts"]
    assert {n: tuple(t.ratios()) for n, t in parts.items()} == {
        n: approx(v) for n, v in expected["event_coreference_parts"].items()}
    assert isinstance(metrics["event_coreference"], Average)
    assert metrics["event_coreference"].parts == parts
    assert set(metrics) == set(EVENTS.info.report_order)


def test_no_arguments_anywhere_scores_one_by_the_zero_over_zero_rule():
    gold, predictions = load_case("no_arguments_anywhere")
    tally = score(gold, predictions)["argument_classification"]
    assert precision_recall_f1(*tally.ratios()) == (1.0, 1.0, 1.0)


def test_event_coreference_is_the_mean_of_the_three_f1():
    gold, predictions = load_case("hoppers")
    average = score(gold, predictions)["event_coreference"]
    record = summarize(average, gold.units, resample_weights(len(gold.units), 20))
    # F1 of MUC 1/2 and 1/2; B-cubed P 3/4, R 2/3; CEAF-e P = R = 11/15
    b3 = 2 * (3 / 4) * (2 / 3) / (3 / 4 + 2 / 3)
    assert record["f1"] == approx((1 / 2 + b3 + 11 / 15) / 3)
    assert record["of"] == ["muc", "b3", "ceafe"]


# Random inputs: two documents, two paragraphs each, with fixed gold coreference clusters.
TEXTS = {
    "d1": "Alpha hit Beta at dawn. Beta said it hit back.\n\nGamma met Delta. They talked.",
    "d2": "Delta urged Alpha to stop.\n\nAlpha said it would not stop the drills.",
}
DOCUMENTS = {doc_id: Document(doc_id, text, "2024-01-19", "test", "en")
             for doc_id, text in TEXTS.items()}
WORDS = {doc_id: [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
         for doc_id, text in TEXTS.items()}


def coreference_of(doc_id: str) -> list[dict]:
    """Every capitalised name is a cluster of its occurrences; "it" joins the one before it."""
    text, clusters = TEXTS[doc_id], {}
    previous = None
    for start, end in WORDS[doc_id]:
        word = text[start:end]
        if word[0].isupper() and word not in ("They",):
            previous = word
            clusters.setdefault(word, []).append({"start": start, "end": end, "text": word,
                                                  "kind": "NAM"})
        elif word == "it" and previous:
            clusters[previous].append({"start": start, "end": end, "text": word, "kind": "PRO"})
    return [{"id": name, "name": name, "type": "GPE", "mentions": mentions}
            for name, mentions in clusters.items()]


def events_strategy(doc_id: str, *, gold: bool):
    words = st.sampled_from(WORDS[doc_id])

    def event(trigger, event_type, realis, cluster, arguments):
        item = {"trigger": {"start": trigger[0], "end": trigger[1]}, "type": event_type,
                "arguments": [{"role": ROLES[event_type][role % len(ROLES[event_type])],
                               "start": start, "end": end} for (start, end), role in arguments]}
        if realis is not None:
            item["realis"] = realis
        if cluster is not None:
            item["cluster"] = cluster
        return item

    return st.lists(st.builds(
        event, words, st.sampled_from(["Conflict.Attack", "Life.Die", "Contact.Meet"]),
        st.sampled_from(REALIS) if gold else st.sampled_from(REALIS + (None,)),
        st.sampled_from(["h1", "h2", "h3"]) if gold else st.sampled_from(["h1", "h2", None]),
        st.lists(st.tuples(words, st.integers(0, 4)), max_size=3)), max_size=5)


random_case = st.tuples(
    st.fixed_dictionaries({d: events_strategy(d, gold=True) for d in TEXTS}),
    st.fixed_dictionaries({d: events_strategy(d, gold=False) for d in TEXTS}))


def random_gold(events: dict[str, list]) -> GoldSet:
    return make_gold(DOCUMENTS, events, {d: coreference_of(d) for d in TEXTS})


def by_unit(metrics: dict) -> dict:
    """Every metric's contributions per unit, comparable across runs."""
    def rows(tally):
        if isinstance(tally, Average):
            return {name: rows(part) for name, part in tally.parts.items()}
        return {unit: tuple(np.round(row, 12)) for unit, row in sorted(tally.by_unit.items())}

    return {name: ({key: rows(t) for key, t in value.items()} if isinstance(value, dict)
                   else rows(value)) for name, value in metrics.items()}


@settings(max_examples=60, deadline=None)
@given(random_case, st.randoms(use_true_random=False))
def test_scores_never_depend_on_input_order(case, rng):
    gold_events, predicted = case
    expected = by_unit(score(random_gold(gold_events), predicted))

    def shuffled(by_doc):
        out = {}
        for doc_id in rng.sample(list(by_doc), len(by_doc)):
            events = [dict(e, arguments=rng.sample(e["arguments"], len(e["arguments"])))
                      for e in by_doc[doc_id]]
            out[doc_id] = rng.sample(events, len(events))
        return out

    assert by_unit(score(random_gold(shuffled(gold_events)), shuffled(predicted))) \
        == expected


def textee_counts(gold_events, predicted, project) -> tuple[int, int, int]:
    """TextEE's end-to-end definitions (TextEE/scorer.py, ``compute_E2E_*``) counted over
    multisets: with no key repeated this is exactly its ``len(gold & pred)`` arithmetic."""
    def keys(by_doc):
        return Counter(key for doc_id, events in by_doc.items() for event in events
                       for key in project(doc_id, event))

    gold_keys, predicted_keys = keys(gold_events), keys(predicted)
    if max(gold_keys.values(), default=1) == 1 and max(predicted_keys.values(), default=1) == 1:
        matched = len(set(gold_keys) & set(predicted_keys))
        return matched, len(predicted_keys) - matched, len(gold_keys) - matched
    tp = sum((gold_keys & predicted_keys).values())
    return tp, sum(predicted_keys.values()) - tp, sum(gold_keys.values()) - tp


TEXTEE_KEYS = {
    "trigger_identification": lambda d, e: [(d, e["trigger"]["start"], e["trigger"]["end"])],
    "trigger_classification": lambda d, e: [(d, e["trigger"]["start"], e["trigger"]["end"],
                                             e["type"])],
    "argument_identification": lambda d, e: [(d, e["type"], a["start"], a["end"])
                                             for a in e["arguments"]],
    "argument_classification": lambda d, e: [(d, e["type"], a["start"], a["end"], a["role"])
                                             for a in e["arguments"]],
    "argument_classification_with_trigger": lambda d, e: [
        (d, e["trigger"]["start"], e["trigger"]["end"], e["type"], a["start"], a["end"],
         a["role"]) for a in e["arguments"]],
}


def textee_sets(gold_events, predicted, project) -> tuple[int, int, int]:
    """TextEE's ``compute_E2E_*`` as it is: ``set`` of keys on each side, ``len(gold & pred)``
    matched; as (tp, fp, fn)."""
    def keys(by_doc):
        return {key for doc_id, events in by_doc.items() for event in events
                for key in project(doc_id, event)}

    gold_keys, predicted_keys = keys(gold_events), keys(predicted)
    matched = len(gold_keys & predicted_keys)
    return matched, len(predicted_keys) - matched, len(gold_keys) - matched


TEXTEE_NAMES = {"textee_trigger_id": "trigger_identification",
                "textee_trigger_cls": "trigger_classification",
                "textee_argument_id": "argument_identification",
                "textee_argument_cls": "argument_classification"}


@settings(max_examples=80, deadline=None)
@given(random_case)
def test_textee_metrics_reproduce_textee_sets_on_random_events(case):
    gold_events, predicted = case
    metrics = score(random_gold(gold_events), predicted)
    for name, keys in TEXTEE_NAMES.items():
        assert metrics[name].totals() == textee_sets(gold_events, predicted, TEXTEE_KEYS[keys])


def test_textee_metrics_count_a_repeated_key_once():
    """Hand-made: the gold has one span as the Victim of two Life.Die events and an Attacker
    twice; the prediction repeats one argument. TextEE counts distinct keys."""
    text = "Rebels killed two men and killed them again, Rebels said."
    document = Document("d", text, "2024-01-19", "test", "en")

    def span(word, occurrence=0):
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(word, start + 1)
        return {"start": start, "end": start + len(word), "text": word}

    def event(trigger, occurrence, arguments, event_id=None):
        item = {"trigger": span(trigger, occurrence), "type": "Life.Die",
                "arguments": [{"role": role, **span(word)} for role, word in arguments]}
        return {**item, "id": event_id} if event_id else item

    gold_events = [event("killed", 0, [("Agent", "Rebels"), ("Victim", "two men")], "V1"),
                   event("killed", 1, [("Agent", "Rebels"), ("Victim", "two men")], "V2")]
    predicted = [{k: v for k, v in e.items() if k != "id"} for e in gold_events[:1]]
    predicted[0]["arguments"] = predicted[0]["arguments"] * 2  # the same argument twice
    gold = make_gold({"d": document}, {"d": gold_events}, {"d": []})
    metrics = score(gold, {"d": predicted})
    # distinct keys: gold {Agent Rebels, Victim two men}, predicted the same: all found
    assert metrics["textee_argument_cls"].totals() == (2.0, 0.0, 0.0)
    # multisets: 4 gold keys, 4 predicted, all pair up
    assert metrics["argument_classification"].totals() == (4.0, 0.0, 0.0)
    # one trigger of two: TextEE and the multiset view agree where nothing repeats
    assert metrics["textee_trigger_cls"].totals() == metrics["trigger_classification"].totals() \
        == (1.0, 0.0, 1.0)


@settings(max_examples=60, deadline=None)
@given(random_case)
def test_set_metrics_agree_with_textee_definitions(case):
    gold_events, predicted = case
    metrics = score(random_gold(gold_events), predicted)
    for name, project in TEXTEE_KEYS.items():
        assert metrics[name].totals() == textee_counts(gold_events, predicted, project), name


@settings(max_examples=60, deadline=None)
@given(random_case)
def test_stricter_keys_never_match_more(case):
    gold_events, predicted = case
    metrics = score(random_gold(gold_events), predicted)
    tp = {name: metrics[name].totals()[0] for name in SET_METRICS}
    assert tp["trigger_classification"] <= tp["trigger_identification"]
    assert tp["argument_classification_with_trigger"] <= tp["argument_classification"] \
        <= tp["argument_identification"]
    assert tp["argument_classification"] <= tp["argument_classification_coref"]
    per_type = sum((t.total() for t in metrics["per_type"].values()), np.zeros(3))
    assert tuple(per_type) == metrics["trigger_classification"].totals()
    correct, total = metrics["realis_accuracy"].total()
    assert correct <= total <= tp["trigger_classification"]


@settings(max_examples=30, deadline=None)
@given(st.fixed_dictionaries({d: events_strategy(d, gold=True) for d in TEXTS}))
def test_the_gold_scores_perfectly_against_itself(gold_events):
    metrics = score(random_gold(gold_events), gold_events)
    for name in SET_METRICS:
        assert metrics[name].totals()[1:] == (0, 0), name
    correct, total = metrics["realis_accuracy"].total()
    assert correct == total
    for part in metrics["event_coreference_parts"].values():
        assert precision_recall_f1(*part.ratios()) == approx((1.0, 1.0, 1.0))
