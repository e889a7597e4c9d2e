"""The distribution as a user gets it: a wheel built from the checkout, installed into a fresh
environment, used from a folder outside the checkout. It must carry one import package, the gold,
the schemas, the reference results and the licences, and every command must find them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed (its dependencies come from this
    environment's site-packages: nothing is downloaded)."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps",
                    "--quiet", str(wheel)], check=True, capture_output=True)
    return venv


def test_one_import_package_with_its_data_and_licences(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert {entry for entry in top if not entry.endswith(".dist-info")} == {"afp_strikes_bench"}
    for data in ("gold/documents.jsonl", "gold/entities.jsonl", "gold/VERSION", "gold/README.md",
                 "schema/results.schema.json", "results/spacy-sm.json", "py.typed",
                 "baselines/spacy_sm/__init__.py"):
        assert f"afp_strikes_bench/{data}" in names, data
    licences = {Path(name).name for name in names if ".dist-info/licenses/" in name}
    assert licences == {"LICENSE", "DATA-LICENSE"}
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("/METADATA")))
    assert b"Requires-Python: >=3.11" in metadata and b"Project-URL: " in metadata


def bench(venv: Path, cwd: Path, *arguments: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run([str(venv / "bin" / "bench"), *arguments], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=300)


def test_every_command_works_outside_the_checkout(installed, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    python = str(installed / "bin" / "python")
    where = subprocess.run([python, "-c", "import afp_strikes_bench as b; print(b.__file__)"],
                           cwd=outside, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(installed)), where  # the wheel's copy, not the checkout's

    done = bench(installed, outside, "eval", "--system", "empty", "--out", "empty.json")
    assert done.returncode == 0, done.stderr
    results = json.loads((outside / "empty.json").read_text())
    assert results["harness"]["git_commit"] is None  # not run from a checkout
    assert results["tasks"]["entities"]["metrics"]["fine"]["recall"] == 0.0

    done = bench(installed, outside, "validate")
    assert done.returncode == 0 and "valid gold" in done.stdout, done.stderr
    checkout_gold = bench(installed, outside, "validate", str(ROOT / "gold"))
    assert checkout_gold.stdout.split("sha256")[1] == done.stdout.split("sha256")[1]
    done = bench(installed, outside, "eval", "--system", "empty", "--gold", str(ROOT / "gold"),
                 "--tasks", "entities")
    assert done.returncode == 0, done.stderr

    assert bench(installed, outside, "run", "--system", "empty", "--out", "p.jsonl").returncode == 0
    done = bench(installed, outside, "validate", "p.jsonl")
    assert done.returncode == 0, done.stderr
    done = bench(installed, outside, "leaderboard")
    assert done.returncode == 0 and "spacy-sm" in done.stdout, done.stderr
    done = bench(installed, outside, "compare", "empty.json", "empty.json")
    assert done.returncode == 0, done.stderr
    done = bench(installed, outside, "explain", "--system", "spacy-sm", "--task", "entities")
    assert done.returncode == 0 and "fp" in done.stdout, done.stderr
    done = bench(installed, outside, "build-gold", "--check")  # an annotators' tool: a checkout's
    assert done.returncode == 2 and "no annotation folder" in done.stderr, done.stderr
    done = bench(installed, outside, "export", "--format", "conll", "--out", "exported")
    assert done.returncode == 0, done.stderr
    done = bench(installed, outside, "eval", "--system", "exported/gold.conll", "--tasks",
                 "entities")
    assert done.returncode == 0, done.stderr
    done = bench(installed, outside, "prompts", "entities")
    assert done.returncode == 0 and "entities" in done.stdout, done.stderr

    loaded = subprocess.run(
        [python, "-c", "import afp_strikes_bench as bench; print(bench.load_dataset('documents')"
                       "['test'].num_rows)"],
        cwd=outside, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert loaded.returncode == 0 and loaded.stdout.strip() == "1", loaded.stderr[-500:]
