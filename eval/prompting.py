"""The prompts an LLM system is asked with: one per task, in versioned files.

Each task's prompt is ``prompts/TASK.vN.yaml`` inside the package (read through
:mod:`importlib.resources`, so a wheel carries them), with a ``system`` message and a ``user``
template; the highest ``N`` of a task is its prompt. The template's placeholders are the
document (``{text}``) and the task's inventories (``{labels}``, ``{types}``, ...), filled from
the schemas, so a label added there reaches the prompt without retyping. Every other brace is
left as it is: the templates show the answer's JSON shape. The answer's spans are
text-anchored (``{"text": ..., "context": ...}``), which the harness places
(:mod:`afp_strikes_bench.anchoring`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml
from afp_strikes_bench.errors import InputError
from afp_strikes_bench.schemas import enum

_FILE_NAME = re.compile(r"^(?P<task>[a-z_]+)\.v(?P<version>[0-9]+)\.yaml$")


@dataclass(frozen=True)
class Prompt:
    task: str
    version: int
    system: str
    #: the user message, placeholders unfilled
    user: str

    @property
    def name(self) -> str:
        """What results record: ``entities.v1``."""
        return f"{self.task}.v{self.version}"

    def messages(self, text: str) -> list[dict[str, str]]:
        """The chat messages that ask for this task's items in ``text``."""
        filled = self.user
        for placeholder, value in {**inventories(self.task), "text": text}.items():
            filled = filled.replace("{" + placeholder + "}", value)
        return [{"role": "system", "content": self.system.strip()},
                {"role": "user", "content": filled.strip()}]

    def shown(self) -> str:
        """The prompt as ``bench prompts`` prints it: inventories filled, the text a
        placeholder."""
        system, user = (message["content"] for message in self.messages("{text}"))
        return f"# {self.name}\n\n## system\n\n{system}\n\n## user\n\n{user}\n"


def inventories(task: str) -> dict[str, str]:
    """The placeholders of ``task``'s prompt besides the text, each a list from the schemas."""
    from afp_strikes_bench.tasks.events import ROLES

    def listed(values) -> str:
        return ", ".join(values)

    if task == "entities":
        return {"labels": listed(enum("entities", "/$defs/label"))}
    if task == "coreference":
        return {"types": listed(enum("coreference", "/$defs/type"))}
    if task == "events":
        types = enum("events", "/$defs/type")
        return {"types": listed(types), "realis": listed(enum("events", "/$defs/realis")),
                "roles": "\n".join(f"- {name}: {listed(ROLES[name])}" for name in types)}
    if task == "casualties":
        return {"outcomes": listed(enum("casualties", "/$defs/fields/outcome")),
                "victims": listed(enum("casualties", "/$defs/fields/victim"))}
    if task == "attributions":
        return {"types": listed(enum("attributions", "/$defs/type"))}
    return {}


@cache
def prompts() -> dict[str, Prompt]:
    """Each task's newest prompt, by task name."""
    newest: dict[str, Prompt] = {}
    for entry in files("afp_strikes_bench").joinpath("prompts").iterdir():
        match = _FILE_NAME.match(entry.name)
        if match is None:
            continue
        content = yaml.safe_load(entry.read_text(encoding="utf-8"))
        prompt = Prompt(match["task"], int(match["version"]), content["system"],
                        content["user"])
        if prompt.task not in newest or prompt.version > newest[prompt.task].version:
            newest[prompt.task] = prompt
    return dict(sorted(newest.items()))


def prompt(task: str) -> Prompt:
    """The prompt of ``task``; a task without one is bad input."""
    found = prompts()
    if task not in found:
        raise InputError(f"no prompt for task {task!r}; prompts exist for "
                         f"{', '.join(found)}", field="tasks")
    return found[task]
