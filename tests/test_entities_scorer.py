"""The entities scorer against its references: seqeval (exact matching, per label, macro) and
nervaluate (the SemEval-2013 task 9.1 schemes), golden cases, and independence of input order."""
from __future__ import annotations

import ast
import itertools
import operator
from pathlib import Path

import pytest
import yaml
from afp_strikes_bench.authoring import resolve
from afp_strikes_bench.authoring.entities import from_snippets
from afp_strikes_bench.documents import Document
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.metrics.bootstrap import resample_weights, summarize
from afp_strikes_bench.metrics.span_matching import align
from afp_strikes_bench.tasks.entities import LABELS, TASK
from conftest import parsed
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator
from seqeval.metrics import f1_score, precision_score, recall_score
from seqeval.scheme import IOB2

CASES = Path(__file__).resolve().parent / "cases" / "entities"
SCHEMES = ("strict", "exact", "partial", "type")
#: nervaluate's name for each scheme
NERVALUATE = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
#: the SemEval-2013 outcomes, in the order counts are compared
OUTCOMES = ("COR", "INC", "PAR", "MIS", "SPU")
#: few labels, so that random predictions often get them right
SOME_LABELS = ("PERSON", "GPE", "ORG", "DATE")


# --- building inputs -------------------------------------------------------------------------

def make_gold(documents: dict[str, tuple[str, list[dict]]]) -> GoldSet:
    """A gold set in memory: doc_id -> (text, mentions as {"start", "end", "label", "value"?})."""
    docs = {doc_id: Document(doc_id, text, "2024-01-19", "test", "en")
            for doc_id, (text, _) in documents.items()}
    items = {doc_id: [{"id": f"E{number}", "text": text[m["start"]:m["end"]], **m}
                      for number, m in enumerate(mentions, start=1)]
             for doc_id, (text, mentions) in documents.items()}
    return GoldSet(Path("<memory>"), docs, {"entities": parsed(TASK, items, gold=True)}, "test", "")


def mention(start: int, end: int, label: str, value=None) -> dict:
    return {"start": start, "end": end, "label": label,
            **({"value": value} if value is not None else {})}


def found(text: str, snippet: str, label: str, value=None) -> dict:
    """The mention of the only occurrence of ``snippet`` in ``text``."""
    start = text.index(snippet)
    return mention(start, start + len(snippet), label, value)


def reported(gold: GoldSet, metrics: dict) -> dict:
    """What the results file says of each metric (per_label as a dict of records)."""
    weights = resample_weights(len(gold.units), 20)

    def record(tally):
        return summarize(tally, gold.units, weights)

    return {name: ({key: record(part) for key, part in value.items()} if isinstance(value, dict)
                   else record(value))
            for name, value in metrics.items()}


def score(gold: GoldSet, predictions: dict[str, list[dict]]) -> dict:
    return reported(gold, TASK.score(gold, parsed(TASK, predictions, gold=False)))


# --- golden cases ----------------------------------------------------------------------------

_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
              ast.Div: operator.truediv}


def derivation(expression):
    """The value of an expected score written as arithmetic, e.g. ``2 * (3/4) / (3/4 + 1)``."""
    def value(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](value(node.left), value(node.right))
        raise ValueError(f"not arithmetic: {expression!r}")

    return value(ast.parse(str(expression), mode="eval").body)


def load_case(path: Path) -> tuple[GoldSet, dict, dict]:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    documents, predictions = {}, {}
    for doc_id, doc in case["documents"].items():
        document = Document(doc_id, doc["text"], "2024-01-19", "test", "en")
        gold_items = from_snippets(doc["gold"], document, resolve)
        predicted_items = from_snippets(doc["predictions"], document, resolve)
        documents[doc_id] = (doc["text"], [{k: v for k, v in item.items()
                                            if k not in ("id", "text")} for item in gold_items])
        predictions[doc_id] = [{k: v for k, v in item.items() if k != "id"}
                               for item in predicted_items]
    return make_gold(documents), predictions, case["expected"]


def assert_record(record: dict, expected: dict, where: str) -> None:
    for field, value in expected.items():
        if isinstance(value, int) and field in ("tp", "fp", "fn", "correct", "total"):
            assert record[field] == value, f"{where}.{field}"
        else:
            assert record[field] == pytest.approx(derivation(value), rel=1e-12, abs=1e-15), \
                f"{where}.{field}: {value}"


@pytest.mark.parametrize("path", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_golden_case(path):
    gold, predictions, expected = load_case(path)
    scores = score(gold, predictions)
    for metric, fields in expected.items():
        if metric == "per_label":
            assert sorted(scores["per_label"]) == sorted(fields)
            for label, label_fields in fields.items():
                assert_record(scores["per_label"][label], label_fields, f"per_label.{label}")
        else:
            assert_record(scores[metric], fields, metric)


def test_every_golden_case_is_listed_in_the_readme():
    readme = (CASES / "README.md").read_text(encoding="utf-8")
    assert all(f"`{path.name}`" in readme for path in CASES.glob("*.yaml"))


def test_report_order_names_every_metric_once():
    gold, predictions, _ = load_case(CASES / "mixed_errors.yaml")
    assert tuple(TASK.score(gold, parsed(TASK, predictions, gold=False))) \
        == TASK.info.report_order
    assert len(set(TASK.info.report_order)) == len(TASK.info.report_order)


# --- seqeval: exact matching, per label, macro -----------------------------------------------

def token_text(n_tokens: int) -> str:
    """Tokens "w" one space apart: token i is the characters [2i, 2i + 1)."""
    return " ".join("w" * n_tokens)


def segments_to_mentions(segments: list[tuple[int, str | None]]) -> list[dict]:
    mentions, position = [], 0
    for length, label in segments:
        if label is not None:
            mentions.append(mention(2 * position, 2 * (position + length) - 1, label))
        position += length
    return mentions


def segments_to_iob2(segments: list[tuple[int, str | None]]) -> list[str]:
    tags = []
    for length, label in segments:
        tags += ["O"] * length if label is None else [f"B-{label}"] + [f"I-{label}"] * (length - 1)
    return tags


label_or_outside = st.sampled_from(SOME_LABELS + (None,))


@st.composite
def tagged_document(draw):
    """Gold and predicted segmentations of one token sequence (non-overlapping, as IOB2 needs).

    The prediction moves some of the gold's boundaries and relabels some segments, so that
    exact matches, boundary errors and label errors all occur.
    """
    gold = draw(st.lists(st.tuples(st.integers(1, 3), label_or_outside), min_size=1, max_size=8))
    n_tokens = sum(length for length, _ in gold)
    gold_starts = set(itertools.accumulate([0] + [length for length, _ in gold[:-1]]))
    moved = draw(st.lists(st.booleans(), min_size=n_tokens, max_size=n_tokens))
    starts = [0] + [i for i in range(1, n_tokens) if (i in gold_starts) != moved[i]]
    label_at = {}
    position = 0
    for length, label in gold:
        label_at.update({i: label for i in range(position, position + length)})
        position += length
    predicted = []
    for start, end in zip(starts, starts[1:] + [n_tokens]):
        relabel = draw(st.booleans())
        predicted.append((end - start, draw(label_or_outside) if relabel else label_at[start]))
    return gold, predicted


def seqeval_scores(y_true, y_pred, **mode) -> dict:
    metrics = (precision_score, recall_score, f1_score)
    return {"micro": [float(m(y_true, y_pred, average="micro", **mode)) for m in metrics],
            "macro": [float(m(y_true, y_pred, average="macro", **mode)) for m in metrics],
            "per_label": [[float(x) for x in m(y_true, y_pred, average=None, **mode)]
                          for m in metrics]}


def ours_as_seqeval(scores: dict) -> dict:
    prf = ("precision", "recall", "f1")
    labels = sorted(scores["per_label"])
    return {"micro": [scores["fine"][k] for k in prf],
            "macro": [scores["macro"][k] for k in prf],
            "per_label": [[scores["per_label"][label][k] for label in labels] for k in prf]}


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.UndefinedMetricWarning")
@settings(max_examples=150, deadline=None)
@given(st.lists(tagged_document(), min_size=1, max_size=3))
def test_agrees_with_seqeval_to_the_last_digit(documents):
    gold = make_gold({f"d{i}": (token_text(sum(n for n, _ in g)), segments_to_mentions(g))
                      for i, (g, _) in enumerate(documents)})
    predictions = {f"d{i}": segments_to_mentions(p) for i, (_, p) in enumerate(documents)}
    assume(any(gold.tasks["entities"].values()) or any(predictions.values()))  # 0/0: see below
    y_true = [segments_to_iob2(g) for g, _ in documents]
    y_pred = [segments_to_iob2(p) for _, p in documents]
    ours = ours_as_seqeval(score(gold, predictions))
    assert ours == seqeval_scores(y_true, y_pred, mode="strict", scheme=IOB2)
    assert ours == seqeval_scores(y_true, y_pred)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.UndefinedMetricWarning")
def test_nothing_to_find_and_nothing_found_is_perfect_where_seqeval_says_zero():
    gold = make_gold({"d": (token_text(3), [])})
    scores = score(gold, {"d": []})
    assert (scores["fine"]["f1"], scores["macro"]["f1"]) == (1.0, 1.0)  # SPEC 4's 0/0 rule
    # the references say 0.0: the one intended difference
    assert f1_score([["O"] * 3], [["O"] * 3]) == 0.0
    assert nervaluate_counts([[]], [[]])["strict"][1] == (0, 0, 0)


# --- nervaluate: the SemEval-2013 task 9.1 schemes -------------------------------------------

def nervaluate_counts(gold_docs: list[list[tuple]], predicted_docs: list[list[tuple]]) -> dict:
    """Per scheme: (COR, INC, PAR, MIS, SPU), P, R, F1 from nervaluate (inclusive ends)."""
    def entities(docs):
        return [[{"label": label, "start": start, "end": end - 1} for start, end, label in doc]
                for doc in docs]

    results = Evaluator(entities(gold_docs), entities(predicted_docs), tags=list(LABELS),
                        loader="dict").evaluate()["overall"]
    out = {}
    for scheme, theirs in NERVALUATE.items():
        r = results[theirs]
        out[scheme] = ((r.correct, r.incorrect, r.partial, r.missed, r.spurious),
                       (r.precision, r.recall, r.f1))
    return out


def our_counts(gold_docs: list[list[tuple]], predicted_docs: list[list[tuple]]) -> dict:
    """The same from span_matching (counts) and the scorer (P, R, F1)."""
    text = "w" * len(SENTENCE)
    gold = make_gold({f"d{i}": (text, [mention(*span) for span in doc])
                      for i, doc in enumerate(gold_docs)})
    predictions = {f"d{i}": [mention(*span) for span in doc]
                   for i, doc in enumerate(predicted_docs)}
    scores = score(gold, predictions)
    out = {}
    for scheme in SCHEMES:
        counts = [0, 0, 0, 0, 0]
        for gold_doc, predicted_doc in zip(gold_docs, predicted_docs):
            found_counts = align(gold_doc, predicted_doc, [scheme])[scheme].counts()
            counts = [c + found_counts[k] for c, k in zip(counts, OUTCOMES)]
        record = scores[scheme]
        out[scheme] = (tuple(counts), (record["precision"], record["recall"], record["f1"]))
    return out


SENTENCE = "Pakistani Prime Minister Anwaar-ul-Haq Kakar cut short his visit to Davos."


def span(snippet: str, label: str) -> tuple[int, int, str]:
    start = SENTENCE.index(snippet)
    return (start, start + len(snippet), label)


KAKAR = span("Anwaar-ul-Haq Kakar", "PERSON")
#: the six scenarios of David Batista's post and the nervaluate README:
#: (gold, predicted, the outcome under strict, exact, partial, type)
SCENARIOS = {
    "I correct": ([KAKAR], [KAKAR], ("COR", "COR", "COR", "COR")),
    "II spurious": ([], [span("Davos", "GPE")], ("SPU", "SPU", "SPU", "SPU")),
    "III missed": ([span("Davos", "GPE")], [], ("MIS", "MIS", "MIS", "MIS")),
    "IV wrong type": ([KAKAR], [span("Anwaar-ul-Haq Kakar", "ORG")], ("INC", "COR", "COR", "INC")),
    "V partial, same type": ([KAKAR], [span("Kakar", "PERSON")], ("INC", "INC", "PAR", "COR")),
    "VI partial, wrong type": ([KAKAR], [span("Minister Anwaar-ul-Haq", "ORG")],
                               ("INC", "INC", "PAR", "INC")),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_semeval_scenario(scenario):
    gold, predicted, outcomes = SCENARIOS[scenario]
    ours = our_counts([gold], [predicted])
    for scheme, outcome in zip(SCHEMES, outcomes):
        position = OUTCOMES.index(outcome)
        assert ours[scheme][0] == tuple(int(i == position) for i in range(5)), scheme
    assert ours == nervaluate_counts([gold], [predicted])


def test_all_scenarios_as_documents_of_one_corpus():
    """Counts and scores add up over documents as nervaluate's do."""
    gold = [g for g, _, _ in SCENARIOS.values()]
    predicted = [p for _, p, _ in SCENARIOS.values()]
    assert our_counts(gold, predicted) == nervaluate_counts(gold, predicted)


def nervaluate_in_every_order(gold: list[tuple], predicted: list[tuple]) -> list[dict]:
    return [nervaluate_counts([list(g)], [list(p)])
            for g in itertools.permutations(gold) for p in itertools.permutations(predicted)]


def test_several_overlaps_where_the_greedy_pairing_is_unambiguous():
    gold = [span("Pakistani", "GPE"), KAKAR, span("visit", "DATE"), span("Davos", "GPE")]
    predicted = [span("Pakistani Prime", "GPE"),           # overlaps Pakistani, right type
                 span("Minister Anwaar-ul-Haq", "ORG"),    # overlaps Kakar, wrong type
                 span("his visit to Davos", "GPE"),        # overlaps visit and Davos
                 span("short", "DATE")]                    # overlaps nothing
    orders = nervaluate_in_every_order(gold, predicted)
    assert all(result == orders[0] for result in orders)  # greedy gives one answer in any order
    assert our_counts([gold], [predicted]) == orders[0]


def test_greedy_pairing_depends_on_order_where_optimal_pairing_does_not():
    """nervaluate issue #40, on the golden case overlap_chain.yaml."""
    gold = [span("Pakistani", "NORP"), KAKAR]
    predicted = [span("Pakistani Prime Minister Anwaar-ul-Haq", "PERSON"),
                 span("Pakistani Prime", "NORP")]
    as_given = nervaluate_counts([gold], [predicted])["partial"]
    reversed_ = nervaluate_counts([gold], [predicted[::-1]])["partial"]
    assert as_given[0] == (0, 0, 1, 1, 1) and reversed_[0] == (0, 0, 2, 0, 0)
    assert our_counts([gold], [predicted])["partial"] == reversed_
    assert our_counts([gold], [predicted[::-1]])["partial"] == reversed_


@st.composite
def overlapping_document(draw, labels=SOME_LABELS[:2], max_mentions=4):
    """Non-overlapping gold spans and arbitrary predicted spans (overlapping, repeated) in 40
    characters: the inputs of the partial-match schemes."""
    gold, position = [], 0
    for _ in range(draw(st.integers(0, max_mentions))):
        start = position + draw(st.integers(0, 3))
        end = start + draw(st.integers(1, 4))
        if end > 40:
            break
        gold.append((start, end, draw(st.sampled_from(labels))))
        position = end
    predicted = []
    for _ in range(draw(st.integers(0, max_mentions))):
        start = draw(st.integers(0, 36))
        predicted.append((start, start + draw(st.integers(1, 4)), draw(st.sampled_from(labels))))
    return gold, predicted


def credit(counts: tuple) -> float:
    correct, _, partial, _, _ = counts
    return correct + 0.5 * partial


@settings(max_examples=150, deadline=None)
@given(overlapping_document(max_mentions=3))
def test_optimal_pairing_agrees_with_nervaluate_when_its_order_does_not_matter(document):
    """Equal to nervaluate where its answer is the same for every input order; never below it
    for any order otherwise."""
    gold, predicted = document
    assume(gold or predicted)  # 0/0: see test_nothing_to_find_and_nothing_found_is_perfect...
    ours = our_counts([gold], [predicted])
    orders = nervaluate_in_every_order(gold, predicted)
    for scheme in SCHEMES:
        answers = [result[scheme] for result in orders]
        if all(answer == answers[0] for answer in answers):
            assert ours[scheme] == answers[0], scheme
        assert all(credit(ours[scheme][0]) >= credit(answer[0]) for answer in answers), scheme


# --- independence of input order, and consequences of optimal pairing ------------------------

@st.composite
def corpus(draw):
    documents = draw(st.lists(overlapping_document(labels=SOME_LABELS, max_mentions=6),
                              min_size=1, max_size=3))
    # two paragraphs, so that which gold mention a prediction is paired with moves counts
    # between resampling units (and so the intervals)
    text = "w" * 18 + "\n\n" + "w" * 20
    gold = {f"d{i}": (text, [mention(*s, value=draw(st.sampled_from([None, 1, "2024-01-18"])))
                             for s in g]) for i, (g, _) in enumerate(documents)}
    predictions = {f"d{i}": [mention(*s, value=draw(st.sampled_from([None, 1, 1.0, "2024-01-18"])))
                             for s in p] for i, (_, p) in enumerate(documents)}
    return gold, predictions


@settings(max_examples=100, deadline=None)
@given(corpus(), st.data())
def test_shuffling_gold_and_predictions_changes_no_number(documents, data):
    gold_documents, predictions = documents
    expected = score(make_gold(gold_documents), predictions)
    shuffled_gold = {doc_id: (text, data.draw(st.permutations(mentions)))
                     for doc_id, (text, mentions) in gold_documents.items()}
    shuffled_predictions = {doc_id: data.draw(st.permutations(items))
                            for doc_id, items in reversed(predictions.items())}
    assert score(make_gold(shuffled_gold), shuffled_predictions) == expected


@settings(max_examples=200, deadline=None)
@given(overlapping_document(max_mentions=6), st.data())
def test_pairs_do_not_depend_on_input_order(document, data):
    """Not only the counts: the same spans are paired, missed and spurious in any order."""
    gold, predicted = document
    shuffled_gold = data.draw(st.permutations(gold))
    shuffled_predicted = data.draw(st.permutations(predicted))

    def outcome(gold, predicted, scheme):
        alignment = align(gold, predicted, [scheme])[scheme]
        return (sorted((gold[g], predicted[p], verdict) for g, p, verdict in alignment.pairs),
                sorted(gold[g] for g in alignment.missed),
                sorted(predicted[p] for p in alignment.spurious))

    for scheme in SCHEMES:
        assert (outcome(shuffled_gold, shuffled_predicted, scheme)
                == outcome(gold, predicted, scheme))


@settings(max_examples=100, deadline=None)
@given(corpus())
def test_strict_is_fine_and_exact_is_untyped(documents):
    """Optimal pairing credits every exact match, so the SemEval counts equal the views'."""
    gold_documents, predictions = documents
    metrics = TASK.score(make_gold(gold_documents), parsed(TASK, predictions, gold=False))
    assert metrics["strict"].totals() == metrics["fine"].totals()
    assert metrics["exact"].totals() == metrics["untyped"].totals()


# --- units and values ------------------------------------------------------------------------

def test_contributions_belong_to_the_gold_mentions_paragraph():
    text = "Iran struck.\n\nPakistan replied on Thursday."
    gold = make_gold({"d": (text, [found(text, "Iran", "GPE"), found(text, "Pakistan", "GPE"),
                                   found(text, "Thursday", "DATE")])})
    predictions = {"d": [found(text, "Iran", "GPE"), found(text, "replied", "EVENT"),
                         found(text, "on Thursday", "DATE")]}
    metrics = TASK.score(gold, parsed(TASK, predictions, gold=False))
    by_unit = {unit: list(row) for unit, row in metrics["fine"].by_unit.items()}
    # Iran found in paragraph 0; Pakistan and Thursday missed, "replied" and "on Thursday"
    # spurious in paragraph 1
    assert by_unit == {("d", 0): [1, 0, 0], ("d", 1): [0, 2, 2]}
    partial = {unit: list(row) for unit, row in metrics["partial"].by_unit.items()}
    # Thursday's partial match (0.5 of 1 on each side) is with the gold mention, in paragraph 1
    assert partial == {("d", 0): [1, 1, 1, 1], ("d", 1): [0.5, 2, 0.5, 2]}


@pytest.mark.parametrize("gold_value, predicted_value, correct", [
    (9, 9, True), (9, 9.0, True), (2.5, 2.5, True), (9, "9", False), (9, None, False),
    ("2024-01-18", "2024-01-18", True), ("2024-W03", "2024-w03", False), ("PAST_REF", None, False),
])
def test_value_accuracy_compares_numbers_as_numbers_and_timex_exactly(gold_value, predicted_value,
                                                                       correct):
    text = "nine"
    gold = make_gold({"d": (text, [mention(0, 4, "CARDINAL", gold_value)])})
    scores = score(gold, {"d": [mention(0, 4, "CARDINAL", predicted_value)]})
    record = scores["value_accuracy"]
    assert (record["correct"], record["total"]) == (int(correct), 1)


def test_value_accuracy_skips_gold_without_value_and_unmatched_mentions():
    text = "Iran said nine people died on Thursday."
    gold = make_gold({"d": (text, [found(text, "Iran", "GPE"), found(text, "nine", "CARDINAL", 9),
                                   found(text, "Thursday", "DATE", "2024-01-18")])})
    predictions = {"d": [found(text, "Iran", "GPE", 1), found(text, "nine", "QUANTITY", 9),
                         found(text, "Thursday", "DATE", "2024-01-18")]}
    assert score(gold, predictions)["value_accuracy"]["total"] == 1
