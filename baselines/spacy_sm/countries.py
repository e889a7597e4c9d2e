"""Country names, alternative spellings, demonyms and capitals, from the ``countryinfo`` package.

The one source of the coreference baseline's world knowledge: a name, a code ("NOR"), a demonym
("Norwegian") or a capital ("Oslo") maps to the English name of its country. Where several
entries share a demonym or capital (the United States and the Northern Mariana Islands are both
"American"), the most populous wins: the sovereign state, in practice.

>>> [country_of(name) for name in ("Norwegian", "American", "USA", "Chile", "Ruritanian")]
['Norway', 'United States', 'United States', 'Chile', None]
>>> [capital_of(name) for name in ("Oslo", "Santiago", "Paris", "London")]
['Norway', 'Chile', 'France', 'United Kingdom']
"""
from __future__ import annotations

from functools import lru_cache


def country_of(name: str) -> str | None:
    """The country that ``name`` (its name, an alternative spelling, a code or its demonym) means.

    Codes match in capitals only, so that an ordinary word ("it", "no") never becomes a country.
    """
    names, demonyms, _ = _tables()
    key = name if name.isupper() else name.lower()
    return names.get(key) or demonyms.get(name.lower())


def capital_of(name: str) -> str | None:
    """The country whose capital is ``name``."""
    return _tables()[2].get(name.lower())


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    from countryinfo import CountryInfo

    entries = sorted(CountryInfo.all().values(), key=lambda entry: entry.get("population") or 0)
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    # Least populous first, so that a shared key ends up with the most populous country.
    for entry in entries:
        country = entry["name"]
        for spelling in [country, *(entry.get("altSpellings") or [])]:
            names[spelling if spelling.isupper() else spelling.lower()] = country
        if entry.get("demonym"):
            demonyms[entry["demonym"].lower()] = country
        capital = entry.get("capital")
        for city in capital if isinstance(capital, list) else [capital]:
            if city:
                capitals[city.lower()] = country
    return names, demonyms, capitals
