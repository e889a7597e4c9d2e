"""The spacy-sm events extractor: constructed sentences, and the article with every name swapped
(a baseline is judged by how it would do on the next article, not on this one's words)."""
from __future__ import annotations

import importlib
import re

import pytest
from afp_strikes_bench.baselines.spacy_sm import EXTRACTORS
from afp_strikes_bench.baselines.spacy_sm.events import extract
from afp_strikes_bench.documents import Document
from afp_strikes_bench.gold import GoldSet
from afp_strikes_bench.predictions import check_prediction_line
from afp_strikes_bench.spans import check_span
from afp_strikes_bench.tasks.events import REALIS, ROLES

#: the article's countries, cities, people, groups and places -> others of the same kind
SWAPS = {
    "Pakistani": "Norwegian", "Pakistan": "Norway", "Iranian": "Chilean", "Iran": "Chile",
    "Islamabad": "Oslo", "Tehran": "Santiago", "Jalil Abbas Jilani": "Lars Erik Berg",
    "Jilani": "Berg", "Hossein Amirabdollahian": "Pablo Rojas",
    "Anwaar-ul-Haq Kakar": "Henrik Dahl",
    "Kakar": "Dahl", "Antonio Guterres": "Maria Lind", "Joe Biden": "Tom Hale", "The US": "Canada",
    "Geo TV": "Nordic TV", "Baloch Liberation Front": "Northern Liberation Front",
    "Baloch Liberation Army": "Northern Liberation Army", "Jaish al-Adl": "Frente Austral",
    "JAA": "FA", "Balochistan": "Finnmark", "Sistan-Baluchestan": "Magallanes",
    "Israeli": "Ruritanian", "Israel": "Ruritania", "Hamas": "Blue Brigade", "Gaza": "Westland",
    "West Asia": "South America", "Davos": "Geneva", "World Economic Forum": "Global Trade Forum",
    "Turkish": "Danish", "Chinese": "Korean", "Revolutionary Guard Corps": "National Guard",
    "Islamic State": "Black Flag", "Houthi": "Coastal", "Yemen": "Peru", "Syria": "Argentina",
    "Iraq": "Uruguay", "Red Sea": "Drake Passage", "Ram Mandir": "the festival",
    "Sunni": "orthodox", "Shi’ite": "reformist", "Palestinians": "Westlanders",
}


def swap_names(text: str) -> str:
    names = sorted(SWAPS, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")
    return pattern.sub(lambda match: SWAPS[match.group(1)], text)


def events_of(nlp, text: str) -> list[dict]:
    return extract(nlp(text), {"text": text})


def readable(text: str, events: list[dict]) -> list[tuple]:
    """(trigger, type, realis, [(role, argument text)]) per event."""
    return [(text[e["trigger"]["start"]:e["trigger"]["end"]], e["type"], e["realis"],
             [(a["role"], text[a["start"]:a["end"]]) for a in e["arguments"]]) for e in events]


def test_registered_as_the_events_extractor():
    module, _, function = EXTRACTORS["events"].partition(":")
    assert getattr(importlib.import_module(module), function) is extract


@pytest.mark.parametrize("text, expected", [
    ("Rebels attacked the village near Lyon on Monday.",
     [("attacked", "Conflict.Attack", "actual",
       [("Attacker", "Rebels"), ("Target", "the village"), ("Place", "Lyon"),
        ("Time", "Monday")])]),
    # a light verb lends its subject, place and time to the event noun; a place the undergoer
    # is in is where the event happened
    ("Chile carried out strikes on rebel camps in Bolivia on Sunday.",
     [("strikes", "Conflict.Attack", "actual",
       [("Attacker", "Chile"), ("Target", "rebel camps in Bolivia"), ("Place", "Bolivia"),
        ("Time", "Sunday")])]),
    # a weapon as subject is the Instrument; its owner is the Attacker
    ("Chile said its drones struck a depot.",
     [("struck", "Conflict.Attack", "actual",
       [("Attacker", "its"), ("Instrument", "its drones"), ("Target", "a depot")])]),
    ("Two soldiers were killed by militants in Peru.",
     [("killed", "Life.Die", "actual",
       [("Victim", "Two soldiers"), ("Agent", "militants in Peru"), ("Place", "Peru")])]),
    # an attack that kills lends its attacker and time to the deaths
    ("The Chilean attack on Monday killed three soldiers.",
     [("attack", "Conflict.Attack", "actual", [("Attacker", "Chilean"), ("Time", "Monday")]),
      ("killed", "Life.Die", "actual",
       [("Agent", "Chilean"), ("Time", "Monday"), ("Victim", "three soldiers")])]),
    ("The minister spoke to his counterpart on Friday.",
     [("spoke", "Contact.Call", "actual",
       [("Participant", "The minister"), ("Participant", "his counterpart"),
        ("Time", "Friday")])]),
    ("The minister called on both sides to show restraint.",
     [("called", "Diplomacy.Appeal", "actual",
       [("Agent", "The minister"), ("Recipient", "both sides")])]),
    # each conjunct is an argument of its own
    ("The president held talks with Norway and Chile.",
     [("talks", "Contact.Meet", "actual",
       [("Participant", "The president"), ("Participant", "Norway"), ("Participant", "Chile")])]),
    # the noun a relative clause modifies fills the relative pronoun's role
    ("The group, which Norway attacked, denied it.",
     [("attacked", "Conflict.Attack", "actual",
       [("Target", "The group"), ("Attacker", "Norway")])]),
    ("The prime minister flew home on Thursday.",
     [("flew", "Movement.Transport", "actual",
       [("Traveller", "The prime minister"), ("Destination", "home"),
        ("Time", "Thursday")])]),
    ("Chile expressed its readiness to work with Norway.",
     [("work", "Diplomacy.Cooperate", "other",
       [("Participant", "its"), ("Participant", "Norway")])]),
    ("The army did not attack the town.",
     [("attack", "Conflict.Attack", "other", [("Attacker", "The army"), ("Target", "the town")])]),
    ("If the rebels attack, the army will respond.",
     [("attack", "Conflict.Attack", "other", [("Attacker", "the rebels")])]),
    ("The army will carry out drills in the north.",
     [("drills", "Military.Mobilize", "other", [("Agent", "The army")])]),
])
def test_constructed_sentences(nlp, text, expected):
    assert readable(text, events_of(nlp, text)) == expected


def test_word_senses_that_need_a_complement(nlp):
    text = ("They work hard. They restored the bridge. They restored ties with Chile. "
            "The war crimes court met.")
    found = [(trigger, event_type) for trigger, event_type, _, _ in
             readable(text, events_of(nlp, text))]
    assert found == [("restored", "Diplomacy.Cooperate"), ("met", "Contact.Meet")]


def test_hoppers_join_events_sharing_a_named_participant_at_one_time(nlp):
    text = ("Norway bombed Chile on Monday. Norway also shelled Chile. "
            "Norway struck Chile again on Friday. Peru attacked a camp.")
    clusters = [e["cluster"] for e in events_of(nlp, text)]
    assert clusters[0] == clusters[1] != clusters[2]
    assert clusters[3] not in clusters[:3]


def check_events(text: str, events: list[dict]) -> None:
    for event in events:
        assert check_span(text, event["trigger"]) is None
        assert event["realis"] in REALIS
        for argument in event["arguments"]:
            assert check_span(text, argument) is None
            assert argument["role"] in ROLES[event["type"]]


@pytest.fixture(scope="module")
def swapped(article_text, nlp):
    text = swap_names(article_text)
    return text, events_of(nlp, text)


def test_the_swap_leaves_no_name_of_the_article(article_text):
    text = swap_names(article_text)
    assert len(text) > 3000
    assert [name for name in SWAPS if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)] == []


def test_name_swapped_article_attacks_death_and_call(swapped):
    text, events = swapped
    found = readable(text, events)
    attacks = [f for f in found if f[1] == "Conflict.Attack"]
    assert len(attacks) >= 8
    assert any(f[:2] == ("strikes", "Conflict.Attack") and ("Attacker", "Norway") in f[3]
               and ("Place", "Chile") in f[3] for f in found)
    assert any(f[1] == "Life.Die" and ("Victim", "nine people") in f[3] for f in found)
    assert any(f[1] == "Contact.Call" and ("Participant", "his Chilean counterpart") in f[3]
               for f in found)
    assert any(f[1] == "Diplomacy.Appeal"
               and f[3][:1] == [("Agent", "UN secretary-general Maria Lind")] for f in found)


def test_name_swapped_article_output_validates(swapped):
    text, events = swapped
    check_events(text, events)
    document = Document("swapped", text, "2024-01-19", "test", "en")
    gold = GoldSet(None, {"swapped": document}, {}, "test", "0" * 64)
    assert check_prediction_line({"doc_id": "swapped", "events": events}, gold, set())[1] == []


def test_output_on_the_article_itself_validates(article_text, nlp):
    check_events(article_text, events_of(nlp, article_text))
