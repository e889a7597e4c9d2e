"""Explained records: the items behind a metric's counts, as results files keep them.

Each task builds them (:meth:`afp_strikes_bench.tasks.base.Task.explain`) from the very pairing
its scorer counts, so ``bench explain`` shows what the headline metric scored, never a second
matching that could disagree with it. A record is one counted unit:

- ``status``: ``tp``, ``fp`` or ``fn`` for a match metric (one record per true positive, false
  positive and false negative), ``correct`` or ``wrong`` for an accuracy, and for coreference
  links ``split`` (a gold cluster the response splits), ``merged`` (a predicted cluster that
  merges gold clusters), ``missed`` and ``invented`` (mentions);
- ``doc_id``, ``span`` (where the record is shown: an argument, a cue, a figure, a mention) and
  ``label`` (what it is grouped by: an entity label, a role, ``outcome/victim``, a field);
- ``gold`` and ``prediction``: the two sides (:func:`side`), null where there is none. A false
  positive or false negative that the scorer paired with an item of the other side without
  counting the pair (an argument with the wrong role, a relation with the wrong source) names
  that counterpart, and ``differences`` says what differs;
- ``parts`` (coreference only): the pieces a cluster was split or merged into.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, NamedTuple

from afp_strikes_bench.tasks.base import Paired

#: statuses that a match metric counts; the others explain accuracies and coreference links
MATCH_STATUSES = ("tp", "fp", "fn")


def side(ref: str | int | None, label: str | None, spans: Iterable[tuple[str, Any]],
         fields: dict[str, Any] | None = None,
         context: Iterable[tuple[str, Any]] = ()) -> dict:
    """One side of a record: the gold item's id (``ref``) or the prediction's index in its
    document's list, its label, its scored ``spans`` as ``(part, span)`` (a ``Span`` or any
    object with ``start`` and ``end``; None is left out), its other scored ``fields``, and
    ``context``: spans shown beside it but not scored by this record (an argument's trigger)."""
    def located(named: Iterable[tuple[str, Any]]) -> list[dict]:
        return [{"part": part, "start": span.start, "end": span.end}
                for part, span in named if span is not None]

    found: dict[str, Any] = {"ref": ref, "label": label, "spans": located(spans)}
    if fields is not None:
        found["fields"] = fields
    if context:
        found["context"] = located(context)
    return found


def new_record(doc_id: str, status: str, span: tuple[int, int], label: str | None, *,
           gold: dict | None = None, prediction: dict | None = None,
           differences: Iterable[str] = ()) -> dict:
    """One explained record (see the module docstring)."""
    return {"doc_id": doc_id, "status": status, "span": list(span), "label": label,
            "gold": gold, "prediction": prediction, "differences": list(differences)}


def counts(records: list[dict]) -> dict[str, int]:
    """How many records have each status, in the order first seen after tp, fp, fn.

    >>> counts([{"status": "tp"}, {"status": "fn"}, {"status": "tp"}])
    {'tp': 2, 'fp': 0, 'fn': 1}
    >>> counts([{"status": "wrong"}])
    {'wrong': 1}
    """
    found = Counter(record["status"] for record in records)
    statuses = [*MATCH_STATUSES] if set(found) <= set(MATCH_STATUSES) else list(found)
    return {status: found[status] for status in statuses}


class Described(NamedTuple):
    """How a task shows one item: its document, where it is shown, its label and its side."""

    doc_id: str
    span: tuple[int, int]
    label: str | None
    side: dict


def counterparts(paired: Sequence[Paired], near: Callable[[Any], Hashable],
                 rank: Callable[[Any], Any]) -> dict[int, Any]:
    """For the false negatives and false positives of a matching, the item of the other side
    each nearly matched: items left alone whose ``near`` keys are equal (the key without the part
    that differs, an argument without its role) are put together one to one, each side in
    ``rank`` order, so that the input order never decides. Position in ``paired`` -> the other
    side's item. It names what went wrong; the counts stay the matching's.

    >>> paired = [Paired("fn", "u", ("x", "GPE")), Paired("fp", "u", None, ("x", "ORG"))]
    >>> counterparts(paired, lambda item: item[0], lambda item: item[1])
    {0: ('x', 'ORG'), 1: ('x', 'GPE')}
    """
    def alone(status: str, item_of: Callable[[Paired], Any]) -> dict[Hashable, list[int]]:
        found: dict[Hashable, list[int]] = {}
        for position in sorted((position for position, outcome in enumerate(paired)
                                if outcome.status == status),
                               key=lambda position: rank(item_of(paired[position]))):
            found.setdefault(near(item_of(paired[position])), []).append(position)
        return found

    missed = alone("fn", lambda outcome: outcome.gold)
    spurious = alone("fp", lambda outcome: outcome.predicted)
    others: dict[int, Any] = {}
    for key, positions in missed.items():
        for gold_at, predicted_at in zip(positions, spurious.get(key, [])):
            others[gold_at] = paired[predicted_at].predicted
            others[predicted_at] = paired[gold_at].gold
    return others


def match_records(paired: Sequence[Paired], describe: Callable[[Any, bool], Described],
                  differences: Callable[[Any, Any], list[str]],
                  others: dict[int, Any] | None = None) -> list[dict]:
    """One record per outcome of a matching, in document and text order. ``describe(item,
    is_gold)`` shows an item; ``differences(gold item, predicted item)`` names what keeps a
    near pair (``others``, from :func:`counterparts` or the scorer's own looser pairing) from
    counting."""
    others = others or {}
    found = []
    for position, outcome in enumerate(paired):
        gold_item = outcome.gold if outcome.status != "fp" else others.get(position)
        predicted_item = outcome.predicted if outcome.status != "fn" else others.get(position)
        shown = describe(predicted_item if outcome.status == "fp" else gold_item,
                         outcome.status != "fp")
        near = outcome.status != "tp" and gold_item is not None and predicted_item is not None
        found.append(new_record(
            shown.doc_id, outcome.status, shown.span, shown.label,
            gold=None if gold_item is None else describe(gold_item, True).side,
            prediction=None if predicted_item is None else describe(predicted_item, False).side,
            differences=differences(gold_item, predicted_item) if near else ()))
    return sorted(found, key=_record_order)


def _record_order(found: dict) -> tuple:
    return (found["doc_id"], found["span"], MATCH_STATUSES.index(found["status"]),
            str(found["label"]))


def pairing_outcomes(counted: Iterable[tuple[int, int]], gold_items: Iterable[int],
                     predicted_items: Iterable[int],
                     near: Iterable[tuple[int, int]] = ()) -> tuple[list[Paired], dict[int, int]]:
    """The outcomes of a one-to-one pairing of items (by index): each ``counted`` pair a true
    positive, every other gold item a false negative and every other prediction a false
    positive; and the counterparts (:func:`counterparts`) given by ``near``, a looser pairing,
    among the items left alone.

    >>> outcomes, others = pairing_outcomes([(0, 1)], [0, 1], [0, 1], near=[(0, 1), (1, 0)])
    >>> [(o.status, o.gold, o.predicted) for o in outcomes], others
    ([('tp', 0, 1), ('fn', 1, None), ('fp', None, 0)], {1: 0, 2: 1})
    """
    counted = list(counted)
    paired_gold = {g for g, _ in counted}
    paired_predicted = {p for _, p in counted}
    missed = [g for g in gold_items if g not in paired_gold]
    spurious = [p for p in predicted_items if p not in paired_predicted]
    outcomes = [Paired("tp", None, g, p) for g, p in counted]
    outcomes += [Paired("fn", None, g) for g in missed]
    outcomes += [Paired("fp", None, None, p) for p in spurious]
    missed_at = {g: len(counted) + position for position, g in enumerate(missed)}
    spurious_at = {p: len(counted) + len(missed) + position for position, p in enumerate(spurious)}
    others = {}
    for g, p in near:
        if g in missed_at and p in spurious_at:
            others[missed_at[g]], others[spurious_at[p]] = p, g
    return outcomes, others
