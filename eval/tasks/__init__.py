"""The registry of tasks: the one place a task is named.

Each task is a module exposing ``TASK``, an instance of a subclass of
:class:`afp_strikes_bench.tasks.base.Task` (its description, checks, parser and scorer), with a
JSON Schema ``schema/<task>.schema.json`` for its gold lines and its predicted items. Modules are
imported only when a task is used, so ``bench validate`` of one task loads nothing of the others.
To add a task, write its module and schema and add one line here: nothing else names a task.
"""
from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from afp_strikes_bench.tasks.base import Task

TASK_MODULES: dict[str, str] = {
    "entities": "afp_strikes_bench.tasks.entities",
    "coreference": "afp_strikes_bench.tasks.coreference",
    "events": "afp_strikes_bench.tasks.events",
    "casualties": "afp_strikes_bench.tasks.casualties",
    "attributions": "afp_strikes_bench.tasks.attributions",
}



def task_names() -> tuple[str, ...]:
    """The registered tasks, in the order reports show them."""
    return tuple(TASK_MODULES)


@cache
def get_task(name: str) -> Task:
    """The task registered as ``name``: its module's ``TASK``."""
    return importlib.import_module(TASK_MODULES[name]).TASK
