"""Variants of the gold: the original, and a counterfactual copy that probes for contamination.

A language model may have read the 2024 article the gold annotates. The counterfactual variant
is the same report with every name invented, the casualty figures changed and every date moved,
and the whole gold carried along by code, so a system that reads rather than remembers scores
about the same on both. It is derived in memory from whatever gold is loaded (never stored), so
it cannot fall out of step when the gold is corrected, and the same gold always gives the same
variant, byte for byte.

What changes (:func:`transform`):

- **Names.** Every capitalised word of a PERSON, NORP, ORG, GPE, LOC or FAC entity and of a
  coreference cluster's name is replaced, wherever it occurs in the text, by an invented word
  (:data:`DESCRIPTIVE_WORDS`, the kind of a name rather than the name, and weekday and month
  names are kept). A word always becomes the same invented word, so "Jilani" in "Jalil Abbas
  Jilani" and alone stay one person. A country ("Iran", by ``countryinfo``) becomes an invented
  country and its demonym ("Iranian", "Palestinians") that country's demonym; an acronym ("UN")
  becomes invented capitals of its length, a country's code ("US") the country's new code. A
  possessive keeps its ending (the "’s" of "Pakistan’s" stays). Cluster and hopper ids, the
  document's id and source and the casualties' country codes are renamed with the same tables.
- **Figures.** Every number inside a casualty figure grows by :data:`NUMBER_SHIFT`, a word
  staying a word ("nine" becomes "eleven"), with the casualty counts and bounds and the values
  of the numbers' entities. Other numbers are kept: they count what the text names ("the two
  countries") and changing them would make the report contradict itself.
- **Dates.** Every date moves :data:`SHIFT_DAYS` days later: the document's date, the TIMEX3
  values of DATE and TIME entities (a month or a week as the one holding its middle day, moved),
  the casualties' times, and the words of the entities (weekday, month, day, year), so a
  weekday name stays the weekday of its date. Durations and relative values are kept.

Every edit is made in one pass over the original text; the spans of every task are moved
through the resulting :class:`OffsetMap`, and the variant is checked as any gold folder is.
"""
from __future__ import annotations

import calendar
import copy
import dataclasses
import datetime
import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from afp_strikes_bench.errors import InputError
from afp_strikes_bench.gold import GoldSet, load_gold
from afp_strikes_bench.spans import iter_spans
from afp_strikes_bench.tasks import get_task

ORIGINAL, COUNTERFACTUAL = "original", "counterfactual"
VARIANTS = (ORIGINAL, COUNTERFACTUAL)
#: entity labels whose mentions are names
NAME_LABELS = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC"})
#: capitalised words that say what kind of thing a name names: kept, so that "Baloch Liberation
#: Front" stays recognisably a front (no name of the article is made of these alone: tested)
DESCRIPTIVE_WORDS = frozenset({"The", "Liberation", "Front", "Army", "State", "Forum", "Guard",
                               "Corps", "Sea", "TV", "West"})
#: days every date moves (not a multiple of 7, so weekday names change too)
SHIFT_DAYS = 137
#: what every casualty figure grows by
NUMBER_SHIFT = 2
#: the seed of the invented names: changing it gives another, equally valid variant
SEED = "afp-strikes-bench counterfactual 1"
#: ISO 3166 user-assigned codes, never a country's; XK is taken in practice (Kosovo)
INVENTED_CODES = tuple(f"X{letter}" for letter in "ABCDEFGHIJLMNOPQRSTUVWYZ")

# A capitalised word; an apostrophe inside ("Shi’ite") belongs to it, a possessive does not.
_WORD = re.compile(r"\b[A-Z][A-Za-z]*(?:[’'][a-z]{2,})?\b")
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                 "seventeen", "eighteen", "nineteen", "twenty", "twenty-one", "twenty-two")
_NUMBER = re.compile(r"\b(?:\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
                     + r")\b", re.IGNORECASE)
_WEEKDAYS = tuple(calendar.day_name)
_MONTHS = tuple(calendar.month_name)[1:]
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr",
           "gr", "kr", "st", "tr", "th", "sh")
_VOWELS = ("a", "e", "i", "o", "u", "a", "o")
_CODAS = ("", "", "", "n", "r", "l", "s", "m")
_CAPITALS = "BCDFGHJKLMNPQRSTVWZ"
#: how invented countries end, each with its demonym's ending: names that read as countries
_COUNTRY_ENDINGS = ("ria", "nia", "via", "stan", "land")
_DEMONYM_ENDINGS = {"ria": "rian", "nia": "nian", "via": "vian", "stan": "stani",
                    "land": "lander"}


class OffsetMap:
    """Where each offset of a text lands after non-overlapping edits ``(start, end, new
    start, new end)``, sorted. An offset strictly inside an edited stretch has no image: a span
    edge there would cut an edit, and :meth:`__call__` refuses it."""

    def __init__(self, edits: list[tuple[int, int, int, int]]) -> None:
        self.edits = edits

    def __call__(self, offset: int) -> int:
        shift = 0
        for start, end, new_start, new_end in self.edits:
            if start < offset < end:
                raise ValueError(f"offset {offset} is inside the edit of [{start}, {end})")
            if end <= offset:
                shift = new_end - end
        return offset + shift

    def inverse(self) -> OffsetMap:
        return OffsetMap([(new_start, new_end, start, end)
                          for start, end, new_start, new_end in self.edits])


@dataclass(frozen=True)
class Tables:
    """What one direction of the transformation maps: names, TIMEX3 values, country codes,
    document ids, and how a figure's number changes."""

    names: dict[str, str]
    values: dict[str, str]
    codes: dict[str, str]
    doc_ids: dict[str, str]
    number_shift: int
    day_shift: int

    def inverse(self) -> Tables:
        return Tables(_inverted(self.names), _inverted(self.values), _inverted(self.codes),
                      _inverted(self.doc_ids), -self.number_shift, -self.day_shift)


@dataclass(frozen=True)
class Counterfactual:
    """The counterfactual gold, the original it comes from, and what it takes to map the
    variant's items (or predictions on it) back."""

    gold: GoldSet
    original: GoldSet
    tables: Tables
    #: variant doc_id -> the map from original to variant offsets
    offsets: dict[str, OffsetMap]
    #: variant doc_id -> spans (variant offsets) of the numbers that were changed
    changed_numbers: dict[str, list[tuple[int, int]]]

    def map_back(self, task: str, doc_id: str, items: list[Any]) -> list[Any]:
        """Items (gold or predicted, JSON shape) of variant document ``doc_id`` in the
        original's terms: spans through the inverse offset map, values through the inverse
        tables."""
        inverse = self.tables.inverse()
        text = self.original.documents[inverse.doc_ids[doc_id]].text
        return [_transformed(task, item, self.offsets[doc_id].inverse(), text, inverse,
                             self.changed_numbers[doc_id]) for item in items]


#: (sha256, path) of a gold -> its counterfactual: the same gold always gives the same variant
_BUILT: dict[tuple[str, str], Counterfactual] = {}


def load_variant(variant: str, gold: GoldSet | str | Path | None = None) -> GoldSet:
    """The gold (the benchmark's by default) in ``variant``: the original, or the
    counterfactual derived from it."""
    given = gold if isinstance(gold, GoldSet) else load_gold(gold)
    if variant == given.variant:
        return given
    if variant == COUNTERFACTUAL:
        return counterfactual(given)  # refuses a gold that is already another variant
    if variant == ORIGINAL:
        raise InputError(f"the gold is the {given.variant} variant; load the original instead")
    raise InputError(f"unknown variant {variant!r}; variants are {', '.join(VARIANTS)}",
                     field="--variant")


def counterfactual(gold: GoldSet) -> GoldSet:
    """The counterfactual variant of ``gold`` (see the module docstring), as a checked gold."""
    return transform(gold).gold


def transform(gold: GoldSet) -> Counterfactual:
    """The counterfactual of ``gold`` with its tables and offset maps, built once per gold."""
    if gold.variant != ORIGINAL:
        raise InputError(f"the gold is already the {gold.variant} variant")
    key = (gold.sha256, str(gold.path))
    if key not in _BUILT:
        _BUILT[key] = _transform(gold)
    return _BUILT[key]


def _transform(gold: GoldSet) -> Counterfactual:
    documents = {doc_id: document.as_dict() for doc_id, document in gold.documents.items()}
    tasks = {name: {doc_id: [get_task(name).to_json(item) for item in items]
                    for doc_id, items in by_doc.items()}
             for name, by_doc in gold.tasks.items()}
    tables = _tables(documents, tasks)
    variant_documents: dict[str, dict] = {}
    variant_tasks: dict[str, dict[str, list]] = {name: {} for name in tasks}
    offsets, changed_numbers = {}, {}
    for doc_id, document in documents.items():
        edits, numbers = _edits(document["text"], tasks, doc_id, tables)
        text, offset_map = _apply(document["text"], edits)
        new_id = tables.doc_ids[doc_id]
        variant_documents[new_id] = {**document, "id": new_id, "text": text,
                                     "date": tables.values[document["date"]],
                                     "source": _renamed_text(document["source"], tables)}
        for name, by_doc in tasks.items():
            try:
                variant_tasks[name][new_id] = [
                    _transformed(name, item, offset_map, text, tables, numbers)
                    for item in by_doc.get(doc_id, [])]
            except ValueError as error:  # a span edge inside a renamed word, date or number
                raise InputError(f"document {doc_id!r}: {error}; the counterfactual variant "
                                 "edits whole words, and a span must not cut one",
                                 field=name) from None
        offsets[new_id] = offset_map
        changed_numbers[new_id] = [(offset_map(start), offset_map(end))
                                   for start, end in numbers]
    variant = _checked_gold(gold, variant_documents, variant_tasks)
    return Counterfactual(variant, gold, tables, offsets, changed_numbers)


def _checked_gold(gold: GoldSet, documents: dict[str, dict],
                  tasks: dict[str, dict[str, list]]) -> GoldSet:
    """The variant written as a gold folder and loaded from it: every check a gold passes, and
    a sha256 of its own."""
    folder = Path(tempfile.mkdtemp(prefix="bench-counterfactual-"))
    try:
        (folder / "documents.jsonl").write_text(
            "".join(map(_jsonl_line, documents.values())),
            encoding="utf-8")
        for name, by_doc in tasks.items():
            (folder / f"{name}.jsonl").write_text("".join(
                _jsonl_line({"doc_id": doc_id, "text": documents[doc_id]["text"], name: items})
                for doc_id, items in by_doc.items()), encoding="utf-8")
        (folder / "VERSION").write_text(gold.version + "\n", encoding="utf-8")
        loaded = load_gold(folder)
    finally:
        shutil.rmtree(folder)
    # no folder holds the variant; it is derived from the gold at this path
    return dataclasses.replace(loaded, path=gold.path, variant=COUNTERFACTUAL,
                               derived_from=gold.sha256)


def _jsonl_line(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False) + "\n"


# Tables ------------------------------------------------------------------------------------


def _tables(documents: dict[str, dict], tasks: dict[str, dict[str, list]]) -> Tables:
    entities = [item for items in tasks.get("entities", {}).values() for item in items]
    surfaces = [item["text"] for item in entities if item["label"] in NAME_LABELS]
    surfaces += [cluster["name"] for items in tasks.get("coreference", {}).values()
                 for cluster in items]
    words = sorted({word for surface in surfaces for word in _WORD.findall(surface)
                    if word not in DESCRIPTIVE_WORDS and word not in _WEEKDAYS
                    and word not in _MONTHS and len(word) > 1})
    known = _countries()
    casualty_codes = {item["country"] for items in tasks.get("casualties", {}).values()
                      for item in items if item.get("country")}
    named_codes = {known.codes[country] for word in words
                   if (country := known.country_of(word)) and country in known.codes}
    originals = sorted(casualty_codes | named_codes)
    if len(originals) > len(INVENTED_CODES):
        raise InputError(f"{len(originals)} country codes; the variant can invent "
                         f"{len(INVENTED_CODES)}")
    codes = dict(zip(originals, INVENTED_CODES))
    taken = {word.lower() for document in documents.values()
             for word in re.findall(r"[A-Za-z]+", document["text"])} | known.reserved
    inventor = _Inventor(taken)
    names = {word: _invented_word(word, known, codes, inventor) for word in words}
    values = {value: _shifted_value(value) for value in _date_values(documents, tasks)}
    tables = Tables(names, values, codes, {}, NUMBER_SHIFT, SHIFT_DAYS)
    doc_ids = {doc_id: _renamed_id(doc_id, tables) for doc_id in documents}
    for table in (names, values, codes, doc_ids):
        if len(set(table.values())) != len(table):
            raise AssertionError("the variant's tables must be one-to-one to map back")
    return dataclasses.replace(tables, doc_ids=doc_ids)


def _invented_word(word: str, known: _Countries, codes: dict[str, str],
                   inventor: _Inventor) -> str:
    country = known.country_of(word)
    if word.isupper():
        if country is not None and known.codes.get(country) == word and word in codes:
            return codes[word]
        return inventor.acronym(word)
    if country is not None:
        return inventor.country(country)
    demonym = known.demonym_of(word)
    if demonym is not None:
        country, plural = demonym
        return _demonym(inventor.country(country)) + ("s" if plural else "")
    return inventor.name(word)


def _demonym(country: str) -> str:
    """An invented country's demonym, from how it ends (:data:`_COUNTRY_ENDINGS`)."""
    ending = next(end for end in _COUNTRY_ENDINGS if country.endswith(end))
    return country.removesuffix(ending) + _DEMONYM_ENDINGS[ending]


class _Inventor:
    """Invented words, each drawn from a hash of :data:`SEED` and the word it replaces (so a
    word's replacement seldom depends on what else the gold names: only on a clash, when the
    next draw is taken), never a word of the text, a country's name, spelling, demonym, capital
    or code, or another invented word."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.made: dict[tuple[str, str], str] = {}

    def _draw(self, kind: str, key: str, make: Callable[[bytes], str]) -> str:
        if (kind, key) in self.made:
            return self.made[(kind, key)]
        attempt = 0
        while True:
            digest = hashlib.sha256(f"{SEED}\0{kind}\0{key}\0{attempt}".encode()).digest()
            word = make(digest)
            if word.lower() not in self.taken:
                break
            attempt += 1
        self.taken.add(word.lower())
        self.made[(kind, key)] = word
        return word

    def name(self, word: str) -> str:
        return self._draw("name", word, lambda digest: _syllables(
            digest, 2 + digest[0] % 2, _CODAS[digest[11] % len(_CODAS)]))

    def country(self, country: str) -> str:
        return self._draw("country", country, lambda digest: _syllables(
            digest, 2, _COUNTRY_ENDINGS[digest[11] % len(_COUNTRY_ENDINGS)]))

    def acronym(self, word: str) -> str:
        return self._draw("acronym", word, lambda digest: "".join(
            _CAPITALS[byte % len(_CAPITALS)] for byte in digest[:len(word)]))


def _syllables(digest: bytes, count: int, ending: str) -> str:
    """``count`` syllables, each an onset and a vowel drawn from ``digest``, then ``ending``."""
    return "".join(_ONSETS[digest[1 + 2 * i] % len(_ONSETS)]
                   + _VOWELS[digest[2 + 2 * i] % len(_VOWELS)]
                   for i in range(count)).capitalize() + ending


@dataclass(frozen=True)
class _Countries:
    #: lower-case name or spelling -> country
    names: dict[str, str]
    #: lower-case demonym -> country
    demonyms: dict[str, str]
    #: country -> ISO 3166 alpha-2
    codes: dict[str, str]
    #: every name, spelling, demonym, capital and code, lower-cased: never invented
    reserved: frozenset[str]

    def country_of(self, word: str) -> str | None:
        if word.isupper():
            return next((country for country, code in self.codes.items() if code == word),
                        None)
        return self.names.get(word.lower())

    def demonym_of(self, word: str) -> tuple[str, bool] | None:
        """The country whose demonym ``word`` is, and whether it is the plural."""
        for form, plural in ((word, False), (word.removesuffix("s"), True)):
            if (plural and not word.endswith("s")) or form.lower() not in self.demonyms:
                continue
            return self.demonyms[form.lower()], plural
        return None


@lru_cache(maxsize=1)
def _countries() -> _Countries:
    from countryinfo import CountryInfo

    # least populous first, so that a shared spelling or demonym ends with the most populous
    entries = sorted(CountryInfo.all().values(), key=lambda entry: entry.get("population") or 0)
    names, demonyms, codes, reserved = {}, {}, {}, set()
    for entry in entries:
        country = entry["name"]
        spellings = [country, *(entry.get("altSpellings") or [])]
        # a code ("GEO") is matched as a code, never as a word ("Geo TV")
        for spelling in spellings:
            if not spelling.isupper():
                names[spelling.lower()] = country
        if entry.get("demonym"):
            demonyms[entry["demonym"].lower()] = country
        if (entry.get("ISO") or {}).get("alpha2"):
            codes[country] = entry["ISO"]["alpha2"]
        capital = entry.get("capital")
        capitals = capital if isinstance(capital, list) else [capital]
        reserved |= {word.lower() for text in [*spellings, entry.get("demonym"), *capitals]
                     if text for word in re.findall(r"\w+", text)}
    return _Countries(names, demonyms, codes, frozenset(reserved))


def _date_values(documents: dict[str, dict], tasks: dict[str, dict[str, list]]) -> set[str]:
    values = {document["date"] for document in documents.values()}
    values |= {item["value"] for items in tasks.get("entities", {}).values() for item in items
               if item["label"] in ("DATE", "TIME") and isinstance(item.get("value"), str)}
    values |= {item["time"] for items in tasks.get("casualties", {}).values() for item in items
               if item.get("time")}
    return values


def _shifted_value(value: str) -> str:
    """A TIMEX3 value :data:`SHIFT_DAYS` later; a duration or a reference ("PAST_REF") is
    unchanged. A month or week is the one that holds its middle day, moved, so that "this week"
    still holds the moved document date."""
    shift = datetime.timedelta(days=SHIFT_DAYS)
    if match := re.fullmatch(r"(\d{4}-\d{2}-\d{2})(T.*)?", value):
        moved = datetime.date.fromisoformat(match.group(1)) + shift
        return moved.isoformat() + (match.group(2) or "")
    if match := re.fullmatch(r"(\d{4})-(\d{2})", value):
        moved = datetime.date(int(match.group(1)), int(match.group(2)), 15) + shift
        return f"{moved.year:04d}-{moved.month:02d}"
    if match := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        thursday = datetime.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 4)
        year, week, _ = (thursday + shift).isocalendar()
        return f"{year:04d}-W{week:02d}"
    if re.fullmatch(r"\d{4}", value):
        return str((datetime.date(int(value), 7, 2) + shift).year)
    return value


def _renamed_text(text: str, tables: Tables) -> str:
    """Names in a short text (a cluster's name, a source) through the name table, and weekday
    names moved as the dates are."""
    def renamed(match: re.Match) -> str:
        word = match.group()
        if word in _WEEKDAYS:
            return _WEEKDAYS[(_WEEKDAYS.index(word) + tables.day_shift) % 7]
        return tables.names.get(word, word)

    return _WORD.sub(renamed, text)


def _renamed_id(identifier: str, tables: Tables) -> str:
    """An id ("afp-2024-01-19-pakistan-iran", "pk-ir-exchange") with its dates moved and its
    parts renamed: names, acronyms and country codes, in lower case."""
    lower = {word.lower(): new.lower() for word, new in tables.names.items()}
    lower |= {code.lower(): new.lower() for code, new in tables.codes.items()}
    moved = _ISO_DATE.sub(lambda match: tables.values.get(match.group(), match.group()),
                          identifier)
    return "-".join(lower.get(part, part) for part in moved.split("-"))


def _inverted(table: dict[str, str]) -> dict[str, str]:
    return {new: old for old, new in table.items()}


# Edits -------------------------------------------------------------------------------------


def _edits(text: str, tasks: dict[str, dict[str, list]], doc_id: str,
           tables: Tables) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Every edit of one document's text, sorted, and the spans of the numbers changed."""
    edits = set()
    for match in _WORD.finditer(text):
        if match.group() in tables.names:
            new = tables.names[match.group()]
            edits.add((match.start(), match.end(), new))
            edits |= _article(text, match.start(), new)
    for entity in tasks.get("entities", {}).get(doc_id, []):
        value = entity.get("value")
        if entity["label"] in ("DATE", "TIME") and isinstance(value, str):
            new_text = _date_text(entity["text"], tables.values[value])
            if new_text != entity["text"]:
                edits.add((entity["start"], entity["end"], new_text))
    numbers = set()
    for casualty in tasks.get("casualties", {}).get(doc_id, []):
        figure = casualty["span"]
        found = [(figure["start"] + match.start(), figure["start"] + match.end(), match.group())
                 for match in _NUMBER.finditer(text[figure["start"]:figure["end"]])]
        if not found and any(casualty.get(key) is not None for key in ("count", "low", "high")):
            raise InputError(f"casualty {casualty['id']} of {doc_id!r}: no number in its figure "
                             f"{figure['text']!r} to change with its count")
        for start, end, number in found:
            edits.add((start, end, _shifted_number(number)))
            numbers.add((start, end))
    ordered = sorted(edits)
    for before, after in zip(ordered, ordered[1:]):
        if after[0] < before[1]:
            raise InputError(f"document {doc_id!r}: edits {before} and {after} overlap")
    return ordered, sorted(numbers)


def _article(text: str, start: int, new: str) -> set[tuple[int, int, str]]:
    """The edit that keeps an indefinite article before a renamed word right ("an Israeli"
    becomes "a Thivustani"), if one is needed."""
    vowel = new[0] in "AEIOU"
    for article, fitting in (("a", not vowel), ("an", vowel), ("A", not vowel), ("An", vowel)):
        begin = start - len(article) - 1
        if begin >= 0 and text[begin:start] == article + " " and (
                begin == 0 or not text[begin - 1].isalpha()):
            if fitting:
                return set()
            replacement = {"a": "an", "an": "a", "A": "An", "An": "A"}[article]
            return {(begin, begin + len(article), replacement)}
    return set()


def _apply(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, OffsetMap]:
    pieces, moves, last, shift = [], [], 0, 0
    for start, end, replacement in edits:
        pieces += [text[last:start], replacement]
        moves.append((start, end, start + shift, start + shift + len(replacement)))
        shift += len(replacement) - (end - start)
        last = end
    pieces.append(text[last:])
    return "".join(pieces), OffsetMap(moves)


def _shifted_number(number: str, shift: int = NUMBER_SHIFT) -> str:
    """A number ``shift`` more: digits as digits, a word as a word with its capital.

    >>> _shifted_number("nine"), _shifted_number("Four"), _shifted_number("12")
    ('eleven', 'Six', '14')
    """
    if number.isdigit():
        return str(int(number) + shift)
    new = _NUMBER_WORDS[_NUMBER_WORDS.index(number.lower()) + shift]
    return new.capitalize() if number[0].isupper() else new


def _date_text(text: str, value: str) -> str:
    """The words of a date mention rewritten for its new value: an ISO date, a weekday, a month
    name, a day of the month beside it, a year.

    >>> _date_text("Thursday", "2024-06-03"), _date_text("October 7", "2024-02-21")
    ('Monday', 'February 21')
    """
    full = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?.*", value)
    if full is None:
        return text
    year, month = int(full.group(1)), int(full.group(2))
    day = int(full.group(3)) if full.group(3) else None
    text = _ISO_DATE.sub(value[:10], text) if day else text
    if day is not None:
        weekday = _WEEKDAYS[datetime.date(year, month, day).weekday()]
        text = re.sub(r"\b(?:" + "|".join(_WEEKDAYS) + r")\b", weekday, text)
        text = re.sub(r"\b(" + "|".join(_MONTHS) + r") \d{1,2}\b", rf"\1 {day}", text)
        text = re.sub(r"\b\d{1,2} (" + "|".join(_MONTHS) + r")\b", rf"{day} \1", text)
    text = re.sub(r"\b(?:" + "|".join(_MONTHS) + r")\b", _MONTHS[month - 1], text)
    return re.sub(r"\b\d{4}\b(?!-)", str(year), text)


# Items -------------------------------------------------------------------------------------


def _transformed(task: str, item: Any, offsets: OffsetMap, text: str, tables: Tables,
                 numbers: list[tuple[int, int]]) -> Any:
    """One item (JSON shape) carried through the edits: its spans moved and their text re-read
    from ``text``, its values, counts, codes and ids through ``tables``. ``numbers`` are the
    spans of the changed numbers, before the edits."""
    item = copy.deepcopy(item)
    # an entity that is a changed number, or a cluster with a mention holding one ("the nine
    # people killed"), whose name and id then count the new figure
    holds_number = any(span["start"] <= start and end <= span["end"]
                       for _, span in _spans(item, task) for start, end in numbers)
    for _, span in _spans(item, task):
        span["start"], span["end"] = offsets(span["start"]), offsets(span["end"])
        if "text" in span:
            span["text"] = text[span["start"]:span["end"]]
    if not isinstance(item, dict):  # a predicted coreference cluster: spans only
        return item
    if task == "entities" and item.get("value") is not None:
        if isinstance(item["value"], str):
            item["value"] = tables.values.get(item["value"], item["value"])
        elif holds_number:
            item["value"] = item["value"] + tables.number_shift
    if task == "casualties":
        for key in ("count", "low", "high"):
            if item.get(key) is not None:
                item[key] = item[key] + tables.number_shift
        if item.get("time"):
            item["time"] = tables.values.get(item["time"], item["time"])
        if item.get("country"):
            item["country"] = tables.codes.get(item["country"], item["country"])
    if task == "coreference" and "name" in item:
        item["name"] = _renamed_text(item["name"], tables)
    for key in ("id", "cluster", "name"):
        if holds_number and task == "coreference" and isinstance(item.get(key), str):
            item[key] = _NUMBER.sub(lambda match: _shifted_number(match.group(),
                                                                  tables.number_shift),
                                    item[key])
    for key in ("id", "cluster"):
        if isinstance(item.get(key), str):
            item[key] = _renamed_id(item[key], tables)
    return item


def _spans(item: Any, task: str) -> Iterator[tuple[str, dict]]:
    if isinstance(item, list):  # a predicted coreference cluster is a list of spans
        for index, span in enumerate(item):
            yield f"[{index}]", span
        return
    yield from iter_spans(item, task)
