"""What every task provides: its gold shape, its checks, its scorer and its report.

A task is a module of this package with a :class:`Task` subclass, registered by name in
:mod:`afp_strikes_bench.tasks`. It scores the predictions of every document at once and returns its
metrics as tallies
(:mod:`afp_strikes_bench.metrics.counts`) attached to resampling units; the harness turns them into
P/R/F1 with bootstrap intervals. A task never reads files and never prints.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

import msgspec
from afp_strikes_bench.metrics.counts import AccuracyTally, Average, MatchTally, RatioTally
from afp_strikes_bench.spans import check_span, iter_spans

if TYPE_CHECKING:
    from afp_strikes_bench.documents import Document
    from afp_strikes_bench.gold import GoldSet

Tally = MatchTally | RatioTally | AccuracyTally | Average
# A metric is a tally, or a group of tallies keyed by label, type or field.
Metrics = dict[str, Tally | dict[str, Tally]]
# doc_id -> the task's predicted items for that document, parsed (Task.parse).
TaskPredictions = dict[str, list[Any]]
Problem = tuple[str, str]  # (field path, message)


@dataclass(frozen=True)
class TaskInfo:
    """What a task is, as data: every results file records ``version``, and compare and
    leaderboard refuse to set side by side results whose scorer versions differ."""

    name: str
    #: one line: what a system finds
    description: str
    #: the metric leaderboards rank by
    headline: str
    #: metric names in the order reports show them
    report_order: tuple[str, ...]
    #: the scorer's version: bumped whenever a metric's definition changes
    version: str
    #: where the metrics' definitions come from
    citation: str
    #: tasks whose gold this task's gold refers to (an event argument is a coreference mention)
    depends_on: tuple[str, ...] = ()
    #: label sets, besides its own, that predictions may be declared in (``--label-set``)
    label_sets: tuple[str, ...] = ()


class Task(ABC):
    """A task's contract with the harness: its description, its checks, its scorer, and the
    records that explain its headline metric. Subclasses set :attr:`info` and implement the
    abstract methods; everything else has a default."""

    info: ClassVar[TaskInfo]
    #: msgspec types that mirror the schema's ``gold_item`` and ``prediction_item`` (optional
    #: fields ``UNSET`` when absent), through which the task's lines take the fast path of
    #: loading (:mod:`afp_strikes_bench.wire`); None: they always take the JSON Schema path
    wire_items: ClassVar[tuple[Any, Any] | None] = None

    @property
    def name(self) -> str:
        return self.info.name

    @abstractmethod
    def parse(self, raw: Any, *, gold: bool) -> Any:
        """One item, already checked against the schema and by :meth:`check`, as the task's
        typed item (a gold item when ``gold``, else a predicted one). Called only where items
        enter the harness (loading gold and predictions); everything past it trusts the type."""

    def parse_all(self, raw_items: Iterable[Any], *, gold: bool) -> list[Any]:
        return [self.parse(raw, gold=gold) for raw in raw_items]

    def to_json(self, item: Any) -> Any:
        """A typed item back in its JSON shape (what :meth:`parse` reads)."""
        return item.to_json()

    def from_wire(self, items: list[Any], document: Document, *, gold: bool,
                  label_set: str | None) -> list[Any] | None:
        """The typed items of one line's :attr:`wire_items` when they pass :meth:`check` (and
        :meth:`check_label_set`, for predictions), else None: the line is then judged by the
        JSON Schema path. By default the items go back to JSON values (UNSET fields left out)
        and through the same checks and parser as that path's; a task may do it faster, but
        must never accept what that path refuses."""
        raw = msgspec.to_builtins(items)
        if any(self.check(raw, document, gold=gold)) or (
                not gold and any(self.check_label_set(raw, label_set))):
            return None
        return self.parse_all(raw, gold=gold)

    @abstractmethod
    def score(self, gold: GoldSet, predictions: TaskPredictions) -> Metrics:
        """Every metric of the task as tallies (or groups of tallies), in
        ``info.report_order``."""

    @abstractmethod
    def explain(self, gold: GoldSet, predictions: TaskPredictions) -> dict[str, list[dict]]:
        """The records behind the headline metric (and any other metric the task explains), by
        metric name (:mod:`afp_strikes_bench.records`). They come from the same pairing as
        :meth:`score`'s, so a match metric's true positives, false positives and false
        negatives are exactly its ``tp``, ``fp`` and ``fn`` records."""

    def explained_counts(self, gold: GoldSet,
                         predictions: TaskPredictions) -> dict[str, dict[str, int]]:
        """How many records of each status :meth:`explain` would give, by metric: what is said
        of the records a results file does not keep, for the metrics that are not match metrics
        (whose counts are their tallies'). Tasks that can count without building the records
        may override it."""
        return {metric: dict(sorted(Counter(record["status"] for record in records).items()))
                for metric, records in self.explain(gold, predictions).items()}

    @abstractmethod
    def main_spans(self, item: Any) -> list[tuple[int, int, str | None]]:
        """``(start, end, label)`` of what an item is found by (an entity's span, an event's
        trigger, a casualty figure, an attribution cue, each coreference mention): where
        :meth:`within` places it."""

    def check(self, items: list[Any], document: Document, *, gold: bool) -> Iterator[Problem]:
        """Problems beyond the schema: spans against the text, unique ids.

        Subclasses extend this with their own rules (allowed roles, references that resolve).
        """
        for path, span in iter_spans(items, self.name):
            problem = check_span(document.text, span, require_text=gold, doc_id=document.id)
            if problem:
                field, message = problem
                yield f"{path}.{field}" if field else path, message
        if gold:
            seen = Counter(item["id"] for item in items if isinstance(item, dict) and "id" in item)
            for index, item in enumerate(items):
                if isinstance(item, dict) and seen[item.get("id")] > 1:
                    yield f"{self.name}[{index}].id", f"id {item['id']!r} is used more than once"

    def check_label_set(self, items: list[Any], label_set: str | None) -> Iterator[Problem]:
        """Problems with predicted items' labels under the label set the predictions declare
        (None: the task's own); only tasks with :attr:`TaskInfo.label_sets` have any."""
        return iter(())

    def not_applicable(self, label_set: str | None) -> dict[str, str]:
        """Metrics that predictions in ``label_set`` cannot be scored on, each with the reason:
        reported as not applicable, never as zero."""
        return {}

    def check_against(self, gold: GoldSet) -> Iterator[tuple[str, str, str]]:
        """Problems that need other tasks' gold: ``(doc_id, field path, message)``."""
        return iter(())

    def within(self, item: Any, inside: Callable[[int], bool]) -> Any | None:
        """The part of a gold item that lies where ``inside(offset)`` holds, or None: by
        default the whole item when its first main span starts there (a trigger, a figure, a
        cue). Used to score annotation passes that covered part of a document."""
        return item if inside(self.main_spans(item)[0][0]) else None

    def as_prediction(self, item: Any) -> Any:
        """A gold item as a predicted item (what a perfect system would answer): by default
        the same item without its gold id."""
        return replace(item, id=None)


@dataclass(frozen=True, slots=True)
class Paired:
    """One counted unit of a matching: a true positive (both sides), or a gold item or a
    prediction left alone (a false negative, a false positive), at its resampling unit.
    ``gold`` and ``predicted`` are what the caller attached to each side's key."""

    status: str
    unit: Hashable
    gold: Any = None
    predicted: Any = None


Keyed = tuple[Hashable, Hashable, Any]  # (key, unit, what the key stands for)


def pair_multisets(gold: Iterable[Keyed], predicted: Iterable[Keyed]) -> list[Paired]:
    """Exact matching of keys, counting duplicates: each prediction pairs with a gold item of
    the same key while one is left (the last given first), else it is a false positive; the gold
    items left are false negatives.

    A key predicted twice where the gold has it once is one true positive and one false
    positive: duplicates are never merged away, so a system cannot repeat itself for free.

    >>> [(p.status, p.gold, p.predicted) for p in pair_multisets(
    ...     [("GPE", "u", "E1"), ("ORG", "u", "E2")], [("GPE", "u", 0), ("GPE", "u", 1)])]
    [('tp', 'E1', 0), ('fp', None, 1), ('fn', 'E2', None)]
    """
    gold_items: dict[Hashable, list[tuple[Hashable, Any]]] = {}
    for key, unit, item in gold:
        gold_items.setdefault(key, []).append((unit, item))
    found = []
    for key, unit, item in predicted:
        waiting = gold_items.get(key)
        if waiting:
            gold_unit, gold_item = waiting.pop()
            found.append(Paired("tp", gold_unit, gold_item, item))
        else:
            found.append(Paired("fp", unit, None, item))
    found += [Paired("fn", unit, item) for waiting in gold_items.values()
              for unit, item in waiting]
    return found


def tally_pairs(paired: Iterable[Paired]) -> MatchTally:
    """The :class:`MatchTally` of a matching."""
    # counted per unit first and added to the tally once per unit: adding per item is slow
    counts: dict[Hashable, list[int]] = {}
    column = {"tp": 0, "fp": 1, "fn": 2}
    for outcome in paired:
        counts.setdefault(outcome.unit, [0, 0, 0])[column[outcome.status]] += 1
    tally = MatchTally()
    for unit, (tp, fp, fn) in counts.items():
        tally.add(unit, tp=tp, fp=fp, fn=fn)
    return tally


def match_multisets(gold: Iterable[tuple[Hashable, Hashable]],
                    predicted: Iterable[tuple[Hashable, Hashable]]) -> MatchTally:
    """The tally of :func:`pair_multisets` over ``(key, unit)`` pairs.

    >>> tally = match_multisets([(("d", 0, 4, "GPE"), 0)], [(("d", 0, 4, "GPE"), 0)] * 2)
    >>> tally.totals()
    (1.0, 1.0, 0.0)
    """
    return tally_pairs(pair_multisets(((key, unit, None) for key, unit in gold),
                                      ((key, unit, None) for key, unit in predicted)))


def coreference_clusters(gold: GoldSet, doc_id: str) -> dict[tuple[int, int], str]:
    """``(start, end)`` of every gold coreference mention of a document -> its cluster's id
    (empty where the gold has no coreference): who a span in another task refers to.

    >>> from afp_strikes_bench.gold import GoldSet
    >>> from afp_strikes_bench.tasks import get_task
    >>> iran = get_task("coreference").parse({"id": "iran", "name": "Iran", "type": "GPE",
    ...     "mentions": [{"start": 0, "end": 4, "text": "Iran", "kind": "NAM"},
    ...                  {"start": 9, "end": 12, "text": "its", "kind": "PRO"}]}, gold=True)
    >>> gold = GoldSet(None, {}, {"coreference": {"d": [iran]}}, "", "")
    >>> coreference_clusters(gold, "d")
    {(0, 4): 'iran', (9, 12): 'iran'}
    """
    return {(mention.start, mention.end): cluster.id
            for cluster in gold.tasks.get("coreference", {}).get(doc_id, [])
            for mention in cluster.mentions}


def check_links(task: str, items: list[dict], field: str) -> Iterator[Problem]:
    """An index field (a casualty's ``part_of``, an attribution's ``parent``) names another item
    of the same document, and following the links never comes back to where it started.

    >>> list(check_links("x", [{"up": 1}, {"up": 0}, {"up": 7}], "up"))[0]
    ('x[0].up', 'following up from here loops back')
    """
    problems: dict[int, str] = {}
    for index, item in enumerate(items):
        target = item.get(field)
        if target is not None and not (0 <= target < len(items) and target != index):
            problems[index] = (f"{target} is not the index of another item "
                               f"(there are {len(items)})")
    # each item is walked once: a chain is followed until it reaches an item whose fate is
    # known (ends, or loops) or comes back onto itself, so long chains take linear time
    on_a_loop: dict[int, bool] = {index: False for index in problems}
    for index in range(len(items)):
        path: list[int] = []
        position: dict[int, int] = {}
        current: int | None = index
        while current is not None and current not in on_a_loop and current not in position:
            position[current] = len(path)
            path.append(current)
            current = items[current].get(field)
        # only the items of the cycle itself come back; those leading into it do not
        cycle = set(path[position[current]:]) if current in position else set()
        for walked in path:
            on_a_loop[walked] = walked in cycle
            if walked in cycle:
                problems[walked] = f"following {field} from here loops back"
    for index in sorted(problems):
        yield f"{task}[{index}].{field}", problems[index]
