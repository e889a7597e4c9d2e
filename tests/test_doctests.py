"""The examples in the package's docstrings run as tests, imported as users import them (by the
package name, not from the repository's folders, which are mapped into the package at build
time)."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import afp_strikes_bench
import pytest


def modules() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages(afp_strikes_bench.__path__,
                                                              "afp_strikes_bench."))


@pytest.mark.parametrize("name", modules())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                                raise_on_error=False, report=True)
    assert failed == 0
