"""``bench``: the command line, a thin layer over :mod:`afp_strikes_bench.api`.

Exit status: 0 success; 2 bad input or usage (one line per problem on stderr, no traceback);
1 a bug in the harness. Heavy modules (spaCy, datasets) load only inside the commands that need
them, so ``bench --help`` and ``bench validate`` start fast.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

EPILOG = """examples:
  bench eval --system spacy-sm                 score a built-in baseline, print a table per task
  bench eval --system preds.jsonl --json       score a predictions file, print the results JSON
  bench eval --system mypkg.model:predict --tasks entities,coreference --out results/mine.json
  bench eval --system spacy:en_core_web_sm     score a spaCy pipeline's doc.ents
  bench eval --system openai:llama3.1 --base-url http://127.0.0.1:8000/v1
                                               score an LLM behind an OpenAI-compatible server
  bench eval --system mymodel.py --name mine   mymodel.py's predict function, named mine
  bench eval --system spacy-sm --variant counterfactual --out results/spacy-sm-cf.json
                                               score on the contamination probe
  bench run --system spacy-sm --out preds.jsonl
  bench export --format brat --out brat/      the gold as brat standoff (--system for a system's)
  bench eval --system run.conll                score an IOB2 file (also .conll2012, .spacy, brat/)
  bench eval --system preds.jsonl --jobs 4      score in 4 processes (the same results)
  bench eval --system preds.jsonl --shard 1/8 --out part-1.json
  bench merge part-*.json --out results.json   score shards anywhere, then combine them
  bench validate gold/                         check a gold folder (or a predictions file)
  bench leaderboard results --format html --out leaderboard.html
  bench compare results/spacy-sm.json results/empty.json
  bench explain --system spacy-sm --task entities --html entities.html
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as for any bad input
        self.exit(2, f"{self.prog}: {message}\n")


def _seconds(text: str) -> float:
    """``--timeout``'s value: a positive, finite number of seconds."""
    import math

    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, found {text!r}") from None
    if not (math.isfinite(seconds) and seconds > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, found {text!r}")
    return seconds


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="bench", description="Score information-extraction systems on the "
                     "AFP Pakistan-Iran strikes benchmark.", epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"bench {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def system_options(command: argparse.ArgumentParser, required: bool = True) -> None:
        command.add_argument("--system", required=required, help="a predictions file (.jsonl, "
                             ".conll, .conll2012, .spacy, or a folder of brat .ann files), a "
                             "built-in (empty, spacy-sm), an adapter (spacy:MODEL), "
                             "path/to/file.py[:callable], module:callable, an installed plugin, "
                             "or a module with a predict function (see bench systems)")
        command.add_argument("--name", help="the system's name in results and leaderboards")
        command.add_argument("--system-arg", action="append", default=[], metavar="KEY=VALUE",
                             help="an option for a system that is a class or an adapter "
                             "(repeatable)")
        command.add_argument("--base-url", metavar="URL", help="the server of an openai:MODEL "
                             "system (shorthand for --system-arg base_url=URL)")
        command.add_argument("--label-set", help="the label set the system's labels are in: "
                             "ontonotes (the default) or conll2003 (PER/LOC/ORG/MISC, scored on "
                             "the coarse view)")
        command.add_argument("--gold", type=Path, help="gold folder (default: the benchmark's)")
        command.add_argument("--timeout", type=_seconds, metavar="SECONDS",
                             help="give up (exit 2) when the system takes longer than this on "
                             "one document (default: no limit)")
        variant_option(command)

    def variant_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--variant", choices=("original", "counterfactual"),
                             default="original", help="score on the original gold or on its "
                             "counterfactual copy (names invented, figures and dates changed: "
                             "a contamination probe); default original")

    evaluate = commands.add_parser("eval", help="score a system against the gold")
    system_options(evaluate)
    evaluate.add_argument("--tasks", help="comma-separated tasks (default: every task with gold)")
    evaluate.add_argument("--out", type=Path, help="write the results JSON here (atomically)")
    evaluate.add_argument("--json", action="store_true", help="print the results JSON")
    evaluate.add_argument("--jobs", type=_positive, default=1, metavar="N",
                          help="score in N processes, each a shard of the documents (the "
                          "same results as one)")
    evaluate.add_argument("--shard", type=_shard, metavar="K/N", help="score only the K-th of N "
                          "runs of consecutive documents and write a partial results file "
                          "(--out) for bench merge")

    merge = commands.add_parser("merge", help="combine the partial results files of every "
                                "shard (bench eval --shard K/N) into one results file")
    merge.add_argument("parts", type=Path, nargs="+", help="partial results files, one per shard")
    merge.add_argument("--out", type=Path, required=True, help="results JSON to write")

    run = commands.add_parser("run", help="write a system's predictions")
    system_options(run)
    run.add_argument("--out", type=Path, required=True, help="predictions .jsonl to write")

    export = commands.add_parser("export", help="write the gold, or a system's predictions, "
                                 "in a standard format (IOB2, CoNLL-2012, brat, spaCy DocBin)")
    system_options(export, required=False)
    export.add_argument("--format", required=True, choices=_format_names(),
                        help="conll (IOB2 entities), conll2012 (coreference), brat (entities, "
                        "events, attributions), docbin (entities, coreference)")
    export.add_argument("--out", type=Path, required=True, help="folder to write into: created "
                        "if its parent exists; an existing one must be empty unless --force")
    export.add_argument("--force", action="store_true", help="write into a folder that is not "
                        "empty (files of the same names are replaced, others left)")

    validate = commands.add_parser("validate", help="check a gold folder or a predictions file")
    validate.add_argument("path", type=Path, nargs="?", help="a gold folder, or a predictions "
                          ".jsonl (default: the benchmark's gold)")
    validate.add_argument("--gold", type=Path, help="gold the predictions refer to")
    validate.add_argument("--label-set", help="the label set of the predictions' labels")
    variant_option(validate)

    build = commands.add_parser("build-gold", help="(annotators) rebuild gold/ from annotation/")
    build.add_argument("--annotations", type=Path, help="annotation folder (default: annotation/)")
    build.add_argument("--gold", type=Path, help="gold folder to write (default: gold/)")
    build.add_argument("--tasks", help="comma-separated tasks to build (default: all)")
    build.add_argument("--check", action="store_true",
                       help="write nothing; exit 2 if gold/ differs from what would be built")
    board = commands.add_parser("leaderboard", help="rank the systems of a results folder")
    board.add_argument("results", type=Path, nargs="?", default=None,
                       help="folder of results JSON files (default: the reference results "
                       "shipped with the benchmark)")
    board.add_argument("--format", choices=("md", "html", "json"), default="md")
    board.add_argument("--out", type=Path, help="write here (Markdown: the plot beside it, .png)")
    board.add_argument("--readme", type=Path, help="replace the leaderboard block of this "
                       "Markdown file (between <!-- leaderboard:start --> and :end -->)")

    commands.add_parser("systems", help="list the built-in systems, adapters and plugins")

    shown = commands.add_parser("prompts", help="print the prompts of the openai: adapter, "
                                "with their versions")
    shown.add_argument("task", nargs="?", help="one task's prompt (default: every task's)")

    compare = commands.add_parser("compare", help="paired test of two results, every metric")
    compare.add_argument("a", type=Path, help="results JSON of system A")
    compare.add_argument("b", type=Path, help="results JSON of system B")
    compare.add_argument("--json", action="store_true", help="print the comparison as JSON")

    explain = commands.add_parser("explain", help="a system's errors on one task")
    explain.add_argument("--system", required=True, help="a results JSON file, or a system "
                         "name with results in --results")
    explain.add_argument("--task", required=True)
    explain.add_argument("--results", type=Path, help="folder to find the system's results in "
                         "(default: the reference results shipped with the benchmark)")
    explain.add_argument("--gold", type=Path, help="gold folder (default: the benchmark's)")
    explain.add_argument("--html", type=Path, help="also write gold and prediction side by side "
                         "to this HTML file")
    explain.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised as an interruption: a write in progress removes its temporary file on
    the way out (SIGKILL cannot be caught; the next write removes what it leaves)."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    import signal
    import threading

    from afp_strikes_bench.errors import InputError, InputErrors, one_line, shortened

    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        return COMMANDS[arguments.command](arguments)
    except InputErrors as errors:
        # every problem one line however its message came: escaped, bounded
        for problem in errors.problems:
            print(one_line(str(problem)), file=sys.stderr)
        return 2
    except InputError as error:
        print(one_line(str(error)), file=sys.stderr)
        return 2
    except OSError as error:
        # pathlib's is_file, is_dir and exists raise, rather than answer False, for a name too
        # long or a folder that cannot be searched: on a path the user gave, that is bad input
        if error.filename is None:
            raise
        print(one_line(f"{shortened(str(error.filename))}: cannot use: "
                       f"{error.strerror or error}"),
              file=sys.stderr)
        return 2
    except _Terminated:
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        return 130
    finally:
        if in_main_thread:  # None: a handler not set from Python, so the default
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, found {text!r}")
    return int(text)


def _shard(text: str) -> tuple[int, int]:
    """``K/N`` (K from 1) -> (K - 1, N)."""
    shard, slash, shards = text.partition("/")
    if not (slash and shard.isdigit() and shards.isdigit() and 1 <= int(shard) <= int(shards)):
        raise argparse.ArgumentTypeError(f"expected K/N with 1 <= K <= N, found {text!r}")
    return int(shard) - 1, int(shards)


def _eval(arguments) -> int:
    from afp_strikes_bench import api
    from afp_strikes_bench.errors import InputError, one_line
    from afp_strikes_bench.io import check_output, dumps
    from afp_strikes_bench.results import write_partial, write_results

    if arguments.shard is not None and arguments.out is None:
        raise InputError("a shard is written as a partial results file: give --out",
                         field="--shard")
    if arguments.out is not None:  # before the work, not after it
        check_output(arguments.out, inputs=[arguments.system])
    tasks = arguments.tasks.split(",") if arguments.tasks else None
    if arguments.shard is not None:
        shard, shards = arguments.shard
        partial = api.evaluate_shard(_system(arguments), shard=shard, shards=shards,
                                     gold=arguments.gold, tasks=tasks,
                                     label_set=arguments.label_set, variant=arguments.variant,
                                     progress=sys.stderr.isatty(), timeout=arguments.timeout)
        write_partial(partial, arguments.out, inputs=[arguments.system])
        print(f"wrote shard {shard + 1} of {shards} to {arguments.out}; combine every shard "
              "with bench merge", file=sys.stderr)
        return 0
    results = api.evaluate(_system(arguments), gold=arguments.gold, tasks=tasks,
                           label_set=arguments.label_set, variant=arguments.variant,
                           progress=sys.stderr.isatty(), timeout=arguments.timeout,
                           jobs=arguments.jobs)
    missing = results["predictions"]["missing_documents"]
    if missing:
        shown = ", ".join(repr(doc_id) for doc_id in missing[:5])
        print(one_line(f"{results['system']['reference']}: {len(missing)} gold document(s) "
                       f"have no predictions and are scored as found nothing: {shown}"
                       + (", …" if len(missing) > 5 else "")), file=sys.stderr)
    if arguments.out is not None:
        write_results(results, arguments.out, inputs=[arguments.system])
    if arguments.json:
        sys.stdout.write(dumps(results))
    else:
        from afp_strikes_bench.report import print_tables

        print_tables(results)
    return 0


def _system(arguments):
    """The system of ``--system``, ``--name`` and ``--system-arg``."""
    from contextlib import redirect_stdout

    from afp_strikes_bench.errors import InputError
    from afp_strikes_bench.systems import resolve_system

    options = {}
    for option in arguments.system_arg:
        key, equals, value = option.partition("=")
        if not equals or not key.isidentifier():
            raise InputError(f"expected KEY=VALUE, found {option!r}", field="--system-arg")
        options[key] = value
    if arguments.base_url is not None:
        if "base_url" in options:
            raise InputError("give the server once: --base-url or --system-arg base_url=URL",
                             field="--base-url")
        options["base_url"] = arguments.base_url
    # a system's module may print as it loads (a model's banner): not into --json's output
    with redirect_stdout(sys.stderr):
        return resolve_system(arguments.system, name=arguments.name, options=options)


def _merge(arguments) -> int:
    from afp_strikes_bench import api
    from afp_strikes_bench.io import check_output
    from afp_strikes_bench.results import load_partial, write_results

    check_output(arguments.out, inputs=arguments.parts)
    results = api.merge([load_partial(path) for path in arguments.parts])
    write_results(results, arguments.out, inputs=arguments.parts)
    print(f"merged {len(arguments.parts)} shards into {arguments.out}", file=sys.stderr)
    return 0


def _systems(arguments) -> int:
    from afp_strikes_bench.systems import available

    listed = available()
    width = max(len(name) for name, _, _ in listed)
    for name, kind, reference in listed:
        print(f"{name.ljust(width)}  {kind:<8}  {reference}")
    return 0


def _prompts(arguments) -> int:
    from afp_strikes_bench.prompting import prompt, prompts

    shown = [prompt(arguments.task)] if arguments.task else list(prompts().values())
    sys.stdout.write("\n".join(p.shown() for p in shown))
    return 0


def _run(arguments) -> int:
    from afp_strikes_bench import api
    from afp_strikes_bench.io import check_output, write_output
    from afp_strikes_bench.variants import load_variant

    check_output(arguments.out, inputs=[arguments.system])
    gold = load_variant(arguments.variant, arguments.gold)
    predictions = api.predict(_system(arguments), gold, label_set=arguments.label_set,
                              progress=sys.stderr.isatty(), timeout=arguments.timeout)
    write_output(arguments.out, predictions.to_jsonl(), inputs=[arguments.system])
    print(f"wrote predictions for {len(predictions.by_doc)} documents to {arguments.out}",
          file=sys.stderr)
    return 0


def _format_names() -> tuple[str, ...]:
    from afp_strikes_bench.formats import format_names

    return format_names()


def _export(arguments) -> int:
    from afp_strikes_bench import api
    from afp_strikes_bench.errors import InputError
    from afp_strikes_bench.formats import get_format
    from afp_strikes_bench.formats.common import file_stem
    from afp_strikes_bench.gold import load_gold
    from afp_strikes_bench.io import inside_gold_folder, write_output
    from afp_strikes_bench.tasks import task_names

    out: Path = arguments.out
    inputs = [arguments.system] if arguments.system else []
    # before the work, not after it
    gold_folder = inside_gold_folder(out / "export")
    if gold_folder is not None:
        raise InputError(f"refusing to write inside the gold folder {gold_folder}", file=str(out))
    if out.exists() and not out.is_dir():
        raise InputError("is not a folder", file=str(out))
    if not out.exists() and not out.parent.is_dir():
        raise InputError("neither it nor its parent folder exists", file=str(out))
    if out.is_dir() and any(out.iterdir()) and not arguments.force:
        raise InputError("is not empty; give --force to write into it", file=str(out))
    gold = load_gold(arguments.gold)
    file_format = get_format(arguments.format)
    if arguments.system:
        system = _system(arguments)
        predictions = api.predict(system, gold, label_set=arguments.label_set,
                                  progress=sys.stderr.isatty())
        stem = file_stem(system.name)
    else:
        predictions = api.gold_as_predictions(gold)
        stem = "gold"
    carried = [task for task in file_format.TASKS if predictions.attempted(task)]
    if not carried:
        raise InputError(f"{arguments.format} carries {', '.join(file_format.TASKS)}, none of "
                         "which the predictions attempt", field="--format")
    files = file_format.write(predictions.by_doc, gold.documents, stem)
    out.mkdir(exist_ok=True)
    for name, content in files.items():
        write_output(out / name, content, inputs=inputs)
    left_out = [task for task in task_names()
                if predictions.attempted(task) and task not in file_format.TASKS]
    print(f"wrote {len(files)} file(s) to {out} ({arguments.format}: {', '.join(carried)})"
          + (f"; not carried: {', '.join(left_out)}" if left_out else ""), file=sys.stderr)
    return 0


def _validate(arguments) -> int:
    from afp_strikes_bench.errors import InputErrors, one_line
    from afp_strikes_bench.gold import DEFAULT_GOLD, load_gold
    from afp_strikes_bench.validation import validate_predictions_file
    from afp_strikes_bench.variants import load_variant

    path = arguments.path or DEFAULT_GOLD
    # a file of a gold folder (its documents.jsonl or a task file) is checked with its folder
    in_gold_folder = path.is_file() and (path.parent / "documents.jsonl").is_file()
    folder = path.parent if in_gold_folder else path
    try:
        if folder.is_dir():
            gold = load_variant(arguments.variant, load_gold(folder, collect=True))
            tasks = ", ".join(f"{name} ({sum(map(len, items.values()))})"
                              for name, items in gold.tasks.items()) or "none"
            variant = "" if gold.variant == "original" else f" ({gold.variant} variant)"
            print(f"{folder}: valid gold{variant}: {len(gold.documents)} documents; tasks: "
                  f"{tasks}; sha256 {gold.sha256}")
        else:
            count = validate_predictions_file(path, load_variant(arguments.variant,
                                                                 arguments.gold),
                                              label_set=arguments.label_set)
            print(f"{path}: valid predictions for {count} documents")
    except InputErrors as errors:
        for problem in errors.problems:
            print(one_line(str(problem)), file=sys.stderr)
        return 2
    return 0


def _build_gold(arguments) -> int:
    from afp_strikes_bench.authoring import ANNOTATION_DIR, write_gold

    tasks = arguments.tasks.split(",") if arguments.tasks else None
    changed = write_gold(arguments.annotations or ANNOTATION_DIR, arguments.gold, tasks=tasks,
                         check_only=arguments.check)
    for name in changed:
        print(f"{'differs' if arguments.check else 'wrote'}: {name}", file=sys.stderr)
    return 2 if arguments.check and changed else 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("afp-strikes-bench")
    except PackageNotFoundError:
        return "unknown"


def _leaderboard(arguments) -> int:
    from afp_strikes_bench.leaderboard import leaderboard

    text = leaderboard(arguments.results, fmt=arguments.format, out=arguments.out,
                       readme=arguments.readme)
    if text is not None:
        sys.stdout.write(text)
    return 0


def _compare(arguments) -> int:
    from afp_strikes_bench.compare import compare_files, render_text
    from afp_strikes_bench.io import dumps

    comparison = compare_files(arguments.a, arguments.b)
    sys.stdout.write(dumps(comparison) if arguments.json else render_text(comparison))
    return 0


def _explain(arguments) -> int:
    from afp_strikes_bench.explain import explain_system, render_html, render_text
    from afp_strikes_bench.io import check_output, dumps, write_output

    if arguments.html:
        check_output(arguments.html, inputs=[arguments.system])
    report = explain_system(arguments.system, arguments.task, results_dir=arguments.results,
                            gold=arguments.gold)
    if arguments.html:
        write_output(arguments.html, render_html(report), inputs=[arguments.system])
    sys.stdout.write(dumps(report) if arguments.json else render_text(report))
    return 0


COMMANDS = {"eval": _eval, "merge": _merge, "run": _run, "export": _export, "validate": _validate,
            "build-gold": _build_gold, "leaderboard": _leaderboard, "compare": _compare,
            "explain": _explain, "systems": _systems, "prompts": _prompts}

if __name__ == "__main__":
    sys.exit(main())
