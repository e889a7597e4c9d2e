"""``bench compare A B``: two systems' results, metric by metric, with a paired test.

Results files keep each metric's per-unit tallies, so the comparison re-runs nothing: both
systems are re-scored on the same bootstrap resamples of units
(:mod:`afp_strikes_bench.metrics.significance`),
which gives the difference A - B, its 95% interval and a two-sided p-value. The p-values are also
given Holm-adjusted over every metric compared (the family of tests one reads off the table).

The *minimum detectable effect* says how large a true difference the gold can see:
``MDE = (z_0.975 + z_0.8) * SE``, where SE is the standard deviation of the paired bootstrap
differences: the smallest difference a two-sided test at 0.05 detects with 80% power (the
normal approximation, as in power analyses for NLP evaluation, Card et al. 2020).
"""
from __future__ import annotations

from pathlib import Path
from statistics import NormalDist

from afp_strikes_bench.metrics.counts import from_record
from afp_strikes_bench.metrics.significance import headline_value, holm, paired_bootstrap
from afp_strikes_bench.results import check_comparable, flatten, gold_label, load_results

ALPHA = 0.05
POWER = 0.8
#: z_{1 - alpha/2} + z_{power}: 1.96 + 0.84
MDE_FACTOR = NormalDist().inv_cdf(1 - ALPHA / 2) + NormalDist().inv_cdf(POWER)
MDE_FORMULA = ("Minimum detectable effect (MDE) = (z_0.975 + z_0.8) × SE = 2.80 × SE, SE the "
               "standard deviation of the paired bootstrap differences: the smallest true "
               "difference a two-sided test at α = 0.05 detects with 80% power")


def paired_difference(record_a: dict, record_b: dict, results: dict) -> dict:
    """The paired test of two tallies (as results store them) on the units of ``results``:
    both values, the difference A - B with its 95% interval, p-value, and MDE."""
    units = list(range(results["bootstrap"]["units"]))
    resamples, seed = results["bootstrap"]["resamples"], results["bootstrap"]["seed"]
    tally_a, tally_b = from_record(record_a, units), from_record(record_b, units)
    test = paired_bootstrap(tally_a, tally_b, units, resamples=resamples, seed=seed)
    return {"a": headline_value(tally_a, units), "b": headline_value(tally_b, units),
            "difference": test["difference"], "ci95": test["ci95"],
            "p_value": test["p_value"], "mde": MDE_FACTOR * test["standard_error"]}


def compare(results_a: dict, results_b: dict, *, names: tuple[str, str] = ("A", "B")) -> dict:
    """Every metric both systems were scored on, tested pairwise (see the module docstring)."""
    check_comparable(list(zip(names, (results_a, results_b))))
    tasks, tests = {}, []
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
        tasks[task] = {"compared": True, "headline": a["headline"], "rows": rows}
        tests += rows
    for row, adjusted in zip(tests, holm([row["p_value"] for row in tests])):
        row["p_holm"] = adjusted
    return {"a": {"file": names[0], "system": results_a["system"]["name"]},
            "b": {"file": names[1], "system": results_b["system"]["name"]},
            "gold": results_a["gold"], "tests": len(tests), "alpha": ALPHA,
            "mde_formula": MDE_FORMULA, "tasks": tasks}


def compare_files(path_a: str | Path, path_b: str | Path) -> dict:
    return compare(load_results(path_a), load_results(path_b), names=(str(path_a), str(path_b)))


def render_text(comparison: dict) -> str:
    """The comparison as plain-text tables, one per task, the headline metric first."""
    a, b = comparison["a"], comparison["b"]
    lines = [f"A = {a['system']} ({a['file']})", f"B = {b['system']} ({b['file']})",
             f"gold {gold_label(comparison)}; paired bootstrap; "
             f"p (Holm) adjusted over {comparison['tests']} tests; * = significant at "
             f"{comparison['alpha']}", ""]
    header = ("metric", "A", "B", "A - B", "95% CI", "p", "p (Holm)", "MDE")
    for task, result in comparison["tasks"].items():
        if not result["compared"]:
            lines += [f"{task}: not compared: {result['reason']}", ""]
            continue
        rows = sorted(result["rows"], key=lambda row: row["metric"] != result["headline"])
        table = [header] + [_cells(row, row["metric"] == result["headline"],
                                   comparison["alpha"]) for row in rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(header))]
        lines.append(task)
        lines += ["  " + "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                                   for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
                  for row in table]
        lines.append("")
    lines.append(comparison["mde_formula"] + ".")
    return "\n".join(lines) + "\n"


def _cells(row: dict, headline: bool, alpha: float) -> tuple[str, ...]:
    low, high = row["ci95"]
    star = "*" if row["p_holm"] < alpha else ""
    mde = "" if row["mde"] is None else f"{row['mde']:.3f}"
    return (row["metric"] + (" (headline)" if headline else ""), f"{row['a']:.3f}",
            f"{row['b']:.3f}", f"{row['difference']:+.3f}", f"[{low:+.3f}, {high:+.3f}]",
            f"{row['p_value']:.4f}", f"{row['p_holm']:.4f}{star}", mde)
