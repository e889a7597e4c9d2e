"""``openai:MODEL``: a model behind any OpenAI-compatible chat-completions server as a system
(vLLM, llama.cpp's server, Ollama, hosted APIs): ``--system openai:MODEL --base-url URL``.

Per document, one request per task, each asking with the task's prompt
(:mod:`afp_strikes_bench.prompting`) for a JSON object of the task's items with text-anchored
spans, which the harness places (:mod:`afp_strikes_bench.anchoring`). The requests run on a
thread pool of ``concurrency`` workers shared by every call, so a caller that runs documents in
several threads keeps the same limit on requests in flight. Retries with exponential back-off
(429, 5xx, timeouts, lost connections) are the ``openai`` client's own.

Every answer is cached on disk, one JSON file per request named by the sha256 of the model,
the messages (the prompt's version and text, and the document) and the settings that change the
answer, but not the server's address: a re-run makes no request.

Nothing a server answers stops a run. A request that still fails after the retries, and an
answer with no JSON object holding the task's list, count as found nothing for that task (its
key present, the list empty); an item that is not of the answer's shape is dropped. Each is
counted in ``metadata`` and told on standard error in one line.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afp_strikes_bench import schemas
from afp_strikes_bench.anchoring import is_anchored
from afp_strikes_bench.documents import Document
from afp_strikes_bench.errors import InputError, one_line
from afp_strikes_bench.io import loads, write_atomic
from afp_strikes_bench.prompting import Prompt, prompt, prompts
from afp_strikes_bench.tasks import get_task

#: the key a local server is given when the key's variable is unset (the client insists on one)
PLACEHOLDER_KEY = "not-needed"
DEFAULT_CACHE = Path("~/.cache/afp-strikes-bench/llm")
#: index links between items, not asked for: the harness leaves out an item whose span it cannot
#: place, which would shift the indices of the items after it
LINK_FIELDS = ("part_of", "parent")
#: the fields of a text-anchored span besides what its item carries
ANCHOR_FIELDS = ("text", "occurrence", "context")
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class Answer:
    """One request's outcome: the answer's text (None when the request failed) and usage."""

    content: str | None
    usage: dict[str, Any]
    cached: bool


class ChatModel:
    """A chat model behind an OpenAI-compatible server; ``model`` is the name the server knows
    it by.

    Options arrive as strings (``--system-arg``): ``base_url`` (or env ``OPENAI_BASE_URL``),
    ``api_key_env`` (the variable holding the key, ``OPENAI_API_KEY`` by default), ``tasks``
    (comma-separated, by default every task with a prompt), ``concurrency`` (requests in
    flight, 4), ``max_retries`` (2), ``timeout`` (seconds per attempt, 120), ``temperature``
    (0), ``max_tokens``, ``seed``, ``json_mode`` (ask the server for a JSON object through
    ``response_format``, which many local servers lack; off by default) and ``cache_dir`` (by
    default env ``BENCH_LLM_CACHE``, else ``~/.cache/afp-strikes-bench/llm``).
    """

    def __init__(self, model: str, base_url: str | None = None,
                 api_key_env: str = "OPENAI_API_KEY", tasks: str | None = None,
                 concurrency: str = "4", max_retries: str = "2", timeout: str = "120",
                 temperature: str = "0", max_tokens: str | None = None, seed: str | None = None,
                 json_mode: str = "false", cache_dir: str | None = None) -> None:
        import openai

        self.model = model
        self.prompts = _prompts_of(tasks)
        workers = _number("concurrency", concurrency, int, minimum=1)
        retries = _number("max_retries", max_retries, int, minimum=0)
        seconds = _number("timeout", timeout, float, minimum=0, inclusive=False)
        #: what the server is asked with besides the messages; part of the cache key
        self.settings: dict[str, Any] = {
            "temperature": _number("temperature", temperature, float, minimum=0)}
        if max_tokens is not None:
            self.settings["max_tokens"] = _number("max_tokens", max_tokens, int, minimum=1)
        if seed is not None:
            self.settings["seed"] = _number("seed", seed, int)
        if _flag("json_mode", json_mode):
            self.settings["response_format"] = {"type": "json_object"}
        if not api_key_env.isidentifier():
            raise InputError(f"api_key_env must name an environment variable, not "
                             f"{api_key_env!r}", field="--system-arg")
        url = base_url if base_url is not None else os.environ.get("OPENAI_BASE_URL")
        if url is not None and not url.startswith(("http://", "https://")):
            raise InputError(f"base_url must be an http:// or https:// address, not {url!r}",
                             field="--base-url")
        self.client = openai.OpenAI(base_url=url, api_key=os.environ.get(api_key_env)
                                    or PLACEHOLDER_KEY, max_retries=retries, timeout=seconds)
        self.errors: tuple[type[BaseException], ...] = (openai.OpenAIError,)
        self.cache = Path(cache_dir or os.environ.get("BENCH_LLM_CACHE")
                          or DEFAULT_CACHE).expanduser()
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="openai")
        self.lock = threading.Lock()
        self.metadata: dict[str, Any] = {
            "adapter": "openai", "model": model, "base_url": str(self.client.base_url),
            "openai_version": openai.__version__,
            "prompts": {task: p.name for task, p in self.prompts.items()},
            "settings": {**self.settings, "concurrency": workers, "max_retries": retries,
                         "timeout": seconds},
            "requests": 0, "cached": 0, "failed_requests": 0, "unparseable_answers": 0,
            "dropped_items": 0, "prompt_tokens": 0, "completion_tokens": 0}

    def predict(self, document: dict) -> dict:
        futures = {task: self.pool.submit(self._task, p, document)
                   for task, p in self.prompts.items()}
        return {task: future.result() for task, future in futures.items()}

    def _task(self, task_prompt: Prompt, document: dict) -> list:
        """The task's items in ``document``, as the model answers them."""
        where = f"document {document['id']!r}, {task_prompt.task}"
        answer = self._ask(task_prompt.messages(document["text"]), where)
        if answer.content is None:
            return []
        items = answer_items(answer.content, task_prompt.task)
        if items is None:
            self._count("unparseable_answers", where,
                        f"no JSON object with a {task_prompt.task!r} list in the answer: "
                        f"{answer.content[:80]!r}")
            return []
        kept = []
        for item in items:
            problem = item_problem(item, task_prompt.task)
            if problem is None:
                kept.append({k: v for k, v in item.items() if k not in LINK_FIELDS}
                            if isinstance(item, dict) else item)
            else:
                self._count("dropped_items", where, f"item dropped: {problem}")
        return kept

    def _ask(self, messages: list[dict[str, str]], where: str) -> Answer:
        """The answer to ``messages``: from the cache, else from the server (then cached)."""
        request = {"model": self.model, "messages": messages, **self.settings}
        key = hashlib.sha256(json.dumps(request, sort_keys=True, ensure_ascii=False)
                             .encode("utf-8")).hexdigest()
        path = self.cache / f"{key}.json"
        answer = _cached(path)
        if answer is None:
            with self.lock:
                self.metadata["requests"] += 1
            try:
                response = self.client.chat.completions.create(**request)
            except self.errors as error:
                self._count("failed_requests", where, f"request failed: "
                            f"{type(error).__name__}: {error}")
                return Answer(None, {}, cached=False)
            dumped = response.model_dump(mode="json")
            answer = _answer_of(dumped, cached=False)
            self.cache.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps({"request": request, "response": dumped},
                                          ensure_ascii=False))
        with self.lock:
            self.metadata["cached"] += answer.cached
            for field in ("prompt_tokens", "completion_tokens"):
                count = answer.usage.get(field)
                if isinstance(count, int):
                    self.metadata[field] += count
            cost = answer.usage.get("cost")
            if isinstance(cost, (int, float)) and not isinstance(cost, bool):
                self.metadata["cost"] = self.metadata.get("cost", 0) + cost
        return answer

    def _count(self, counter: str, where: str, message: str) -> None:
        with self.lock:
            self.metadata[counter] += 1
        print(one_line(f"openai:{self.model}: {where}: {message}"), file=sys.stderr)


def answer_items(content: str, task: str) -> list | None:
    """The list under ``task`` in the outermost JSON object of an answer's text (a Markdown
    code fence, or prose around the object, is tolerated); None when there is none.

    >>> answer_items('Sure!\\n```json\\n{"entities": [{"text": "X", "label": "GPE"}]}\\n```',
    ...              "entities")
    [{'text': 'X', 'label': 'GPE'}]
    >>> answer_items('{"entities": "none"}', "entities"), answer_items("no", "entities")
    (None, None)
    """
    start, end = content.find("{"), content.rfind("}")
    if start < 0 or end < start:
        return None
    try:
        value = loads(content[start:end + 1])
    except ValueError:
        return None
    items = value.get(task) if isinstance(value, dict) else None
    return items if isinstance(items, list) else None


def item_problem(item: object, task: str) -> str | None:
    """What is wrong with an answer's item, or None: it must be the task's prediction item
    with text-anchored spans where offsets would be (``occurrence`` a whole number from 1,
    ``context`` a string), and keep the task's own rules (an event type's roles, a count or
    bounds, the OntoNotes labels the prompt asks for). Index links (``part_of``, ``parent``)
    are not checked: the adapter drops them.

    >>> item_problem({"text": "X", "label": "GPE", "context": "in X"}, "entities") is None
    True
    >>> item_problem({"text": "X", "label": "COUNTRY"}, "entities")[:35]
    "label: 'COUNTRY' is not one of ['PE"
    >>> item_problem({"text": "X", "label": "PER"}, "entities")[:32]
    "label: 'PER' is a CoNLL-2003 lab"
    >>> item_problem({"start": 0, "end": 1, "label": "GPE"}, "entities")
    'a span with offsets, where its text was asked for'
    """
    if isinstance(item, dict):
        item = {k: v for k, v in item.items() if k not in LINK_FIELDS}
    try:
        standing = _with_stand_in_spans(item)
    except ValueError as error:
        return str(error)
    found = schemas.problems(f"{task}#/$defs/prediction_item", standing)
    if not found:
        # the task's rules beyond the schema, on a one-character document that every stand-in
        # span covers exactly
        stand_in = Document("answer", "x", "2000-01-01", "", "en")
        rules = get_task(task)
        found = [(path.partition(".")[2], message) for path, message
                 in [*rules.check([standing], stand_in, gold=False),
                     *rules.check_label_set([standing], None)]]
    if not found:
        return None
    path, message = found[0]
    return one_line(f"{path}: {message}" if path and path != "(line)" else message, 200)


def _with_stand_in_spans(value: Any) -> Any:
    """``value`` with each text-anchored span replaced by stand-in offsets (0, 1), for checking
    the rest against the schemas; ``ValueError`` for a span given by offsets or badly
    anchored."""
    if isinstance(value, dict):
        if "start" in value or "end" in value:
            raise ValueError("a span with offsets, where its text was asked for")
        if is_anchored(value):
            text, occurrence = value["text"], value.get("occurrence", 1)
            if not isinstance(text, str) or not text.strip():
                raise ValueError("a span without text")
            if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
                raise ValueError(f"occurrence {occurrence!r} is not a whole number from 1")
            if not isinstance(value.get("context", ""), str):
                raise ValueError("a span's context is not a string")
            rest = {k: _with_stand_in_spans(v) for k, v in value.items()
                    if k not in ANCHOR_FIELDS}
            return {"start": 0, "end": 1, **rest}
        return {k: _with_stand_in_spans(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_stand_in_spans(child) for child in value]
    return value


def _cached(path: Path) -> Answer | None:
    """The answer cached at ``path``; None when there is none, or it cannot be read (then the
    request is made again and the file rewritten)."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return _answer_of(stored["response"], cached=True)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _answer_of(response: dict, *, cached: bool) -> Answer:
    """The first choice's text and the usage of a chat-completions response (as JSON)."""
    choices = response.get("choices") or [{}]
    content = (choices[0].get("message") or {}).get("content")
    usage = response.get("usage")
    return Answer(content if isinstance(content, str) else "",
                  usage if isinstance(usage, dict) else {}, cached)


def _prompts_of(tasks: str | None) -> dict[str, Prompt]:
    if tasks is None:
        return prompts()
    names = [name.strip() for name in tasks.split(",") if name.strip()]
    if not names:
        raise InputError("tasks is empty; give a comma-separated list", field="--system-arg")
    return {name: prompt(name) for name in names}


def _number(option: str, value: str, kind: type[int] | type[float], *,
            minimum: float | None = None, inclusive: bool = True) -> Any:
    """``value`` as a number of ``kind`` within bounds; otherwise bad input, in one line."""
    try:
        number = kind(value)
    except ValueError:
        number = None
    if number is not None and number == number and number not in (float("inf"), float("-inf")) \
            and (minimum is None or number > minimum or (inclusive and number == minimum)):
        return number
    bound = "" if minimum is None else f" {'≥' if inclusive else '>'} {minimum:g}"
    what = "a whole number" if kind is int else "a number"
    raise InputError(f"{option} must be {what}{bound}, not {value!r}", field="--system-arg")


def _flag(option: str, value: str) -> bool:
    if value.lower() in TRUE + FALSE:
        return value.lower() in TRUE
    raise InputError(f"{option} must be true or false, not {value!r}", field="--system-arg")
