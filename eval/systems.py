"""Finding a system and running it over a gold set's documents.

A system maps one document (a dict with ``id``, ``text``, ``date``, ``source``, ``language``) to
its predictions (a dict of task keys). ``--system SPEC`` is tried, in this order, as:

1. a predictions file: a path ending in ``.jsonl``, or any existing file that is not ``.py``;
   a file in a standard format (``.conll`` IOB2, ``.conll2012`` or ``.v4_gold_conll``,
   ``.spacy`` DocBin) or a folder of brat ``.ann`` files is one too, read through its format's
   reader (:mod:`afp_strikes_bench.formats`);
2. a built-in baseline's name (:data:`BUILTIN_SYSTEMS`);
3. an adapter, ``NAME:ARGUMENT`` (:data:`ADAPTERS`: ``spacy:en_core_web_sm``,
   ``hf:path/to/checkpoint``, ``openai:MODEL``, ...);
4. ``path/to/file.py[:callable]`` (``predict`` by default);
5. ``module:callable``, the module imported as ``python -m`` would (the current directory
   first);
6. an installed plugin's name (entry-point group ``bench.systems``);
7. a bare module name whose module has a ``predict`` function (``--system mymodel``).

The callable is the system itself when it is a function. When it is a class, it is a factory:
it is instantiated with the ``--system-arg KEY=VALUE`` options as keyword arguments (strings),
and the instance's ``predict`` method (or the instance, if it is callable) is the system. A
system, function or instance, may carry a ``metadata`` dict (model, version, settings), read after
it has run, which lands in the results beside the options it was given.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import keyword
import math
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from afp_strikes_bench.errors import InputError, one_line
from afp_strikes_bench.formats import format_of
from afp_strikes_bench.io import lone_surrogate

#: Built-in systems, imported only when used, so that nothing heavy loads for ``--help``.
BUILTIN_SYSTEMS: dict[str, str] = {
    "empty": "afp_strikes_bench.baselines.empty:predict",
    "spacy-sm": "afp_strikes_bench.baselines.spacy_sm:predict",
}
#: ``NAME:ARGUMENT`` systems: factories that take the argument as their first option.
ADAPTERS: dict[str, str] = {
    "spacy": "afp_strikes_bench.adapters.spacy:SpacyPipeline",
    "hf": "afp_strikes_bench.adapters.hf:TokenClassifier",
    "openai": "afp_strikes_bench.adapters.openai:ChatModel",
}
ENTRY_POINT_GROUP = "bench.systems"
#: the function a module given by name alone (or a .py file without ``:callable``) must have
DEFAULT_CALLABLE = "predict"

System = Callable[[dict], dict]


@dataclass
class ResolvedSystem:
    name: str
    kind: str  # predictions_file | builtin | adapter | callable | plugin
    reference: str
    #: None for a predictions file
    predict: System | None = None
    #: the --system-arg options it was built with
    options: dict[str, str] = field(default_factory=dict)
    #: what the system reports of itself (its ``metadata`` attribute)
    instance: Any = None
    #: a predictions file's standard format (:mod:`afp_strikes_bench.formats`); None for JSONL
    format: str | None = None

    def metadata(self) -> dict:
        """The options and what the system reports of itself, read after it has run (an LLM
        system knows its token counts only then)."""
        reported = getattr(self.instance, "metadata", None)
        metadata = dict(reported) if isinstance(reported, dict) else {}
        if self.format is not None:
            metadata["format"] = self.format
        if self.options:
            metadata["options"] = dict(self.options)
        # it lands in the results file: what JSON or UTF-8 cannot hold is the system's problem
        try:
            as_json = json.dumps(metadata, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as error:
            raise InputError(f"system {self.name!r}: its metadata is not JSON: "
                             f"{_describe(error)}") from None
        if lone_surrogate(metadata) is not None:
            raise InputError(f"system {self.name!r}: its metadata holds a lone surrogate (not "
                             "a Unicode character)")
        # as JSON has it: keys as strings, tuples as lists, a str or float subclass as itself
        return json.loads(as_json)


def resolve_system(spec: str | System, *, name: str | None = None,
                   options: dict[str, str] | None = None) -> ResolvedSystem:
    """The system ``spec`` names (see the module docstring), or a callable given directly;
    ``name`` overrides the name results and leaderboards show."""
    options = dict(options or {})
    if callable(spec):
        module_name = getattr(spec, "__module__", None) or "system"
        attribute = getattr(spec, "__qualname__", None) or type(spec).__name__
        resolved = _build(spec, options, _default_name(module_name, attribute), "callable",
                          f"{module_name}:{attribute}")
    else:
        resolved = _resolve(spec, options)
    if name is not None:
        if not name.strip():
            raise InputError("a system's name cannot be empty", field="--name")
        if lone_surrogate(name) is not None:
            raise InputError("a system's name must be UTF-8", field="--name")
        resolved.name = name
    return resolved


def _resolve(spec: str, options: dict[str, str]) -> ResolvedSystem:
    if not spec:
        raise InputError("no system given", field="--system")
    path = Path(spec)
    file_format = format_of(path)
    if spec.endswith(".jsonl") or file_format is not None or \
            (path.is_file() and path.suffix != ".py"):
        if not (path.is_file() or (file_format == "brat" and path.is_dir())):
            raise InputError("no such predictions file", file=spec)
        if options:
            raise InputError("a predictions file takes no options", field="--system-arg")
        name = path.resolve().name if path.is_dir() else path.stem
        return ResolvedSystem(name, "predictions_file", str(path), format=file_format)
    if spec in BUILTIN_SYSTEMS:
        return _build(_import(BUILTIN_SYSTEMS[spec], spec), options, spec, "builtin",
                      BUILTIN_SYSTEMS[spec])
    prefix, colon, argument = spec.partition(":")
    if colon and prefix in ADAPTERS:
        if not argument:
            raise InputError(f"system {spec!r}: give the {prefix} adapter its model, "
                             f"as {prefix}:NAME_OR_PATH", field="--system")
        factory = _import(ADAPTERS[prefix], spec)
        return _build(factory, {"model": argument, **options}, spec, "adapter", spec)
    target, _, attribute = spec.rpartition(":") if colon else (spec, "", "")
    if target.endswith(".py") or "/" in target or os.sep in target:
        return _from_file(Path(target), attribute or DEFAULT_CALLABLE, spec, options)
    if colon:
        if not _is_module_name(target) or not attribute.isidentifier():
            raise InputError(f"system {spec!r}: expected module:callable (a module name, a "
                             "colon, a function or class name)", field="--system")
        module = _import_module(target, spec)
        return _build(_attribute(module, attribute, spec), options,
                      _default_name(target, attribute), "callable", spec)
    plugins = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    if spec in plugins:
        try:
            target_object = plugins[spec].load()
        except BaseException as error:  # a plugin's import failure is the user's input problem
            raise InputError(f"plugin {spec!r} failed to load: {_describe(error)}") from None
        return _build(target_object, options, spec, "plugin", plugins[spec].value)
    if _is_module_name(spec) and _findable(spec):
        module = _import_module(spec, spec)
        return _build(_attribute(module, DEFAULT_CALLABLE, spec), options, spec, "callable",
                      f"{spec}:{DEFAULT_CALLABLE}")
    known = sorted(BUILTIN_SYSTEMS) + sorted(plugins)
    raise InputError(f"unknown system {spec!r}: not a predictions file, a built-in, an adapter "
                     f"({', '.join(f'{a}:...' for a in ADAPTERS)}), module:callable, a .py file "
                     f"or a module with a predict function; known systems: {', '.join(known)}")


def _build(target: object, options: dict[str, str], name: str, kind: str,
           reference: str) -> ResolvedSystem:
    """The system a target makes: a function is one; a class is a factory of one."""
    if isinstance(target, type):
        try:
            instance = target(**options)
        except InputError:
            raise
        except TypeError as error:  # an option the factory does not take
            raise InputError(f"system {name!r}: {one_line(str(error))}",
                             field="--system-arg") from None
        except BaseException as error:
            raise InputError(f"system {name!r} failed to start: {_describe(error)}") from None
        predict = getattr(instance, "predict", instance)
    else:
        if options:
            raise InputError(f"system {name!r} is a function and takes no options; give a "
                             "class whose constructor takes them", field="--system-arg")
        instance = predict = target
    if not callable(predict):
        raise InputError(f"system {name!r} is not callable")
    return ResolvedSystem(name, kind, reference, predict, options, instance)


def _default_name(module_name: str, attribute: str) -> str:
    """What results call a callable unless ``--name`` says otherwise: its module's name when it
    is the conventional ``predict`` (two users' ``predict`` functions must not collide on a
    leaderboard), else its own.

    >>> _default_name("teams.mymodel", "predict"), _default_name("mymodel", "Tagger")
    ('mymodel', 'Tagger')
    """
    return module_name.rpartition(".")[2] if attribute == DEFAULT_CALLABLE else attribute


def _is_module_name(name: str) -> bool:
    return all(part.isidentifier() and not keyword.iskeyword(part) for part in name.split("."))


def _with_current_directory() -> None:
    """Modules in the current directory import, as under ``python -m`` (a console script puts
    only its own folder on the path)."""
    here = os.getcwd()
    if here not in sys.path and "" not in sys.path:
        sys.path.insert(0, here)


def _findable(module_name: str) -> bool:
    _with_current_directory()
    try:
        return importlib.util.find_spec(module_name) is not None
    except (ImportError, ValueError):
        return False


def _import_module(module_name: str, spec: str):
    _with_current_directory()
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            raise InputError(f"system {spec!r}: cannot import {module_name!r}: no such module "
                             "(installed, or in the current directory)") from None
        raise InputError(f"system {spec!r}: importing {module_name!r} failed: "
                         f"{_describe(error)}") from None
    except BaseException as error:  # whatever a user's module raises on import, SystemExit too
        raise InputError(f"system {spec!r}: importing {module_name!r} failed: "
                         f"{_describe(error)}") from None


def _import(reference: str, spec: str) -> object:
    module_name, _, attribute = reference.partition(":")
    return _attribute(_import_module(module_name, spec), attribute, spec)


def _attribute(module, attribute: str, spec: str) -> object:
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise InputError(f"system {spec!r}: module {module.__name__!r} has no "
                         f"{attribute!r}") from None


def _from_file(path: Path, attribute: str, spec: str, options: dict[str, str]) -> ResolvedSystem:
    """``path/to/file.py:callable``: the file loaded as a module, its folder on the path (as
    when it is run as a script), so that it can import its neighbours."""
    if path.suffix != ".py" or not path.is_file():
        raise InputError(f"system {spec!r}: no such Python file", file=str(path))
    if not attribute.isidentifier():
        raise InputError(f"system {spec!r}: {attribute!r} is not a function or class name",
                         field="--system")
    folder = str(path.resolve().parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    module_name = f"bench_system_{path.stem}" if not path.stem.isidentifier() else path.stem
    loader_spec = importlib.util.spec_from_file_location(module_name, path)
    if loader_spec is None or loader_spec.loader is None:
        raise InputError(f"system {spec!r}: cannot load", file=str(path))
    module = importlib.util.module_from_spec(loader_spec)
    sys.modules[module_name] = module
    try:
        loader_spec.loader.exec_module(module)
    except BaseException as error:
        del sys.modules[module_name]
        raise InputError(f"system {spec!r}: loading failed: {_describe(error)}",
                         file=str(path)) from None
    return _build(_attribute(module, attribute, spec), options,
                  _default_name(path.stem, attribute), "callable", f"{path}:{attribute}")


def _describe(error: BaseException) -> str:
    """An exception as one bounded line: its type and message (which may itself fail)."""
    if isinstance(error, SystemExit):
        return f"it called sys.exit({error.code!r})"
    try:
        message = str(error)
    except Exception:
        message = "(its message could not be shown)"
    return one_line(f"{type(error).__name__}: {message}" if message else type(error).__name__)


class _TimedOut(BaseException):
    """Raised into a system's call by the alarm: a BaseException, so that a system catching
    ``Exception`` does not swallow it."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the code inside after ``seconds`` with :class:`_TimedOut` (SIGALRM: the main
    thread only, where the command line runs); no limit when None."""
    if seconds is None:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        raise InputError("a time limit works only in the main thread", field="--timeout")

    def interrupt(signum: int, frame: object) -> None:
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, interrupt)
    # and again every `seconds` after: a system that swallows the interruption gets another
    signal.setitimer(signal.ITIMER_REAL, seconds, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        # None: a handler not set from Python, so the default
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def run(system: ResolvedSystem, documents: list[dict], *, progress: bool = False,
        timeout: float | None = None) -> dict[str, dict]:
    """``doc_id -> predictions`` from calling the system on each document.

    A system that raises (``SystemExit`` included), takes longer than ``timeout`` seconds on a
    document, or returns something that is not a dict, is an input problem that names the
    document; its traceback is not shown. What a system prints to standard output goes to
    standard error, so that ``bench eval --json`` prints nothing but the results.
    """
    assert system.predict is not None, "a predictions file is read, not run"
    if timeout is not None and not (math.isfinite(timeout) and timeout > 0):
        raise InputError(f"expected a positive number of seconds, found {timeout}",
                         field="--timeout")
    outputs = {}
    for document in _with_progress(documents, progress):
        try:
            with redirect_stdout(sys.stderr), _time_limit(timeout):
                output = system.predict(dict(document))
        except _TimedOut:
            raise InputError(f"system {system.name!r} took longer than {timeout:g} seconds on "
                             f"document {document['id']!r}",
                             field="--timeout") from None
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                raise
            raise InputError(f"system {system.name!r} raised on document {document['id']!r}: "
                             f"{_describe(error)}") from None
        if not isinstance(output, dict):
            raise InputError(f"system {system.name!r} returned {type(output).__name__}, not a "
                             f"dict, for document {document['id']!r}")
        doc_id = output.pop("doc_id", document["id"])
        if doc_id != document["id"]:
            raise InputError(f"system {system.name!r} answered document {document['id']!r} "
                             f"with doc_id {doc_id!r}")
        outputs[document["id"]] = output
    return outputs


def _with_progress(documents: list[dict], progress: bool):
    if not progress or len(documents) <= 5:
        return documents
    from rich.console import Console
    from rich.progress import track

    # on standard error: standard output carries --json's results
    return track(documents, description="running system", transient=True,
                 console=Console(stderr=True))


def available() -> list[tuple[str, str, str]]:
    """``(name, kind, reference)`` of the built-in systems, the adapters and the installed
    plugins, for ``bench systems``."""
    listed = [(name, "builtin", reference) for name, reference in BUILTIN_SYSTEMS.items()]
    listed += [(f"{name}:MODEL", "adapter", reference) for name, reference in ADAPTERS.items()]
    listed += sorted((ep.name, "plugin", ep.value) for ep in entry_points(group=ENTRY_POINT_GROUP))
    return listed
