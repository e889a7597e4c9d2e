"""Tables of a results document, for the terminal: one per task, the headline metric marked,
readable at 80 columns (long names and counts wrap; intervals never do)."""
from __future__ import annotations

from afp_strikes_bench.errors import printable
from afp_strikes_bench.results import flatten
from afp_strikes_bench.tasks import get_task

#: what marks the task's headline metric (bold is lost when the output is piped)
HEADLINE_MARK = "> "
#: a 95% interval at three decimals, which the table never cuts
INTERVAL_WIDTH = len("[0.000, 1.000]")


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def metric_rows(name: str, record: dict) -> list[list[str]]:
    """``[metric, P, R, F1 / accuracy, 95% CI, counts]`` rows for one metric or group."""
    if record["kind"] == "group":  # one row per key
        return [row for key, part in record["by"].items()
                for row in metric_rows(f"{name} {key}", part)]
    if record["kind"] == "not_applicable":
        return [[name, "", "", "n/a", "", "not applicable to the declared label set"]]
    interval = "n/e" if record["ci95"] is None else \
        f"[{_fmt(record['ci95'][0])}, {_fmt(record['ci95'][1])}]"
    if record["kind"] == "accuracy":
        return [[name, "", "", _fmt(record["accuracy"]), interval,
                 f"{record['correct']}/{record['total']}"]]
    counts = {
        "prf": lambda: f"tp {record['tp']} fp {record['fp']} fn {record['fn']}",
        "mean": lambda: ("mean of " + ", ".join(record["of"][:4])
                         + (" …" if len(record["of"]) > 4 else "")),
        "ratio": lambda: (f"P {record['precision_numerator']:.4g}/"
                          f"{record['precision_denominator']:.4g} "
                          f"R {record['recall_numerator']:.4g}/{record['recall_denominator']:.4g}"),
    }[record["kind"]]()
    return [[name, _fmt(record["precision"]), _fmt(record["recall"]), _fmt(record["f1"]),
             interval, counts]]


def print_tables(results: dict, *, width: int | None = None) -> None:
    """Every task's table; ``width`` fixes the width (default: the terminal's, 80 when the
    output is not a terminal)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(width=width)
    # a name is the user's (--name): shown as given, never read as rich markup or obeyed
    system = escape(printable(results["system"]["name"]))
    bootstrap = results["bootstrap"]
    for task_name, task in results["tasks"].items():
        if task["status"] != "scored":
            console.print(f"[bold]{task_name}[/bold] ({system}): not attempted\n")
            continue
        table = Table(title=f"{task_name} — {system} ({HEADLINE_MARK.strip()} headline)",
                      title_justify="left")
        table.add_column("metric", overflow="fold", ratio=2)
        for column in ("P", "R", "F1/acc"):
            table.add_column(column, justify="right", no_wrap=True)
        table.add_column("95% CI", justify="right", no_wrap=True, min_width=INTERVAL_WIDTH)
        table.add_column("counts", overflow="fold", ratio=1)
        order = get_task(task_name).info.report_order or tuple(task["metrics"])
        for metric in order:
            if metric not in task["metrics"]:
                continue
            headline = metric == task["headline"]
            for row in metric_rows(metric, task["metrics"][metric]):
                name = (HEADLINE_MARK if headline else "  ") + row[0]
                table.add_row(name, *row[1:], style="bold" if headline else None)
        console.print(table)
        if any("ci95" in record and record["ci95"] is None
               for _, record in flatten(task["metrics"])):
            console.print(f"n/e: not estimable: the items are in fewer than "
                          f"{bootstrap['min_units']} of the {bootstrap['units']} "
                          f"{bootstrap['unit']}s the intervals resample")
        console.print()
