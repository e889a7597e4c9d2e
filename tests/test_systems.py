"""Systems as users write them: modules in the current directory, .py files, classes that take
options, callables handed to the library, spaCy pipelines; and bad specs as one line, exit 2."""
from __future__ import annotations

import json
import sys

import pytest
from afp_strikes_bench import evaluate
from afp_strikes_bench.cli import main
from conftest import TINY_TEXT, write_jsonl

MYMODEL = '''
def predict(document):
    text = document["text"]
    start = text.find("Iran")
    return {"entities": [{"start": start, "end": start + 4, "label": "GPE"}]}
'''
TAGGER = '''
class Tagger:
    """A factory: built with options, it is the system and reports its settings."""
    def __init__(self, label="GPE"):
        self.label = label
        self.metadata = {"model": "tagger", "version": "1.2"}

    def predict(self, document):
        start = document["text"].find("Pakistan")
        return {"entities": [{"start": start, "end": start + 8, "label": self.label}]}
'''


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A folder with the README's mymodel.py and a factory class, as the current directory;
    the modules it adds are forgotten afterwards."""
    (tmp_path / "mymodel.py").write_text(MYMODEL)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "theirs.py").write_text(MYMODEL)
    (tmp_path / "tagger.py").write_text(TAGGER)
    (tmp_path / "broken.py").write_text("raise ValueError('no weights\\nfound')\n")
    (tmp_path / "quits.py").write_text("import sys\nsys.exit(0)\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield tmp_path
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(tmp_path)):
            del sys.modules[name]


def eval_json(capsys, gold, *arguments) -> tuple[int, dict, str]:
    status = main(["eval", "--gold", str(gold), "--json", *arguments])
    out, err = capsys.readouterr()
    return status, (json.loads(out) if status == 0 else {}), err


@pytest.mark.parametrize("spec", ["mymodel:predict", "mymodel", "./mymodel.py:predict",
                                  "mymodel.py"])
def test_the_readme_module_in_the_current_directory(workdir, tiny_gold, capsys, spec):
    status, results, err = eval_json(capsys, tiny_gold, "--system", spec)
    assert status == 0, err
    assert results["system"]["name"] == "mymodel"
    fine = results["tasks"]["entities"]["metrics"]["fine"]
    assert (fine["tp"], fine["fp"]) == (1, 0)


def test_two_predict_functions_get_their_modules_names_and_name_overrides(
        workdir, tiny_gold, capsys):
    assert eval_json(capsys, tiny_gold, "--system", "other/theirs.py")[1]["system"]["name"] \
        == "theirs"
    results = eval_json(capsys, tiny_gold, "--system", "mymodel", "--name", "mine v2")[1]
    assert results["system"]["name"] == "mine v2"


def test_a_class_takes_options_and_reports_metadata(workdir, tiny_gold, capsys):
    status, results, err = eval_json(capsys, tiny_gold, "--system", "tagger:Tagger",
                                     "--system-arg", "label=LOC")
    assert status == 0, err
    system = results["system"]
    assert system["metadata"] == {"model": "tagger", "version": "1.2",
                                  "options": {"label": "LOC"}}
    assert results["tasks"]["entities"]["metrics"]["fine"]["fp"] == 1  # Pakistan is a GPE


def test_metadata_is_stored_as_json_has_it(workdir, tiny_gold, capsys, tmp_path):
    """Keys that are not strings, tuples: the results file holds what JSON makes of them."""
    (workdir / "keyed.py").write_text(TAGGER.replace(
        '{"model": "tagger", "version": "1.2"}', '{"thresholds": {1: 0.5}, "sizes": (2, 3)}'))
    out = tmp_path / "keyed.json"
    assert main(["eval", "--gold", str(tiny_gold), "--system", "keyed:Tagger", "--out",
                 str(out)]) == 0
    metadata = json.loads(out.read_text())["system"]["metadata"]
    assert metadata == {"thresholds": {"1": 0.5}, "sizes": [2, 3]}


@pytest.mark.parametrize("arguments, message", [
    (["--system", ":predict"], "expected module:callable"),
    (["--system", "../x:y"], "no such Python file"),
    (["--system", "nothing_here:predict"], "no such module"),
    (["--system", "broken:predict"], "importing 'broken' failed: ValueError: no weights\\nfound"),
    (["--system", "quits"], "importing 'quits' failed: it called sys.exit(0)"),
    (["--system", "mymodel", "--system-arg", "x=1"], "is a function and takes no options"),
    (["--system", "tagger:Tagger", "--system-arg", "colour=red"], "unexpected keyword"),
    (["--system", "tagger:Tagger", "--system-arg", "novalue"], "expected KEY=VALUE"),
    (["--system", "spacy:"], "give the spacy adapter its model"),
    (["--system", "spacy:no_such_pipeline"], "spaCy cannot load 'no_such_pipeline'"),
])
def test_bad_specs_are_one_line_and_exit_2(workdir, tiny_gold, capsys, arguments, message):
    status, _, err = eval_json(capsys, tiny_gold, *arguments)
    assert status == 2 and err.count("\n") == 1 and message in err, err


def test_the_library_evaluates_a_callable(tiny_gold):
    def predict(document):
        return {"entities": []}

    results = evaluate(predict, gold=tiny_gold)
    assert results["system"]["kind"] == "callable"
    assert results["system"]["reference"].endswith(":test_the_library_evaluates_a_callable."
                                                   "<locals>.predict")
    assert results["tasks"]["entities"]["metrics"]["fine"]["fn"] == 4


def test_bench_systems_lists_builtins_and_adapters(capsys):
    assert main(["systems"]) == 0
    out = capsys.readouterr().out
    assert "spacy-sm" in out and "spacy:MODEL" in out and "empty" in out


def with_coreference(gold_folder):
    """The tiny gold with a coreference file: Iran, mentioned once."""
    write_jsonl(gold_folder / "coreference.jsonl", [{"doc_id": "d1", "text": TINY_TEXT,
                                                      "coreference": [
        {"id": "iran", "name": "Iran", "type": "GPE",
         "mentions": [{"start": 0, "end": 4, "text": "Iran", "kind": "NAM"}]}]}])
    return gold_folder


def test_a_spacy_pipeline_is_a_system(tiny_gold, capsys, nlp):
    with_coreference(tiny_gold)
    status, results, err = eval_json(capsys, tiny_gold, "--system", "spacy:en_core_web_sm")
    assert status == 0, err
    doc = nlp(TINY_TEXT)
    found = results["tasks"]["entities"]["metrics"]["fine"]
    assert found["tp"] + found["fp"] == len(doc.ents)
    metadata = results["system"]["metadata"]
    assert metadata["adapter"] == "spacy" and "ner" in metadata["components"]
    # a pipeline fills only the tasks its components fill: here none but the entities
    assert results["tasks"]["coreference"]["status"] == "not_attempted"


def test_a_pipeline_component_fills_other_tasks_through_the_hook(tmp_path, tiny_gold, capsys):
    """A saved pipeline folder with a component that writes doc._.bench."""
    import spacy
    from spacy.language import Language
    from spacy.tokens import Doc

    if not Doc.has_extension("bench"):
        Doc.set_extension("bench", default=None)

    @Language.component("toy_coreference")
    def toy_coreference(doc):
        doc._.bench = {"coreference": [[{"start": 0, "end": 4}]]}
        return doc

    pipeline = spacy.blank("en")
    pipeline.add_pipe("toy_coreference")
    pipeline.to_disk(tmp_path / "pipeline")
    with_coreference(tiny_gold)
    status, results, err = eval_json(capsys, tiny_gold, "--system",
                                     f"spacy:{tmp_path / 'pipeline'}")
    assert status == 0, err
    assert results["tasks"]["entities"]["metrics"]["fine"]["tp"] == 0  # a blank pipeline: no ents
    assert results["tasks"]["coreference"]["metrics"]["mentions"]["f1"] == 1.0
