"""ruff and mypy are clean (pyproject.toml configures both). mypy checks the package as it is
imported, afp_strikes_bench, so it reads the repository's folders through a view of symbolic
links laid out as the build maps them (eval/ -> afp_strikes_bench/, baselines/ inside it)."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_ruff_is_clean():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "eval", "baselines", "tests",
                           "benchmarks"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-1000:]


def test_mypy_is_clean(tmp_path):
    package = tmp_path / "afp_strikes_bench"
    package.mkdir()
    for entry in (ROOT / "eval").iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    (package / "baselines").symlink_to(ROOT / "baselines")
    done = subprocess.run([sys.executable, "-m", "mypy", "--config-file",
                           str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path / "cache"),
                           "-p", "afp_strikes_bench"], cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-1000:]
