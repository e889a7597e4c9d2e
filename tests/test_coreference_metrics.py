"""MUC, B-cubed, CEAF-e and LEA against published cases, and their properties.

Expected values are written the way their sources derive them, as (recall, precision), the order
the reference scorer uses. MUC, B-cubed and CEAF-e come from the CoNLL-2012 reference scorer
v8.01 (test/CorefMetricTestConfig.pm; CEAF-e as test/TestCases.README derives it). LEA comes
from coval's unittests.py. The paper example follows Pradhan et al. (2014) and Moosavi and
Strube (2016). The cases are described in cases/coreference/README.md.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from afp_strikes_bench.metrics.coreference import b_cubed, ceaf_e, lea, muc
from afp_strikes_bench.metrics.counts import RatioTally, precision_recall_f1
from hypothesis import given, settings
from hypothesis import strategies as st

CASES = Path(__file__).parent / "cases" / "coreference"
METRICS = {"muc": muc, "bcub": b_cubed, "ceafe": ceaf_e, "lea": lea}


def load(name):
    """Key and response of a case, each mention a ``(case, character)`` tuple."""
    data = json.loads((CASES / f"{name}.json").read_text())
    return tuple([[(name, character) for character in cluster] for cluster in data[side]]
                 for side in ("key", "response"))


def document_of(mention):
    return mention[0]


def tally_of(metric, name, unit_of=document_of):
    key, response = load(name)
    return METRICS[metric](key, response, unit_of)


def recall_precision_f1(metric, name):
    precision, recall, f1 = precision_recall_f1(*tally_of(metric, name).ratios())
    return recall, precision, f1


def expected(recall, precision):
    f1 = 0 if recall + precision == 0 else 2 * recall * precision / (recall + precision)
    return pytest.approx((recall, precision, f1), rel=1e-12, abs=1e-12)


# TC-A-7, 8 and 9 repeat b; once de-duplicated, each response is TC-A-4's.
A4_CEAFE = ((1 + 4 / 5 + 2 / 5) / 3, (1 + 4 / 5 + 2 / 5) / 4)
A7_BCUB = ((10 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 7)
A7_LEA = ((1 + 2 + 3 * 0) / 6, (1 + 3 / 3 + 2 * 0 + 1 * 0) / 7)

REFERENCE = {
    "TC-A-1": {"muc": (1, 1), "bcub": (6 / 6, 6 / 6), "ceafe": (1, 1)},
    "TC-A-2": {"muc": (1 / 3, 1 / 1), "bcub": ((7 / 3) / 6, 3 / 3),
               "ceafe": ((1 + 4 / 5) / 3, (1 + 4 / 5) / 2)},
    "TC-A-3": {"muc": (3 / 3, 3 / 5), "bcub": (6 / 6, (4 + 7 / 12) / 9),
               "ceafe": ((1 + 4 / 5 + 6 / 7) / 3, (1 + 4 / 5 + 6 / 7) / 4)},
    "TC-A-4": {"muc": (1 / 3, 1 / 3), "bcub": ((3 + 1 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 7),
               "ceafe": A4_CEAFE},
    "TC-A-5": {"muc": (1 / 3, 1 / 4), "bcub": ((3 + 1 / 3) / 6, 2.5 / 8),
               "ceafe": ((1 + 4 / 6 + 2 / 5) / 3, (1 + 4 / 6 + 2 / 5) / 4)},
    "TC-A-6": {"muc": (1 / 3, 1 / 4), "bcub": ((10 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 8),
               "ceafe": A4_CEAFE},
    "TC-A-7": {"muc": (1 / 3, 1 / 3), "bcub": A7_BCUB, "ceafe": A4_CEAFE},
    "TC-A-8": {"muc": (1 / 3, 1 / 3), "bcub": A7_BCUB, "ceafe": A4_CEAFE},
    "TC-A-9": {"muc": (1 / 3, 1 / 3), "bcub": A7_BCUB, "ceafe": A4_CEAFE},
    "TC-A-10": {"muc": (0, 0), "bcub": (3 / 6, 6 / 6)},
    "TC-A-11": {"muc": (3 / 3, 3 / 5), "bcub": (6 / 6, (1 / 6 + 2 * 2 / 6 + 3 * 3 / 6) / 6)},
    "TC-A-12": {"muc": (0, 0), "bcub": ((1 + 1 / 2 + 2 / 3) / 6, 4 / 7)},
    "TC-A-13": {"muc": (1 / 3, 1 / 6),
                "bcub": ((1 + 1 / 2 + 2 * 2 / 3) / 6, (1 / 7 + 1 / 7 + 2 * 2 / 7) / 7)},
    "TC-D-1": {"muc": (9 / 9, 9 / 10), "bcub": (12 / 12, 16 / 21)},
    "TC-E-1": {"muc": (9 / 9, 9 / 10), "bcub": (1, 7 / 12)},
    "TC-F-1": {"muc": (2 / 3, 2 / 2)},
    "TC-G-1": {"muc": (2 / 2, 2 / 3)},
    "TC-H-1": {"muc": (1, 1)},
    "TC-I-1": {"muc": (2 / 3, 2 / 2)},
    "TC-J-1": {"muc": (1 / 2, 1 / 1)},
    "TC-K-1": {"muc": (3 / 6, 3 / 6)},
    "TC-L-1": {"muc": (2 / 5, 2 / 4)},
    "TC-M-1": {"muc": (1, 1), "bcub": (1, 1), "ceafe": (1, 1)},
    "TC-M-2": {"muc": (0, 0)},
    "TC-M-5": {"muc": (0, 0)},
    "TC-N-1": {"bcub": (1, 1), "ceafe": (1, 1)},  # TestCases.README
    "TC-N-2": {"muc": (0, 0)},
}

LEA = {
    "TC-A-1": (1, 1),
    "TC-A-2": ((1 + 3 * (1 / 3)) / 6, 1),
    "TC-A-3": (1, (1 + 3 * (1 / 3) + 4 * (3 / 6)) / 9),
    "TC-A-4": ((1 + 2 + 0) / 6, (1 + 3 * (1 / 3) + 2 * 0 + 0) / 7),
    "TC-A-5": ((1 + 2 + 3 * 0) / 6, (1 + 4 * (1 / 6) + 2 * 0 + 1 * 0) / 8),
    "TC-A-6": ((1 + 2 + 3 * 0) / 6, (1 + 3 / 3 + 2 * 0 + 2 * 0) / 8),
    "TC-A-7": A7_LEA,
    "TC-A-8": A7_LEA,
    "TC-A-9": A7_LEA,
    "TC-A-10": (1 / 6, 1 / 6),
    "TC-A-11": ((0 + 2 + 3) / 6, 4 / 15),
    "TC-A-12": (1 / 6, 1 / 7),
    "TC-A-13": ((1 * 0 + 2 * 0 + 3 / 3) / 6, 1 / 21),
    "TC-B-1": ((2 * 0 + 3 / 3) / 5, (3 * 0 + 2) / 5),
    "TC-C-1": ((2 * 0 + 3 / 3 + 2) / 7, (3 * 0 + 2 + 2) / 7),
    "TC-D-1": ((5 + 2 + 5) / 12, (5 + 7 * (11 / 21)) / 12),
    "TC-E-1": ((5 + 2 + 5) / 12, (10 * (20 / 45) + 2) / 12),
    "TC-F-1": (4 * (2 / 6) / 4, (2 + 2) / 4),
    "TC-G-1": (1, (4 * 2 / 6) / 4),
    "TC-H-1": (1, 1),
    "TC-I-1": (4 * (2 / 6) / 4, (2 + 2) / 4),
    "TC-J-1": ((3 * 1 / 3) / 3, 1),
    "TC-K-1": ((7 * (1 + 1 + 1) / 21) / 7, (3 / 3 + 3 / 3 + 3 / 3) / 9),
    "TC-L-1": ((3 * 1 / 3 + 4 * 1 / 6) / 7, (2 + 2 * 0 + 3 / 3) / 7),
    "TC-M-1": (1, 1),
    "TC-M-2": (0, 0),
    "TC-M-3": (6 * (4 / 15) / 6, (2 + 3 + 0) / 6),
    "TC-M-4": (6 * (3 / 15) / 6, 6 * (3 / 15) / 6),
    "TC-M-5": (0, 0),
    "TC-M-6": (6 * (1 / 15) / 6, (2 + 3 * 0 + 1 * 0) / 6),
    "TC-N-1": (1, 1),
    "TC-N-2": (0, 0),
    "TC-N-3": (1 / 6, 1 / 6),
    "TC-N-4": (3 / 6, 3 / 6),
    "TC-N-5": (0, 0),
    "TC-N-6": (0, 0),
}

# Key {abc} {defg}, response {ab} {cd} {fghi}.
PAPER = {
    "muc": (((3 - 2) + (4 - 3)) / ((3 - 1) + (4 - 1)),
            ((2 - 1) + (2 - 2) + (4 - 3)) / ((2 - 1) + (2 - 1) + (4 - 1))),
    "bcub": ((2 ** 2 / 3 + 1 ** 2 / 3 + 1 ** 2 / 4 + 2 ** 2 / 4) / 7,
             (2 ** 2 / 2 + 1 ** 2 / 2 + 1 ** 2 / 2 + 2 ** 2 / 4) / 8),
    "ceafe": ((4 / 5 + 1 / 2) / 2, (4 / 5 + 1 / 2) / 3),
    "lea": ((3 * 1 / 3 + 4 * 1 / 6) / 7, (2 * 1 + 2 * 0 + 4 * 1 / 6) / 8),
}

GOLDEN = ([(name, metric, values) for name, scores in REFERENCE.items()
           for metric, values in scores.items()]
          + [(name, "lea", values) for name, values in LEA.items()]
          + [("pradhan-2014", metric, values) for metric, values in PAPER.items()])


@pytest.mark.parametrize("name, metric, values", GOLDEN,
                         ids=[f"{name}-{metric}" for name, metric, _ in GOLDEN])
def test_golden_case(name, metric, values):
    assert recall_precision_f1(metric, name) == expected(*values)


@pytest.mark.parametrize("name, published", [
    ("TC-A-2", (0.6, 0.9, 0.72)),
    ("TC-A-3", (0.88571, 0.66429, 0.75918)),
    ("TC-A-4", (0.73333, 0.55, 0.62857)),
    ("TC-A-5", (0.68889, 0.51667, 0.59048)),
    ("TC-A-6", (0.73333, 0.55, 0.62857)),
    ("TC-A-7", (0.73333, 0.55, 0.62857)),
    ("TC-A-8", (0.73333, 0.55, 0.62857)),
    ("TC-A-9", (0.73333, 0.55, 0.62857)),
])
def test_ceafe_matches_the_reference_configs_five_digits(name, published):
    assert recall_precision_f1("ceafe", name) == pytest.approx(published, abs=5e-6)


@pytest.mark.parametrize("name", ["TC-N-1", "TC-N-4"])
def test_muc_without_links_is_zero_as_the_reference_prints_it(name):
    """Key and response are all singletons: no links on either side. The reference prints 0,
    and so does the harness, through to the CoNLL F1 of the whole task."""
    from afp_strikes_bench.metrics.bootstrap import resample_weights, summarize

    tally = tally_of("muc", name)
    assert tally.ratios() == (0.0, 0.0, 0.0, 0.0)
    units = sorted(tally.by_unit) or ["doc"]
    assert summarize(tally, units, resample_weights(len(units), 10))["f1"] == 0.0


def test_counts_are_the_ones_the_reference_prints():
    # TC-A-4; (precision numerator, precision denominator, recall numerator, recall denominator).
    expected_counts = {"muc": (1, 3, 1, 3), "bcub": (1 + 4 / 3 + 1 / 2, 7, 3 + 1 / 3, 6),
                       "ceafe": (1 + 4 / 5 + 2 / 5, 4, 1 + 4 / 5 + 2 / 5, 3),
                       "lea": (1 + 3 * (1 / 3), 7, 1 + 2, 6)}
    for metric, counts in expected_counts.items():
        assert tally_of(metric, "TC-A-4").ratios() == pytest.approx(counts, rel=1e-12), metric


def test_twinless_duplicates_count_every_copy():
    # Key {ab} {c}, response [a b x x] [c x]: what scorer.pl v8.01 (and its LEA branch) printed.
    printed = {"muc": (1, 4, 1, 1), "bcub": (1.5, 6, 3, 3), "ceafe": (4 / 3, 2, 4 / 3, 2),
               "lea": (4 * (1 / 6), 6, 2 * 1 + 1 * 0, 3)}
    for metric, counts in printed.items():
        assert tally_of(metric, "twinless-duplicates").ratios() == pytest.approx(
            counts, rel=1e-12), metric


def test_contributions_attach_to_units():
    # Units are the mentions themselves; (p_num, p_den, r_num, r_den) per unit.
    def rows(metric):
        tally = tally_of(metric, "pradhan-2014", unit_of=lambda mention: mention[1])
        return {unit: tuple(row) for unit, row in tally.by_unit.items() if row.any()}

    def approx_rows(expected):  # pytest.approx compares flat mappings only
        return {unit: pytest.approx(row) for unit, row in expected.items()}

    # Cluster terms: key {abc} and response {ab} start at a, response {cd} at c,
    # key {defg} at d, response {fghi} at f.
    assert rows("muc") == {"a": (1, 1, 1, 2), "c": (0, 1, 0, 0), "d": (0, 0, 1, 3),
                           "f": (1, 3, 0, 0)}
    assert rows("ceafe") == approx_rows({"a": (4 / 5, 1, 4 / 5, 1), "c": (0, 1, 0, 0),
                                         "d": (0, 0, 1 / 2, 1), "f": (1 / 2, 1, 0, 0)})
    assert rows("lea") == approx_rows({"a": (2, 2, 1, 3), "c": (0, 2, 0, 0),
                                       "d": (0, 0, 4 / 6, 4), "f": (4 / 6, 4, 0, 0)})
    # Mention terms: e is a missed key mention, h an invented one.
    bcub = rows("bcub")
    assert bcub["e"] == (0, 0, 0, 1)
    assert bcub["h"] == (0, 1, 0, 0)
    assert bcub["d"] == pytest.approx((1 / 2, 1, 1 / 4, 1))


def test_nothing_to_find_and_nothing_predicted():
    for metric in METRICS.values():
        assert precision_recall_f1(*metric([], [], document_of).ratios()) == (1.0, 1.0, 1.0)


# Properties over random partitions of random mention sets, in up to three documents.

MENTIONS = st.builds(lambda doc, start, length: (doc, start, start + length),
                     st.sampled_from(["d1", "d2", "d3"]), st.integers(0, 12), st.integers(1, 3))


def paragraph_of(mention):
    return mention[0], mention[1] // 5


@st.composite
def partitions(draw, mentions):
    """Random clusters over ``mentions``; a cluster never crosses documents."""
    clusters: dict = {}
    for mention in sorted(mentions):
        clusters.setdefault((mention[0], draw(st.integers(0, 4))), []).append(mention)
    return list(clusters.values())


@st.composite
def corpora(draw, duplicates=False):
    """A key and a response that share some mentions; with ``duplicates``, the response repeats
    some mentions, in their own cluster or in another one of the same document."""
    key_mentions = draw(st.sets(MENTIONS, max_size=20))
    kept = draw(st.sets(st.sampled_from(sorted(key_mentions)))) if key_mentions else set()
    response = draw(partitions(kept | draw(st.sets(MENTIONS, max_size=8))))
    if duplicates and response:
        for mention in draw(st.lists(st.sampled_from([m for c in response for m in c]),
                                     max_size=4)):
            same_document = [c for c in response if c[0][0] == mention[0]]
            draw(st.sampled_from(same_document)).append(mention)
    return draw(partitions(key_mentions)), response


def shuffled(clusters, rng):
    clusters = [rng.sample(list(cluster), len(cluster)) for cluster in clusters]
    return rng.sample(clusters, len(clusters))


def assert_same_rows(one: RatioTally, other: RatioTally):
    assert one.by_unit.keys() == other.by_unit.keys()
    for unit, row in one.by_unit.items():
        assert np.array_equal(row, other.by_unit[unit]), unit


@settings(max_examples=150, deadline=None)
@given(corpora(duplicates=True))
def test_scores_are_between_0_and_1(corpus):
    for metric in METRICS.values():
        tally = metric(*corpus, paragraph_of)
        assert (tally.total() >= 0).all()
        assert all(0 <= value <= 1 for value in precision_recall_f1(*tally.ratios()))


@settings(max_examples=100, deadline=None)
@given(corpora())
def test_key_against_itself_scores_1(corpus):
    key, _ = corpus
    for metric in METRICS.values():
        tally = metric(key, key, paragraph_of)
        assert precision_recall_f1(*tally.ratios()) == pytest.approx((1.0, 1.0, 1.0))


@settings(max_examples=150, deadline=None)
@given(corpora(duplicates=True), st.randoms(use_true_random=False))
def test_order_of_clusters_and_mentions_changes_nothing(corpus, rng):
    key, response = corpus
    for metric in METRICS.values():
        assert_same_rows(metric(key, response, paragraph_of),
                         metric(shuffled(key, rng), shuffled(response, rng), paragraph_of))


@settings(max_examples=150, deadline=None)
@given(corpora(duplicates=True))
def test_documents_add_up(corpus):
    key, response = corpus
    documents = {cluster[0][0] for cluster in key + response}
    for metric in METRICS.values():
        summed = RatioTally()
        for document in sorted(documents):
            summed += metric([c for c in key if c[0][0] == document],
                             [c for c in response if c[0][0] == document], paragraph_of)
        whole = metric(key, response, paragraph_of)
        assert_same_rows(whole, summed)
        assert whole.ratios() == pytest.approx(summed.ratios(), rel=1e-12)
