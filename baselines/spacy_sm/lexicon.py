"""Word lists for coreference in English news: pronouns and the heads of nominal mentions.

Each head noun is filed under the kind of participant it names: a ``person``, a ``group``
(organisations, governments, armed groups, peoples) or a ``place`` (countries, regions, sites).
"""
from __future__ import annotations

PERSON, GROUP, PLACE = "person", "group", "place"

#: named-entity label -> kind of participant
LABEL_KINDS = {"PERSON": PERSON, "NORP": GROUP, "ORG": GROUP, "GPE": PLACE, "LOC": PLACE,
               "FAC": PLACE}

NOMINAL_HEADS = {
    **dict.fromkeys((
        "minister", "counterpart", "president", "premier", "leader", "official", "spokesman",
        "spokeswoman", "spokesperson", "secretary", "ambassador", "envoy", "diplomat",
        "commander", "general", "chief", "chancellor", "king", "queen", "prince", "monarch",
        "mayor", "governor", "senator", "lawmaker", "legislator", "candidate", "prosecutor",
        "judge", "negotiator", "militant", "soldier", "activist", "analyst", "journalist",
        "reporter", "correspondent", "man", "woman"), PERSON),
    **dict.fromkeys((
        "government", "administration", "regime", "authority", "ministry", "office",
        "department", "cabinet", "parliament", "council", "committee", "commission", "agency",
        "army", "military", "force", "militia", "group", "faction", "organisation",
        "organization", "movement", "party", "alliance", "coalition", "bloc", "union", "court",
        "police", "company", "firm", "bank", "broadcaster", "newspaper", "side", "ally",
        "forum", "body", "insurgent", "rebel", "separatist", "leadership"), GROUP),
    **dict.fromkeys((
        "country", "nation", "state", "republic", "kingdom", "neighbour", "neighbor",
        "province", "region", "district", "county", "territory", "city", "town", "village",
        "capital", "area", "border", "island", "coast", "base", "camp", "site", "airport",
        "port", "embassy", "headquarters"), PLACE),
}

#: heads that name the same kind of thing, mapped to one ("the two nations" = "both countries")
HEAD_SYNONYMS = {"nation": "country", "neighbor": "neighbour", "organization": "organisation",
                 "spokeswoman": "spokesman", "spokesperson": "spokesman"}

#: heads that name a country's state or government ("the Norwegian government")
POLITY_HEADS = {"state", "government", "administration", "regime", "authority", "leadership"}

#: personal pronoun -> (kinds of participant it can refer to, plural?)
PRONOUNS = {
    **dict.fromkeys(("he", "him", "his", "himself", "she", "her", "hers", "herself"),
                    ({PERSON}, False)),
    **dict.fromkeys(("it", "its", "itself"), ({GROUP, PLACE}, False)),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"),
                    ({PERSON, GROUP, PLACE}, True)),
}

#: relative pronoun -> kinds of participant it can refer to
RELATIVE_PRONOUNS = {"which": {GROUP, PLACE}, "who": {PERSON, GROUP}, "whom": {PERSON, GROUP},
                     "whose": {PERSON, GROUP}}
