"""The ``hf:`` adapter on tiny, randomly initialised token-classification models built and saved
here, loaded through the real code path (nothing is downloaded): sub-word pieces aggregated,
the article (over five times the model's 128 positions) read in overlapping windows, label sets
declared, bad models and options one line with exit 2."""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from afp_strikes_bench.cli import main
from afp_strikes_bench.spans import check_span
from afp_strikes_bench.systems import resolve_system, run
from afp_strikes_bench.tasks.entities import LABELS
from conftest import GOLD

# set before transformers is first imported, which reads them once
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

POSITIONS = 128
CONLL_LABELS = ("PER", "LOC", "ORG", "MISC")
SPECIAL_TOKENS = {"pad_token": "[PAD]", "unk_token": "[UNK]", "cls_token": "[CLS]",
                  "sep_token": "[SEP]", "mask_token": "[MASK]"}


def bio_tags(labels) -> list[str]:
    return ["O"] + [f"{prefix}-{label}" for label in labels for prefix in "BI"]


def wordpiece_vocabulary(text: str) -> list[str]:
    """Special tokens, the text's 200 commonest words, and its characters as word starts and
    ``##`` continuations: every other word is split into pieces, which aggregation rejoins."""
    words = [word for word, _ in Counter(re.findall(r"\w+", text)).most_common(200)]
    characters = sorted(set(text) - set(words) - {" ", "\n", "\t"})
    return [*SPECIAL_TOKENS.values(), *words, *characters,
            *(f"##{character}" for character in characters if character.isalnum())]


def save_tiny_model(folder: Path, tags: list[str], vocabulary: list[str]) -> Path:
    """A one-layer BERT with ``tags`` and a fast WordPiece tokenizer, saved as a checkpoint.
    The tokenizer is saved without a length limit, so the adapter must find the model's."""
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertForTokenClassification, PreTrainedTokenizerFast

    ids = {piece: number for number, piece in enumerate(vocabulary)}
    backend = Tokenizer(models.WordPiece(ids, unk_token=SPECIAL_TOKENS["unk_token"]))
    backend.normalizer = normalizers.BertNormalizer(lowercase=False)
    backend.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    backend.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", ids["[CLS]"]), ("[SEP]", ids["[SEP]"])])
    backend.decoder = decoders.WordPiece()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=backend, **SPECIAL_TOKENS)

    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocabulary), hidden_size=32, num_hidden_layers=1,
                        num_attention_heads=2, intermediate_size=37,
                        max_position_embeddings=POSITIONS, num_labels=len(tags),
                        id2label=dict(enumerate(tags)),
                        label2id={tag: number for number, tag in enumerate(tags)})
    network = BertForTokenClassification(config)
    with torch.no_grad():
        # initialised as usual, every logit is near 0 and the tags near a tie; wider weights make
        # the tag depend on the token, and a bias toward O leaves most tokens outside entities
        network.classifier.weight.normal_(0.0, 1.0)
        network.classifier.bias.zero_()
        network.classifier.bias[0] = 3.0
    network.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def vocabulary(article_text) -> list[str]:
    return wordpiece_vocabulary(article_text)


@pytest.fixture(scope="module")
def conll_model(tmp_path_factory, vocabulary) -> Path:
    return save_tiny_model(tmp_path_factory.mktemp("conll"), bio_tags(CONLL_LABELS), vocabulary)


@pytest.fixture(scope="module")
def ontonotes_model(tmp_path_factory, vocabulary) -> Path:
    return save_tiny_model(tmp_path_factory.mktemp("ontonotes"), bio_tags(LABELS), vocabulary)


@pytest.fixture(scope="module")
def article(gold) -> dict:
    return next(iter(gold.documents.values())).as_dict()


def eval_json(capsys, *arguments) -> tuple[int, dict, str]:
    status = main(["eval", "--tasks", "entities", "--gold", str(GOLD), "--json", *arguments])
    out, err = capsys.readouterr()
    return status, (json.loads(out) if status == 0 else {}), err


def test_the_article_is_read_in_overlapping_windows(conll_model, article):
    from transformers import AutoTokenizer

    text = article["text"]
    encoding = AutoTokenizer.from_pretrained(conll_model)(text, return_offsets_mapping=True)
    assert len(encoding["input_ids"]) > 5 * POSITIONS
    first_window_end = encoding["offset_mapping"][POSITIONS - 2][1]  # [CLS] and [SEP] aside

    system = resolve_system(f"hf:{conll_model}")
    entities = run(system, [article])[article["id"]]["entities"]
    assert entities, "the biased random model must emit entities, or this test proves nothing"
    assert [entity for entity in entities if check_span(text, entity)] == []
    assert {entity["label"] for entity in entities} <= set(CONLL_LABELS)
    assert max(entity["start"] for entity in entities) > 4 * first_window_end
    ordered = sorted((entity["start"], entity["end"]) for entity in entities)
    assert all(end <= next_start for (_, end), (next_start, _) in zip(ordered, ordered[1:])), \
        "entities from overlapping windows must be merged, not repeated"
    metadata = system.metadata()
    assert metadata["label_set"] == "conll2003"
    assert metadata["labels"] == sorted(CONLL_LABELS)
    assert (metadata["max_length"], metadata["stride"]) == (POSITIONS, (POSITIONS - 2) // 4)
    assert metadata["adapter"] == "hf" and metadata["torch_version"]


def test_bench_eval_scores_an_ontonotes_model(ontonotes_model, capsys):
    status, results, err = eval_json(capsys, "--system", f"hf:{ontonotes_model}",
                                     "--system-arg", "aggregation=first",
                                     "--system-arg", "stride=16")
    assert status == 0, err  # exit 2 if any span broke the convention or a label were unknown
    metadata = results["system"]["metadata"]
    assert metadata["label_set"] == "ontonotes"
    assert (metadata["aggregation"], metadata["stride"]) == ("first", 16)
    assert metadata["options"]["stride"] == "16"
    fine = results["tasks"]["entities"]["metrics"]["fine"]
    assert fine["tp"] + fine["fp"] > 0


def test_bench_eval_scores_a_conll_model_by_its_declared_label_set(conll_model, capsys):
    status, results, err = eval_json(capsys, "--system", f"hf:{conll_model}")
    assert status == 0, err
    assert results["system"]["metadata"]["label_set"] == "conll2003"
    assert results["predictions"]["label_set"] == "conll2003"
    metrics = results["tasks"]["entities"]["metrics"]
    assert metrics["coarse"]["kind"] == "prf"
    assert metrics["fine"]["kind"] == "not_applicable"  # said, never a zero


def test_label_set_option_overrides_what_the_labels_suggest(conll_model):
    system = resolve_system(f"hf:{conll_model}", options={"label_set": "ontonotes"})
    assert system.metadata()["label_set"] == "ontonotes"


@pytest.mark.parametrize("system, option, message", [
    ("hf:{missing}", None, "transformers cannot load"),
    ("hf:{conll}", "aggregation=none", "aggregation 'none' is not one of simple, first"),
    ("hf:{conll}", "stride=some", "stride must be a whole number of tokens, not 'some'"),
    ("hf:{conll}", "stride=126", "stride 126 leaves no new tokens in a window of 126"),
    ("hf:{conll}", "max_length=2", "a window of 2 tokens holds no text"),
])
def test_bad_models_and_options_are_one_line_and_exit_2(conll_model, tmp_path, capsys, system,
                                                        option, message):
    spec = system.format(missing=tmp_path / "no-checkpoint", conll=conll_model)
    options = ["--system-arg", option] if option else []
    status, _, err = eval_json(capsys, "--system", spec, *options)
    assert status == 2 and err.count("\n") == 1 and message in err, err


def test_bench_systems_lists_the_adapter(capsys):
    assert main(["systems"]) == 0
    assert "hf:MODEL" in capsys.readouterr().out
