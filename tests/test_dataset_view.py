"""The gold as a typed Hugging Face dataset, and the dataset card as the field expects it."""
from __future__ import annotations

import json

import pytest
import yaml
from afp_strikes_bench import dataset_view
from afp_strikes_bench.api import evaluate, load_dataset
from afp_strikes_bench.cli import main
from afp_strikes_bench.gold import load_gold
from conftest import GOLD, write_jsonl

CONFIGS = dataset_view.configs()
#: every config the card declares: the schema configs and the IOB2 view
CARD_CONFIGS = [*CONFIGS, dataset_view.TOKENS]


@pytest.fixture(scope="module")
def loaded():
    return {config: load_dataset(config)["test"] for config in CONFIGS}


def test_every_config_loads_with_the_declared_features(loaded):
    import datasets

    for config, split in loaded.items():
        assert split.num_rows == 1
        assert split.features == datasets.Features.from_dict(
            datasets.DatasetInfo._from_yaml_dict({"features": dataset_view.features(config)})
            .features.to_dict()), config
    label = loaded["entities"].features["entities"].feature["label"]
    assert isinstance(label, datasets.ClassLabel) and "GPE" in label.names
    counts = loaded["casualties"].features["casualties"].feature
    assert counts["count"].dtype == "int32" and counts["low"].dtype == "int32"
    assert loaded["entities"].features["entities"].feature["value"].dtype == "string"
    assert loaded["documents"].features["date"].dtype == "string"


@pytest.mark.parametrize("config", [c for c in CONFIGS if c != "documents"])
def test_rows_fed_back_to_the_harness_score_perfectly(loaded, config, tmp_path, capsys):
    predictions = write_jsonl(tmp_path / f"{config}.jsonl",
                              [dataset_view.as_predictions(config, row) for row in loaded[config]])
    assert main(["eval", "--system", str(predictions), "--tasks", config, "--json"]) == 0
    metrics = json.loads(capsys.readouterr().out)["tasks"][config]["metrics"]
    for name, record in metrics.items():
        for part in record["by"].values() if record["kind"] == "group" else [record]:
            assert part.get("f1", part.get("accuracy")) == 1.0, (config, name)


def test_a_documents_row_runs_through_a_baseline(loaded, nlp):
    from afp_strikes_bench.baselines.spacy_sm import predict

    row = loaded["documents"][0]
    assert predict(row)["entities"]
    results = evaluate(lambda document: predict(document), tasks=["entities"])
    assert results["tasks"]["entities"]["metrics"]["fine"]["f1"] > 0.8


def test_the_view_files_are_what_build_gold_writes():
    built = dataset_view.build(GOLD, load_gold(GOLD))
    assert len(built) == len(CARD_CONFIGS)
    for name, content in built.items():
        assert dataset_view.same_file((GOLD / name).read_bytes(), content), name


def test_the_canary_is_in_every_data_file(loaded):
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert json.loads(line)["canary"] == dataset_view.CANARY, path
    for config, split in loaded.items():  # the view's files, as datasets reads them
        assert set(split["canary"]) == {dataset_view.CANARY}, config


CARD_FIELDS = ("pretty_name", "language", "license", "license_link", "task_categories",
               "annotations_creators", "language_creators", "source_datasets", "multilinguality",
               "size_categories", "configs", "dataset_info")
CARD_SECTIONS = ("## Dataset Structure", "## Data Fields", "## Considerations for Using the Data",
                 "## Licensing Information", "## Citation", "## Data statement")


def test_the_card_has_the_fields_and_sections_the_field_expects():
    text = (GOLD / "README.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert all(front.get(key) for key in CARD_FIELDS), [k for k in CARD_FIELDS if not front.get(k)]
    assert [c["config_name"] for c in front["configs"]] == CARD_CONFIGS
    assert [c["config_name"] for c in front["dataset_info"]] == CARD_CONFIGS
    assert all(section in text for section in CARD_SECTIONS)
    assert dataset_view.CANARY in text
    for config in CARD_CONFIGS:  # Data Fields names every field of every config
        for path, _ in dataset_view._field_rows(dataset_view.features_of(config)):
            assert f"| `{path}` |" in text, (config, path)
    for convention in ("OntoNotes 5", "ACE 2005", "PARC 3.0"):
        assert convention in text


def test_the_iob2_view_is_one_row_per_sentence_and_holds_every_mention(gold):
    tokens = load_dataset(dataset_view.TOKENS)["test"]
    names = tokens.features["ner_tags"].feature.names
    assert names[0] == "O" and "B-GPE" in names and "I-WORK_OF_ART" in names
    assert tokens.num_rows > len(next(iter(gold.documents.values())).paragraph_starts)
    begins = sum(names[tag].startswith("B-") for row in tokens for tag in row["ner_tags"])
    # every gold mention is encoded: none cuts a token or crosses a sentence (building refuses
    # such a mention, and this count would fall short)
    assert begins == sum(len(items) for items in gold.tasks["entities"].values())
    # seqeval reads the rows as conll2003 users do, and finds the gold's own mentions
    from seqeval.metrics.sequence_labeling import get_entities

    found = [entity for row in tokens
             for entity in get_entities([names[tag] for tag in row["ner_tags"]])]
    assert len(found) == begins
