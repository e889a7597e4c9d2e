"""The benchmark's harness: load the gold, run or read a system, score it, write results.

The command line ``bench`` is a thin layer over these calls::

    import eval as bench
    gold = bench.load_gold()
    results = bench.evaluate("spacy-sm", gold=gold)
    bench.write_results(results, "results/spacy-sm.json")
"""
__version__ = "0.1.0"

from eval.api import (evaluate, load_dataset, load_results, predict, score,  # noqa: E402
                      select_tasks, write_results)
from eval.errors import InputError  # noqa: E402
from eval.gold import GoldSet, load_gold  # noqa: E402
from eval.predictions import Predictions, load_predictions  # noqa: E402

__all__ = ["GoldSet", "InputError", "Predictions", "evaluate", "load_dataset", "load_gold",
           "load_predictions", "load_results", "predict", "score", "select_tasks", "write_results"]
