"""The spacy-sm baseline for entities and coreference: its normaliser, its coreference rules on
constructed texts, and the whole extractors on the article and on a copy with its names swapped.

The swapped copy is the test that the baseline is general: it must do the same kind of work on
the same story told about other countries, people and groups.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from afp_strikes_bench.baselines.spacy_sm import coreference, entities
from afp_strikes_bench.baselines.spacy_sm.normalize import number, timex
from afp_strikes_bench.documents import Document
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.predictions import check_prediction_line

FRIDAY = date(2024, 1, 19)
WEDNESDAY = date(2024, 1, 17)

#: the article's names -> real names of the same kind (longest first where one contains another)
NAME_SWAPS = {
    "Pakistani": "Norwegian",
    "Pakistan": "Norway",
    "Iranian": "Chilean",
    "Iran": "Chile",
    "Islamabad": "Oslo",
    "Tehran": "Santiago",
    "Jalil Abbas Jilani": "Anders Magnus Berg",
    "Jilani": "Berg",
    "Hossein Amirabdollahian": "Alberto van Klaveren",
    "Turkish": "Swedish",
    "Geo TV": "NRK",
    "Anwaar-ul-Haq Kakar": "Jonas Gahr Lindqvist",
    "Kakar": "Lindqvist",
    "World Economic Forum": "Munich Security Conference",
    "Davos": "Munich",
    "Antonio Guterres": "Ban Ki-moon",
    "Joe Biden": "Barack Obama",
    "Baloch Liberation Front": "Sami Liberation Front",
    "Baloch Liberation Army": "Sami Liberation Army",
    "Jaish al-Adl (JAA)": "Frente Patriótico Manuel Rodríguez (FPMR)",
    "JAA": "FPMR",
    "Sistan-Baluchestan": "Araucanía",
    "Balochistan": "Finnmark",
    "Chinese": "Japanese",
    "Sunni Islamist": "Marxist",
    "Shi’ite": "Catholic",
    "Islamic State": "Shining Path",
    "Revolutionary Guard Corps": "National Guard Corps",
    "West Asia": "Latin America",
    "Israel’s": "Russia’s",
    "Israeli": "Russian",
    "Israel": "Russia",
    "Hamas": "Wagner",
    "Gaza": "Ukraine",
    "Syria": "Peru",
    "Iraq": "Bolivia",
    "Houthi": "Mapuche",
    "Yemen": "Argentina",
    "Red Sea": "Beagle Channel",
    "Palestinians": "Ukrainians",
    "Ram Mandir": "the Olympics",
}


def swap_names(text: str) -> str:
    """The text with every name of :data:`NAME_SWAPS` replaced in one pass (no chains)."""
    keys = sorted(NAME_SWAPS, key=len, reverse=True)
    return re.sub("|".join(map(re.escape, keys)), lambda m: NAME_SWAPS[m.group()], text)


# --- the normaliser ---------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, anchor, value", [
    ("Friday", FRIDAY, "2024-01-19"),          # the anchor itself when it is that weekday
    ("Thursday", FRIDAY, "2024-01-18"),
    ("Thursday’s", FRIDAY, "2024-01-18"),
    ("Saturday", FRIDAY, "2024-01-13"),         # the most recent one, never a future day
    ("Tuesday", FRIDAY, "2024-01-16"),
    ("Friday", WEDNESDAY, "2024-01-12"),
    ("Wednesday", WEDNESDAY, "2024-01-17"),
    ("Monday", WEDNESDAY, "2024-01-15"),
    ("Friday morning", FRIDAY, "2024-01-19TMO"),
    ("this week", FRIDAY, "2024-W03"),
    ("This week", WEDNESDAY, "2024-W03"),
    ("last week", FRIDAY, "2024-W02"),
    ("this week", date(2021, 1, 1), "2020-W53"),  # ISO weeks, not calendar weeks
    ("last month", FRIDAY, "2023-12"),
    ("last year", FRIDAY, "2023"),
    ("November", FRIDAY, "2023-11"),            # a month without a year: the latest one
    ("January", FRIDAY, "2024-01"),
    ("November", date(2024, 12, 3), "2024-11"),
    ("November 2021", FRIDAY, "2021-11"),
    ("October 7", FRIDAY, "2023-10-07"),
    ("7 October", FRIDAY, "2023-10-07"),
    ("January 19", FRIDAY, "2024-01-19"),
    ("January 20", FRIDAY, "2023-01-20"),
    ("Oct. 7, 2022", FRIDAY, "2022-10-07"),
    ("2024-01-19", WEDNESDAY, "2024-01-19"),    # explicit ISO dates stand as they are
    ("2019", FRIDAY, "2019"),
    ("yesterday", FRIDAY, "2024-01-18"),
    ("recent years", FRIDAY, "PAST_REF"),
    ("decades", FRIDAY, "PXDE"),
    ("three days", FRIDAY, "P3D"),
    ("a day", FRIDAY, "P1D"),
    ("a week ago", FRIDAY, "2024-W02"),
    ("two years ago", FRIDAY, "2022"),
    ("the holiday season", FRIDAY, None),        # nothing the rules can resolve: no value
    ("February 30", FRIDAY, None),
])
def test_timex_values(phrase, anchor, value):
    assert timex(phrase, anchor) == value


@pytest.mark.parametrize("phrase, value", [
    ("nine", 9), ("Four", 4), ("twenty-one", 21), ("one hundred and five", 105),
    ("third", 3), ("first", 1), ("twelfth", 12), ("twentieth", 20), ("twenty-first", 21),
    ("21st", 21), ("1,200", 1200), ("12,345,678", 12345678), ("3.5", 3.5),
    ("$2.5 million", 2500000), ("15%", 15), ("40 km", 40), ("at least 30", 30),
    ("dozens", None), ("several", None),
])
def test_number_values(phrase, value):
    assert number(phrase) == value


def test_entities_carry_values_and_valid_spans(nlp):
    text = "On Tuesday, “Oslo” said 1,200 troops took part in the third drill since November."
    found = entities.extract(nlp(text), {"date": "2024-01-19"})
    by_text = {text[e["start"]:e["end"]]: e for e in found}
    assert by_text["Tuesday"]["value"] == "2024-01-16"
    assert by_text["1,200"]["value"] == 1200
    assert by_text["third"]["value"] == 3
    assert by_text["November"]["value"] == "2023-11"
    assert "Oslo" in by_text  # the quotes around it are trimmed off


def test_trim_drops_what_cannot_be_a_span():
    text = "He said: “Norway.” (No) and left."
    assert entities.trim(text, 0, len("He said:")) == (0, len("He said"))
    quoted = text.index("“")
    assert entities.trim(text, quoted, quoted + len("“Norway.”")) == (quoted + 1, quoted + 7)
    assert entities.trim(text, text.index("("), text.index(")") + 1) == (text.index("No)"),
                                                                     text.index(")"))
    assert entities.trim(text, 2, 3) is None  # white space only
    assert entities.trim(text, quoted, quoted + 1) is None  # a quote mark only


# --- coreference rules on constructed texts -----------------------------------------------

def clusters_of(nlp, text: str) -> list[list[str]]:
    return [[text[m["start"]:m["end"]] for m in cluster]
            for cluster in coreference.extract(nlp(text), {"date": "2024-01-19"})]


def cluster_with(clusters: list[list[str]], mention: str) -> list[str]:
    return next(cluster for cluster in clusters if mention in cluster)


def test_surname_links_to_the_full_name(nlp):
    clusters = clusters_of(nlp, "Finance minister Maria Elena Lopez met bankers in Madrid. "
                                "Lopez said the talks went well.")
    # the mention is the whole noun phrase, title included (CoNLL-2012 spans)
    assert cluster_with(clusters, "Lopez") == ["Finance minister Maria Elena Lopez", "Lopez"]


def test_acronym_links_to_the_name_it_follows_and_later_uses(nlp):
    text = ("Fighters of the National Liberation Movement (NLM) crossed the river on Monday. "
            "Officials said the NLM had lost ground.")
    movement = cluster_with(clusters_of(nlp, text), "NLM")
    assert movement == ["the National Liberation Movement", "NLM", "the NLM"]


def test_acronym_definitions_need_the_initials():
    text = "the Sons of Liberty Party (SLP) met the Tax Office (IRS) and (AFP)"
    found = [(text[a:b], text[c:d]) for a, b, c, d in coreference.acronym_definitions(text)]
    assert found == [("Sons of Liberty Party", "SLP")]


def test_pronoun_takes_the_nearest_compatible_antecedent(nlp):
    text = "Norway thanked Maria Lopez. She said its offer was generous."
    clusters = clusters_of(nlp, text)
    assert "She" in cluster_with(clusters, "Maria Lopez")
    assert "its" in cluster_with(clusters, "Norway")


def test_pronoun_prefers_the_subject_of_its_sentence(nlp):
    clusters = clusters_of(nlp, "Chile said the strikes hit a village in its territory.")
    assert "its" in cluster_with(clusters, "Chile")


def test_they_needs_a_plural_or_a_group(nlp):
    text = "The two countries met in Geneva. They agreed to talk again."
    clusters = clusters_of(nlp, text)
    assert cluster_with(clusters, "They") == ["The two countries", "They"]
    assert ["Geneva"] in clusters


def test_demonym_links_to_its_country_from_the_resource(nlp):
    text = "Norway sent aid. The Norwegian envoy arrived in Oslo on Monday."
    clusters = clusters_of(nlp, text)
    assert "Norwegian" in cluster_with(clusters, "Norway")
    assert "Oslo" not in cluster_with(clusters, "Norway")  # a capital as a place is a place


def test_capital_that_acts_stands_for_its_country(nlp):
    clusters = clusters_of(nlp, "Chile recalled its ambassador. Santiago said it was insulted.")
    assert "Santiago" in cluster_with(clusters, "Chile")


def test_head_noun_links_nominals_without_new_modifiers(nlp):
    text = ("The rebel groups attacked a convoy. The groups later withdrew. "
            "Officials blamed the region. Tourists avoid the northern region.")
    clusters = clusters_of(nlp, text)
    assert cluster_with(clusters, "The groups") == ["The rebel groups", "The groups"]
    assert ["the region", "the northern region"] not in clusters


def test_relative_pronoun_links_to_the_noun_it_modifies(nlp):
    clusters = clusters_of(nlp, "Rebels attacked Peru, which closed its border.")
    assert "which" in cluster_with(clusters, "Peru")


def test_no_span_is_in_two_clusters(nlp, article_text):
    spans = [(m["start"], m["end"]) for cluster in coreference.extract(
        nlp(article_text), {"date": "2024-01-19"}) for m in cluster]
    assert len(spans) == len(set(spans))


# --- the whole extractors, on the article and on a copy with its names swapped -----------------

def test_swapped_copy_replaces_every_name(article_text):
    swapped = swap_names(article_text)
    assert [name for name in NAME_SWAPS if name not in article_text] == []
    assert [name for name in NAME_SWAPS if name in swapped
            and not any(name in new for new in NAME_SWAPS.values())] == []


@pytest.mark.parametrize("swapped", [False, True], ids=["original", "names-swapped"])
def test_baseline_finds_entities_and_clusters(nlp, article_text, swapped):
    text = swap_names(article_text) if swapped else article_text
    document = Document("doc", text, "2024-01-19", "test", "en")
    doc = nlp(text)
    predictions = {"doc_id": "doc",
                   "entities": entities.extract(doc, document.as_dict()),
                   "coreference": coreference.extract(doc, document.as_dict())}
    gold = GoldSet(Path("."), {"doc": document}, {}, "test", "")
    assert check_prediction_line(predictions, gold, set())[1] == []

    labels = {e["label"] for e in predictions["entities"]}
    assert {"GPE", "PERSON", "DATE", "CARDINAL"} <= labels
    values = {text[e["start"]:e["end"]]: e.get("value") for e in predictions["entities"]}
    assert values["Thursday"] == "2024-01-18" and values["nine"] == 9

    clusters = [[text[m["start"]:m["end"]] for m in c] for c in predictions["coreference"]]
    big = [c for c in clusters if len(c) > 1]
    assert len(big) >= 8
    first_country = "Norway" if swapped else "Pakistan"
    capital = "Oslo" if swapped else "Islamabad"
    assert {"its", capital} <= set(cluster_with(clusters, first_country))
    # the small model may miss a first name ("Magnus Berg"): the full name is what it found
    surname = "Berg" if swapped else "Jilani"
    minister = cluster_with(clusters, surname)
    assert {"his", "He"} <= set(minister)
    assert any(name.endswith(" " + surname) for name in minister)
    acronym = "FPMR" if swapped else "JAA"
    assert {acronym, f"The {acronym}", "The group"} <= set(cluster_with(clusters, acronym))
