"""``bench compare A B``: two systems' results, metric by metric, with a paired test.

Results files keep each metric's per-unit tallies, so the comparison re-runs nothing: both
systems are re-scored on the same bootstrap resamples of units
(:mod:`afp_strikes_bench.metrics.significance`, 10,000 resamples), which gives the difference
A - B, its 95% interval and a two-sided p-value.

**The correction family is the task.** The p-values are Holm-adjusted over the metrics of one
task (and the labels of its grouped metrics): each task is a separate question a reader asks of
two systems ("which reads entities better?"), and a table of five tasks should not make the
answer on one depend on how many metrics another reports. A test the gold cannot make (fewer
than :data:`~afp_strikes_bench.metrics.bootstrap.MIN_UNITS` units hold either system's items) is
reported as not estimable and left out of the family.

The *minimum detectable effect* says how large a true difference the gold can see:
``MDE = (z_0.975 + z_0.8) * SE``, where SE is the standard deviation of the paired bootstrap
differences: the smallest difference a two-sided test at 0.05 detects with 80% power (the
normal approximation, as in power analyses for NLP evaluation, Card et al. 2020).
"""
from __future__ import annotations

import textwrap
from pathlib import Path
from statistics import NormalDist

from afp_strikes_bench.errors import printable
from afp_strikes_bench.metrics.bootstrap import MIN_UNITS, not_estimable
from afp_strikes_bench.metrics.counts import from_record
from afp_strikes_bench.metrics.significance import (
    TEST_RESAMPLES,
    headline_value,
    holm,
    paired_bootstrap,
)
from afp_strikes_bench.results import check_comparable, flatten, gold_label, load_results

ALPHA = 0.05
POWER = 0.8
#: z_{1 - alpha/2} + z_{power}: 1.96 + 0.84
MDE_FACTOR = NormalDist().inv_cdf(1 - ALPHA / 2) + NormalDist().inv_cdf(POWER)
MDE_FORMULA = ("Minimum detectable effect (MDE) = (z_0.975 + z_0.8) × SE = 2.80 × SE, SE the "
               "standard deviation of the paired bootstrap differences: the smallest true "
               "difference a two-sided test at α = 0.05 detects with 80% power")
#: the width the text tables keep to
WIDTH = 80


def paired_difference(record_a: dict, record_b: dict, results: dict) -> dict:
    """The paired test of two tallies (as results store them) on the units of ``results``:
    both values, the difference A - B with its 95% interval, p-value, and MDE (the last three
    None, with the reason, where the gold cannot tell)."""
    bootstrap = results["bootstrap"]
    units = list(range(bootstrap["units"]))
    tally_a, tally_b = from_record(record_a, units), from_record(record_b, units)
    test = paired_bootstrap(tally_a, tally_b, units, resamples=TEST_RESAMPLES,
                            seed=bootstrap["seed"])
    row = {"a": headline_value(tally_a, units), "b": headline_value(tally_b, units),
           "difference": test["difference"], "ci95": test["ci95"], "p_value": test["p_value"],
           "mde": None if test["standard_error"] is None
           else MDE_FACTOR * test["standard_error"]}
    if test["p_value"] is None:
        row["not_estimable"] = not_estimable(test["units"], bootstrap["units"], bootstrap["unit"])
    return row


def compare(results_a: dict, results_b: dict, *, names: tuple[str, str] = ("A", "B")) -> dict:
    """Every metric both systems were scored on, tested pairwise (see the module docstring)."""
    check_comparable(list(zip(names, (results_a, results_b))))
    tasks = {}
    for task in sorted(set(results_a["tasks"]) | set(results_b["tasks"])):
        a, b = results_a["tasks"].get(task), results_b["tasks"].get(task)
        unscored = [name for name, side in zip(names, (a, b))
                    if side is None or side["status"] != "scored"]
        if unscored:
            tasks[task] = {"compared": False,
                           "reason": " and ".join(unscored) + " did not attempt it"}
            continue
        # one test per metric, and per key of a grouped metric, that both were scored on
        tallies_b = dict(flatten(b["tallies"]))
        rows = [{"metric": metric, **paired_difference(record_a, tallies_b[metric], results_a)}
                for metric, record_a in flatten(a["tallies"]) if metric in tallies_b]
        for row, adjusted in zip(rows, holm([row["p_value"] for row in rows])):
            row["p_holm"] = adjusted
        tasks[task] = {"compared": True, "headline": a["headline"], "rows": rows,
                       "tests": sum(row["p_value"] is not None for row in rows)}
    return {"a": {"file": names[0], "system": results_a["system"]["name"]},
            "b": {"file": names[1], "system": results_b["system"]["name"]},
            "gold": results_a["gold"], "resamples": TEST_RESAMPLES, "alpha": ALPHA,
            "min_units": MIN_UNITS,
            "units": f"{results_a['bootstrap']['units']} {results_a['bootstrap']['unit']}s",
            "family": "task", "mde_formula": MDE_FORMULA, "tasks": tasks}


def compare_files(path_a: str | Path, path_b: str | Path) -> dict:
    return compare(load_results(path_a), load_results(path_b), names=(str(path_a), str(path_b)))


def render_text(comparison: dict) -> str:
    """The comparison as plain-text tables, one per task, the headline metric first and marked
    ``>``; within :data:`WIDTH` columns (a long metric name gets a line of its own)."""
    a, b = comparison["a"], comparison["b"]
    lines = [f"A = {a['system']} ({a['file']})", f"B = {b['system']} ({b['file']})",
             f"gold {gold_label(comparison)}; paired bootstrap, {comparison['resamples']:,} "
             "resamples;", "p (Holm) adjusted over each task's tests; "
             f"* = significant at {comparison['alpha']};",
             "> = the task's headline metric; n/e = not estimable", ""]
    header = ("metric", "A", "B", "A - B", "95% CI", "p", "p (Holm)", "MDE")
    for task, result in comparison["tasks"].items():
        if not result["compared"]:
            lines += [*textwrap.wrap(f"{task}: not compared: {result['reason']}", WIDTH,
                                     subsequent_indent="  "), ""]
            continue
        rows = sorted(result["rows"], key=lambda row: row["metric"] != result["headline"])
        cells = [_cells(row, row["metric"] == result["headline"], comparison["alpha"])
                 for row in rows]
        widths = [max(len(row[i]) for row in [header, *cells]) for i in range(1, len(header))]
        name_width = WIDTH - 2 - sum(widths) - 2 * len(widths)
        lines.append(f"{task} ({result['tests']} tests)")
        for row in [header, *cells]:
            numbers = "  ".join(cell.rjust(width) for cell, width in zip(row[1:], widths))
            if len(row[0]) > name_width:  # its own line, the numbers under it
                lines += ["  " + row[0], "  " + " " * name_width + "  " + numbers]
            else:
                lines.append("  " + row[0].ljust(name_width) + "  " + numbers)
        unestimable = [row["metric"] for row in rows if "not_estimable" in row]
        if unestimable:
            units = comparison["units"]
            lines += textwrap.wrap(f"n/e: the items are in fewer than {comparison['min_units']} "
                                   f"of the {units}: " + ", ".join(unestimable), WIDTH,
                                   initial_indent="  ", subsequent_indent="    ")
        lines.append("")
    lines += textwrap.wrap(comparison["mde_formula"] + ".", WIDTH)
    # system names, files, metric names come from results files: shown, never obeyed
    return "\n".join(map(printable, lines)) + "\n"


def _cells(row: dict, headline: bool, alpha: float) -> tuple[str, ...]:
    name = ("> " if headline else "  ") + row["metric"]
    values = (f"{row['a']:.3f}", f"{row['b']:.3f}", f"{row['difference']:+.3f}")
    if row["p_value"] is None:
        return (name, *values, "n/e", "n/e", "n/e", "n/e")
    low, high = row["ci95"]
    star = "*" if row["p_holm"] < alpha else ""
    return (name, *values, f"[{low:+.3f}, {high:+.3f}]", f"{row['p_value']:.4f}",
            f"{row['p_holm']:.4f}{star}", f"{row['mde']:.3f}")
