"""JSON Schema validation against the files in ``schema/`` (draft 2020-12).

Each schema has an ``urn:bench:schema:NAME`` id and lives in ``schema/NAME.schema.json``; they
refer to each other by id, so the folder is self-contained and never touches the network.
"""
from __future__ import annotations

import datetime
import json
import re
from functools import cache

from afp_strikes_bench.resources import data_folder

SCHEMA_DIR = data_folder("schema")


@cache
def contents(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def enum(name: str, pointer: str) -> tuple[str, ...]:
    """The allowed values at a JSON pointer of a schema: the one list of labels, types and
    kinds, which the task modules read rather than repeat.

    >>> enum("events", "/$defs/realis")
    ('actual', 'generic', 'other')
    """
    node = contents(name)
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return tuple(node["enum"])


@cache
def _registry():
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        schema = contents(path.name[: -len(".schema.json")])
        # without its $schema, which would make jsonschema validate the referenced schema with
        # the stock draft 2020-12 class, losing the strict integers and dates of this one
        dialectless = {key: value for key, value in schema.items() if key != "$schema"}
        resources.append((schema["$id"], DRAFT202012.create_resource(dialectless)))
    return Registry().with_resources(resources)


def _is_integer(checker: object, instance: object) -> bool:
    # JSON Schema's integer takes 1.0 (and Python's bool is an int): an offset given as 1.0 or
    # true would pass and skip the span checks, so only a Python int that is not a bool is one
    return isinstance(instance, int) and not isinstance(instance, bool)


@cache
def _strict_validator_class():
    """Draft 2020-12 with ``integer`` meaning a JSON integer literal, for every schema."""
    from jsonschema import Draft202012Validator, validators

    checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer)
    return validators.extend(Draft202012Validator, type_checker=checker)


@cache
def _date_pattern() -> re.Pattern[str]:
    return re.compile(contents("common")["$defs"]["iso_date"]["pattern"])


def is_iso_date(value: str) -> bool:
    """What ``common#/$defs/iso_date`` accepts of a string: its pattern, searched for as JSON
    Schema does, and a date that exists.

    >>> is_iso_date("2024-01-19"), is_iso_date("2024-02-30"), is_iso_date("19 Jan")
    (True, False, False)
    """
    if not _date_pattern().search(value):
        return False
    try:
        _is_date(value)
    except ValueError:
        return False
    return True


def _is_date(instance: object) -> bool:
    """``format: date``: a date that exists; the schema's pattern has checked the shape."""
    if isinstance(instance, str):
        datetime.date.fromisoformat(instance)  # ValueError for 2024-02-30
    return True


@cache
def _format_checker():
    # only the formats the schemas rely on: other formats stay annotations, as by default
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date", raises=ValueError)(_is_date)
    return checker


@cache
def validator(reference: str):
    """A validator of ``urn:bench:schema:REFERENCE`` (a schema's name, with a ``#/pointer``
    into it where only a part is meant); ``integer`` refuses ``1.0`` and ``true``, and a
    ``date`` must exist."""
    return _strict_validator_class()({"$ref": f"urn:bench:schema:{reference}"},
                                     registry=_registry(), format_checker=_format_checker())


def field_path(parts) -> str:
    """``["entities", 4, "end"]`` -> ``entities[4].end``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def problems(reference: str, value: object, *, at: tuple = ()) -> list[tuple[str, str]]:
    """``(field path, message)`` for each violation of the schema ``reference`` (see
    :func:`validator`), the most specific error first; ``at`` is where ``value`` sits in its
    line, for the field paths."""
    from jsonschema.exceptions import best_match, relevance

    errors = sorted(validator(reference).iter_errors(value), key=relevance)
    if not errors:
        return []
    found = []
    for error in [best_match(errors)] + errors:
        # `best_match` descends into anyOf/oneOf to the error that explains the most.
        item = (field_path([*at, *error.absolute_path]) or "(line)", _short(error.message))
        if item not in found:
            found.append(item)
    return found


def _short(message: str, limit: int = 160) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"
