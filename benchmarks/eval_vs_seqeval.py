"""Wall time and peak memory of ``bench eval`` against seqeval, and of the other tasks.

Usage: python benchmarks/eval_vs_seqeval.py [--documents 100 1000 10000] [--others 1000]
                                            [--jobs N]

For each size, synthetic entity data (benchmarks/synthetic.py: 100 mentions a document) is
written as a gold folder and a predictions file, and two fresh interpreters are timed whole,
from start to exit (imports included): ``bench eval --tasks entities --out`` (its command-line
entry point, every entities metric with 1,000 bootstrap resamples) and seqeval's
``classification_report`` on the IOB2 tags of the same mentions (read from a JSON file). A
third interpreter runs the library's steps one at a time, for where the time goes: loading and
checking the gold and the predictions, scoring, rounding and writing the results. Peak memory
is each process's own peak (``VmHWM``; ``ru_maxrss`` would count the parent's too). The micro
P/R/F1 of the two must agree, and bench exit 0, or the script exits 1. Then coreference,
events, casualties and attributions on ``--others`` copies of the article with edited
predictions.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from afp_strikes_bench.tasks import get_task
from synthetic import write_article_copies, write_entities

PEAK = """
def peak_mb():
    # VmHWM, the peak resident memory of this process's own address space: ru_maxrss would
    # also count the parent's, which Linux carries into a child through fork and exec
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

BENCH_CLI = PEAK + """
import json, sys
from afp_strikes_bench.cli import main
gold_path, predictions, tasks, out, jobs = sys.argv[1:6]
status = main(["eval", "--gold", gold_path, "--system", predictions, "--tasks", tasks,
               "--out", out, "--jobs", jobs])
fine = json.load(open(out))["tasks"][tasks.split(",")[0]]["metrics"].get("fine", {})
print(json.dumps({"status": status, "peak_mb": peak_mb(), "prf": [fine.get(k) for k in
    ("precision", "recall", "f1")]}))
"""

STAGES_RUNNER = PEAK + """
import json, sys, time
from afp_strikes_bench import api
from afp_strikes_bench.gold import load_gold
from afp_strikes_bench.results import rounded, write_results
gold_path, predictions, tasks, out, jobs = sys.argv[1:6]
stages, start = {}, time.perf_counter()
gold = load_gold(gold_path)
stages["load gold"] = time.perf_counter() - start
mark = time.perf_counter()
resolved = api.resolve_system(predictions)
found = api.predict(resolved, gold)
stages["load predictions"] = time.perf_counter() - mark
mark = time.perf_counter()
scored = api.score(gold, found, tasks.split(","), jobs=int(jobs))
stages["score"] = time.perf_counter() - mark
mark = time.perf_counter()
results = rounded({**api._header(resolved, gold, found, 1000, api.SEED), "tasks": scored})
write_results(results, out)
stages["write"] = time.perf_counter() - mark
stages["total"] = time.perf_counter() - start
fine = results["tasks"][tasks.split(",")[0]]["metrics"].get("fine", {})
print(json.dumps({"stages": stages, "peak_mb": peak_mb(), "prf": [fine.get(k) for k in
    ("precision", "recall", "f1")]}))
"""

SEQEVAL_RUNNER = PEAK + """
import json, sys, time
from seqeval.metrics import classification_report
start = time.perf_counter()
tags = json.load(open(sys.argv[1]))
report = classification_report(tags["true"], tags["pred"], output_dict=True, digits=10)
total = time.perf_counter() - start
micro = report["micro avg"]
print(json.dumps({"stages": {"total": total}, "peak_mb": peak_mb(), "prf": [
    micro["precision"], micro["recall"],
    micro["f1-score"]]}))
"""


def measure(runner: str, *arguments: str) -> dict:
    """Run ``runner`` in a fresh interpreter: the process's wall time (``process``, imports
    included), its stages' wall times, its peak memory, P/R/F1."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", runner, *arguments], capture_output=True,
                          text=True, check=True)
    process = time.perf_counter() - start
    return {**json.loads(done.stdout.splitlines()[-1]), "process": process}


def entities(size: int, folder: Path, jobs: int) -> bool:
    gold, predictions = folder / f"gold{size}", folder / f"predictions{size}.jsonl"
    y_true, y_pred = write_entities(gold, predictions, size)
    tags = folder / f"tags{size}.json"
    tags.write_text(json.dumps({"true": y_true, "pred": y_pred}))
    arguments = (str(gold), str(predictions), "entities", str(folder / "results.json"), str(jobs))
    ours = measure(BENCH_CLI, *arguments)
    theirs = measure(SEQEVAL_RUNNER, str(tags))
    stages = measure(STAGES_RUNNER, *arguments)["stages"]
    loading = stages["load gold"] + stages["load predictions"]
    print(f"| {size:,} | {size * 100:,} | {ours['process']:.2f} | {loading:.2f} | "
          f"{stages['score']:.2f} | {stages['write']:.2f} | {ours['peak_mb']:.0f} | "
          f"{theirs['process']:.2f} | {theirs['peak_mb']:.0f} | "
          f"{theirs['process'] / ours['process']:.1f} |", flush=True)
    agree = ours["status"] == 0 and all(abs(a - b) <= 1e-9
                                        for a, b in zip(ours["prf"], theirs["prf"]))
    if not agree:
        print(f"micro P/R/F1 differ: bench {ours['prf']}, seqeval {theirs['prf']}",
              file=sys.stderr)
    return agree


def other_tasks(size: int, folder: Path, jobs: int) -> None:
    for task in ("coreference", "events", "casualties", "attributions"):
        gold, predictions = folder / f"{task}{size}", folder / f"{task}{size}.jsonl"
        # a task's gold refers to the gold of the tasks it depends on (events to coreference)
        write_article_copies(gold, predictions, size,
                             tasks=(task, *get_task(task).info.depends_on))
        arguments = (str(gold), str(predictions), task, str(folder / "results.json"), str(jobs))
        ours = measure(BENCH_CLI, *arguments)
        stages = measure(STAGES_RUNNER, *arguments)["stages"]
        print(f"| {task} | {size:,} | {ours['process']:.2f} | "
              f"{stages['load gold'] + stages['load predictions']:.2f} | {stages['score']:.2f} | "
              f"{stages['write']:.2f} | {ours['peak_mb']:.0f} |", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[100, 1_000, 10_000])
    parser.add_argument("--others", type=int, default=1_000,
                        help="documents for the other tasks (0: skip them)")
    parser.add_argument("--jobs", type=int, default=1, help="bench's --jobs")
    arguments = parser.parse_args()
    agree = True
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        print("| documents | mentions | bench s | of which loading s | scoring s | writing s "
              "| bench peak MB | seqeval s | seqeval peak MB | seqeval/bench |\n"
              "|---|---|---|---|---|---|---|---|---|---|")
        for size in arguments.documents:
            agree &= entities(size, folder, arguments.jobs)
        if arguments.others:
            print("\n| task | documents | bench s | of which loading s | scoring s "
                  "| writing s | peak MB |\n|---|---|---|---|---|---|---|")
            other_tasks(arguments.others, folder, arguments.jobs)
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
