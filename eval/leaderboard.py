"""``bench leaderboard``: every system of a results folder, ranked per task, with honest ranks.

Per task, systems are ordered by the task's headline metric. Each system is compared with the
next one down by the paired bootstrap on the stored per-unit tallies
(:func:`afp_strikes_bench.compare.paired_difference`); the p-values of a task's adjacent
comparisons are
Holm-adjusted for their number, and a system shares the rank of the one above it unless the
adjusted p-value is below 0.05 (so a run of systems no test separates shares one rank). Each
comparison also gives the minimum detectable effect (MDE,
:data:`afp_strikes_bench.compare.MDE_FORMULA`):
where two systems share a rank and their difference is below it, the gold is too small to tell
them apart, and the table says so.

All results of one gold variant must come from the same gold (same sha256); otherwise the
leaderboard refuses, naming the files. A folder may hold results on the original gold and on its
counterfactual variant (:mod:`afp_strikes_bench.variants`): each variant is ranked on its own,
and the *contamination gap* sets side by side, per system scored on both and per task, the
headline on the original, on the counterfactual, and their difference with a paired bootstrap
test (the variant keeps the original's paragraphs, so the resampling units pair up). Every string
read from a results file is escaped in the Markdown and the HTML.
"""
from __future__ import annotations

import base64
import html
import io
import os
import re
import shlex
from pathlib import Path

from afp_strikes_bench.compare import ALPHA, MDE_FORMULA, paired_difference
from afp_strikes_bench.errors import InputError, printable
from afp_strikes_bench.io import check_output, dumps, read_text, write_output
from afp_strikes_bench.metrics.bootstrap import MIN_UNITS
from afp_strikes_bench.metrics.significance import TEST_RESAMPLES, holm
from afp_strikes_bench.results import (
    REFERENCE_RESULTS,
    check_comparable,
    load_results,
    score_value,
    variant_of,
)
from afp_strikes_bench.tasks import task_names

FORMATS = ("md", "html", "json")
README_BLOCK = re.compile(r"(<!-- leaderboard:start[^>]*-->\n)(.*?)(<!-- leaderboard:end -->)",
                          re.DOTALL)
#: what a row shows instead of a score
NOT_ATTEMPTED, NOT_SCORED = "not attempted", "not scored"
#: the headline needs labels the system's declared label set does not have
NOT_APPLICABLE = "not applicable"


def load_results_dir(folder: str | Path) -> list[tuple[str, dict]]:
    """``(file, results)`` for every ``*.json`` in ``folder``: per gold variant, all against the
    same gold and one file per system."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder of results files", file=str(folder))
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise InputError("no results files (*.json); write them with bench eval --out",
                         file=str(folder))
    named = [(str(path), load_results(path)) for path in paths]
    for group in by_variant(named).values():
        check_comparable(group)
        seen: dict[str, str] = {}
        for name, results in group:
            system = results["system"]["name"]
            if system in seen:
                raise InputError(f"system {system!r} appears in both {seen[system]} and "
                                 f"{name}; keep one results file per system and gold variant")
            seen[system] = name
    return named


def by_variant(named: list[tuple[str, dict]]) -> dict[str, list[tuple[str, dict]]]:
    """The results grouped by gold variant, the original first."""
    groups: dict[str, list[tuple[str, dict]]] = {}
    for name, results in sorted(named, key=lambda item: variant_of(item[1]) != "original"):
        groups.setdefault(variant_of(results), []).append((name, results))
    return groups


def build_all(named: list[tuple[str, dict]]) -> dict:
    """The leaderboard of results on one variant (:func:`build`); of results on several, the
    first variant's (the original's) with the others' under ``variants`` and the
    ``contamination_gap`` between the original and each."""
    groups = by_variant(named)
    first, *others = groups
    boards = build(groups[first])
    if others:
        boards["variants"] = {variant: build(groups[variant]) for variant in others}
        boards["contamination_gap"] = [row for variant in others
                                       for row in contamination_gap(groups[first],
                                                                    groups[variant])]
    return boards


def contamination_gap(original: list[tuple[str, dict]],
                      variant: list[tuple[str, dict]]) -> list[dict]:
    """Per task and per system scored on both: the headline on the original gold and on the
    variant, and the gap (original - variant) with its paired bootstrap test."""
    derived = {results["gold"].get("derived_from") for _, results in variant}
    if derived != {original[0][1]["gold"]["sha256"]}:
        raise InputError(f"{variant[0][0]} was scored on a {variant_of(variant[0][1])} variant "
                         f"of another gold than {original[0][0]}; score both on one gold")
    on_variant = {results["system"]["name"]: results for _, results in variant}
    rows = []
    present = {task for _, results in original for task in results["tasks"]}
    for task in [task for task in task_names() if task in present]:
        for _, results in original:
            system = results["system"]["name"]
            other = on_variant.get(system)
            entries = [results["tasks"].get(task), other and other["tasks"].get(task)]
            if other is None or any(e is None or e["status"] != "scored" for e in entries):
                continue
            headline = entries[0]["headline"]
            if any(e["metrics"][headline]["kind"] == "not_applicable" for e in entries):
                continue
            test = paired_difference(entries[0]["tallies"][headline],
                                     entries[1]["tallies"][headline], results)
            rows.append({"task": task, "system": system, "headline": headline,
                         "variant": variant_of(other), "original": test["a"],
                         "counterfactual": test["b"], "gap": test["difference"],
                         "ci95": test["ci95"], "p_value": test["p_value"],
                         **({"not_estimable": test["not_estimable"]}
                            if "not_estimable" in test else {})})
    return rows


def build(named: list[tuple[str, dict]]) -> dict:
    """The leaderboard of results on one gold as data: per task, ranked rows and the adjacent
    comparisons."""
    check_comparable(named)
    present = {task for _, results in named for task in results["tasks"]}
    tasks = [task for task in task_names() if task in present] + sorted(present - set(task_names()))
    first = named[0][1]
    return {"gold": first["gold"], "bootstrap": first["bootstrap"], "alpha": ALPHA,
            "mde_formula": MDE_FORMULA,
            "systems": [{"system": results["system"]["name"], "file": name,
                         "command": _command(name, results)} for name, results in named],
            "tasks": [_task_board(task, named) for task in tasks]}


def _task_board(task: str, named: list[tuple[str, dict]]) -> dict:
    scored, others, headline = [], [], None
    for name, results in named:
        entry = results["tasks"].get(task)
        row = {"system": results["system"]["name"], "file": name}
        if entry is None or entry["status"] != "scored":
            others.append({**row, "status": NOT_SCORED if entry is None else NOT_ATTEMPTED})
            continue
        headline = entry["headline"]
        record = entry["metrics"][headline]
        if record["kind"] == "not_applicable":
            others.append({**row, "status": NOT_APPLICABLE})
            continue
        scored.append({**row, "status": "scored", "value": score_value(record),
                       "ci95": record["ci95"], "tally": entry["tallies"][headline],
                       "results": results})
    scored.sort(key=lambda row: (-row["value"], row["system"]))
    comparisons = [{"higher": upper["system"], "lower": lower["system"],
                    **paired_difference(upper["tally"], lower["tally"], upper["results"])}
                   for upper, lower in zip(scored, scored[1:])]
    for comparison, adjusted in zip(comparisons, holm([c["p_value"] for c in comparisons])):
        comparison["p_holm"] = adjusted
        # a test the gold cannot make separates nothing: the systems share a rank
        comparison["separated"] = adjusted is not None and adjusted < ALPHA
        comparison["too_small"] = (not comparison["separated"] and comparison["mde"] is not None
                                   and abs(comparison["difference"]) < comparison["mde"])
    for index, row in enumerate(scored):
        separated = index == 0 or comparisons[index - 1]["separated"]
        row["rank"] = index + 1 if separated else scored[index - 1]["rank"]
        del row["tally"], row["results"]
    if headline is None:
        headline = next((results["tasks"][task]["headline"] for _, results in named
                         if task in results["tasks"]), "")
    return {"task": task, "headline": headline, "rows": scored + others,
            "comparisons": comparisons}


def _command(name: str, results: dict) -> str:
    system = results["system"]
    spec = system["name"] if system["kind"] in ("builtin", "plugin") else system["reference"]
    options = "".join(f" --system-arg {shlex.quote(f'{key}={value}')}"
                      for key, value in system["metadata"].get("options", {}).items())
    variant = "" if variant_of(results) == "original" else f" --variant {variant_of(results)}"
    return (f"bench eval --system {shlex.quote(spec)}{options}{variant} "
            f"--out {shlex.quote(name)}")


def notes(board: dict) -> list[str]:
    """Plain-text notes under a task's table: pairs the gold is too small to separate."""
    found = []
    for comparison in board["comparisons"]:
        if "not_estimable" in comparison:
            found.append(f"{comparison['higher']} and {comparison['lower']}: "
                         f"{comparison['not_estimable']}; they share a rank.")
        elif comparison["too_small"]:
            found.append(
                f"{comparison['higher']} and {comparison['lower']}: the gold is too small to "
                f"tell them apart (difference {comparison['difference']:.3f}, MDE "
                f"{comparison['mde']:.3f}, Holm-adjusted p = {comparison['p_holm']:.3f}).")
    return found


# Rendering ---------------------------------------------------------------------------------


def _score(row: dict) -> tuple[str, str]:
    if row["status"] != "scored":
        return row["status"], ""
    if row["ci95"] is None:
        return f"{row['value']:.3f}", "n/e"
    low, high = row["ci95"]
    return f"{row['value']:.3f}", f"[{low:.3f}, {high:.3f}]"


def _versus_next(board: dict, row: dict) -> tuple[str, str, str]:
    """Difference to the next system down, its Holm-adjusted p-value and the MDE."""
    comparison = next((c for c in board["comparisons"] if c["higher"] == row["system"]), None)
    if comparison is None:
        return "", "", ""
    if comparison["p_holm"] is None:
        return f"{comparison['difference']:+.3f}", "n/e", "n/e"
    return (f"{comparison['difference']:+.3f}", f"{comparison['p_holm']:.4f}",
            f"{comparison['mde']:.3f}")


COLUMNS = ("rank", "system", "{metric}", "95% CI", "Δ to next", "p (Holm)", "MDE")


def _table_rows(board: dict) -> list[tuple[str, ...]]:
    return [(str(row.get("rank", "—")), row["system"], *_score(row), *_versus_next(board, row))
            for row in board["rows"]]


def _markdown_text(value: str) -> str:
    """A results-derived string made inert in Markdown: HTML-escaped, Markdown punctuation
    backslash-escaped, on one line.

    >>> _markdown_text("<script>alert(1)</script> | *x*")
    '&lt;script&gt;alert\\\\(1\\\\)&lt;/script&gt; \\\\| \\\\*x\\\\*'
    """
    escaped = html.escape(" ".join(printable(value).split()), quote=True)
    return re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", escaped)


def _code_text(value: str) -> str:
    """A line for a fenced code block: a results file could carry markup or a fence, so ``<``,
    ``>`` and ``&`` become entities (inert, if not pretty) and backticks quotes.

    >>> _code_text("bench eval --system '<b>`x`' --out r.json")
    "bench eval --system '&lt;b&gt;'x'' --out r.json"
    """
    return html.escape(" ".join(printable(value).split()), quote=False).replace("`", "'")


def render_markdown(boards: dict, *, image: str | None = None, command: str | None = None) -> str:
    """The leaderboard as Markdown; ``image`` is the plot's path relative to the Markdown,
    ``command`` the ``bench leaderboard`` call that regenerates it."""
    gold = boards["gold"]
    lines = [f"Gold {_markdown_text(gold['version'] + _variant_words(gold))} (sha256 "
             f"`{gold['sha256'][:12]}`), {gold['documents']} document(s); 95% CIs by "
             f"bootstrap over {boards['bootstrap']['units']} {boards['bootstrap']['unit']}s "
             f"({boards['bootstrap']['resamples']} resamples); n/e: not estimable, the task's "
             f"items are in fewer than {MIN_UNITS} {boards['bootstrap']['unit']}s. Systems "
             f"share a rank unless a paired bootstrap test ({TEST_RESAMPLES:,} resamples) "
             f"against the next one up separates them at {boards['alpha']}, Holm-corrected for "
             "the number of adjacent comparisons in the task.", ""]
    if image:
        lines += [f"![Headline scores with 95% confidence intervals]({image})", ""]
    lines += _markdown_tasks(boards)
    for variant, board in boards.get("variants", {}).items():
        lines += [f"**On the {_markdown_text(variant)} variant** of the gold (sha256 "
                  f"`{board['gold']['sha256'][:12]}`):", ""] + _markdown_tasks(board)
    if "contamination_gap" in boards:
        lines += _markdown_gap(boards["contamination_gap"])
    lines += [f"{_markdown_text(boards['mde_formula'])}.", "",
              "Regenerate with:", "", "```bash"]
    commands = [system["command"] for system in _all_systems(boards)]
    lines += [_code_text(line) for line in commands + ([command] if command else [])]
    lines += ["```", ""]
    return "\n".join(lines)


def _variant_words(gold: dict) -> str:
    variant = gold.get("variant", "original")
    return "" if variant == "original" else f", {variant} variant"


def _all_systems(boards: dict) -> list[dict]:
    return boards["systems"] + [system for board in boards.get("variants", {}).values()
                                for system in board["systems"]]


GAP_COLUMNS = ("task", "system", "headline", "original", "counterfactual", "gap", "95% CI",
               "p")
GAP_NOTE = ("Contamination gap: the headline on the original gold minus on its counterfactual "
            "variant (names invented, figures and dates changed), per system scored on both; "
            "the interval and p-value are a paired bootstrap over the paragraphs, which the "
            "variant keeps. A system that read the article may lean on what it remembers and "
            "lose more; one that only reads loses what the invented names take from its "
            "knowledge of real names.")


def _gap_cells(row: dict) -> tuple[str, ...]:
    if row["p_value"] is None:
        interval, p_value = "n/e", "n/e"
    else:
        interval = f"[{row['ci95'][0]:+.3f}, {row['ci95'][1]:+.3f}]"
        p_value = f"{row['p_value']:.3f}"
    return (row["task"], row["system"], row["headline"], f"{row['original']:.3f}",
            f"{row['counterfactual']:.3f}", f"{row['gap']:+.3f}", interval, p_value)


def _markdown_gap(rows: list[dict]) -> list[str]:
    lines = ["**Contamination gap**", "", "| " + " | ".join(GAP_COLUMNS) + " |",
             "|" + "|".join("---" if c in ("task", "system", "headline") else "---:"
                            for c in GAP_COLUMNS) + "|"]
    lines += ["| " + " | ".join(map(_markdown_text, _gap_cells(row))) + " |" for row in rows]
    return lines + ["", _markdown_text(GAP_NOTE), ""]


def _markdown_tasks(boards: dict) -> list[str]:
    lines = []
    for board in boards["tasks"]:
        header = [c.format(metric=_markdown_text(board["headline"])) for c in COLUMNS]
        lines += [f"**{_markdown_text(board['task'])}** (headline: "
                  f"{_markdown_text(board['headline'])})", "",
                  "| " + " | ".join(header) + " |",
                  "|" + "|".join("---:" if c not in ("system",) else "---" for c in COLUMNS) + "|"]
        # only the system's name comes from a results file; the other cells are numbers
        lines += ["| " + " | ".join(_markdown_text(cell) if column == "system" else cell
                                    for column, cell in zip(COLUMNS, row)) + " |"
                  for row in _table_rows(board)]
        lines += [""] + [_markdown_text(note) for note in notes(board)]
        lines += [""] if notes(board) else []
    return lines


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; text-align: right; }
td.system, th.system { text-align: left; }
tr.not-scored td { color: #888; font-style: italic; }
p.note { color: #8a4b00; }
img { max-width: 100%; }
"""


def _html(value: str) -> str:
    """A string for the page: HTML-escaped, control and bidi characters shown as escapes rather
    than obeyed."""
    return html.escape(printable(value, keep="\n"))


def render_html(boards: dict, png: bytes | None = None, *, command: str | None = None) -> str:
    """One self-contained page: inline style, the plot as a data URI, every string escaped.

    Its content security policy allows nothing to load or run: the page is data only.
    """
    e = _html
    gold = boards["gold"]
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
             'img-src data:; style-src \'unsafe-inline\'">',
             "<title>Leaderboard</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
             "<h1>Leaderboard</h1>",
             f"<p>Gold {e(gold['version'])}{e(_variant_words(gold))} (sha256 "
             f"<code>{e(gold['sha256'][:12])}</code>), "
             f"{e(str(gold['documents']))} document(s); 95% CIs by bootstrap over "
             f"{e(str(boards['bootstrap']['units']))} {e(boards['bootstrap']['unit'])}s. "
             f"Systems share a rank unless a paired bootstrap test against the next one up "
             f"separates them at {boards['alpha']}, Holm-corrected.</p>"]
    if png is not None:
        parts.append('<img alt="Headline scores with 95% confidence intervals" '
                     f'src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">')
    parts += _html_tasks(boards)
    for variant, board in boards.get("variants", {}).items():
        parts += [f'<h2 id="variant-{e(variant)}">On the {e(variant)} variant</h2>',
                  f"<p>Gold sha256 <code>{e(board['gold']['sha256'][:12])}</code>.</p>"]
        parts += _html_tasks(board, id_prefix=f"{variant}-")
    if "contamination_gap" in boards:
        parts += ['<section id="contamination-gap">', "<h2>Contamination gap</h2>",
                  '<table class="gap">', "<thead><tr>" + "".join(
                      f'<th class="{_css(c)}">{e(c)}</th>' for c in GAP_COLUMNS)
                  + "</tr></thead>",
                  "<tbody>"]
        parts += ["<tr>" + "".join(f'<td class="{_css(c)}">{e(cell)}</td>'
                                   for c, cell in zip(GAP_COLUMNS, _gap_cells(row))) + "</tr>"
                  for row in boards["contamination_gap"]]
        parts += ["</tbody>", "</table>", f'<p class="note">{e(GAP_NOTE)}</p>', "</section>"]
    commands = [system["command"] for system in _all_systems(boards)] + (
        [command] if command else [])
    parts += [f"<p>{e(boards['mde_formula'])}.</p>", "<p>Regenerate with:</p>",
              "<pre>" + e("\n".join(commands)) + "</pre>",
              "</body>", "</html>", ""]
    return "\n".join(parts)


def _html_tasks(boards: dict, id_prefix: str = "") -> list[str]:
    """The task tables of one variant's board; ``id_prefix`` keeps element ids unique."""
    e = _html
    parts: list[str] = []
    for board in boards["tasks"]:
        header = [c.format(metric=board["headline"]) for c in COLUMNS]
        parts += [f'<section id="{e(id_prefix)}task-{e(board["task"])}">',
                  f"<h2>{e(board['task'])} <small>(headline: {e(board['headline'])})</small></h2>",
                  f'<table class="leaderboard" data-task="{e(board["task"])}">',
                  "<thead><tr>" + "".join(f'<th class="{_css(c)}">{e(h)}</th>'
                                          for c, h in zip(COLUMNS, header)) + "</tr></thead>",
                  "<tbody>"]
        for row, cells in zip(board["rows"], _table_rows(board)):
            css = "scored" if row["status"] == "scored" else "not-scored"
            parts.append(f'<tr class="{css}">' + "".join(
                f'<td class="{_css(c)}">{e(cell)}</td>' for c, cell in zip(COLUMNS, cells))
                + "</tr>")
        parts += ["</tbody>", "</table>"]
        parts += [f'<p class="note">{e(note)}</p>' for note in notes(board)]
        parts.append("</section>")
    return parts


def _css(column: str) -> str:
    return "system" if column in ("system", "task", "headline") else "number"


def plot_png(boards: dict) -> bytes:
    """Headline scores with 95% CI error bars, one panel per task (matplotlib, Agg)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    heights = [max(1, len(board["rows"])) * 0.45 + 0.8 for board in boards["tasks"]]
    figure, axes = pyplot.subplots(len(heights), 1, figsize=(7, sum(heights)), squeeze=False,
                                   gridspec_kw={"height_ratios": heights})
    for axis, board in zip(axes[:, 0], boards["tasks"]):
        rows = board["rows"]
        positions = list(range(len(rows)))[::-1]
        for position, row in zip(positions, rows):
            if row["status"] == "scored" and row["ci95"] is None:  # a point, no bar: n/e
                axis.plot([row["value"]], [position], "o", color="#1f5f99", fillstyle="none")
            elif row["status"] == "scored":
                low, high = row["ci95"]
                axis.errorbar([row["value"]], [position], capsize=4, fmt="o", color="#1f5f99",
                              xerr=[[row["value"] - low], [high - row["value"]]])
            else:
                axis.text(0.01, position, row["status"], va="center", color="#888",
                          fontstyle="italic")
        axis.set_yticks(positions, [_plain(row["system"]) for row in rows])
        axis.set_xlim(-0.02, 1.02)
        axis.set_ylim(-0.7, len(rows) - 0.3)
        axis.set_title(_plain(f"{board['task']}: {board['headline']}"), loc="left", fontsize=10)
        axis.grid(axis="x", color="#ddd")
    axes[-1, 0].set_xlabel("score (95% bootstrap CI; an open dot: not estimable)")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    pyplot.close(figure)
    return buffer.getvalue()


def _plain(text: str) -> str:
    """Text for matplotlib, which would read ``$...$`` as mathematics."""
    return printable(text).replace("$", r"\$")


# Writing -----------------------------------------------------------------------------------


def leaderboard(results_dir: str | Path | None = None, *, fmt: str = "md",
                out: str | Path | None = None, readme: str | Path | None = None) -> str | None:
    """Build and render the leaderboard of ``results_dir`` (the reference results shipped with
    the benchmark by default); write it to ``out`` (with the plot beside Markdown), or into
    ``readme`` between its leaderboard markers; else return it as text."""
    results_dir = Path(results_dir) if results_dir is not None else REFERENCE_RESULTS
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}",
                         field="--format")
    if readme is not None and (fmt != "md" or out is not None):
        raise InputError("takes --format md and no --out", field="--readme")
    for target in (out, readme):
        if target is not None:  # before the work, not after it
            check_output(target)
    image = None
    if out is not None and fmt == "md":  # the plot, beside the Markdown
        image = check_output(Path(out).with_suffix(".png"))
        if image == Path(out):
            raise InputError("the plot is written beside the Markdown with the suffix .png; "
                             "give the Markdown another suffix (.md)", file=str(out))
    boards = build_all(load_results_dir(results_dir))
    command = f"bench leaderboard {results_dir} --format {fmt}"
    if fmt == "json":
        text = dumps(boards)
    elif fmt == "html":
        text = render_html(boards, plot_png(boards),
                           command=f"{command} --out {out}" if out else command)
    elif readme is not None:
        _update_readme(Path(readme), boards, Path(results_dir) / "leaderboard.png",
                       f"{command} --readme {readme}")
        return None
    elif out is not None and image is not None:
        write_output(image, plot_png(boards))
        text = render_markdown(boards, image=image.name, command=f"{command} --out {out}")
    else:
        text = render_markdown(boards, command=command)
    if out is None:
        return text
    write_output(out, text)
    return None


def _update_readme(readme: Path, boards: dict, image: Path, command: str) -> None:
    content = read_text(readme)  # a FIFO, a folder or bytes that are not UTF-8: one line
    if not README_BLOCK.search(content):
        raise InputError("no <!-- leaderboard:start ... --> ... <!-- leaderboard:end --> block",
                         file=str(readme))
    write_output(image, plot_png(boards))
    relative = Path(os.path.relpath(image, readme.parent)).as_posix()
    block = render_markdown(boards, image=relative, command=command)
    updated = README_BLOCK.sub(lambda match: match.group(1) + block + match.group(3), content,
                               count=1)
    write_output(readme, updated)
