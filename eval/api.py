"""The library API: what ``bench`` does, callable the same way from a notebook.

>>> import afp_strikes_bench as bench
>>> gold = bench.load_gold()
>>> results = bench.evaluate("empty", gold=gold)        # or "spacy-sm", "preds.jsonl", ...
>>> fine = results["tasks"]["entities"]["metrics"]["fine"]
>>> fine["recall"], fine["fn"] == len(gold.tasks["entities"]["afp-2024-01-19-pakistan-iran"])
(0.0, True)
"""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from afp_strikes_bench import __version__
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.formats import get_format
from afp_strikes_bench.gold import GoldSet, load_gold
from afp_strikes_bench.metrics.bootstrap import (
    MIN_UNITS,
    RESAMPLES,
    SEED,
    resample_weights,
    summarize,
)
from afp_strikes_bench.metrics.counts import to_record
from afp_strikes_bench.predictions import (
    OWN_LABEL_NAME,
    Predictions,
    from_outputs,
    load_predictions,
)
from afp_strikes_bench.resources import CHECKOUT
from afp_strikes_bench.results import group, rounded
from afp_strikes_bench.systems import ResolvedSystem, System, resolve_system, run
from afp_strikes_bench.tasks import get_task, task_names
from afp_strikes_bench.variants import load_variant


def select_tasks(gold: GoldSet, tasks: list[str] | None) -> list[str]:
    """The tasks to score: those asked for (all with gold by default), checked by name."""
    if tasks is None:
        return [name for name in task_names() if name in gold.tasks]
    for name in tasks:
        if name not in task_names():
            raise InputError(f"unknown task {name!r}; tasks are {', '.join(task_names())}",
                             field="--tasks")
        if name not in gold.tasks:
            raise InputError(f"the gold has no {name}.jsonl", file=str(gold.path))
    return list(tasks)


def predict(system: str | System | ResolvedSystem, gold: GoldSet, *,
            label_set: str | None = None, progress: bool = False,
            timeout: float | None = None) -> Predictions:
    """A system's predictions for every gold document: read from its file, or by running it
    (at most ``timeout`` seconds a document, ``--timeout``).

    ``label_set`` declares the labels' set (``--label-set``); otherwise a file's header line,
    or the ``label_set`` a system reports in its metadata, does."""
    resolved = system if isinstance(system, ResolvedSystem) else resolve_system(system)
    if resolved.predict is None and resolved.format is not None:
        path = Path(resolved.reference)
        outputs = get_format(resolved.format).read(path, gold)
        return from_outputs(outputs, gold, str(path), label_set=label_set)
    if resolved.predict is None:
        return load_predictions(resolved.reference, gold, label_set=label_set)
    documents = [document.as_dict() for document in gold.documents.values()]
    outputs = run(resolved, documents, progress=progress, timeout=timeout)
    reported = resolved.metadata().get("label_set")
    declared = label_set if label_set is not None else reported
    return from_outputs(outputs, gold, f"system {resolved.name!r}", label_set=declared)


def gold_as_predictions(gold: GoldSet, tasks: list[str] | None = None) -> Predictions:
    """The gold itself in the prediction shape: a perfect system, for checking a scorer."""
    outputs = {doc_id: {name: [get_task(name).to_json(get_task(name).as_prediction(item))
                               for item in gold.tasks[name][doc_id]]
                        for name in select_tasks(gold, tasks)}
               for doc_id in gold.documents}
    return from_outputs(outputs, gold, "gold")


def score(gold: GoldSet, predictions: Predictions, tasks: list[str] | None = None, *,
          resamples: int = RESAMPLES, seed: int = SEED) -> dict[str, dict]:
    """Per task: its status, scorer version, headline metric, metric records with 95% intervals,
    the per-unit tallies behind them (for paired comparisons without re-running a system), and
    the records behind the headline metric's counts (for error analysis,
    :mod:`afp_strikes_bench.records`). Records are as :mod:`afp_strikes_bench.results` stores
    them, unrounded."""
    units = gold.units
    weights = resample_weights(len(units), resamples, seed)
    scored: dict[str, dict[str, Any]] = {}
    for name in select_tasks(gold, tasks):
        task = get_task(name)
        entry = {"version": task.info.version, "headline": task.info.headline}
        if not predictions.attempted(name):
            scored[name] = {"status": "not_attempted", **entry}
            continue
        metrics, tallies = {}, {}
        not_applicable = task.not_applicable(predictions.label_set)
        for metric, tally in task.score(gold, predictions.for_task(name)).items():
            if metric in not_applicable:  # said, never scored as zero; no tally to compare
                metrics[metric] = {"kind": "not_applicable", "reason": not_applicable[metric]}
            elif isinstance(tally, dict):
                metrics[metric] = group({key: summarize(part, units, weights)
                                         for key, part in sorted(tally.items())})
                tallies[metric] = group({key: to_record(part, units)
                                         for key, part in sorted(tally.items())})
            else:
                metrics[metric] = summarize(tally, units, weights)
                tallies[metric] = to_record(tally, units)
        scored[name] = {"status": "scored", **entry, "metrics": metrics, "tallies": tallies,
                        "explained": task.explain(gold, predictions.for_task(name))}
    return scored


def evaluate(system: str | System | ResolvedSystem, *,
             gold: GoldSet | str | Path | None = None, tasks: list[str] | None = None,
             name: str | None = None, options: dict[str, str] | None = None,
             label_set: str | None = None, variant: str | None = None,
             progress: bool = False, timeout: float | None = None,
             resamples: int = RESAMPLES, seed: int = SEED) -> dict:
    """Score ``system`` against ``gold`` (the benchmark's own by default): the results document
    (:mod:`afp_strikes_bench.results`), floats rounded as results files store them.

    ``system`` is what ``--system`` takes, or a callable from a document to its predictions
    (``bench.evaluate(mymodel.predict)``); ``name``, ``options`` and ``label_set`` are
    ``--name``, ``--system-arg``, ``--label-set`` and ``--timeout``; ``variant``
    (``--variant``) scores on that variant of the gold (:mod:`afp_strikes_bench.variants`)
    instead of the gold as given."""
    gold = gold if isinstance(gold, GoldSet) else load_gold(gold)
    if variant is not None:
        gold = load_variant(variant, gold)
    selected = select_tasks(gold, tasks)
    resolved = (system if isinstance(system, ResolvedSystem)
                else resolve_system(system, name=name, options=options))
    predictions = predict(resolved, gold, label_set=label_set, progress=progress,
                          timeout=timeout)
    return rounded({
        "system": {"name": resolved.name, "kind": resolved.kind,
                   "reference": resolved.reference, "metadata": resolved.metadata()},
        "harness": {"version": __version__, "git_commit": _git_commit()},
        "gold": {"version": gold.version, "sha256": gold.sha256,
                 "documents": len(gold.documents), "variant": gold.variant,
                 **({"derived_from": gold.derived_from} if gold.derived_from else {})},
        "predictions": {"sha256": predictions.sha256,
                        "missing_documents": predictions.missing,
                        "label_set": predictions.label_set or OWN_LABEL_NAME,
                        "anchoring": predictions.anchoring.as_record()},
        "bootstrap": {"resamples": resamples, "seed": seed, "unit": gold.unit_kind,
                      "units": len(gold.units), "min_units": MIN_UNITS},
        "tasks": score(gold, predictions, selected, resamples=resamples, seed=seed),
    })


def load_dataset(task: str, gold: str | Path | None = None):
    """One config of the gold (``documents``, a task, or ``tokens``, the IOB2 view) as a Hugging
    Face ``DatasetDict`` with one ``test`` split, offline.

    The cache is kept per gold content (its sha256): ``datasets`` keys a local folder's cache by
    its path, so a corrected gold would otherwise come back from the cache as it was."""
    import os

    from afp_strikes_bench.dataset_view import TOKENS, configs
    from afp_strikes_bench.gold import DEFAULT_GOLD, fingerprint

    known = [*configs(), TOKENS]
    if task not in known:
        raise InputError(f"unknown config {task!r}; configs are {', '.join(known)}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import datasets

    folder = Path(gold or DEFAULT_GOLD).resolve()
    cache = Path(datasets.config.HF_DATASETS_CACHE) / "afp-strikes-bench" / fingerprint(folder)
    return datasets.load_dataset(str(folder), task, cache_dir=str(cache))


def _git_commit() -> str | None:
    """The harness's commit, with ``-dirty`` when its files have uncommitted changes; None when
    it does not run from a checkout (an installed wheel), whatever repository it sits in."""
    if Path(__file__).resolve().parent != CHECKOUT / "eval" or not (CHECKOUT / ".git").exists():
        return None
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=CHECKOUT, capture_output=True,
                                text=True, timeout=5)
        if commit.returncode != 0:
            return None
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "eval", "baselines",
                                "schema"], cwd=CHECKOUT, capture_output=True, text=True, timeout=5)
        return commit.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return None
