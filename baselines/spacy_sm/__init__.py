"""The ``spacy-sm`` baseline: spaCy's small English pipeline plus rules, for every task.

One parse per document feeds every task's extractor. Each task's extractor is its own module
(``extract(doc, document) -> list``), registered here; a task without an extractor is simply not
attempted. The extractors are written for English news in general: none of them reads the gold
or carries the benchmark article's own names or phrases.
"""
from __future__ import annotations

import importlib

EXTRACTORS: dict[str, str] = {
    "entities": "afp_strikes_bench.baselines.spacy_sm.entities:extract",
    "coreference": "afp_strikes_bench.baselines.spacy_sm.coreference:extract",
    "events": "afp_strikes_bench.baselines.spacy_sm.events:extract",
    "casualties": "afp_strikes_bench.baselines.spacy_sm.casualties:extract",
    "attributions": "afp_strikes_bench.baselines.spacy_sm.attributions:extract",
}


def predict(document: dict) -> dict:
    """Predictions for one document (``{"id", "text", "date", ...}``), every task attempted."""
    from afp_strikes_bench.baselines.spacy_sm.pipeline import parse

    doc = parse(document["text"])
    predictions = {}
    for task, reference in EXTRACTORS.items():
        module_name, _, function = reference.partition(":")
        predictions[task] = getattr(importlib.import_module(module_name), function)(doc, document)
    return predictions
