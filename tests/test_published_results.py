"""The committed results and the README's leaderboard are what the code gives today: no
number in them is typed by hand or left behind by an older gold or an older scorer."""
from __future__ import annotations

import json
import shutil

import pytest
from afp_strikes_bench.api import evaluate
from afp_strikes_bench.leaderboard import README_BLOCK, leaderboard
from conftest import ROOT

RESULTS = sorted((ROOT / "results").glob("*.json"))


#: results store floats rounded to 10 decimals (afp_strikes_bench.results.DECIMALS); another
#: numpy may add in another order and move the last stored digit, so floats agree to 1e-9
TOLERANCE = 1e-9


def same(fresh, published, where: str = "") -> list[str]:
    """Where ``fresh`` and ``published`` differ: floats beyond :data:`TOLERANCE`, anything
    else at all."""
    if isinstance(published, float) or isinstance(fresh, float):
        close = isinstance(fresh, (int, float)) and abs(fresh - published) <= TOLERANCE
        return [] if close else [f"{where}: {published} -> {fresh}"]
    if isinstance(published, dict) and isinstance(fresh, dict):
        if fresh.keys() != published.keys():
            return [f"{where}: keys {sorted(published)} -> {sorted(fresh)}"]
        return [found for key in published
                for found in same(fresh[key], published[key], f"{where}.{key}")]
    if isinstance(published, list) and isinstance(fresh, list) and len(fresh) == len(published):
        return [found for index, (a, b) in enumerate(zip(fresh, published))
                for found in same(a, b, f"{where}[{index}]")]
    return [] if fresh == published else [f"{where}: {published!r} -> {fresh!r}"]


def test_tolerant_comparison_catches_what_matters():
    assert same({"f1": 0.5, "tp": 1}, {"f1": 0.5 + 1e-12, "tp": 1}) == []
    assert same({"f1": 0.5}, {"f1": 0.501}) and same({"tp": 2}, {"tp": 1})
    assert same([1.0, 2.0], [1.0]) and same({"a": 1}, {"b": 1})


@pytest.mark.parametrize("path", RESULTS, ids=lambda p: p.stem)
def test_committed_results_are_reproduced(path, gold, nlp):
    published = json.loads(path.read_text(encoding="utf-8"))
    fresh = evaluate(published["system"]["reference"] if published["system"]["kind"] ==
                     "callable" else published["system"]["name"], gold=gold)
    for section in ("gold", "predictions", "bootstrap", "tasks"):
        differences = same(fresh[section], published[section], section)
        assert not differences, (f"{path.name} is stale; regenerate with the commands in the "
                                 f"README: {differences[:5]}")
    assert not (published["harness"]["git_commit"] or "").endswith("-dirty"), \
        f"{path.name} was written from a tree with uncommitted changes"


def test_readme_leaderboard_is_generated_from_the_committed_results(tmp_path):
    readme = tmp_path / "README.md"
    shutil.copy(ROOT / "README.md", readme)
    results = tmp_path / "results"
    shutil.copytree(ROOT / "results", results)
    leaderboard(results, readme=readme)
    fresh = README_BLOCK.search(readme.read_text(encoding="utf-8")).group(2)
    published = README_BLOCK.search((ROOT / "README.md").read_text(encoding="utf-8")).group(2)
    fresh = fresh.replace(str(results), "results").replace(str(readme), "README.md")
    assert fresh == published
