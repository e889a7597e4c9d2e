"""Agreement between the gold and an independent blind annotation pass.

A blind pass is a folder of the same YAML formats as the gold's sources, written by a second
annotator who saw only the text and the guidelines, with ``coverage.yaml`` saying which
paragraphs (0-based) of each document each task's pass covers. There are three:
``annotation/blind/`` saw the full guidelines; ``annotation/blind-rules-only/`` saw them with the
inventories of the gold's items withheld (the guidelines list every entity mention, cluster and
hopper of the article, which makes the first pass close to a copy of the gold);
``annotation/blind-spec-only/`` saw no project guidelines, only the SPEC and the public
standards it names, which measures how much the written guidelines decide.
Both annotations are restricted to those paragraphs and the blind pass is scored as if it were
a system, with the task's own scorer: agreement is then the same F1 the leaderboard reports
(symmetric for F1; precision and recall swap with the direction).

``python -m afp_strikes_bench.agreement`` prints the Markdown table that goes into
``annotation/guidelines/agreement.md``; ``--write`` writes it there.
"""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from afp_strikes_bench.authoring import ANNOTATION_DIR, build
from afp_strikes_bench.documents import Document

if TYPE_CHECKING:
    from afp_strikes_bench.gold import GoldSet

BLIND_PASSES = {"full guidelines": ANNOTATION_DIR / "blind",
                "rules only": ANNOTATION_DIR / "blind-rules-only",
                "no guidelines": ANNOTATION_DIR / "blind-spec-only"}


def restrict(task: str, items: list[Any], document: Document, paragraphs: set[int]) -> list[Any]:
    """The (typed) items of ``document`` whose main span lies in ``paragraphs``.

    A coreference cluster keeps the mentions inside them (and is dropped if none is); any
    other item is kept whole when its main span (trigger, figure, cue) is inside.
    """
    from afp_strikes_bench.tasks import get_task

    def inside(offset: int) -> bool:
        return document.paragraph_of(offset) in paragraphs

    kept = (get_task(task).within(item, inside) for item in items)
    return [item for item in kept if item is not None]


def agreement(blind_dir: Path) -> dict:
    """``{task: {"paragraphs": {doc_id: [...]}, "metrics": {metric: record}}}`` for one pass."""
    import yaml
    from afp_strikes_bench.api import score
    from afp_strikes_bench.gold import load_gold
    from afp_strikes_bench.predictions import from_outputs
    from afp_strikes_bench.tasks import get_task

    gold = load_gold()
    coverage = yaml.safe_load((blind_dir / "coverage.yaml").read_text(encoding="utf-8"))
    blind_files = build(blind_dir, gold.path,
                        [task for task in coverage if (blind_dir / f"{task}.yaml").is_file()])
    report = {}
    for name, content in blind_files.items():
        if not name.endswith(".jsonl"):
            continue
        task = name[: -len(".jsonl")]
        blind = {row["doc_id"]: _checked(task, row, gold, blind_dir)
                 for row in map(json.loads, content.splitlines())}
        paragraphs = {doc_id: set(indices) for doc_id, indices in coverage[task].items()}

        def covered(doc_id, items):
            return restrict(task, items, gold.documents[doc_id], paragraphs.get(doc_id, set()))

        restricted_gold = {doc_id: covered(doc_id, items)
                           for doc_id, items in gold.tasks[task].items()}
        outputs = {doc_id: {task: [get_task(task).to_json(get_task(task).as_prediction(item))
                                   for item in covered(doc_id, items)]}
                   for doc_id, items in blind.items()}
        subset = dataclasses.replace(gold, tasks={**gold.tasks, task: restricted_gold})
        result = score(subset, from_outputs(outputs, subset, f"blind {task}"), [task],
                       resamples=200)
        report[task] = {"paragraphs": {d: "all" if len(p) == len(gold.documents[d].paragraph_starts)
                                       else ", ".join(map(str, sorted(p)))
                                       for d, p in paragraphs.items()},
                        "metrics": result[task]["metrics"]}
    return report


def _checked(task: str, row: dict, gold: GoldSet, blind_dir: Path) -> list[Any]:
    """One document's blind items, checked as gold items are and then parsed: the blind pass
    is read like the gold, so the same edge applies."""
    from afp_strikes_bench import schemas
    from afp_strikes_bench.errors import InputError
    from afp_strikes_bench.tasks import get_task

    problems = schemas.problems(task, row) or list(
        get_task(task).check(row[task], gold.documents[row["doc_id"]], gold=True))
    if problems:
        field, message = problems[0]
        raise InputError(message, file=str(blind_dir / f"{task}.yaml"),
                         field=f"document {row['doc_id']!r}: {field}")
    return get_task(task).parse_all(row[task], gold=True)


def markdown(reports: dict[str, dict]) -> str:
    """The agreement table of each pass (``{pass name: agreement(...)}``)."""
    from afp_strikes_bench.tasks import get_task

    lines = ["## Agreement between independent passes", "",
             "Generated by `python -m afp_strikes_bench.agreement --write`: each blind pass "
             "scored against "
             "the gold with the task's own scorer (the blind pass as the system), both "
             "restricted to the paragraphs the pass covers (0-based). The `full guidelines` "
             "pass saw gold/GUIDELINES.md, which lists the article's mentions, clusters and "
             "hoppers; the `rules only` pass saw it with those inventories withheld; the `no "
             "guidelines` pass saw only the SPEC and the public standards it names (OntoNotes, "
             "TimeML, ACE/ERE, PARC), and measures how much the written guidelines decide.", "",
             "| pass | task | paragraphs | metric | P | R | F1 |", "|---|---|---|---|---|---|---|"]
    for pass_name, report in reports.items():
        for task, entry in report.items():
            covered = "; ".join(entry["paragraphs"].values())
            order = get_task(task).info.report_order or tuple(entry["metrics"])
            for metric in order:
                record = entry["metrics"].get(metric)
                if record and "f1" in record:
                    lines.append(f"| {pass_name} | {task} | {covered} | {metric} | "
                                 f"{record['precision']:.3f} | {record['recall']:.3f} | "
                                 f"{record['f1']:.3f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from afp_strikes_bench.errors import InputError
    from afp_strikes_bench.io import write_atomic

    arguments = argv if argv is not None else sys.argv[1:]
    try:
        text = markdown({name: agreement(folder) for name, folder in BLIND_PASSES.items()
                         if (folder / "coverage.yaml").is_file()})
    except InputError as error:
        print(str(error), file=sys.stderr)
        return 2
    if "--write" in arguments:
        write_atomic(ANNOTATION_DIR / "guidelines" / "agreement.md", text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
