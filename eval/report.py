"""Tables of a results document, for the terminal."""
from __future__ import annotations

from afp_strikes_bench.tasks import get_task


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def metric_rows(name: str, record: dict) -> list[list[str]]:
    """``[metric, P, R, F1 / accuracy, 95% CI, counts]`` rows for one metric or group."""
    if record["kind"] == "group":  # one row per key
        return [row for key, part in record["by"].items()
                for row in metric_rows(f"{name} {key}", part)]
    if record["kind"] == "not_applicable":
        return [[name, "", "", "n/a", "", "not applicable to the declared label set"]]
    low, high = record["ci95"]
    interval = f"[{_fmt(low)}, {_fmt(high)}]"
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


def print_tables(results: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:  # piped or captured: rich's default of 80 columns wraps rows
        console = Console(width=140)
    system = results["system"]["name"]
    for task_name, task in results["tasks"].items():
        if task["status"] != "scored":
            console.print(f"[bold]{task_name}[/bold] ({system}): not attempted\n")
            continue
        table = Table(title=f"{task_name} — {system}", title_justify="left")
        for column in ("metric", "P", "R", "F1/acc", "95% CI", "counts"):
            table.add_column(column, justify="left" if column in ("metric", "counts") else "right",
                             no_wrap=column == "metric")
        order = get_task(task_name).info.report_order or tuple(task["metrics"])
        for metric in order:
            if metric in task["metrics"]:
                for row in metric_rows(metric, task["metrics"][metric]):
                    table.add_row(*row, style="bold" if metric == task["headline"] else None)
        console.print(table)
        console.print()
