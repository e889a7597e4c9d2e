"""`bench --help` and `bench validate` must not import spaCy or datasets (speed is measured in
benchmarks/, not asserted here)."""
from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import GOLD

HEAVY = ("spacy", "datasets", "thinc", "torch", "transformers", "pyarrow", "openai")


def imported_modules(*arguments) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "afp_strikes_bench.cli",
                           *arguments],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-500:]
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines()
            if line.startswith("import time:")}


@pytest.mark.parametrize("arguments", [("--help",), ("validate", str(GOLD))])
def test_no_heavy_imports(arguments):
    modules = imported_modules(*arguments)
    assert "afp_strikes_bench" in modules
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == []
