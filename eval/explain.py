"""``bench explain``: what a task's headline metric scored, from a results file alone.

Results keep, per task, the records behind the headline metric's counts
(:mod:`afp_strikes_bench.records`), built from the very pairing the scorer counts, so the system
is not run again (the gold supplies only the text) and the report's counts are the metric's: an
event argument with its trigger, an attribution with its source, cue and content fragments, a
casualty figure with its fields (and each field that ``field_accuracy`` scores), an entity
mention. Coreference's CoNLL F1 is a mean of ratios, not counts: it is explained by MUC's links
(gold clusters split, predicted clusters merged) and by missed and invented mentions.

The report groups each kind of error by label, then by the text it covers, and shows each with
its sentence and what the gold and the prediction hold; the confusion matrix (scikit-learn's)
crosses gold and predicted labels over the headline's records, with ``(none)`` for a missed or
a spurious item. ``--html`` lays gold and prediction out side by side in one self-contained
page, a table row per paragraph so the two sides stay aligned: displaCy where the marks are
flat, nested ``<mark>`` elements elsewhere; every string from the results file is escaped.
"""
from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from pathlib import Path

from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError, printable
from afp_strikes_bench.gold import GoldSet, load_gold
from afp_strikes_bench.records import MATCH_STATUSES, counts
from afp_strikes_bench.results import REFERENCE_RESULTS, inconsistencies, load_results
from afp_strikes_bench.variants import ORIGINAL, load_variant

NONE, NO_LABEL = "(none)", "(no label)"
#: the records listed, each status under its heading and grouping; the others are only counted
HEADINGS = {"fn": ("False negatives", "by gold label"),
            "fp": ("False positives", "by predicted label"),
            "wrong": ("Wrong fields", "by field"),
            "split": ("Gold clusters split", "by gold cluster"),
            "merged": ("Predicted clusters merging gold clusters", "by the clusters merged"),
            "missed": ("Missed mentions", "by gold cluster"),
            "invented": ("Invented mentions", "in no gold cluster")}
COLOURS = {"tp": "#b7e4c7", "fn": "#ffd6a5", "fp": "#ffadad", "context": "#e9ecef"}
#: what a mark says of a record, from the side it is shown on
_ON_SIDE = {"tp": "", "fn": "missed", "fp": "spurious", "split": "split", "merged": "merged",
            "missed": "missed", "invented": "invented"}
#: the colour class of a mark, by the record's status
_MARK_CLASS = {"tp": "tp", "fn": "fn", "fp": "fp", "split": "fn", "missed": "fn",
               "merged": "fp", "invented": "fp"}
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
        where = (gold.path if gold.variant == "original"
                 else f"the {gold.variant} variant of {gold.path}")
        raise InputError(f"scored against gold sha256 {results['gold']['sha256'][:12]}, but "
                         f"{where} has {gold.sha256[:12]}; pass the right --gold or score "
                         "again", file=file)
    misfit = next(inconsistencies(results, gold), None)
    if misfit is not None:
        field, message = misfit
        raise InputError(f"does not fit the gold: {message}", file=file, field=field)
    texts = {doc_id: document.text for doc_id, document in gold.documents.items()}
    bounds = {doc_id: sentence_bounds(text) for doc_id, text in texts.items()}
    sections = []
    for metric, records in entry["explained"].items():
        found = counts(records)
        # records beyond the cap are counted, not kept: the counts stay the metric's
        for status, left_out in entry.get("explained_left_out", {}).get(metric, {}).items():
            found[status] = found.get(status, 0) + left_out
        sections.append({
            "metric": metric, "counts": found, "scored": _scored_counts(entry["metrics"][metric]),
            "groups": {status: _grouped([r for r in records if r["status"] == status], texts,
                                        bounds)
                       for status in found if status in HEADINGS},
            "records": records})
    headline = sections[0]
    is_match = set(headline["counts"]) <= set(MATCH_STATUSES)
    return {"system": system, "file": file, "task": task, "headline": entry["headline"],
            "gold": results["gold"], "sections": sections,
            "confusion_matrix": confusion_matrix(headline["records"]) if is_match else None,
            "documents": {doc_id: texts[doc_id] for doc_id in dict.fromkeys(
                r["doc_id"] for r in headline["records"])}}


def _scored_counts(metric: dict) -> dict:
    """What the results say the metric counted: tp, fp, fn; correct and total per field; or,
    for a mean of ratios, the MUC numerators and denominators its records explain."""
    if metric["kind"] == "prf":
        return {status: metric[status] for status in MATCH_STATUSES}
    if metric["kind"] == "group":
        return {key: {"correct": member["correct"], "total": member["total"]}
                for key, member in metric["by"].items()}
    return {}


def _group_label(record: dict) -> str:
    return record["label"] if record["label"] is not None else NO_LABEL


def _grouped(records: list[dict], texts: dict, bounds: dict) -> list[dict]:
    """Records grouped by label, then by the text they cover; largest groups first."""
    by_label: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for record in records:
        text = texts[record["doc_id"]]
        start, end = record["span"]
        by_label[_group_label(record)][text[start:end]].append({
            "doc_id": record["doc_id"], "span": record["span"],
            "sentence": in_sentence(text, record["span"], bounds[record["doc_id"]]),
            "details": details(record, text)})
    groups = [{"label": label, "count": sum(map(len, by_text.values())),
               "items": [{"text": text, "count": len(found), "occurrences": found}
                         for text, found in sorted(by_text.items(),
                                                   key=lambda pair: (-len(pair[1]), pair[0]))]}
              for label, by_text in by_label.items()]
    return sorted(groups, key=lambda group: (-group["count"], group["label"]))


def details(record: dict, text: str) -> list[str]:
    """What each side holds (its label, the text of each span, its fields), what differs, and
    the pieces of a split or merged cluster: one line each.

    >>> text = "Iran said nine died."
    >>> record = {"status": "fn", "differences": ["role"],
    ...     "gold": {"ref": "V1", "label": "Life.Die", "fields": {"role": "Victim"},
    ...              "spans": [{"part": "argument", "start": 10, "end": 14}],
    ...              "context": [{"part": "trigger", "start": 15, "end": 19}]},
    ...     "prediction": None}
    >>> details(record, text)
    ["gold V1 Life.Die: argument 'nine', role Victim; trigger 'died'", 'differs: role']
    """
    lines = []
    for side_name, side in (("gold", record["gold"]), ("predicted", record["prediction"])):
        if side is None:
            continue
        ref = f" #{side['ref']}" if isinstance(side["ref"], int) else (
            f" {side['ref']}" if side["ref"] is not None else "")
        held = [f"{span['part']} {text[span['start']:span['end']]!r}" for span in side["spans"]]
        held += [f"{name} {value}" for name, value in side.get("fields", {}).items()]
        context = [f"{span['part']} {text[span['start']:span['end']]!r}"
                   for span in side.get("context", [])]
        label = f" {side['label']}" if side["label"] is not None else ""
        lines.append(f"{side_name}{ref}{label}: " + ", ".join(held)
                     + ("; " + ", ".join(context) if context else ""))
    if record["differences"]:
        lines.append("differs: " + ", ".join(record["differences"]))
    for part in record.get("parts", []):
        other = "(none)" if part["ref"] is None else (
            f"#{part['ref']}" if isinstance(part["ref"], int) else part["ref"])
        lines.append(f"part {other}: " + ", ".join(repr(text[start:end])
                                                   for start, end in part["spans"]))
    return lines


def confusion_matrix(records: list[dict]) -> dict:
    """Gold label (rows) by predicted label (columns) over a match metric's records,
    scikit-learn's ``confusion_matrix``: a true positive on its label's diagonal, a false
    negative shown with the prediction it nearly matched (the false positive naming the same
    pair) at that prediction's label, any other false negative predicted ``(none)``, any other
    false positive gold ``(none)``; no label is ``(no label)``.

    >>> gpe = {"ref": "E1", "label": "GPE", "spans": []}
    >>> org = {"ref": 0, "label": "ORG", "spans": []}
    >>> matrix = confusion_matrix([
    ...     {"doc_id": "d", "status": "tp", "label": "GPE", "gold": gpe, "prediction": gpe},
    ...     {"doc_id": "d", "status": "fn", "label": "GPE", "gold": gpe, "prediction": org},
    ...     {"doc_id": "d", "status": "fp", "label": "ORG", "gold": gpe, "prediction": org},
    ...     {"doc_id": "d", "status": "fn", "label": "ORG", "gold": org, "prediction": None}])
    >>> matrix["labels"], matrix["matrix"]
    (['GPE', 'ORG', '(none)'], [[1, 1, 0], [0, 0, 1], [0, 0, 0]])
    """
    from sklearn.metrics import confusion_matrix as sklearn_confusion_matrix

    def pair(record: dict) -> str:
        return json.dumps([record["doc_id"], record["gold"], record["prediction"]],
                          sort_keys=True)

    predicted_label = {pair(r): _group_label(r) for r in records
                       if r["status"] == "fp" and r["gold"] is not None}
    gold, predicted = [], []
    for record in records:
        label = _group_label(record)
        if record["status"] == "tp":
            gold.append(label)
            predicted.append(label)
        elif record["status"] == "fn":
            gold.append(label)
            predicted.append(predicted_label.get(pair(record), NONE))
        elif record["gold"] is None:  # a false positive nearly matching nothing
            gold.append(NONE)
            predicted.append(label)
    labels = sorted(set(gold + predicted) - {NONE}) + [NONE]
    if not gold:
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
    # results scored on a variant are explained against that variant's text
    variant = results["gold"].get("variant", ORIGINAL)
    return explain(results, task, load_variant(variant, load_gold(gold)), file=str(path))


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
    """The report for the terminal: each explained metric's counts and its grouped errors with
    their sentences and details, then the confusion matrix."""
    lines = [f"{report['system']} on {report['task']} ({report['file']}): the records behind "
             f"the headline metric, {report['headline']}, as its scorer counted them", ""]
    for section in report["sections"]:
        lines += _section_lines(section)
    if report["confusion_matrix"] is not None:
        lines += [f"Confusion matrix of {report['headline']} (rows: gold, columns: predicted):",
                  *_matrix_lines(report["confusion_matrix"])]
    # names, labels and sentences come from a results file and the gold: an ANSI sequence or
    # a bidi override in them is shown, not obeyed by the terminal
    return "\n".join(map(printable, lines)) + "\n"


def _counts_line(section: dict) -> str:
    found = "  ".join(f"{status} {n}" for status, n in section["counts"].items())
    scored = section["scored"]
    if set(scored) == set(MATCH_STATUSES):
        return f"{section['metric']}: {found} (the metric's: " + "  ".join(
            f"{status} {scored[status]}" for status in MATCH_STATUSES) + ")"
    if scored:
        return f"{section['metric']}: {found} (the metric's correct/total: " + ", ".join(
            f"{key} {value['correct']}/{value['total']}" for key, value in scored.items()) + ")"
    return (f"{section['metric']}: {found} (links of MUC: a cluster cut into n parts misses "
            "n - 1 of them; these explain the MUC, B-cubed and CEAF-e terms of the mean rather "
            "than equal a count)")


def _section_lines(section: dict) -> list[str]:
    lines = [_counts_line(section), ""]
    for status, groups in section["groups"].items():
        heading, grouping = HEADINGS[status]
        lines.append(f"{heading} ({section['counts'][status]}), {grouping}:")
        for group in groups:
            lines.append(f"  {group['label']} ({group['count']})")
            for item in group["items"]:
                lines.append(f"    {item['text']!r} ×{item['count']}")
                for occurrence in item["occurrences"]:
                    lines.append(f"      {occurrence['sentence']}")
                    lines += [f"        {line}" for line in occurrence["details"]]
        lines.append("")
    return lines


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
.scroll { overflow-x: auto; }
table.side-by-side { width: 100%; table-layout: fixed; }
table.side-by-side td { vertical-align: top; text-align: left; padding: 0.8rem;
  line-height: 2.2; }
.marked { white-space: pre-wrap; }
mark { padding: 0.1em 0.2em; border-radius: 0.3em; }
mark sup { font-size: 0.65em; font-weight: bold; margin-left: 0.2em; }
mark.tp { background: #b7e4c7; } mark.fn { background: #ffd6a5; }
mark.fp { background: #ffadad; } mark.context { background: #e9ecef; }
table { border-collapse: collapse; } th, td { border: 1px solid #ddd; padding: 0.2rem 0.5rem; }
td { text-align: right; } th { text-align: left; }
li.sentence { color: #444; } li.detail { color: #666; list-style: none; }
"""


def _side_spans(records: list[dict], side: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, class, label)`` of what the records show on the gold or prediction side:
    each scored span coloured by its record's status and labelled with its part, its label and
    what went wrong; context spans (an argument's trigger) in grey, once each."""
    key = "gold" if side == "gold" else "prediction"
    shown = set()
    for record in records:
        held = record[key]
        status = record["status"]
        # a near pair's false positive holds the gold item too, but shows on the prediction side
        if held is None or (side == "gold" and status == "fp") \
                or (side == "prediction" and status == "fn"):
            continue
        wrong = ", ".join(filter(None, [_ON_SIDE[status], *record["differences"]]))
        label = " ".join(filter(None, [record["label"], f"({wrong})" if wrong else ""]))
        # an item of several spans says which part each is (an entity mention is only itself)
        named = len(held["spans"]) + len(held.get("context", [])) > 1
        for span in held["spans"]:
            shown.add((span["start"], span["end"], _MARK_CLASS[status],
                       f"{span['part']}: {label}" if named else label))
        for span in held.get("context", []):
            shown.add((span["start"], span["end"], "context",
                       f"{span['part']}: {held['label'] or NO_LABEL}"))
    return sorted(shown)


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
    """Gold and prediction side by side, a table row per paragraph, then each explained
    metric's grouped errors and the confusion matrix: one page."""
    e = _escape
    title = f"{report['system']} on {report['task']}"
    headline = report["sections"][0]
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
             'style-src \'unsafe-inline\'">',
             f"<title>{e(title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
             f"<h1>{e(title)}</h1>",
             f"<p>{e(report['file'])}; gold {e(report['gold']['version'])}. The records behind "
             f"the headline metric, {e(report['headline'])}: " + " ".join(
                 f'<mark class="{_MARK_CLASS.get(status, status)}">{e(status)} {n}</mark>'
                 for status, n in headline["counts"].items()) + "</p>"]
    for doc_id, text in report["documents"].items():
        records = [r for r in headline["records"] if r["doc_id"] == doc_id]
        sides = {side: _side_spans(records, side) for side in ("gold", "prediction")}
        # displaCy draws flat labelled spans (entities); spans that nest or repeat (an argument
        # inside its trigger's sentence, content fragments around a cue) need nested marks
        # (and displaCy cannot escape a control or bidi character of the text: nested marks do)
        flat = all(map(_flat, sides.values())) and printable(text, keep="\n\t") == text
        render = _displacy if flat else nested_marks
        parts.append(f'<h2>{e(doc_id)}</h2><table class="side-by-side" data-doc="{e(doc_id)}">'
                     f'<thead><tr><th>gold</th><th>prediction: {e(report["system"])}</th></tr>'
                     "</thead><tbody>")
        for start, end in _paragraphs(text):
            parts.append(f'<tr data-paragraph="{start}">')
            for side, spans in sides.items():
                # a span running past its paragraph (a quote over two) is marked in each
                inside = [(max(s, start) - start, min(t, end) - start, status, label)
                          for s, t, status, label in spans if s < end and t > start]
                markup, left_out = render(text[start:end], inside)
                parts.append(f'<td class="{side}">{markup}')
                if left_out:
                    parts.append("<p>Not shown (overlapping): " + "; ".join(
                        e(f"{text[start + s:start + t]} {label}")
                        for s, t, _, label in left_out) + "</p>")
                parts.append("</td>")
            parts.append("</tr>")
        parts.append("</tbody></table>")
    for section in report["sections"]:
        parts.append(f"<h2>{e(section['metric'])}</h2><p>{e(_counts_line(section))}</p>")
        for status, groups in section["groups"].items():
            heading, grouping = HEADINGS[status]
            parts.append(f"<h3>{e(heading)} ({section['counts'][status]}), {e(grouping)}</h3>"
                         "<ul>")
            for group in groups:
                parts.append(f"<li>{e(group['label'])} ({group['count']})<ul>")
                for item in group["items"]:
                    parts.append(f"<li><q>{e(item['text'])}</q> ×{item['count']}<ul>" + "".join(
                        f'<li class="sentence">{e(o["sentence"])}<ul>' + "".join(
                            f'<li class="detail">{e(line)}</li>' for line in o["details"])
                        + "</ul></li>" for o in item["occurrences"]) + "</ul></li>")
                parts.append("</ul></li>")
            parts.append("</ul>")
    matrix = report["confusion_matrix"]
    if matrix is not None:
        parts.append('<h2>Confusion matrix</h2><div class="scroll"><table class="confusion">'
                     "<thead><tr><th>gold \\ predicted</th>" + "".join(
                         f"<th>{e(label)}</th>" for label in matrix["labels"])
                     + "</tr></thead><tbody>")
        for label, row in zip(matrix["labels"], matrix["matrix"]):
            parts.append(f"<tr><th>{e(label)}</th>"
                         + "".join(f"<td>{value}</td>" for value in row) + "</tr>")
        parts.append("</tbody></table></div>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph (blocks between blank lines), as resampling units
    are cut.

    >>> _paragraphs("One.\\n\\nTwo.")
    [(0, 4), (6, 10)]
    """
    document = Document("", text, "", "", "")
    return [document.paragraph_span(index) for index in range(len(document.paragraph_starts))]
