"""The leaderboard: ranks shared where a paired test cannot separate systems, the MDE note,
refusal of mixed gold versions, not-attempted tasks, escaping, and the README block.

Results are produced by the real harness (``api.evaluate``) on a constructed gold of many short
paragraphs, so that the bootstrap has units to resample; the helpers here are also used by
test_compare, test_explain and test_html_browser.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from afp_strikes_bench import api
from afp_strikes_bench.cli import main
from afp_strikes_bench.leaderboard import build, leaderboard, load_results_dir
from afp_strikes_bench.results import check_results
from afp_strikes_bench.results import write_results as save_results
from conftest import write_jsonl

PARAGRAPH = "Iran said nine people died on Thursday."
#: (text, label) of the gold entities of every paragraph
ENTITIES = (("Iran", "GPE"), ("nine", "CARDINAL"), ("Thursday", "DATE"))
SCRIPT_NAME = "<script>alert(1)</script>"


def span(paragraph: int, text: str) -> dict:
    start = paragraph * (len(PARAGRAPH) + 2) + PARAGRAPH.index(text)
    return {"start": start, "end": start + len(text), "text": text}


def make_gold(folder: Path, paragraphs: int = 30) -> Path:
    """One document of ``paragraphs`` identical paragraphs, with entities and attributions."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n\n".join([PARAGRAPH] * paragraphs)
    write_jsonl(folder / "documents.jsonl", [{"id": "d1", "text": text, "date": "2024-01-19",
                                              "source": "test", "language": "en"}])
    entities = [{"id": f"E{p}-{n}", **span(p, word), "label": label}
                for p in range(paragraphs) for n, (word, label) in enumerate(ENTITIES)]
    attributions = [{"id": f"A{p}", "source": None, "cue": span(p, "said"),
                     "content": [span(p, "nine people died on Thursday")], "type": "indirect",
                     "parent": None} for p in range(paragraphs)]
    write_jsonl(folder / "entities.jsonl", [{"doc_id": "d1", "text": text,
                                             "entities": entities}])
    write_jsonl(folder / "attributions.jsonl", [{"doc_id": "d1", "text": text,
                                                 "attributions": attributions}])
    return folder


def entity_predictions(gold_dir: Path, path: Path, keep=lambda paragraph, n: True,
                       label_of=lambda paragraph, n, label: label) -> Path:
    """Predicted entities: the gold's, filtered by ``keep`` and relabelled by ``label_of``
    (both given the paragraph and the entity's index in it); attributions not attempted."""
    text = json.loads((gold_dir / "documents.jsonl").read_text().splitlines()[0])["text"]
    paragraphs = text.count("\n\n") + 1
    items = [{"start": s["start"], "end": s["end"], "label": label_of(p, n, label)}
             for p in range(paragraphs) for n, (word, label) in enumerate(ENTITIES)
             if keep(p, n) for s in [span(p, word)]]
    return write_jsonl(path, [{"doc_id": "d1", "entities": items}])


def write_results(gold_dir: Path, predictions: Path, out: Path, name: str | None = None) -> dict:
    results = api.evaluate(str(predictions), gold=gold_dir)
    if name is not None:
        results["system"]["name"] = name
    check_results(results)  # the harness's own output matches its schema
    out.parent.mkdir(parents=True, exist_ok=True)
    save_results(results, out)
    return results


@pytest.fixture(scope="module")
def board_dir(tmp_path_factory):
    """perfect, its twin, near-perfect (one entity missed), weak (one entity in three)."""
    root = tmp_path_factory.mktemp("board")
    gold_dir = make_gold(root / "gold")
    results = root / "results"
    systems = {"perfect": {}, "twin": {}, "near": {"keep": lambda p, n: (p, n) != (0, 0)},
               "weak": {"keep": lambda p, n: n == 0}}
    for name, options in systems.items():
        predictions = entity_predictions(gold_dir, root / f"{name}.jsonl", **options)
        write_results(gold_dir, predictions, results / f"{name}.json", name)
    return results


def rows_of(boards: dict, task: str) -> dict[str, dict]:
    board = next(b for b in boards["tasks"] if b["task"] == task)
    return {row["system"]: row for row in board["rows"]}


def test_ranks_far_apart_identical_and_inseparable(board_dir):
    boards = build(load_results_dir(board_dir))
    rows = rows_of(boards, "entities")
    # perfect, twin and near (one miss in 90) are not separable; weak is far below them
    assert rows["perfect"]["value"] == rows["twin"]["value"] == 1.0
    assert {rows[name]["rank"] for name in ("perfect", "twin", "near")} == {1}
    assert rows["weak"]["rank"] == 4
    board = next(b for b in boards["tasks"] if b["task"] == "entities")
    last = board["comparisons"][-1]
    assert (last["higher"], last["lower"], last["separated"]) == ("near", "weak", True)
    assert last["p_holm"] < 0.05


def test_two_systems_far_apart_rank_1_and_2(board_dir, tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("perfect", "weak"):
        (folder / f"{name}.json").write_bytes((board_dir / f"{name}.json").read_bytes())
    rows = rows_of(build(load_results_dir(folder)), "entities")
    assert (rows["perfect"]["rank"], rows["weak"]["rank"]) == (1, 2)


def test_holm_adjusts_the_adjacent_comparisons(board_dir):
    from afp_strikes_bench.metrics.significance import holm

    board = next(b for b in build(load_results_dir(board_dir))["tasks"] if b["task"] == "entities")
    raw = [c["p_value"] for c in board["comparisons"]]
    assert len(raw) == 3
    assert [c["p_holm"] for c in board["comparisons"]] == holm(raw)


def test_minimum_detectable_effect_note(board_dir):
    boards = build(load_results_dir(board_dir))
    board = next(b for b in boards["tasks"] if b["task"] == "entities")
    twin_near = next(c for c in board["comparisons"] if c["lower"] == "near")
    # one miss in 90 mentions: a difference of ~0.006, far under what 30 paragraphs can detect
    assert 0 < twin_near["difference"] < twin_near["mde"]
    assert twin_near["too_small"] and not twin_near["separated"]
    markdown = leaderboard(board_dir, fmt="md")
    assert "the gold is too small to tell them apart" in markdown
    assert "z\\_0.975 \\+ z\\_0.8\\) × SE = 2.80 × SE" in markdown  # the formula is stated


def test_not_attempted_task_shown_as_such(board_dir):
    rows = rows_of(build(load_results_dir(board_dir)), "attributions")
    assert {row["status"] for row in rows.values()} == {"not attempted"}
    assert all("rank" not in row for row in rows.values())
    markdown = leaderboard(board_dir, fmt="md")
    assert "| — | perfect | not attempted |" in markdown
    html = leaderboard(board_dir, fmt="html")
    assert html.count('<tr class="not-scored">') == 4


def test_mixed_gold_versions_refused_naming_both_files(board_dir, tmp_path, capsys):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("perfect", "weak"):
        (folder / f"{name}.json").write_bytes((board_dir / f"{name}.json").read_bytes())
    other = json.loads((folder / "weak.json").read_text())
    other["gold"]["sha256"] = "0" * 64
    (folder / "weak.json").write_text(json.dumps(other))
    status = main(["leaderboard", str(folder)])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert str(folder / "perfect.json") in captured.err
    assert str(folder / "weak.json") in captured.err
    assert "different gold versions" in captured.err


def test_not_a_results_file_refused(tmp_path, capsys):
    (tmp_path / "x.json").write_text('{"system": 1}')
    assert main(["leaderboard", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'x.json'}: ")


def test_system_names_are_escaped_in_markdown_and_html(board_dir, tmp_path):
    folder = tmp_path / "escaping"
    folder.mkdir()
    results = json.loads((board_dir / "weak.json").read_text())
    results["system"]["name"] = SCRIPT_NAME
    (folder / "evil.json").write_text(json.dumps(results))
    (folder / "perfect.json").write_bytes((board_dir / "perfect.json").read_bytes())
    markdown, html = leaderboard(folder, fmt="md"), leaderboard(folder, fmt="html")
    for page in (markdown, html):
        assert "<script" not in page
        assert "&lt;script&gt;alert" in page
    assert "<td class=\"system\">&lt;script&gt;alert(1)&lt;/script&gt;</td>" in html


def test_html_is_self_contained(board_dir):
    html = leaderboard(board_dir, fmt="html")
    assert 'src="data:image/png;base64,' in html
    assert "http://" not in html and "https://" not in html
    assert "default-src 'none'" in html


def test_markdown_out_writes_the_plot_beside_it(board_dir, tmp_path):
    out = tmp_path / "board.md"
    assert main(["leaderboard", str(board_dir), "--out", str(out)]) == 0
    image = out.with_suffix(".png")
    assert image.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "![Headline scores with 95% confidence intervals](board.png)" in out.read_text()


def test_json_format(board_dir, capsys):
    assert main(["leaderboard", str(board_dir), "--format", "json"]) == 0
    boards = json.loads(capsys.readouterr().out)
    assert [b["task"] for b in boards["tasks"]] == ["entities", "attributions"]
    perfect = json.loads((board_dir / "perfect.json").read_text())
    assert boards["gold"]["sha256"] == perfect["gold"]["sha256"]


def test_readme_block_is_replaced_and_regeneration_is_stable(board_dir, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\n<!-- leaderboard:start (generated) -->\nold table\n"
                      "<!-- leaderboard:end -->\n\n## After\n", encoding="utf-8")
    arguments = ["leaderboard", str(board_dir), "--format", "md", "--readme", str(readme)]
    assert main(arguments) == 0
    first = readme.read_text()
    assert first.startswith("# Title\n\n<!-- leaderboard:start (generated) -->\n")
    assert first.endswith("<!-- leaderboard:end -->\n\n## After\n")
    assert "old table" not in first and "| 4 | weak |" in first
    assert f"bench leaderboard {board_dir} --format md --readme {readme}" in first
    weak = board_dir.parent / "weak.jsonl"
    assert f"bench eval --system {weak} --out {board_dir / 'weak.json'}" in first
    assert (board_dir / "leaderboard.png").is_file()
    assert main(arguments) == 0
    assert readme.read_text() == first


def test_readme_without_markers_refused(board_dir, tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n")
    assert main(["leaderboard", str(board_dir), "--readme", str(readme)]) == 2
    assert "leaderboard:start" in capsys.readouterr().err


def test_leaderboard_never_writes_into_a_gold_folder(board_dir, tmp_path, capsys):
    gold_dir = make_gold(tmp_path / "gold", paragraphs=2)
    before = {p.name: p.read_bytes() for p in gold_dir.iterdir()}
    assert main(["leaderboard", str(board_dir), "--out", str(gold_dir / "board.md")]) == 2
    assert {p.name: p.read_bytes() for p in gold_dir.iterdir()} == before
    assert "gold folder" in capsys.readouterr().err


def test_help_imports_no_plotting_or_spacy():
    from test_startup import imported_modules

    modules = imported_modules("--help")
    assert sorted(m for m in modules if m.split(".")[0] in ("matplotlib", "sklearn", "spacy")) == []
