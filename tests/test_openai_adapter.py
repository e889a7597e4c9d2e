"""The ``openai:`` adapter against a chat-completions server started here on 127.0.0.1 that
answers from recorded responses, by task: good answers, fenced ones, malformed ones, items of
the wrong shape, 429 then success, 500 every time, and an answer slower than the timeout. Scored
through the command line; every request counted at the server."""
from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from afp_strikes_bench.cli import main

TASK_IN_PROMPT = re.compile(r'\{"(entities|coreference|events|casualties|attributions)": \[')
GOOD_ENTITIES = {"entities": [{"text": "Iran", "label": "GPE"},
                              {"text": "nine", "label": "CARDINAL"},
                              {"text": "Thursday", "label": "DATE"},
                              {"text": "Pakistan", "label": "GPE"}]}
USAGE = {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120, "cost": 0.25}


@dataclass
class Reply:
    """One recorded response: a status, the answer's text (for 200), a delay before it."""

    status: int = 200
    content: str = ""
    delay: float = 0.0


def ok(value: object) -> Reply:
    return Reply(content=value if isinstance(value, str) else json.dumps(value))


@dataclass
class Script:
    """Per task, the replies in order (the last one repeats); every request recorded."""

    replies: dict[str, list[Reply]] = field(default_factory=dict)
    attempts: Counter = field(default_factory=Counter)
    bodies: list[dict] = field(default_factory=list)
    headers: list[dict] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reply(self, task: str) -> Reply:
        with self.lock:
            self.attempts[task] += 1
            queue = self.replies.get(task) or [ok({task: []})]
            return queue[min(self.attempts[task], len(queue)) - 1]


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_POST(self) -> None:  # noqa: N802 (the name http.server calls)
        script = self.server.script
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        task = TASK_IN_PROMPT.search(body["messages"][-1]["content"]).group(1)
        with script.lock:
            script.bodies.append(body)
            script.headers.append({k.lower(): v for k, v in self.headers.items()})
            script.in_flight += 1
            script.most_in_flight = max(script.most_in_flight, script.in_flight)
        reply = script.reply(task) if self.path == "/v1/chat/completions" else Reply(404)
        time.sleep(reply.delay)
        with script.lock:
            script.in_flight -= 1
        if reply.status == 200:
            payload = {"id": "x", "object": "chat.completion", "created": 0,
                       "model": body["model"], "usage": USAGE,
                       "choices": [{"index": 0, "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": reply.content}}]}
        else:
            payload = {"error": {"message": f"status {reply.status}", "type": "test"}}
        data = json.dumps(payload).encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("retry-after-ms", "10")  # keeps the client's back-off short
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *arguments) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    script: Script

    def handle_error(self, request, client_address) -> None:
        pass  # the client hung up on a reply slower than its timeout


@pytest.fixture
def server():
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.script = Script()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_key(monkeypatch, tmp_path):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv("BENCH_LLM_CACHE", str(tmp_path / "default-cache"))


def url(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/v1"


def evaluate(server, gold, cache, capsys, *options: str) -> tuple[int, dict | None, str]:
    code = main(["eval", "--system", "openai:test-model", "--base-url", url(server),
                 "--gold", str(gold), "--json", "--system-arg", f"cache_dir={cache}",
                 "--system-arg", "max_retries=1", "--system-arg", "timeout=2", *options])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def fine(results: dict) -> dict:
    return results["tasks"]["entities"]["metrics"]["fine"]


def test_good_answers_are_scored_and_a_rerun_is_answered_from_the_cache(server, tiny_gold,
                                                                         tmp_path, capsys):
    server.script.replies["entities"] = [ok(GOOD_ENTITIES)]
    code, results, err = evaluate(server, tiny_gold, tmp_path / "cache", capsys)
    assert code == 0, err
    assert fine(results)["f1"] == 1.0
    metadata = results["system"]["metadata"]
    tasks = ["attributions", "casualties", "coreference", "entities", "events"]
    assert sorted(metadata["prompts"]) == tasks
    assert metadata["prompts"]["entities"] == "entities.v1"
    assert (metadata["requests"], metadata["cached"], metadata["failed_requests"],
            metadata["unparseable_answers"], metadata["dropped_items"]) == (5, 0, 0, 0, 0)
    assert (metadata["prompt_tokens"], metadata["completion_tokens"]) == (500, 100)
    assert metadata["cost"] == pytest.approx(1.25)
    assert metadata["base_url"].startswith(url(server))
    assert sum(server.script.attempts.values()) == 5
    assert "response_format" not in server.script.bodies[0]
    assert server.script.bodies[0]["temperature"] == 0

    server.script.attempts.clear()
    code, again, err = evaluate(server, tiny_gold, tmp_path / "cache", capsys)
    assert code == 0, err
    assert sum(server.script.attempts.values()) == 0
    assert (again["system"]["metadata"]["requests"], again["system"]["metadata"]["cached"]) \
        == (0, 5)
    assert again["system"]["metadata"]["prompt_tokens"] == 500
    assert fine(again) == fine(results)


def test_a_changed_prompt_or_setting_is_asked_again(server, tiny_gold, tmp_path, capsys,
                                                    monkeypatch):
    from afp_strikes_bench.adapters import openai as adapter
    from afp_strikes_bench.prompting import Prompt, prompts

    options = ("--system-arg", "tasks=entities")
    assert evaluate(server, tiny_gold, tmp_path, capsys, *options)[0] == 0
    assert evaluate(server, tiny_gold, tmp_path, capsys, *options, "--system-arg",
                    "temperature=0.5")[0] == 0
    assert server.script.attempts["entities"] == 2
    old = prompts()["entities"]
    monkeypatch.setattr(adapter, "prompt", lambda task: Prompt(
        task, old.version + 1, old.system, old.user.replace("every", "each")))
    code, results, _ = evaluate(server, tiny_gold, tmp_path, capsys, *options)
    assert server.script.attempts["entities"] == 3
    assert results["system"]["metadata"]["prompts"] == {"entities": "entities.v2"}


def test_fenced_answers_and_items_of_the_wrong_shape(server, tiny_gold, tmp_path, capsys):
    items = [*GOOD_ENTITIES["entities"][:3], {"text": "Pakistan", "label": "COUNTRY"},
             {"start": 0, "end": 4, "label": "GPE"}, {"text": "Iran", "label": "PER"}, "Iran"]
    fenced = "Here it is:\n```json\n" + json.dumps({"entities": items}) + "\n```"
    server.script.replies["entities"] = [ok(fenced)]
    code, results, err = evaluate(server, tiny_gold, tmp_path, capsys)
    assert code == 0, err
    assert results["system"]["metadata"]["dropped_items"] == 4
    assert (fine(results)["precision"], fine(results)["recall"]) == (1.0, 0.75)
    assert "COUNTRY" in err and all(line.startswith("openai:test-model: document 'd1'")
                                    for line in err.splitlines())


@pytest.mark.parametrize("content", ["I could not find any entities.", '{"entities": [',
                                     '{"people": []}', '{"entities": {"text": "Iran"}}', ""])
def test_an_unparseable_answer_is_found_nothing(server, tiny_gold, tmp_path, capsys, content):
    server.script.replies["entities"] = [ok(content)]
    code, results, err = evaluate(server, tiny_gold, tmp_path, capsys)
    assert code == 0, err
    assert results["system"]["metadata"]["unparseable_answers"] == 1
    assert results["tasks"]["entities"]["status"] == "scored"
    assert fine(results)["recall"] == 0.0
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_a_429_is_retried(server, tiny_gold, tmp_path, capsys):
    server.script.replies["entities"] = [Reply(429), ok(GOOD_ENTITIES)]
    code, results, err = evaluate(server, tiny_gold, tmp_path, capsys)
    assert code == 0, err
    assert server.script.attempts["entities"] == 2
    assert results["system"]["metadata"]["failed_requests"] == 0
    assert fine(results)["f1"] == 1.0


@pytest.mark.parametrize("reply", [Reply(500), Reply(content="{}", delay=1.5)],
                         ids=["500", "timeout"])
def test_a_failing_request_is_found_nothing(server, tiny_gold, tmp_path, capsys, reply):
    server.script.replies["entities"] = [reply]
    code, results, err = evaluate(server, tiny_gold, tmp_path, capsys,
                                  "--system-arg", "timeout=0.5")
    assert code == 0, err
    assert server.script.attempts["entities"] == 2  # the first try and max_retries=1
    metadata = results["system"]["metadata"]
    assert (metadata["requests"], metadata["failed_requests"]) == (5, 1)
    assert fine(results)["recall"] == 0.0
    assert "Traceback" not in err and len(err.splitlines()) == 1
    # a failure is not cached: the next run asks again
    evaluate(server, tiny_gold, tmp_path, capsys)
    assert server.script.attempts["entities"] == 3 + (reply.status == 500)


def test_requests_in_flight_keep_to_the_limit_and_the_key_stays_out(server, tiny_gold, tmp_path,
                                                                    capsys, monkeypatch):
    monkeypatch.setenv("MY_KEY", "sk-test-secret")
    server.script.replies = {task: [Reply(content=json.dumps({task: []}), delay=0.2)]
                             for task in ("entities", "coreference", "events", "casualties",
                                          "attributions")}
    code, results, err = evaluate(server, tiny_gold, tmp_path, capsys, "--system-arg",
                                  "concurrency=2", "--system-arg", "api_key_env=MY_KEY",
                                  "--system-arg", "json_mode=true")
    assert code == 0, err
    assert server.script.most_in_flight == 2
    assert server.script.headers[0]["authorization"] == "Bearer sk-test-secret"
    assert server.script.bodies[0]["response_format"] == {"type": "json_object"}
    assert "sk-test-secret" not in json.dumps(results)
    assert results["system"]["metadata"]["settings"]["concurrency"] == 2


@pytest.mark.parametrize("option", ["concurrency=zero", "concurrency=0", "timeout=-1",
                                    "max_retries=1.5", "temperature=nan", "json_mode=maybe",
                                    "tasks=entities,sentiment", "api_key_env=MY-KEY",
                                    "colour=red"])
def test_bad_options_are_one_line(server, tiny_gold, tmp_path, capsys, option):
    code, _, err = evaluate(server, tiny_gold, tmp_path, capsys, "--system-arg", option)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert sum(server.script.attempts.values()) == 0


def test_a_bad_base_url_is_one_line(tiny_gold, capsys):
    assert main(["eval", "--system", "openai:m", "--base-url", "127.0.0.1:8000",
                 "--gold", str(tiny_gold)]) == 2
    assert capsys.readouterr().err.startswith("--base-url: base_url must be an http://")


def test_bench_prompts_shows_each_prompt_with_its_version_and_the_schemas_inventories(capsys):
    from afp_strikes_bench.schemas import enum

    assert main(["prompts"]) == 0
    shown = capsys.readouterr().out
    for task in ("entities", "coreference", "events", "casualties", "attributions"):
        assert f"# {task}.v1" in shown
    assert main(["prompts", "entities"]) == 0
    entities = capsys.readouterr().out
    assert entities.startswith("# entities.v1") and "# events" not in entities
    assert all(label in entities for label in enum("entities", "/$defs/label"))
    assert main(["prompts", "sentiment"]) == 2
