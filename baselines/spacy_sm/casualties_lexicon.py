"""Word lists for casualty figures in English news: outcomes, victims and bounds."""
from __future__ import annotations

#: lemma (verb, adjective or noun) -> outcome
OUTCOMES = {
    **dict.fromkeys(("kill", "killed", "die", "dead", "death", "slay", "slain", "perish",
                     "massacre", "execute", "behead", "assassinate", "murder", "lose"), "killed"),
    **dict.fromkeys(("wound", "wounded", "injure", "injured", "hurt", "maim"), "injured"),
    **dict.fromkeys(("missing", "abduct", "kidnap", "disappear"), "missing"),
}

#: lemma of the counted noun -> victim category (SPEC 3.4), the most specific the noun says
VICTIMS = {
    **dict.fromkeys(("people", "person", "individual", "resident", "villager", "passenger",
                     "worker", "man", "woman", "victim", "life"), "person"),
    **dict.fromkeys(("civilian", "non-combatant", "bystander", "pilgrim", "worshipper",
                     "student", "journalist"), "civilian"),
    **dict.fromkeys(("child", "kid", "minor", "boy", "girl", "infant", "baby", "toddler",
                     "teenager", "schoolchild"), "child"),
    **dict.fromkeys(("militant", "fighter", "insurgent", "rebel", "terrorist", "jihadist",
                     "gunman", "attacker", "extremist", "separatist"), "militant"),
    **dict.fromkeys(("soldier", "troop", "trooper", "serviceman", "officer", "policeman",
                     "police", "guard", "personnel", "commander", "marine", "sailor",
                     "paramilitary"), "security"),
}

#: words before a number that make it a bound: (words, which bound, added to the number)
BOUNDS = (
    (("at", "least"), "low", 0),
    (("no", "fewer", "than"), "low", 0),
    (("more", "than"), "low", 1),
    (("over",), "low", 1),
    (("up", "to"), "high", 0),
    (("at", "most"), "high", 0),
    (("as", "many", "as"), "high", 0),
    (("fewer", "than"), "high", -1),
    (("less", "than"), "high", -1),
)

#: prepositions that make a figure part of the one before it ("nine people, including four
#: children")
PART_MARKERS = {"include", "including", "among"}
