"""Values of time and number mentions: TIMEX3 strings against the document date, and numbers.

Rule-based and written for English news in general. A news report speaks of the recent past,
so an underspecified date ("Friday", "November", "October 7") resolves to the most recent such
day, month or date on or before the document date.

>>> from datetime import date
>>> friday = date(2024, 1, 19)
>>> [timex(p, friday) for p in ("Thursday's", "Friday", "this week", "November", "October 7")]
['2024-01-18', '2024-01-19', '2024-W03', '2023-11', '2023-10-07']
>>> [number(p) for p in ("nine", "1,200", "third", "$2.5 million", "15%", "dozens")]
[9, 1200, 3, 2500000, 15, None]
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from word2number import w2n

WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
WEEKDAY = "(" + "|".join(WEEKDAYS) + ")"

#: TIMEX3 parts of the day
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
PART_OF_DAY = "(" + "|".join(PARTS_OF_DAY) + ")"
#: TIMEX3 duration units
UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}
UNIT = r"(day|week|month|year|decade|century|centurie)s?"
#: shifts of a calendar unit named by the word before it
SHIFTS = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}
SHIFT = "(" + "|".join(SHIFTS) + ")"
#: words that say how a time relates to now, without a calendar position
REFERENCES = {"recent years": "PAST_REF", "recent months": "PAST_REF", "recent weeks": "PAST_REF",
              "recent days": "PAST_REF", "the past": "PAST_REF", "recently": "PAST_REF",
              "now": "PRESENT_REF", "currently": "PRESENT_REF", "at present": "PRESENT_REF",
              "the future": "FUTURE_REF", "soon": "FUTURE_REF"}

SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
#: ordinal words whose cardinal is not the ordinal minus "th"
IRREGULAR_ORDINALS = {"first": "one", "second": "two", "third": "three", "fifth": "five",
                      "eighth": "eight", "ninth": "nine", "twelfth": "twelve"}


def timex(phrase: str, anchor: date) -> str | None:
    """The TIMEX3 value of a DATE/TIME phrase anchored at the document date, or None.

    >>> wednesday = date(2024, 1, 17)
    >>> [timex(p, wednesday) for p in ("Friday", "Wednesday", "last week", "January 5, 2023")]
    ['2024-01-12', '2024-01-17', '2024-W02', '2023-01-05']
    >>> [timex(p, wednesday) for p in ("recent years", "decades", "two years ago", "a while")]
    ['PAST_REF', 'PXDE', '2022', None]
    """
    cleaned = _clean(phrase)
    for pattern, resolve in TIME_RULES:
        match = re.fullmatch(pattern, cleaned)
        if match:
            return resolve(match, anchor)
    return None


def number(phrase: str) -> int | float | None:
    """The number of a CARDINAL/ORDINAL/QUANTITY/MONEY/PERCENT phrase, or None.

    >>> [number(p) for p in ("twenty-one", "21st", "3.5 km", "one hundred and five", "hundreds")]
    [21, 21, 3.5, 105, None]
    """
    cleaned = phrase.lower().replace(",", "")
    digits = re.search(r"\d+(?:\.\d+)?", cleaned)
    if digits:
        scale = re.search(r"\b(" + "|".join(SCALES) + r")\b", cleaned[digits.end():])
        value = float(digits.group()) * (SCALES[scale.group(1)] if scale else 1)
        return int(value) if value.is_integer() else value
    words = " ".join(_cardinal_word(word) for word in re.split(r"[\s]+", cleaned))
    try:
        return w2n.word_to_num(words)
    except ValueError:  # no number words at all ("dozens", "several")
        return None


def _cardinal_word(word: str) -> str:
    """'third' -> 'three', 'twenty-first' -> 'twenty-one', 'sixtieth' -> 'sixty'."""
    head, _, last = word.rpartition("-")
    if last in IRREGULAR_ORDINALS:
        last = IRREGULAR_ORDINALS[last]
    elif last.endswith("ieth"):
        last = last[: -len("ieth")] + "y"
    elif last.endswith("th") and last[:-2] in w2n.american_number_system:
        last = last[:-2]
    return f"{head}-{last}" if head else last


def _clean(phrase: str) -> str:
    """Lower case, no possessive, no leading preposition or 'the' before a calendar word."""
    cleaned = re.sub(r"['’]s$", "", phrase.strip().lower())
    cleaned = re.sub(r"^(on|in|since|until|by|from|during|as of)\s+", "", cleaned)
    return re.sub(r"\s+", " ", cleaned)


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_shift(anchor: date, months: int) -> str:
    index = anchor.year * 12 + anchor.month - 1 + months
    return f"{index // 12}-{index % 12 + 1:02d}"


def _recent_weekday(name: str, anchor: date) -> date:
    """The most recent such weekday on or before the anchor (the anchor itself if it is one)."""
    return anchor - timedelta(days=(anchor.weekday() - WEEKDAYS[name]) % 7)


def _recent_month(month: int, anchor: date) -> str:
    year = anchor.year if month <= anchor.month else anchor.year - 1
    return f"{year}-{month:02d}"


def _recent_date(month: int, day: int, anchor: date) -> str | None:
    year = anchor.year if (month, day) <= (anchor.month, anchor.day) else anchor.year - 1
    try:
        return date(year, month, day).isoformat()
    except ValueError:  # "February 30"
        return None


def _dated(year: str, month: int, day: str) -> str | None:
    try:
        return date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None


def _count(word: str) -> int | None:
    """'three' -> 3, 'a' -> 1 ("a day"), 'several' -> None."""
    if word.strip() in ("a", "an"):
        return 1
    value = number(word)
    return value if isinstance(value, int) else None


def _shifted(shift: str, unit: str, anchor: date) -> str | None:
    """'this week', 'last month', 'next year', 'this day'."""
    steps = SHIFTS[shift]
    if unit == "day":
        return (anchor + timedelta(days=steps)).isoformat()
    if unit == "week":
        return _iso_week(anchor + timedelta(weeks=steps))
    if unit == "month":
        return _month_shift(anchor, steps)
    if unit == "year":
        return str(anchor.year + steps)
    return None


def _ago(count: int | None, unit: str, anchor: date) -> str | None:
    """'two days ago', 'three years ago': the day, week, month or year that far back."""
    if count is None:
        return None
    if unit == "day":
        return (anchor - timedelta(days=count)).isoformat()
    if unit == "week":
        return _iso_week(anchor - timedelta(weeks=count))
    if unit == "month":
        return _month_shift(anchor, -count)
    if unit == "year":
        return str(anchor.year - count)
    return None


def _duration(count: int | None, unit: str) -> str | None:
    """'for decades' -> PXDE, 'three days' -> P3D."""
    unit = "century" if unit == "centurie" else unit
    return f"P{'X' if count is None else count}{UNITS[unit]}"


TimeRule = tuple[str, Callable[[re.Match, date], str | None]]

#: (pattern matched against the whole cleaned phrase, value), the first that matches wins
TIME_RULES: tuple[TimeRule, ...] = (
    (r"(\d{4})-(\d{2})-(\d{2})", lambda m, a: _dated(m[1], int(m[2]), m[3])),
    (r"(\d{4})-(\d{2})", lambda m, a: m[0]),
    (r"(?:the )?(?:year )?(\d{4})", lambda m, a: m[1]),
    ("|".join(map(re.escape, REFERENCES)), lambda m, a: REFERENCES[m[0]]),
    (r"today|this day", lambda m, a: a.isoformat()),
    (r"yesterday", lambda m, a: (a - timedelta(days=1)).isoformat()),
    (r"tomorrow", lambda m, a: (a + timedelta(days=1)).isoformat()),
    (r"tonight", lambda m, a: f"{a.isoformat()}TNI"),
    (r"this " + PART_OF_DAY, lambda m, a: f"{a.isoformat()}T{PARTS_OF_DAY[m[1]]}"),
    (r"(?:the )?" + SHIFT + " (day|week|month|year)", lambda m, a: _shifted(m[1], m[2], a)),
    (WEEKDAY, lambda m, a: _recent_weekday(m[1], a).isoformat()),
    (WEEKDAY + " " + PART_OF_DAY,
     lambda m, a: f"{_recent_weekday(m[1], a).isoformat()}T{PARTS_OF_DAY[m[2]]}"),
    (r"(?:" + WEEKDAY + r",? )?" + MONTH + r" (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})",
     lambda m, a: _dated(m[4], MONTHS[m[2]], m[3])),
    (r"(?:" + WEEKDAY + r",? )?(\d{1,2})(?:st|nd|rd|th)? (?:of )?" + MONTH + r",? (\d{4})",
     lambda m, a: _dated(m[4], MONTHS[m[3]], m[2])),
    (r"(?:" + WEEKDAY + r",? )?" + MONTH + r" (\d{1,2})(?:st|nd|rd|th)?",
     lambda m, a: _recent_date(MONTHS[m[2]], int(m[3]), a)),
    (r"(?:" + WEEKDAY + r",? )?(\d{1,2})(?:st|nd|rd|th)? (?:of )?" + MONTH,
     lambda m, a: _recent_date(MONTHS[m[3]], int(m[2]), a)),
    (MONTH + r",? (\d{4})", lambda m, a: f"{m[2]}-{MONTHS[m[1]]:02d}"),
    (r"(?:early |mid-?|late )?" + MONTH, lambda m, a: _recent_month(MONTHS[m[1]], a)),
    (r"(?:the )?(?:last |past )?(\S+) " + UNIT + " ago",
     lambda m, a: _ago(_count(m[1]), m[2], a)),
    (r"(?:for |the (?:last |past )?)?(\S+ )?" + UNIT,
     lambda m, a: _duration(_count(m[1]) if m[1] else None, m[2])),
)
