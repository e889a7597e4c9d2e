"""``bench explain``: where a system goes wrong on a task, from its results file alone.

Results keep a match record for every gold and predicted item (:mod:`afp_strikes_bench.matches`),
so the
system is not run again: the gold supplies only the text. The report groups false positives by
predicted label, false negatives by gold label and confusions by (gold, predicted) label pair,
counts them, and shows each with its sentence; the confusion matrix (scikit-learn's) crosses gold
and predicted labels, with ``(none)`` for a missed or a spurious item. ``--html`` renders gold and
prediction side by side in one self-contained page: displaCy for entities, nested ``<mark>``
elements for the other tasks; every string from the results file is escaped.
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

from afp_strikes_bench.errors import InputError, printable
from afp_strikes_bench.gold import GoldSet, load_gold
from afp_strikes_bench.matches import counts
from afp_strikes_bench.results import REFERENCE_RESULTS, inconsistencies, load_results

NONE, NO_LABEL = "(none)", "(no label)"
#: how each kind of error is grouped, and under which heading
GROUPS = (("fp", "False positives", "by predicted label"),
          ("fn", "False negatives", "by gold label"),
          ("confused", "Confusions", "gold → predicted"))
COLOURS = {"tp": "#b7e4c7", "fn": "#ffd6a5", "fp": "#ffadad", "confused": "#cdb4db"}
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n[ \t]*\n\s*")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence: a full stop, question or exclamation mark (closing
    quotes included) before a capital or a digit, or a blank line. A plain rule, not a parser:
    an abbreviation before a capital ("Mr. Khan") splits a sentence.

    >>> text = "Iran struck. “Nine died,” he said.\\n\\nPakistan replied"
    >>> [text[start:end] for start, end in sentence_bounds(text)]
    ['Iran struck.', '“Nine died,” he said.', 'Pakistan replied']
    """
    bounds, start = [], 0
    for boundary in _SENTENCE_END.finditer(text):
        end = boundary.start() + len(boundary.group().rstrip())
        bounds.append((start, end))
        start = boundary.end()
    bounds.append((start, len(text)))
    return [(start + len(text[start:end]) - len(text[start:end].lstrip()), end)
            for start, end in bounds if text[start:end].strip()]


def in_sentence(text: str, span: list[int], bounds: list[tuple[int, int]]) -> str:
    """The sentence(s) holding ``span``, on one line, with the span in ``[[ ]]``.

    >>> text = "Iran struck. Nine died."
    >>> in_sentence(text, [13, 17], sentence_bounds(text))
    '[[Nine]] died.'
    """
    start, end = span
    first = max((s for s, _ in bounds if s <= start), default=0)
    last = min((e for _, e in bounds if e >= end), default=len(text))
    marked = f"{text[first:start]}[[{text[start:end]}]]{text[end:last]}"
    return " ".join(marked.split())


def explain(results: dict, task: str, gold: GoldSet, *, file: str = "") -> dict:
    """The error report of one task of a results document (see the module docstring)."""
    entry = results["tasks"].get(task)
    system = results["system"]["name"]
    if entry is None:
        raise InputError(f"no {task} in the results (tasks: {', '.join(results['tasks'])})",
                         file=file)
    if entry["status"] != "scored":
        raise InputError(f"{system} did not attempt {task}", file=file)
    if results["gold"]["sha256"] != gold.sha256:
        raise InputError(f"scored against gold sha256 {results['gold']['sha256'][:12]}, but "
                         f"{gold.path} has {gold.sha256[:12]}; pass the right --gold or score "
                         "again", file=file)
    misfit = next(inconsistencies(results, gold), None)
    if misfit is not None:
        field, message = misfit
        raise InputError(f"does not fit the gold: {message}", file=file, field=field)
    records = entry["matches"]
    texts = {doc_id: document.text for doc_id, document in gold.documents.items()}
    bounds = {doc_id: sentence_bounds(text) for doc_id, text in texts.items()}
    groups = {status: _grouped([r for r in records if r["status"] == status], status, texts,
                               bounds)
              for status, _, _ in GROUPS}
    return {"system": system, "file": file, "task": task, "headline": entry["headline"],
            "gold": results["gold"], "counts": counts(records), "groups": groups,
            "confusion_matrix": confusion_matrix(records), "records": records,
            "documents": {doc_id: texts[doc_id] for doc_id in dict.fromkeys(
                r["doc_id"] for r in records)}}


def _group_label(record: dict, status: str) -> str:
    gold, predicted = record["gold_label"] or NO_LABEL, record["predicted_label"] or NO_LABEL
    return {"fp": predicted, "fn": gold}.get(status, f"{gold} → {predicted}")


def _grouped(records: list[dict], status: str, texts: dict, bounds: dict) -> list[dict]:
    """Records grouped by label, then by the text they cover; largest groups first."""
    by_label: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for record in records:
        start, end = record["span"]
        covered = texts[record["doc_id"]][start:end]
        by_label[_group_label(record, status)][covered].append({
            "doc_id": record["doc_id"], "span": record["span"], "gold": record["gold"],
            "prediction": record["prediction"],
            "sentence": in_sentence(texts[record["doc_id"]], record["span"],
                                    bounds[record["doc_id"]])})
    groups = [{"label": label, "count": sum(map(len, by_text.values())),
               "items": [{"text": text, "count": len(found), "occurrences": found}
                         for text, found in sorted(by_text.items(),
                                                   key=lambda pair: (-len(pair[1]), pair[0]))]}
              for label, by_text in by_label.items()]
    return sorted(groups, key=lambda group: (-group["count"], group["label"]))


def confusion_matrix(records: list[dict]) -> dict:
    """Gold label (rows) by predicted label (columns) over every record, scikit-learn's
    ``confusion_matrix``; a missed item is predicted ``(none)``, a spurious one is gold
    ``(none)``; a match whose prediction claims no label is ``(no label)``.

    >>> matrix = confusion_matrix([
    ...     {"status": "tp", "gold_label": "GPE", "predicted_label": "GPE"},
    ...     {"status": "confused", "gold_label": "GPE", "predicted_label": "ORG"},
    ...     {"status": "fn", "gold_label": "ORG", "predicted_label": None}])
    >>> matrix["labels"], matrix["matrix"]
    (['GPE', 'ORG', '(none)'], [[1, 1, 0], [0, 0, 1], [0, 0, 0]])
    """
    from sklearn.metrics import confusion_matrix as sklearn_confusion_matrix

    gold = [record["gold_label"] or NO_LABEL if record["status"] != "fp" else NONE
            for record in records]
    predicted = [record["predicted_label"] or NO_LABEL if record["status"] != "fn" else NONE
                 for record in records]
    labels = sorted(set(gold + predicted) - {NONE}) + [NONE]
    if not records:
        return {"labels": labels, "matrix": [[0]]}
    matrix = sklearn_confusion_matrix(gold, predicted, labels=labels)
    return {"labels": labels, "matrix": matrix.tolist()}


def explain_system(system: str, task: str, *, results_dir: str | Path | None = None,
                   gold: str | Path | None = None) -> dict:
    """:func:`explain` for a results file, or for the system of that name in ``results_dir``
    (the reference results shipped with the benchmark by default)."""
    path = Path(system)
    if path.is_file():
        results = load_results(path)
    else:
        folder = Path(results_dir) if results_dir is not None else REFERENCE_RESULTS
        path, results = _find_results(system, folder)
    return explain(results, task, load_gold(gold), file=str(path))


def _find_results(system: str, folder: Path) -> tuple[Path, dict]:
    """The results file of ``system`` in ``folder``, and its contents."""
    if not folder.is_dir():
        raise InputError(f"no results file {system!r}, and no results folder to look it up in",
                         file=str(folder))
    names = {}
    for path in sorted(folder.glob("*.json")):
        results = load_results(path)
        names[results["system"]["name"]] = path, results
    if system not in names:
        known = ", ".join(sorted(names)) or "none"
        raise InputError(f"no results for system {system!r} (systems: {known}); write them "
                         f"with bench eval --system {system} --out {folder}/NAME.json",
                         file=str(folder))
    return names[system]


# Rendering ---------------------------------------------------------------------------------


def render_text(report: dict) -> str:
    """The report for the terminal: counts, grouped errors with sentences, the matrix."""
    found = report["counts"]
    lines = [f"{report['system']} on {report['task']} ({report['file']}); "
             f"items matched by exact main span (not the {report['headline']} metric's "
             "matching)",
             "  ".join(f"{status} {found[status]}" for status in found), ""]
    for status, heading, grouping in GROUPS:
        lines.append(f"{heading} ({found[status]}), {grouping}:")
        for group in report["groups"][status]:
            lines.append(f"  {group['label']} ({group['count']})")
            for item in group["items"]:
                lines.append(f"    {item['text']!r} ×{item['count']}")
                lines += [f"      {occurrence['sentence']}"
                          for occurrence in item["occurrences"]]
        lines.append("")
    lines += ["Confusion matrix (rows: gold, columns: predicted):",
              *_matrix_lines(report["confusion_matrix"])]
    # names, labels and sentences come from a results file and the gold: an ANSI sequence or
    # a bidi override in them is shown, not obeyed by the terminal
    return "\n".join(map(printable, lines)) + "\n"


def _matrix_lines(matrix: dict) -> list[str]:
    labels = matrix["labels"]
    width = max(map(len, labels))
    columns = [max(len(label), 3) for label in labels]
    header = "  ".join(label.rjust(c) for label, c in zip(labels, columns))
    lines = ["  " + " " * width + "  " + header]
    for label, row in zip(labels, matrix["matrix"]):
        lines.append("  " + label.ljust(width) + "  "
                     + "  ".join(str(v).rjust(c) for v, c in zip(row, columns)))
    return lines


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
.side-by-side { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.5rem; }
.scroll { overflow-x: auto; }
.side-by-side > div { border: 1px solid #ddd; padding: 0.8rem; line-height: 2.2; }
.marked { white-space: pre-wrap; }
mark { padding: 0.1em 0.2em; border-radius: 0.3em; }
mark sup { font-size: 0.65em; font-weight: bold; margin-left: 0.2em; }
mark.tp { background: #b7e4c7; } mark.fn { background: #ffd6a5; }
mark.fp { background: #ffadad; } mark.confused { background: #cdb4db; }
table { border-collapse: collapse; } th, td { border: 1px solid #ddd; padding: 0.2rem 0.5rem; }
td { text-align: right; } th { text-align: left; }
li.sentence { color: #444; }
"""


def _side_label(record: dict, side: str) -> str:
    """What a highlight says: the label, and what went wrong from that side's point of view."""
    gold, predicted = record["gold_label"] or NO_LABEL, record["predicted_label"] or NO_LABEL
    status = record["status"]
    if side == "gold":
        return {"tp": gold, "fn": f"{gold} (missed)",
                "confused": f"{gold} (predicted {predicted})"}[status]
    return {"tp": predicted, "fp": f"{predicted} (spurious)",
            "confused": f"{predicted} (gold {gold})"}[status]


def _side_spans(records: list[dict], side: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, status, label)`` of the records shown on the gold or prediction side."""
    key = "gold" if side == "gold" else "prediction"
    return sorted({(r["span"][0], r["span"][1], r["status"], _side_label(r, side))
                   for r in records if r[key] is not None})


def _flat(spans: list[tuple[int, int, str, str]]) -> bool:
    """No two spans overlap and each has a label.

    >>> _flat([(0, 4, "tp", "GPE"), (5, 9, "fn", "ORG")])
    True
    >>> _flat([(0, 4, "tp", "A"), (2, 6, "fp", "B")])
    False
    """
    ordered = sorted(spans)
    return (all(label for *_, label in ordered)
            and all(before[1] <= after[0] for before, after in zip(ordered, ordered[1:])))


def nested_marks(text: str, spans: list[tuple[int, int, str, str]]) -> tuple[str, list]:
    """``text`` escaped, with each span a ``<mark>`` (nested where spans nest); spans that
    cross another are left out and returned.

    >>> spans = [(0, 5, "tp", "X"), (2, 5, "fp", "<Y>"), (4, 7, "fn", "Z")]
    >>> markup, crossing = nested_marks("a <b> c", spans)
    >>> markup.count("<mark"), crossing
    (2, [(4, 7, 'fn', 'Z')])
    >>> markup.endswith('title="&lt;Y&gt;">&lt;b&gt;<sup>&lt;Y&gt;</sup></mark>'
    ...                 '<sup>X</sup></mark> c</div>')
    True
    """
    kept: list[tuple[int, int, str, str]] = []
    crossing: list[tuple[int, int, str, str]] = []
    open_ends: list[int] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1], s[2], s[3])):
        open_ends = [end for end in open_ends if end > span[0]]
        if open_ends and span[1] > open_ends[-1]:
            crossing.append(span)
            continue
        kept.append(span)
        open_ends.append(span[1])
    # at one offset: closings before openings; inner spans close first and open last
    events = sorted([(start, 1, -end, index, index) for index, (start, end, *_) in enumerate(kept)]
                    + [(end, 0, -start, -index, index)
                       for index, (start, end, *_) in enumerate(kept)])
    parts, position = ['<div class="marked">'], 0
    for offset, opening, _, _, index in events:
        parts.append(_escape(text[position:offset]))
        position = offset
        _, _, status, label = kept[index]
        if opening:
            parts.append(f'<mark class="{status}" title="{_escape(label)}">')
        else:
            parts.append(f"<sup>{_escape(label)}</sup></mark>")
    parts.append(_escape(text[position:]) + "</div>")
    return "".join(parts), crossing


def _displacy(text: str, spans: list[tuple[int, int, str, str]]) -> tuple[str, list]:
    """displaCy's entity markup (no model needed); overlapping spans are left out and returned."""
    from spacy import displacy

    kept, overlapping, end_so_far = [], [], 0
    for span in sorted(spans):
        if span[0] < end_so_far:
            overlapping.append(span)
            continue
        kept.append(span)
        end_so_far = span[1]
    # displaCy escapes the text but not labels: labels come from a results file, so escape them
    labels = {span: _escape(span[3]) for span in kept}
    colours = {labels[span]: COLOURS[span[2]] for span in kept}
    markup = displacy.render({"text": text, "ents": [{"start": s[0], "end": s[1],
                                                      "label": labels[s]} for s in kept]},
                             style="ent", manual=True, page=False,
                             options={"colors": colours})
    return markup, overlapping


def _escape(text: str) -> str:
    """HTML-escaped, with control and bidi characters shown as escapes rather than obeyed (a
    document's line breaks kept)."""
    return html.escape(printable(text, keep="\n\t"))


def render_html(report: dict) -> str:
    """Gold and prediction side by side, the grouped errors and the confusion matrix: one page."""
    e = _escape
    found = report["counts"]
    title = f"{report['system']} on {report['task']}"
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
             'style-src \'unsafe-inline\'">',
             f"<title>{e(title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
             f"<h1>{e(title)}</h1>",
             f"<p>{e(report['file'])}; gold {e(report['gold']['version'])}. Items matched by "
             "exact main span. " + " ".join(
                 f'<mark class="{status}">{status} {found[status]}</mark>' for status in found)
             + "</p>"]
    for doc_id, text in report["documents"].items():
        records = [r for r in report["records"] if r["doc_id"] == doc_id]
        # displaCy draws flat labelled spans (entities); spans that nest or repeat (coreference
        # mentions, triggers inside a casualty figure) need nested marks
        # (and displaCy cannot escape a control or bidi character of the text: nested marks do)
        flat = (all(_flat(_side_spans(records, side)) for side in ("gold", "prediction"))
                and printable(text, keep="\n\t") == text)
        render = _displacy if flat else nested_marks
        parts.append(f'<h2>{e(doc_id)}</h2><div class="side-by-side">')
        for side, heading in (("gold", "gold"), ("prediction", f"prediction: {report['system']}")):
            markup, left_out = render(text, _side_spans(records, side))
            parts.append(f'<div class="{side}" data-side="{side}"><h3>{e(heading)}</h3>'
                         f"{markup}")
            if left_out:
                parts.append("<p>Not shown (overlapping): " + "; ".join(
                    e(f"{text[s:t]} {label}") for s, t, _, label in left_out) + "</p>")
            parts.append("</div>")
        parts.append("</div>")
    for status, heading, grouping in GROUPS:
        parts.append(f"<h2>{e(heading)} ({found[status]}), {e(grouping)}</h2><ul>")
        for group in report["groups"][status]:
            parts.append(f"<li>{e(group['label'])} ({group['count']})<ul>")
            for item in group["items"]:
                parts.append(f"<li><q>{e(item['text'])}</q> ×{item['count']}<ul>" + "".join(
                    f'<li class="sentence">{e(o["sentence"])}</li>' for o in item["occurrences"])
                    + "</ul></li>")
            parts.append("</ul></li>")
        parts.append("</ul>")
    matrix = report["confusion_matrix"]
    parts.append('<h2>Confusion matrix</h2><div class="scroll"><table class="confusion"><thead><tr>'
                 "<th>gold \\ predicted</th>" + "".join(f"<th>{e(label)}</th>"
                                                       for label in matrix["labels"])
                 + "</tr></thead><tbody>")
    for label, row in zip(matrix["labels"], matrix["matrix"]):
        parts.append(f"<tr><th>{e(label)}</th>" + "".join(f"<td>{value}</td>" for value in row)
                     + "</tr>")
    parts += ["</tbody></table></div>", "</body>", "</html>", ""]
    return "\n".join(parts)
