"""Word lists for attribution in English news: the verbs that report speech, writing, belief or
intention, and what their objects are.

General lists, by verb lemma, in the spirit of the PARC 3.0 cue inventory (Pareti 2016): verbs
of saying and writing, of appealing, and of expressing an attitude or intention.
"""
from __future__ import annotations

#: verbs whose subject is the source and whose complement (clause, infinitive or object) is the
#: content
REPORTING_VERBS = frozenset((
    # saying and writing
    "say", "tell", "inform", "remind", "notify", "brief", "report", "state", "add", "claim",
    "announce", "declare", "confirm", "deny", "insist", "note", "explain", "write", "reply",
    "remark", "comment", "mention", "reveal", "disclose", "admit", "acknowledge", "assert",
    "allege", "argue", "contend", "predict", "estimate", "caution", "warn", "threaten",
    "promise", "vow", "pledge", "stress", "emphasise", "emphasize", "underscore", "underline",
    "reiterate", "repeat", "highlight", "indicate", "suggest", "signal", "express", "voice",
    "accuse", "blame", "tweet",
    # appeals
    "urge", "demand", "ask", "request", "appeal", "implore",
    # beliefs and intentions
    "believe", "think", "fear", "hope", "expect", "doubt", "suspect", "conclude",
))

#: verbs whose direct object is the addressee, never the content ("told reporters"); for the
#: others the object is the content unless a complement clause follows ("demanded an apology"
#: but "asked the court to rule")
ADDRESSEE_OBJECT_VERBS = frozenset(("tell", "inform", "remind", "notify", "brief"))

#: verbs that name the source of a report made by the clause they qualify ("citing officials")
CITING_VERBS = frozenset(("cite", "quote"))

#: a preposition phrase that names a source: "according to officials"
ACCORDING = ("according", "to")
