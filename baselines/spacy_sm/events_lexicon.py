"""Word lists for event extraction from English news: triggers, their argument frames, realis cues.

Triggers are lemmas with a part of speech, filed under the benchmark's ten event types. They are
the common wording of conflict and diplomacy reporting in general, not of any one article.
"""
from __future__ import annotations

ATTACK, THREATEN = "Conflict.Attack", "Conflict.Threaten"
DIE, INJURE = "Life.Die", "Life.Injure"
MEET, CALL = "Contact.Meet", "Contact.Call"
TRANSPORT = "Movement.Transport"
COOPERATE, APPEAL = "Diplomacy.Cooperate", "Diplomacy.Appeal"
MOBILIZE = "Military.Mobilize"


def _filed(pos: str, table: dict[str, tuple[str, ...]]) -> dict[tuple[str, str], str]:
    return {(lemma, pos): event_type for event_type, lemmas in table.items() for lemma in lemmas}


#: (lemma, coarse part of speech) -> event type
TRIGGERS: dict[tuple[str, str], str] = {
    **_filed("VERB", {
        ATTACK: ("attack", "strike", "bomb", "shell", "shoot", "raid", "hit", "invade", "ambush",
                 "assault", "storm", "bombard", "pound", "target", "fight", "clash", "besiege",
                 "torpedo", "airstrike"),
        THREATEN: ("threaten", "vow", "warn"),
        DIE: ("kill", "die", "murder", "assassinate", "execute", "slay"),
        INJURE: ("injure", "wound", "hurt", "maim"),
        MEET: ("meet", "convene", "host"),
        CALL: ("phone", "telephone", "speak", "call", "write", "email"),
        TRANSPORT: ("fly", "travel", "return", "arrive", "depart", "visit", "flee", "evacuate",
                    "relocate"),
        COOPERATE: ("cooperate", "co-operate", "collaborate", "agree", "work", "restore",
                    "establish", "normalise", "normalize", "resume", "mend"),
        APPEAL: ("urge", "appeal", "press", "plead", "implore", "request", "ask"),
        MOBILIZE: ("deploy", "mobilise", "mobilize", "station", "mass"),
    }),
    **_filed("NOUN", {
        ATTACK: ("attack", "strike", "airstrike", "bombing", "shelling", "shooting", "raid", "war",
                 "insurgency", "assault", "offensive", "clash", "fighting", "battle", "invasion",
                 "incursion", "intrusion", "hostility", "bombardment", "ambush", "combat",
                 "skirmish", "firefight", "onslaught"),
        THREATEN: ("warning", "ultimatum"),
        DIE: ("death", "killing", "murder", "assassination", "fatality"),
        INJURE: ("injury", "wounding"),
        MEET: ("meeting", "summit", "talk", "conference", "session"),
        CALL: ("call", "phonecall", "letter", "conversation", "contact"),
        TRANSPORT: ("visit", "trip", "journey", "travel", "return", "arrival", "departure",
                    "evacuation", "tour"),
        COOPERATE: ("cooperation", "co-operation", "collaboration", "agreement", "deal", "accord",
                    "partnership", "rapprochement", "reconciliation", "normalisation",
                    "normalization", "truce", "ceasefire"),
        APPEAL: ("appeal", "plea", "demand", "request"),
        MOBILIZE: ("drill", "exercise", "deployment", "mobilisation", "mobilization",
                   "manoeuvre", "maneuver", "buildup"),
    }),
}

#: triggers whose sense depends on their complements: lemma -> what it needs (see ``events.py``)
NEEDS_RELATIONS_OBJECT = {"restore", "establish", "normalise", "normalize", "resume", "mend"}
RELATIONS_NOUNS = {"relation", "tie"}
NEEDS_PREPOSITION = {"work": {"with"}, "speak": {"to", "with"}, "write": {"to"},
                     "press": {"for"}, "mass": {"along", "on", "near", "at"}}
NEEDS_CLAUSE = {"ask"}
#: "called on X", "a call for Y", "called for X to": an appeal; otherwise a call is a phone call
APPEAL_PREPOSITIONS = {"on", "for", "upon"}

#: verbs that carry an event noun as their object ("carried out strikes", "held talks")
#: ("waging" is lemmatised "wag" by the small model)
LIGHT_VERBS = {"carry", "launch", "hold", "conduct", "stage", "mount", "wage", "waging", "wag",
               "exchange", "make", "begin", "start", "resume", "cut", "undertake", "pay",
               "have", "order", "unleash", "step", "continue", "attend"}
#: verbs of which an event noun is the subject ("the war erupted on ...")
ASPECT_VERBS = {"erupt", "begin", "start", "continue", "end", "break", "resume", "escalate",
                "take", "occur", "happen", "follow"}

#: roles by grammatical position, per type: (doer, undergoer)
CORE_ROLES: dict[str, tuple[str | None, str | None]] = {
    ATTACK: ("Attacker", "Target"),
    THREATEN: ("Agent", "Recipient"),
    DIE: ("Agent", "Victim"),
    INJURE: ("Agent", "Victim"),
    MEET: ("Participant", "Participant"),
    CALL: ("Participant", "Participant"),
    TRANSPORT: ("Traveller", "Traveller"),
    COOPERATE: ("Participant", "Participant"),
    APPEAL: ("Agent", "Recipient"),
    MOBILIZE: ("Agent", None),
}

#: preposition -> role, per type; "TIME" and "PLACE" roles are filled only by times and places
PREPOSITION_ROLES: dict[str, dict[str, str]] = {
    ATTACK: {"on": "Target", "against": "Target", "at": "Place", "in": "Place",
             "near": "Place", "inside": "Place", "with": "Instrument", "between": "Attacker"},
    THREATEN: {"against": "Recipient", "to": "Recipient"},
    DIE: {"in": "Place", "near": "Place", "at": "Place", "with": "Instrument", "of": "Victim"},
    INJURE: {"in": "Place", "near": "Place", "at": "Place", "with": "Instrument", "of": "Victim"},
    MEET: {"with": "Participant", "between": "Participant", "in": "Place", "at": "Place"},
    CALL: {"with": "Participant", "between": "Participant", "to": "Participant"},
    TRANSPORT: {"to": "Destination", "from": "Origin", "of": "Traveller"},
    COOPERATE: {"with": "Participant", "between": "Participant"},
    APPEAL: {"on": "Recipient", "upon": "Recipient"},
    MOBILIZE: {"in": "Place", "near": "Place", "along": "Place", "at": "Place"},
}
#: roles that need a place (a GPE, LOC or FAC name, or a place noun)
PLACE_ROLES = {"Place", "Origin", "Destination"}
#: roles that need a participant (a name, a pronoun or a noun for people or groups)
PARTICIPANT_ROLES = {"Participant", "Recipient", "Agent", "Traveller", "Attacker", "Victim"}

PLACE_NOUNS = {"village", "town", "city", "province", "region", "territory", "area", "border",
               "district", "capital", "country", "state", "camp", "base", "zone", "coast",
               "island", "port", "airport", "home", "headquarters", "compound", "site",
               "neighbourhood", "neighborhood", "street", "market", "school", "hospital"}
PARTICIPANT_NOUNS = {
    "people", "person", "civilian", "child", "woman", "man", "resident", "citizen", "soldier",
    "troop", "officer", "militant", "fighter", "rebel", "insurgent", "separatist", "guard",
    "policeman", "police", "worker", "official", "minister", "counterpart", "leader", "president",
    "premier", "chief", "envoy", "diplomat", "delegation", "spokesman", "spokeswoman",
    "government", "administration", "authority", "ministry", "office", "army", "military",
    "force", "militia", "group", "faction", "country", "nation", "state", "side", "neighbour",
    "neighbor", "ally", "party", "coalition", "cabinet", "council", "forum", "commander",
    "general", "secretary", "member", "journalist", "pilgrim", "student", "villager", "family",
    "baby", "infant", "teenager", "boy", "girl", "victim", "passenger", "crew", "sailor"}
WEAPON_NOUNS = {"drone", "missile", "rocket", "bomb", "artillery", "mortar", "shell", "jet",
                "aircraft", "warplane", "plane", "helicopter", "tank", "gun", "rifle", "grenade",
                "explosive", "munition", "weapon", "warship", "submarine", "torpedo", "bullet",
                "knife"}

#: modal auxiliaries that make an event not (yet) actual
MODALS = {"will", "would", "shall", "should", "may", "might", "can", "could", "must", "ought"}
NEGATIONS = {"not", "n't", "never", "no", "without"}
CONDITIONALS = {"if", "unless", "whether", "lest"}
#: words above an event that make it wanted, planned, feared or asked for rather than done
IRREALIS_GOVERNORS = {
    "want", "plan", "seek", "try", "attempt", "intend", "hope", "wish", "aim", "propose",
    "offer", "threaten", "vow", "pledge", "promise", "urge", "call", "ask", "demand", "prepare",
    "need", "willingness", "readiness", "desire", "intention", "bid", "threat",
    "risk", "possibility", "prospect", "fear", "warn", "decide", "agree", "refuse", "ready",
    "willing", "able", "prevent", "avoid", "deter", "stop"}
