"""Shared fixtures. The spaCy model and the gold are loaded once per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold"
ARTICLE = ROOT.parent / "shared" / "article.txt"

os.environ["HF_HUB_OFFLINE"] = "1"


@pytest.fixture(scope="session")
def gold():
    from eval.gold import load_gold

    return load_gold(GOLD)


@pytest.fixture(scope="session")
def article_text(gold):
    return next(iter(gold.documents.values())).text


@pytest.fixture(scope="session")
def nlp():
    from baselines.spacy_sm.pipeline import nlp as load

    return load()
