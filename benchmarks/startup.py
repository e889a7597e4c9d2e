"""Start-up time of the commands that must stay light: `bench --help` and `bench validate`.

Usage: python benchmarks/startup.py [--runs N]

Prints the median and best wall time over N runs of each command (a fresh interpreter each
time), how much longer than a bare ``python -c pass`` measured in the same run it takes (the
target is 0.15 s at most), and the heavy modules each one imported (there should be none).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {"bench --help": ["--help"], "bench validate gold": ["validate", str(ROOT / "gold")]}
HEAVY = ("spacy", "datasets", "thinc", "torch", "pyarrow", "matplotlib")


def wall_times(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def measure(arguments: list[str], runs: int) -> tuple[float, float, list[str]]:
    times = wall_times([sys.executable, "-m", "afp_strikes_bench.cli", *arguments], runs)
    trace = subprocess.run([sys.executable, "-X", "importtime", "-m", "afp_strikes_bench.cli",
                            *arguments],
                           capture_output=True, text=True).stderr
    heavy = sorted({line.split("|")[-1].strip() for line in trace.splitlines()
                    if line.startswith("import time:")
                    and line.split("|")[-1].strip().split(".")[0] in HEAVY})
    return statistics.median(times), min(times), heavy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    bare = statistics.median(wall_times([sys.executable, "-c", "pass"], runs))
    print(f"bare python -c pass: {bare:.3f} s (median of {runs})\n")
    print("| command | median (s) | best (s) | over bare python (s) | heavy imports |\n"
          "|---|---|---|---|---|")
    for name, arguments in COMMANDS.items():
        median, best, heavy = measure(arguments, runs)
        print(f"| `{name}` | {median:.3f} | {best:.3f} | {median - bare:+.3f} | "
              f"{', '.join(heavy) or 'none'} |")


if __name__ == "__main__":
    main()
