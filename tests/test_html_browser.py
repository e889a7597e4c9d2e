"""The HTML pages in a real browser: Debian's headless Chromium opens each page, the rendered DOM
is read back (``--dump-dom``) and a screenshot is saved. .ci/run installs Chromium; elsewhere the
tests skip, saying why."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from afp_strikes_bench import api
from afp_strikes_bench.explain import explain, render_html
from afp_strikes_bench.gold import load_gold
from afp_strikes_bench.leaderboard import leaderboard
from conftest import write_jsonl
from test_explain import PREDICTED
from test_leaderboard import SCRIPT_NAME, entity_predictions, make_gold, write_results

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium; "
    ".ci/run installs it)")


def chromium(page: Path, profile: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={profile}", *options, page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120)


def rendered(page: Path, tmp_path: Path) -> str:
    """The DOM after the browser has parsed and laid out the page."""
    done = chromium(page, tmp_path / "profile", "--dump-dom")
    assert done.returncode == 0, done.stderr[-1000:]
    assert "<body" in done.stdout
    return done.stdout


def screenshot(page: Path, tmp_path: Path) -> Path:
    shot = tmp_path / f"{page.stem}.png"
    done = chromium(page, tmp_path / "profile", "--window-size=1280,1600",
                    f"--screenshot={shot}")
    assert done.returncode == 0, done.stderr[-1000:]
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and shot.stat().st_size > 10_000
    return shot


class Elements(HTMLParser):
    """The DOM's elements: tag names, table rows' cell texts, and the text of given tags."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attributes):
        self.tags.append(tag)
        attributes = dict(attributes)
        if tag == "table":
            self._table = attributes.get("data-task") or attributes.get("class")
            self.tables[self._table] = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._in_body:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse(dom: str) -> Elements:
    elements = Elements()
    elements.feed(dom)
    return elements


@pytest.fixture(scope="module")
def leaderboard_page(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-board")
    gold_dir = make_gold(root / "gold", paragraphs=12)
    results = root / "results"
    perfect = entity_predictions(gold_dir, root / "perfect.jsonl")
    weak = entity_predictions(gold_dir, root / "weak.jsonl", keep=lambda p, n: n == 0)
    write_results(gold_dir, perfect, results / "perfect.json")
    write_results(gold_dir, weak, results / "weak.json", SCRIPT_NAME)
    page = root / "leaderboard.html"
    leaderboard(results, fmt="html", out=page)
    return page


def test_leaderboard_rows_in_the_browser(leaderboard_page, tmp_path):
    elements = parse(rendered(leaderboard_page, tmp_path))
    entities = elements.tables["entities"]
    assert [row[:3] for row in entities] == [["1", "perfect", "1.000"],
                                             ["2", SCRIPT_NAME, "0.500"]]
    assert [row[:3] for row in elements.tables["attributions"]] == [
        ["—", "perfect", "not attempted"], ["—", SCRIPT_NAME, "not attempted"]]
    # the system named like a script is text in a cell, never an element
    assert "script" not in elements.tags
    assert elements.tags.count("img") == 1
    screenshot(leaderboard_page, tmp_path)


def test_explain_page_in_the_browser(tiny_gold, tmp_path):
    predictions = write_jsonl(tmp_path / "mine.jsonl", [{"doc_id": "d1", "entities": PREDICTED}])
    results = api.evaluate(str(predictions), gold=tiny_gold)
    results["system"]["name"] = SCRIPT_NAME
    page = tmp_path / "explain.html"
    page.write_text(render_html(explain(results, "entities", load_gold(tiny_gold))),
                    encoding="utf-8")
    dom = rendered(page, tmp_path)
    elements = parse(dom)
    assert "script" not in elements.tags
    assert f"prediction: {SCRIPT_NAME}".replace("<", "&lt;").replace(">", "&gt;") in dom
    # displaCy's marks: 4 gold mentions on the left, 4 predictions on the right
    assert elements.tags.count("mark") == 4 + 4 + 3  # and the three status badges
    matrix = elements.tables["confusion"]
    assert matrix[0] == ["CARDINAL", "0", "0", "0", "0", "1", "0"]
    screenshot(page, tmp_path)


@pytest.mark.parametrize("task", ["events", "attributions"])
def test_explain_rows_stay_aligned_in_the_browser(gold, task, tmp_path):
    """Each paragraph's gold and prediction cells start at the same height, whatever the marks
    on either side; arguments, sources and content fragments are marked, not only triggers
    and cues. A script added for the test (the page itself allows none) measures the cells."""
    results = api.evaluate("spacy-sm", gold=gold, tasks=[task], resamples=10)
    page_text = render_html(explain(results, task, gold))
    parts = set(re.findall(r'title="(\w+):', page_text))
    assert parts >= ({"argument", "trigger"} if task == "events" else {"source", "cue", "content"})
    measure = ("<script>document.body.dataset.tops = JSON.stringify(Array.from("
               "document.querySelectorAll('table.side-by-side tr[data-paragraph]'), row => "
               "Array.from(row.cells, cell => cell.getBoundingClientRect().top)));</script>")
    page_text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page_text)
    page = tmp_path / "explain.html"
    page.write_text(page_text.replace("</body>", measure + "</body>"), encoding="utf-8")
    tops = json.loads(html.unescape(re.search(r'data-tops="([^"]*)"',
                                              rendered(page, tmp_path)).group(1)))
    assert len(tops) == len(gold.documents[next(iter(gold.documents))].paragraph_starts)
    assert all(len(row) == 2 and row[0] == row[1] for row in tops)
    assert [row[0] for row in tops] == sorted(row[0] for row in tops)
