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
from collections import Counter
from pathlib import Path

from afp_strikes_bench import __version__
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.formats import get_format
from afp_strikes_bench.gold import GoldSet, load_gold
from afp_strikes_bench.metrics.bootstrap import MIN_UNITS, RESAMPLES, SEED, resample_weights
from afp_strikes_bench.predictions import (
    OWN_LABEL_NAME,
    Predictions,
    check_label_set,
    from_outputs,
    load_predictions,
)
from afp_strikes_bench.resources import CHECKOUT
from afp_strikes_bench.results import rounded
from afp_strikes_bench.shards import merge_scored, shard_as_json, shard_from_json, tally_shard
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
          resamples: int = RESAMPLES, seed: int = SEED, jobs: int = 1) -> dict[str, dict]:
    """Per task: its status, scorer version, headline metric, metric records with 95% intervals,
    the per-unit tallies behind them (for paired comparisons without re-running a system), and
    the records behind the headline metric's counts (for error analysis,
    :mod:`afp_strikes_bench.records`; at most :data:`~afp_strikes_bench.shards.RECORDS_KEPT` per
    metric, the rest counted in ``explained_left_out``). Records are as
    :mod:`afp_strikes_bench.results` stores them, unrounded.

    ``jobs`` processes score shards of the documents (:mod:`afp_strikes_bench.shards`); the
    result is the same, to the last bit, for any number of them."""
    selected = select_tasks(gold, tasks)
    shards = min(jobs, len(gold.documents))
    if shards <= 1:
        scored = [tally_shard(gold, predictions, selected)]
    else:
        scored = [shard_from_json(found, gold.units)
                  for found in _score_in_processes(gold, predictions, selected, shards)]
    weights = resample_weights(len(gold.units), resamples, seed)
    return merge_scored(scored, gold.units, weights, predictions.label_set)


#: what the worker processes of :func:`_score_in_processes` score: set once in each of them
_WORKER_INPUTS: tuple[GoldSet, Predictions, list[str], int] | None = None


def _set_worker_inputs(gold: GoldSet, predictions: Predictions, tasks: list[str],
                       shards: int) -> None:
    global _WORKER_INPUTS
    _WORKER_INPUTS = (gold, predictions, tasks, shards)


def _score_worker_shard(shard: int) -> dict[str, dict]:
    assert _WORKER_INPUTS is not None, "the pool's initializer sets the inputs"
    gold, predictions, tasks, shards = _WORKER_INPUTS
    return shard_as_json(tally_shard(gold, predictions, tasks, shard, shards), gold.units)


def _score_in_processes(gold: GoldSet, predictions: Predictions, tasks: list[str],
                        shards: int) -> list[dict[str, dict]]:
    """Every shard's tallies and records (:func:`~afp_strikes_bench.shards.shard_as_json`: rows
    travel back more compactly than tally objects), one process each, in shard order. The
    inputs reach the workers through the pool's initializer: where processes are
    forked (Linux) they are inherited, not pickled, and only the shards' tallies and records
    come back."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=shards, mp_context=context,
                             initializer=_set_worker_inputs,
                             initargs=(gold, predictions, tasks, shards)) as pool:
        return list(pool.map(_score_worker_shard, range(shards)))


def evaluate(system: str | System | ResolvedSystem, *,
             gold: GoldSet | str | Path | None = None, tasks: list[str] | None = None,
             name: str | None = None, options: dict[str, str] | None = None,
             label_set: str | None = None, variant: str | None = None,
             progress: bool = False, timeout: float | None = None,
             resamples: int = RESAMPLES, seed: int = SEED, jobs: int = 1) -> dict:
    """Score ``system`` against ``gold`` (the benchmark's own by default): the results document
    (:mod:`afp_strikes_bench.results`), floats rounded as results files store them.

    ``system`` is what ``--system`` takes, or a callable from a document to its predictions
    (``bench.evaluate(mymodel.predict)``); ``name``, ``options`` and ``label_set`` are
    ``--name``, ``--system-arg``, ``--label-set`` and ``--timeout``; ``variant``
    (``--variant``) scores on that variant of the gold (:mod:`afp_strikes_bench.variants`)
    instead of the gold as given; ``jobs`` (``--jobs``) scores in that many processes, with the
    same results."""
    gold_set, resolved, predictions, selected = _inputs(system, gold, tasks, name, options,
                                                        label_set, variant, progress, timeout)
    return rounded({**_header(resolved, gold_set, predictions, resamples, seed),
                    "tasks": score(gold_set, predictions, selected, resamples=resamples, seed=seed,
                                   jobs=jobs)})


def evaluate_shard(system: str | System | ResolvedSystem, *, shard: int, shards: int,
                   gold: GoldSet | str | Path | None = None, tasks: list[str] | None = None,
                   name: str | None = None, options: dict[str, str] | None = None,
                   label_set: str | None = None, variant: str | None = None,
                   progress: bool = False, timeout: float | None = None,
                   resamples: int = RESAMPLES, seed: int = SEED) -> dict:
    """A partial results document (``bench eval --shard K/N``): the ``shard``-th (from 0) of
    ``shards`` runs of consecutive gold documents scored into tallies and explained records,
    unrounded and without metrics, for :func:`merge` to combine with the other shards. The
    arguments are :func:`evaluate`'s; the system's predictions are read (or made) for the whole
    gold, so that every shard records the same predictions sha256."""
    gold_set, resolved, predictions, selected = _inputs(system, gold, tasks, name, options,
                                                        label_set, variant, progress, timeout)
    if not 0 <= shard < shards:
        raise InputError(f"shard {shard + 1} of {shards}: give K/N with 1 <= K <= N",
                         field="--shard")
    return {"partial": {"shard": shard, "shards": shards},
            **_header(resolved, gold_set, predictions, resamples, seed),
            "tasks": shard_as_json(tally_shard(gold_set, predictions, selected, shard, shards),
                                   gold_set.units)}


def merge(partials: list[dict]) -> dict:
    """The results document of a single run from the partial results of every shard
    (:func:`evaluate_shard`, in any order): refused unless they are of the same gold,
    predictions, system, harness and bootstrap settings and hold every shard once."""
    if not partials:
        raise InputError("nothing to merge")
    shards = partials[0]["partial"]["shards"]
    header = {key: value for key, value in partials[0].items() if key not in ("partial", "tasks")}
    for partial in partials[1:]:
        for key, value in header.items():
            if partial[key] != value:
                raise InputError(f"the parts differ in {key}: they are not shards of one run")
        if partial["partial"]["shards"] != shards:
            raise InputError("the parts are shards of different splits "
                             f"({shards} and {partial['partial']['shards']} shards)")
    ordered = sorted(partials, key=lambda partial: partial["partial"]["shard"])
    numbers = [partial["partial"]["shard"] for partial in ordered]
    if numbers != list(range(shards)):
        given = Counter(numbers)
        twice = [str(k + 1) for k in sorted(given) if given[k] > 1]
        missing = [str(k + 1) for k in range(shards) if k not in given]
        raise InputError(f"the parts must hold each of the {shards} shards once: "
                         + "; ".join(([f"given twice: {', '.join(twice)}"] if twice else [])
                                     + ([f"missing: {', '.join(missing)}"] if missing else [])))
    bootstrap = header["bootstrap"]
    weights = resample_weights(bootstrap["units"], bootstrap["resamples"], bootstrap["seed"])
    units = _units_of(ordered)
    label_set = check_label_set(header["predictions"]["label_set"])
    return rounded({**header, "tasks": merge_scored([shard_from_json(partial["tasks"], units)
                                                     for partial in ordered],
                                                    units, weights, label_set)})


def _units_of(partials: list[dict]) -> list[int]:
    """Stand-ins for the gold's units, which partial files name by index: tallies read from
    files are matched and resampled by index, in the order of the gold's units."""
    return list(range(partials[0]["bootstrap"]["units"]))


def _inputs(system, gold, tasks, name, options, label_set, variant, progress,
            timeout) -> tuple[GoldSet, ResolvedSystem, Predictions, list[str]]:
    """The gold (of the variant asked for), the system, its predictions and the tasks."""
    gold = gold if isinstance(gold, GoldSet) else load_gold(gold)
    if variant is not None:
        gold = load_variant(variant, gold)
    selected = select_tasks(gold, tasks)
    resolved = (system if isinstance(system, ResolvedSystem)
                else resolve_system(system, name=name, options=options))
    predictions = predict(resolved, gold, label_set=label_set, progress=progress,
                          timeout=timeout)
    return gold, resolved, predictions, selected


def _header(resolved: ResolvedSystem, gold: GoldSet, predictions: Predictions, resamples: int,
            seed: int) -> dict:
    """What a results document says besides its tasks: the system, the harness, the gold, the
    predictions and the bootstrap settings."""
    return {
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
    }


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
