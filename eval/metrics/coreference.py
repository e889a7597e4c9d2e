"""MUC, B-cubed, CEAF-e and LEA, counted as the CoNLL-2012 reference scorer counts them.

Each metric compares a *key* (gold clusters) with a *response* (predicted clusters) and returns a
:class:`~afp_strikes_bench.metrics.counts.RatioTally` whose totals are the numerators and
denominators printed
by the reference scorer, reference-coreference-scorers v8.01 (Pradhan et al., 2014, "Scoring
Coreference Partitions of Predicted Mentions: A Reference Implementation", ACL), and, for LEA, by
its LEA branch (Moosavi and Strube, 2016, "Which Coreference Evaluation Metric Do You Trust?",
ACL). A cluster is a collection of hashable, orderable mentions. Mentions of different documents
never share a cluster, so scoring a corpus gives the same sums as scoring each document alone.

Predicted mentions are scored as they are, without Cai and Strube's (2010) mention manipulation
(Pradhan et al., 2014, section 3):

- a response mention that is not in the key ("twinless") is a part of its own in MUC's
  partitions, has no key cluster in B-cubed and LEA, and enlarges its cluster in phi4 (CEAF-e)
  and in LEA's link count; a response singleton of one twinless mention is still a response
  mention (B-cubed), a response entity (CEAF-e, LEA) and lowers precision;
- a key mention the response misses has no response cluster and lowers recall the same way.

Singletons are scored as given: they have no links, so they never change MUC, but they are
mentions in B-cubed, entities in CEAF-e and, in LEA, entities with one self-link that counts as
resolved when the other side has the same singleton. Dropping them is the caller's decision.

Duplicates are handled as the reference scorer handles them. It visits response clusters in the
order a CoNLL file introduces them; here that is the order of their sorted mentions, so the input
order never matters. A mention of the key keeps its first occurrence and loses every later one,
in its own cluster or another, and a cluster left empty is dropped. Twinless mentions are not
de-duplicated: each copy counts, as in the reference. The reference refuses to score a file
with more than 10 repeated mentions; here scoring goes on, because the task's input check already
reports duplicates. The key is taken to be a partition, which the gold loader checks.

Where a denominator is 0 the reference prints 0. The benchmark's 0/0 rule (see
:mod:`afp_strikes_bench.metrics.counts`) gives 1.0 when both denominators are 0, except for MUC,
which follows the reference: a key and a response that are all singletons have no links, and MUC
is 0, not 1.0 (which would lift the CoNLL F1 of such a response whatever its B-cubed and CEAF-e).

The example of Pradhan et al. (2014) and Moosavi and Strube (2016): two key entities; the
response splits the first, merges across, misses ``e`` and invents ``h`` and ``i``.

>>> from afp_strikes_bench.metrics.counts import precision_recall_f1
>>> key = [["a", "b", "c"], ["d", "e", "f", "g"]]
>>> response = [["a", "b"], ["c", "d"], ["f", "g", "h", "i"]]
>>> def scores(metric):  # precision, recall, F1
...     tally = metric(key, response, lambda mention: "doc")
...     return [round(value, 4) for value in precision_recall_f1(*tally.ratios())]
>>> scores(muc), scores(b_cubed)
([0.4, 0.4, 0.4], [0.5, 0.4167, 0.4545])
>>> scores(ceaf_e), scores(lea)
([0.4333, 0.65, 0.52], [0.3333, 0.2381, 0.2778])
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any, NamedTuple

import numpy as np
from afp_strikes_bench.metrics.assignment import maximum_assignment
from afp_strikes_bench.metrics.counts import RatioTally, Unit

#: any hashable, orderable identity of a mention (``(doc_id, start, end)`` here)
Mention = Any
Clusters = Sequence[Collection[Mention]]
UnitOf = Callable[[Mention], Unit]


class _Alignment(NamedTuple):
    """Both sides as sorted tuples in canonical order, and the mentions each pair of them shares.

    ``shared_by_key[k][r]`` is |key k ∩ response r|, ``shared_by_response[r][k]`` the same count,
    listed only where it is positive.
    """

    keys: list[tuple]
    responses: list[tuple]
    key_of: dict
    response_of: dict
    shared_by_key: list[dict[int, int]]
    shared_by_response: list[dict[int, int]]


def _align(key: Clusters, response: Clusters) -> _Alignment:
    keys = sorted(tuple(sorted(cluster)) for cluster in key if cluster)
    key_of = {mention: k for k, cluster in enumerate(keys) for mention in cluster}
    # The distinct mentions order clusters as a CoNLL file does (by first mention); the full
    # sorted list breaks ties, so only identical clusters tie, and their order changes nothing.
    seen: set = set()
    responses = []
    for cluster in sorted((sorted(c) for c in response), key=lambda c: (sorted(set(c)), c)):
        kept = []
        for mention in cluster:
            if mention in key_of:
                if mention in seen:
                    continue
                seen.add(mention)
            kept.append(mention)
        if kept:
            responses.append(tuple(kept))
    response_of = {mention: r for r, cluster in enumerate(responses) for mention in cluster
                   if mention in key_of}
    shared_by_key: list[dict[int, int]] = [{} for _ in keys]
    shared_by_response: list[dict[int, int]] = [{} for _ in responses]
    for mention, r in response_of.items():
        k = key_of[mention]
        shared_by_key[k][r] = shared_by_key[k].get(r, 0) + 1
        shared_by_response[r][k] = shared_by_response[r].get(k, 0) + 1
    return _Alignment(keys, responses, key_of, response_of, shared_by_key, shared_by_response)


class Partition(NamedTuple):
    """A cluster of one side cut by the clusters of the other: ``parts[i]`` holds the mentions
    that cluster ``others[i]`` of the other side shares with it, ``others[i]`` None for a
    mention the other side lacks (a part of its own)."""

    cluster: tuple
    others: list[int | None]
    parts: list[tuple]


def muc_partitions(key: Clusters, response: Clusters) -> tuple[list[Partition], list[Partition]]:
    """p(K) of every key cluster K (cut by the response) and p(R) of every response cluster R
    (cut by the key), as MUC counts them: the key in canonical order, the response de-duplicated
    (module docstring) in the order of :func:`_align`.

    >>> keys, responses = muc_partitions([["a", "b", "c"]], [["a", "b"], ["c", "x"]])
    >>> keys[0].others, keys[0].parts
    ([0, 1], [('a', 'b'), ('c',)])
    >>> responses[1].others, responses[1].parts
    ([0, None], [('c',), ('x',)])
    """
    aligned = _align(key, response)
    return (_partitions(aligned.keys, aligned.response_of),
            _partitions(aligned.responses, aligned.key_of))


def _partitions(clusters: list[tuple], other_of: dict) -> list[Partition]:
    found = []
    for cluster in clusters:
        shared: dict[int, list] = {}
        alone = []
        for mention in cluster:
            if mention in other_of:
                shared.setdefault(other_of[mention], []).append(mention)
            else:
                alone.append(mention)
        others: list[int | None] = [*shared, *[None] * len(alone)]
        found.append(Partition(cluster, others,
                               [tuple(part) for part in shared.values()]
                               + [(mention,) for mention in alone]))
    return found


def muc(key: Clusters, response: Clusters, unit_of: UnitOf) -> RatioTally:
    """MUC (Vilain et al., 1995), the link-based metric.

    Recall = Σ_K (|K| − |p(K)|) / Σ_K (|K| − 1). Here p(K) is the partition of the key cluster K
    by the response clusters, and each key mention the response misses is a part on its own.
    Precision is the same with key and response swapped, so twinless mentions are parts on their
    own. Both numerators equal the reference scorer's count of correct links,
    Σ (|K ∩ R| − 1) over the pairs that share a mention.
    Recall terms go to the unit of each key cluster's smallest mention, precision terms to the
    unit of each response cluster's smallest mention. With no links on either side (all
    singletons) MUC is 0, as the reference scorer prints it.
    """
    keys, responses = muc_partitions(key, response)
    tally = RatioTally(both_empty=0.0)
    for cut in keys:
        tally.add(unit_of(cut.cluster[0]), r_num=len(cut.cluster) - len(cut.parts),
                  r_den=len(cut.cluster) - 1)
    for cut in responses:
        tally.add(unit_of(cut.cluster[0]), p_num=len(cut.cluster) - len(cut.parts),
                  p_den=len(cut.cluster) - 1)
    return tally


def b_cubed(key: Clusters, response: Clusters, unit_of: UnitOf) -> RatioTally:
    """B-cubed (Bagga and Baldwin, 1998), the mention-based metric.

    Recall = Σ_K Σ_{m ∈ K} |K ∩ R(m)| / |K|, divided by Σ_K |K|. Here R(m) is the response
    cluster of m; a key mention the response misses shares nothing. Precision is the same with key
    and response swapped. It is computed on the clusters as given (Pradhan et al., 2014), not on
    Cai and Strube's (2010) adjusted ones. Each mention's terms go to that mention's unit.
    """
    aligned = _align(key, response)
    tally = RatioTally()
    for cluster, shared in zip(aligned.keys, aligned.shared_by_key):
        for mention in cluster:
            overlap = shared.get(aligned.response_of.get(mention, -1), 0)
            tally.add(unit_of(mention), r_num=overlap / len(cluster), r_den=1)
    for cluster, shared in zip(aligned.responses, aligned.shared_by_response):
        for mention in cluster:
            overlap = shared.get(aligned.key_of.get(mention, -1), 0)
            tally.add(unit_of(mention), p_num=overlap / len(cluster), p_den=1)
    return tally


def ceaf_e(key: Clusters, response: Clusters, unit_of: UnitOf) -> RatioTally:
    """CEAF-e (Luo, 2005), the entity-based CEAF.

    phi4(K, R) = 2|K ∩ R| / (|K| + |R|). The key and response clusters are aligned one-to-one so
    that the total similarity Φ is as large as possible (Kuhn-Munkres). Recall is Φ divided by
    the number of key clusters, and precision is Φ divided by the number of response clusters.
    A key cluster's recall term is its similarity to its partner, and it goes to the unit of the
    cluster's smallest mention. A response cluster's precision term is counted the same way.
    Pairs with the same Φ are resolved by scipy on the canonically ordered clusters, so the input
    order never changes a unit's share.
    """
    aligned = _align(key, response)
    key_score, response_score = _best_alignment(aligned)
    tally = RatioTally()
    for k, cluster in enumerate(aligned.keys):
        tally.add(unit_of(cluster[0]), r_num=key_score.get(k, 0.0), r_den=1)
    for r, cluster in enumerate(aligned.responses):
        tally.add(unit_of(cluster[0]), p_num=response_score.get(r, 0.0), p_den=1)
    return tally


def _best_alignment(aligned: _Alignment) -> tuple[dict[int, float], dict[int, float]]:
    """phi4 of each aligned pair, with key and response clusters indexed by position.

    Clusters that share no mention have phi4 = 0. The blocks of clusters connected by shared
    mentions are therefore independent: the best alignment is the union of each block's best
    alignment, and no matrix is larger than one block. Documents never share a block.
    """
    key_score: dict[int, float] = {}
    response_score: dict[int, float] = {}
    placed: set[int] = set()
    for start, shared in enumerate(aligned.shared_by_key):
        if start in placed or not shared:
            continue
        keys, responses = _block(aligned, start)
        placed.update(keys)
        similarity = np.array([[2 * aligned.shared_by_key[k].get(r, 0)
                                / (len(aligned.keys[k]) + len(aligned.responses[r]))
                                for r in responses] for k in keys])
        for row, column in zip(*maximum_assignment(similarity)):
            key_score[keys[row]] = response_score[responses[column]] = float(
                similarity[row, column])
    return key_score, response_score


def _block(aligned: _Alignment, start: int) -> tuple[list[int], list[int]]:
    """The key and response clusters reachable from key cluster ``start`` via shared mentions."""
    keys, responses, frontier = {start}, set(), [start]
    while frontier:
        for r in aligned.shared_by_key[frontier.pop()]:
            if r not in responses:
                responses.add(r)
                fresh = set(aligned.shared_by_response[r]) - keys
                keys |= fresh
                frontier.extend(fresh)
    return sorted(keys), sorted(responses)


def lea(key: Clusters, response: Clusters, unit_of: UnitOf) -> RatioTally:
    """LEA (Moosavi and Strube, 2016), the link-based entity-aware metric.

    Recall = Σ_K |K| · Σ_R link(K ∩ R) / link(K), divided by Σ_K |K|, with link(n) = n(n − 1)/2.
    A singleton has one self-link, which is resolved when the response holds that mention as a
    singleton too. Precision is the same with key and response swapped. Cluster size measures
    importance, as in the paper's reference implementation. Recall terms go to the unit of each
    key cluster's smallest mention, precision terms to the unit of each response cluster's
    smallest mention.
    """
    aligned = _align(key, response)
    tally = RatioTally()
    for first, resolved, size in _lea_terms(aligned.keys, aligned.shared_by_key,
                                            aligned.responses):
        tally.add(unit_of(first), r_num=resolved, r_den=size)
    for first, resolved, size in _lea_terms(aligned.responses, aligned.shared_by_response,
                                            aligned.keys):
        tally.add(unit_of(first), p_num=resolved, p_den=size)
    return tally


def _lea_terms(clusters: list[tuple], shared_with: list[dict[int, int]],
               others: list[tuple]) -> Iterator[tuple[Mention, float, int]]:
    """(smallest mention, size × resolution score, size) of each cluster on one side."""
    for cluster, shared in zip(clusters, shared_with):
        size = len(cluster)
        if size == 1:
            resolution = float(any(len(others[other]) == 1 for other in shared))
        else:
            resolution = sum(_links(n) for n in shared.values()) / _links(size)
        yield cluster[0], resolution * size, size


def _links(n: int) -> int:
    return n * (n - 1) // 2
