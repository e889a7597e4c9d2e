"""``hf:MODEL_OR_PATH``: any Hugging Face token-classification model as a system.

The model runs in a ``transformers`` token-classification pipeline, whose own aggregation joins
sub-word pieces into entity groups (``--system-arg aggregation=simple|first|average|max``). A
text longer than the model's window is read in overlapping windows (``--system-arg stride=N``
tokens of overlap, by default a quarter of the text a window holds); of two groups that
overlap, the pipeline keeps the longer. Each group is one entity with the model's label, B-/I-
prefixes stripped.

The adapter declares the label set its model's labels belong to, for the harness to score them
by: ``conll2003`` when every label is PER, LOC, ORG or MISC, ``ontonotes`` when every label is
one of the benchmark's 18 OntoNotes labels; ``--system-arg label_set=NAME`` says it instead.
"""
from __future__ import annotations

from typing import Any

from afp_strikes_bench.errors import InputError, one_line
from afp_strikes_bench.spans import conform
from afp_strikes_bench.tasks.entities import CONLL2003_LABELS, LABELS

#: the pipeline's aggregation strategies that group pieces into entities ("none" returns bare
#: tokens, and the pipeline cannot window a long text with it)
AGGREGATIONS = ("simple", "first", "average", "max")
#: label set -> the labels a model must keep to for the adapter to declare it
LABEL_SETS: dict[str, frozenset[str]] = {
    "conll2003": frozenset(CONLL2003_LABELS),
    "ontonotes": frozenset(LABELS),
}
#: the tag prefixes the pipeline's aggregation strips ("B-PER" and "I-PER" are both PER)
TAG_PREFIXES = ("B-", "I-")


class TokenClassifier:
    """A loaded token-classification pipeline; ``model`` is a model folder or a model name in
    the local Hugging Face cache (nothing is downloaded when ``HF_HUB_OFFLINE=1``).

    Options arrive as strings (``--system-arg``): ``aggregation``, ``stride`` (tokens shared by
    consecutive windows), ``max_length`` (tokens per window, by default the tokenizer's limit
    capped by the model's position embeddings) and ``label_set``.
    """

    def __init__(self, model: str, aggregation: str = "simple", stride: str | None = None,
                 max_length: str | None = None, label_set: str | None = None) -> None:
        import torch
        import transformers

        if aggregation not in AGGREGATIONS:
            raise InputError(f"aggregation {aggregation!r} is not one of "
                             f"{', '.join(AGGREGATIONS)}", field="--system-arg")
        tokenizer, network = _load(transformers, model)
        if not tokenizer.is_fast:  # only a fast tokenizer gives offsets and overlapping windows
            raise InputError(f"{model!r} has no fast tokenizer (tokenizer.json), which the "
                             "adapter needs for character offsets and windows", field="--system")
        window = _window(tokenizer, network.config, max_length)
        # the pipeline truncates every window at the tokenizer's limit; without one (a tokenizer
        # saved without model_max_length) a long text would overrun the position embeddings
        tokenizer.model_max_length = window
        room = window - tokenizer.num_special_tokens_to_add()
        if room < 1:
            raise InputError(f"a window of {window} tokens holds no text after the model's "
                             "special tokens", field="--system-arg")
        overlap = room // 4 if stride is None else _count("stride", stride)
        if overlap >= room:
            raise InputError(f"stride {overlap} leaves no new tokens in a window of {room} "
                             "(give a smaller stride)", field="--system-arg")
        self.pipeline = transformers.pipeline("token-classification", model=network,
                                              tokenizer=tokenizer,
                                              aggregation_strategy=aggregation, stride=overlap)
        labels = model_labels(network.config.id2label.values())
        self.metadata: dict[str, Any] = {
            "adapter": "hf", "model": model, "transformers_version": transformers.__version__,
            "torch_version": torch.__version__, "aggregation": aggregation, "stride": overlap,
            "max_length": window, "labels": labels}
        declared = label_set if label_set is not None else label_set_of(labels)
        if declared is not None:  # read by the harness: the labels' meaning
            self.metadata["label_set"] = declared

    def predict(self, document: dict) -> dict:
        text = document["text"]
        found = []
        for group in self.pipeline(text):
            span = conform(text, int(group["start"]), int(group["end"]))
            if span is not None:
                found.append({"start": span[0], "end": span[1], "label": group["entity_group"]})
        return {"entities": found}


def model_labels(tags) -> list[str]:
    """The entity labels a model can emit: its tags without B-/I- prefixes, O left out.

    >>> model_labels(["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "MISC"])
    ['LOC', 'MISC', 'PER']
    """
    labels = set()
    for tag in tags:
        if tag != "O":
            labels.add(tag[2:] if tag.startswith(TAG_PREFIXES) else tag)
    return sorted(labels)


def label_set_of(labels: list[str]) -> str | None:
    """The first label set (CoNLL-2003 before OntoNotes) that holds every label, if any.

    >>> label_set_of(["LOC", "PER"]), label_set_of(["GPE", "PERSON"]), label_set_of(["LABEL_1"])
    ('conll2003', 'ontonotes', None)
    """
    for name, allowed in LABEL_SETS.items():
        if labels and allowed.issuperset(labels):
            return name
    return None


def _load(transformers, model: str):
    """The tokenizer and the token-classification network that ``model`` names."""
    progress = transformers.utils.logging
    # the bar transformers draws while loading weights would share standard error with the
    # harness's one-line messages
    was_drawn = progress.is_progress_bar_enabled()
    progress.disable_progress_bar()
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(model)
        network = transformers.AutoModelForTokenClassification.from_pretrained(model)
    except (OSError, ValueError) as error:
        raise InputError(f"transformers cannot load {model!r} as a token-classification "
                         f"model (a model folder, or a model name in the local cache): "
                         f"{one_line(str(error), 160)}", field="--system") from None
    finally:
        if was_drawn:
            progress.enable_progress_bar()
    return tokenizer, network


def _window(tokenizer, config, max_length: str | None) -> int:
    """Tokens per window, special tokens included: ``max_length`` if given, else the
    tokenizer's limit capped by the model's position embeddings."""
    if max_length is not None:
        return _count("max_length", max_length)
    positions = getattr(config, "max_position_embeddings", None)
    window = min(tokenizer.model_max_length, positions or tokenizer.model_max_length)
    if window > 1_000_000:  # transformers' stand-in for "no limit": none is known
        raise InputError("neither the tokenizer nor the model says how many tokens the model "
                         "reads; give --system-arg max_length=N", field="--system-arg")
    return window


def _count(option: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise InputError(f"{option} must be a whole number of tokens, not {value!r}",
                         field="--system-arg")
    return number
