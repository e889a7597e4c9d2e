"""The spacy-sm baseline for casualties and attributions: its rules on constructed sentences, and
the whole extractors on the article and on a copy with its names swapped (the test that the
rules are general: the same story about other countries, people and groups)."""
from __future__ import annotations

from pathlib import Path

import pytest
from afp_strikes_bench.baselines.spacy_sm import attributions, casualties
from afp_strikes_bench.documents import Document
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.predictions import check_prediction_line
from test_baseline_entities_coreference import swap_names

FRIDAY = "2024-03-08"


ARTICLE_DATE = "2024-01-19"


def document(text: str, date: str = FRIDAY) -> dict:
    return {"id": "doc", "text": text, "date": date, "source": "test", "language": "en"}


def readable(items: list[dict], text: str) -> list[dict]:
    """Items with every span replaced by its text (a list of texts for content)."""
    def show(value):
        if isinstance(value, dict) and "start" in value:
            return text[value["start"]:value["end"]]
        if isinstance(value, list):
            return [show(part) for part in value]
        return value
    return [{key: show(value) for key, value in item.items()} for item in items]


def extracted(nlp, module, text: str) -> list[dict]:
    items = module.extract(nlp(text), document(text))
    task = module.__name__.rsplit(".", 1)[1]
    line = {"doc_id": "doc", task: items}
    assert check_prediction_line(line, one_document_gold(text), set())[1] == []
    return readable(items, text)


def one_document_gold(text: str) -> GoldSet:
    return GoldSet(Path("."), {"doc": Document("doc", text, FRIDAY, "test", "en")}, {}, "test", "")


# --- casualties on constructed sentences -------------------------------------------------------

def test_bounds_outcomes_time_place_and_claimant(nlp):
    records = extracted(nlp, casualties, "At least 12 soldiers were killed and up to 30 wounded "
                                         "in Kabul on Monday, officials said.")
    monday = "2024-03-04"  # the Monday before the Friday the document is dated
    assert records == [
        {"span": "At least 12 soldiers", "count": None, "low": 12, "high": None,
         "outcome": "killed", "victim": "security", "time": monday, "country": "AF",
         "perpetrator": None, "claimed_by": "officials", "part_of": None},
        {"span": "up to 30", "count": None, "low": None, "high": 30, "outcome": "injured",
         "victim": "person", "time": monday, "country": "AF", "perpetrator": None,
         "claimed_by": "officials", "part_of": None}]


def test_part_of_perpetrator_and_claimant(nlp):
    records = extracted(nlp, casualties,
                        "Police said gunmen killed five civilians, including two children, "
                        "on Tuesday.")
    assert [(r["span"], r["count"], r["victim"], r["perpetrator"], r["claimed_by"], r["part_of"])
            for r in records] == [("five civilians", 5, "civilian", "gunmen", "Police", None),
                                  ("two children", 2, "child", "gunmen", "Police", 0)]
    assert {r["time"] for r in records} == {"2024-03-05"}


def test_missing_and_bare_numbers(nlp):
    records = extracted(nlp, casualties, "The ministry said 14 people were missing. "
                                         "Nine people died and 20 were injured.")
    assert [(r["span"], r["outcome"], r["victim"], r["claimed_by"]) for r in records] == [
        ("14 people", "missing", "person", "The ministry"),
        ("Nine people", "killed", "person", None),
        ("20", "injured", "person", None)]


def test_numbers_that_count_no_victims_are_not_figures(nlp):
    assert extracted(nlp, casualties, "The two leaders met for three hours on 12 March and "
                                      "signed four agreements worth $5 million.") == []


# --- attributions on constructed sentences -----------------------------------------------------

def relations_of(nlp, text: str) -> list[dict]:
    return extracted(nlp, attributions, text)


def test_subject_cue_and_clausal_content(nlp):
    assert relations_of(nlp, "The minister said that the talks would resume next week.") == [
        {"source": "The minister", "cue": "said", "content": ["the talks would resume next week"],
         "type": "indirect", "parent": None}]


def test_a_quotation_split_by_its_cue_is_one_relation(nlp):
    text = "“We will not back down,” the spokesman said. “Our position is clear.”"
    assert relations_of(nlp, text) == [
        {"source": "the spokesman", "cue": "said",
         "content": ["“We will not back down,”", "“Our position is clear.”"],
         "type": "direct", "parent": None}]


def test_quotation_after_the_cue_keeps_its_marks(nlp):
    [relation] = relations_of(nlp, "The mayor said, “The bridge will reopen.”")
    assert relation["content"] == ["“The bridge will reopen.”"]
    assert relation["type"] == "direct"


def test_the_addressee_is_not_content(nlp):
    [relation] = relations_of(nlp, "The mayor told reporters that the bridge would reopen.")
    assert relation["content"] == ["the bridge would reopen"]


def test_agentless_passive_has_no_source(nlp):
    [relation] = relations_of(nlp, "It was reported that the border had closed.")
    assert (relation["source"], relation["cue"]) == (None, "reported")


def test_participle_takes_the_subject_of_its_clause(nlp):
    relation = relations_of(nlp, "The rebels attacked the town, saying it was a target.")[0]
    assert (relation["source"], relation["cue"], relation["content"]) == \
        ("The rebels", "saying", ["it was a target"])


def test_citing_nests_in_the_report_it_qualifies(nlp):
    text = "The agency reported, citing two officials, that the port was shut."
    assert relations_of(nlp, text) == [
        {"source": "The agency", "cue": "reported", "content": ["the port was shut"],
         "type": "indirect", "parent": None},
        {"source": "two officials", "cue": "citing", "content": ["the port was shut"],
         "type": "indirect", "parent": 0}]


def test_according_to_names_a_source(nlp):
    [relation] = relations_of(nlp, "According to the police, the suspect fled on foot.")
    assert (relation["source"], relation["cue"], relation["content"]) == \
        ("the police", "According to", ["the suspect fled on foot"])


def test_a_cue_inside_a_content_is_nested(nlp):
    relations = relations_of(nlp, "The report said the minister warned that prices would rise.")
    assert [(r["cue"], r["parent"]) for r in relations] == [("said", None), ("warned", 0)]


def test_a_parallel_clause_with_its_own_cue_is_not_content(nlp):
    relations = relations_of(nlp, "Oslo said it hit two camps, while Santiago said its "
                                  "drones struck a depot.")
    assert [(r["source"], r["content"]) for r in relations] == [
        ("Oslo", ["it hit two camps"]), ("Santiago", ["its drones struck a depot"])]


# --- the article and its name-swapped copy -----------------------------------------------------

@pytest.fixture(scope="module")
def swapped(article_text):
    return swap_names(article_text)


@pytest.fixture(scope="module")
def swapped_doc(nlp, swapped):
    return nlp(swapped)


def test_spans_are_valid_on_the_article(nlp, gold, article_text):
    doc_id = next(iter(gold.documents))
    meta = gold.documents[doc_id].as_dict()
    parsed = nlp(article_text)
    line = {"doc_id": doc_id, "casualties": casualties.extract(parsed, meta),
            "attributions": attributions.extract(parsed, meta)}
    assert check_prediction_line(line, gold, set())[1] == []


def test_swapped_copy_still_yields_a_figure_with_its_claimant(swapped, swapped_doc):
    records = readable(casualties.extract(swapped_doc, document(swapped, ARTICLE_DATE)), swapped)
    claimed = {(r["count"], r["outcome"], r["claimed_by"]) for r in records}
    assert (9, "killed", "Chile") in claimed
    assert (2, "killed", "Norway") in claimed
    assert any(r["part_of"] is not None for r in records)


def test_swapped_copy_still_yields_attributions(swapped, swapped_doc):
    relations = readable(attributions.extract(swapped_doc, document(swapped, ARTICLE_DATE)),
                         swapped)
    assert len(relations) >= 15
    by_source = {(r["source"], r["cue"]) for r in relations}
    assert {("Oslo", "said"), ("Santiago", "said"), ("Barack Obama", "said")} <= \
        {(source.removeprefix("President "), cue) for source, cue in by_source if source}
    assert any(len(r["content"]) == 2 and r["type"] == "direct" for r in relations)
    assert any(r["parent"] is not None for r in relations)


def test_swapped_copy_predictions_validate(swapped, swapped_doc):
    # the schema, and every span against the text (afp_strikes_bench.spans.check_span)
    meta = document(swapped, ARTICLE_DATE)
    line = {"doc_id": "doc", "casualties": casualties.extract(swapped_doc, meta),
            "attributions": attributions.extract(swapped_doc, meta)}
    assert check_prediction_line(line, one_document_gold(swapped), set())[1] == []
