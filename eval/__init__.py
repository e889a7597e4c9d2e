"""The benchmark's harness: load the gold, run or read a system, score it, write results.

The command line ``bench`` is a thin layer over these calls::

    import afp_strikes_bench as bench
    gold = bench.load_gold()
    results = bench.evaluate("spacy-sm", gold=gold)
    bench.write_results(results, "results/spacy-sm.json")

The names below load on first use (PEP 562), so ``bench --help`` imports no numerical library.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: the harness's version, the one place it is set (pyproject.toml reads it from here)
__version__ = "0.2.0"

#: public name -> the module that defines it
_EXPORTS = {
    "evaluate": "api", "load_dataset": "api", "predict": "api", "score": "api",
    "select_tasks": "api",
    "load_results": "results", "write_results": "results",
    "InputError": "errors",
    "GoldSet": "gold", "load_gold": "gold",
    "Predictions": "predictions", "load_predictions": "predictions",
    "load_variant": "variants",
}

__all__ = ["GoldSet", "InputError", "Predictions", "evaluate", "load_dataset", "load_gold",
           "load_predictions", "load_results", "load_variant", "predict", "score",
           "select_tasks", "write_results"]

if TYPE_CHECKING:
    from afp_strikes_bench.api import evaluate, load_dataset, predict, score, select_tasks
    from afp_strikes_bench.errors import InputError
    from afp_strikes_bench.gold import GoldSet, load_gold
    from afp_strikes_bench.predictions import Predictions, load_predictions
    from afp_strikes_bench.results import load_results, write_results
    from afp_strikes_bench.variants import load_variant


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
