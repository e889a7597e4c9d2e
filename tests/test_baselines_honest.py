"""Baselines are judged by how they would do on the next article: they never read the gold and
carry none of this article's names or phrases."""
from __future__ import annotations

import builtins
import io
import re
from pathlib import Path

import pytest
from conftest import GOLD, ROOT

BASELINE_SOURCES = sorted((ROOT / "baselines").rglob("*.py"))
NAME_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
               "LAW", "LANGUAGE"}


def article_names(gold) -> set[str]:
    """The article's names: every named entity mention and every named coreference mention,
    without a leading article, with each of their capitalised words of three letters or more
    that is not an English function word ("The")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    names = set()
    for items in gold.tasks.get("entities", {}).values():
        names |= {item.text for item in items if item.label in NAME_LABELS}
    for clusters in gold.tasks.get("coreference", {}).values():
        names |= {m.text for c in clusters for m in c.mentions if m.kind == "NAM"}
    names = {re.sub(r"^(?:the|The) ", "", name) for name in names}
    words = {word for name in names for word in re.findall(r"[A-Z][\w’'-]{2,}", name)
             if word.lower() not in STOP_WORDS}
    return names | words


def article_phrases(text: str, length: int = 5) -> set[str]:
    """Every run of ``length`` words of the article."""
    words = re.findall(r"\w[\w’'-]*", text)
    return {" ".join(words[i:i + length]) for i in range(len(words) - length + 1)}


def source_code() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in BASELINE_SOURCES}


def test_baselines_name_nothing_of_the_article(gold):
    names = article_names(gold)
    assert len(names) > 20, "the entity gold is needed to know the article's names"
    found = [(path.relative_to(ROOT).as_posix(), name) for path, code in source_code().items()
             for name in sorted(names) if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", code)]
    assert found == []


def test_baselines_quote_no_phrase_of_the_article(article_text):
    phrases = article_phrases(article_text)
    found = []
    for path, code in source_code().items():
        flat = " ".join(re.findall(r"\w[\w’'-]*", code))
        found += [(path.relative_to(ROOT).as_posix(), p) for p in phrases if p in flat]
    assert found == []


def test_baselines_do_not_open_the_gold(gold, monkeypatch, nlp):
    """Run every built-in system with any opening of a gold file made to fail."""
    from afp_strikes_bench.systems import BUILTIN_SYSTEMS, resolve_system

    gold_root = GOLD.resolve()
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, (str, Path)) and gold_root in Path(file).resolve().parents:
            raise AssertionError(f"a baseline opened {file}")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: guarded_open(self).read())
    document = next(iter(gold.documents.values())).as_dict()
    for name in BUILTIN_SYSTEMS:
        predictions = resolve_system(name).predict(document)
        assert isinstance(predictions, dict)


@pytest.mark.parametrize("path", BASELINE_SOURCES, ids=lambda p: p.name)
def test_baseline_modules_do_not_import_the_gold_loader(path):
    code = path.read_text(encoding="utf-8")
    assert not re.search(r"\b(load_gold|eval\.gold|eval\.api|DEFAULT_GOLD)\b", code)
    assert "gold/" not in code


def test_llm_prompts_carry_nothing_of_the_article(gold, article_text):
    """The openai: adapter's prompts, as sent (inventories filled), hold no gold entity text of
    four characters or more and no five-word phrase of the article."""
    from afp_strikes_bench.prompting import prompts

    shown = {p.name: p.shown() for p in prompts().values()}
    assert sorted(shown) == ["attributions.v1", "casualties.v1", "coreference.v1",
                             "entities.v1", "events.v1"]
    texts = {item.text for items in gold.tasks["entities"].values() for item in items
             if len(item.text) >= 4}
    found = [(name, text) for name, prompt in shown.items() for text in sorted(texts)
             if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", prompt, re.IGNORECASE)]
    phrases = article_phrases(article_text)
    found += [(name, p) for name, prompt in shown.items()
              for p in phrases if p in " ".join(re.findall(r"\w[\w’'-]*", prompt))]
    assert found == []
