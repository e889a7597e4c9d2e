"""The committed results and the README's leaderboard are what the code gives today: no
number in them is typed by hand or left behind by an older gold or an older scorer."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import ROOT
from afp_strikes_bench.api import evaluate
from afp_strikes_bench.leaderboard import README_BLOCK, leaderboard

RESULTS = sorted((ROOT / "results").glob("*.json"))


@pytest.mark.parametrize("path", RESULTS, ids=lambda p: p.stem)
def test_committed_results_are_reproduced(path, gold, nlp):
    published = json.loads(path.read_text(encoding="utf-8"))
    fresh = evaluate(published["system"]["reference"] if published["system"]["kind"] ==
                     "callable" else published["system"]["name"], gold=gold)
    for section in ("gold", "predictions", "bootstrap", "tasks"):
        assert fresh[section] == published[section], (
            f"{path.name}: {section} is stale; regenerate with the commands in the README")


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
