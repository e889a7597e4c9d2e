"""The gold as a typed Hugging Face dataset: features declared for every config, read off the
JSON Schemas, and data files written in the shape those features describe.

The harness reads ``gold/<task>.jsonl``; ``datasets`` users load
``gold/datasets/<config>.parquet`` through the configs and ``dataset_info`` of the card
(``gold/README.md``), all written by ``bench build-gold``. The view is Parquet, not JSON Lines,
because Parquet carries its column types: ``datasets`` reads JSON through pyarrow's type
inference, which turns a date such as ``2024-01-19`` into a timestamp before any declared
feature is applied (and mixes of numbers and text into errors). The features follow the
schemas mechanically, so a task added with its schema gets its config with no code here:

- an ``enum`` is a ``ClassLabel`` (labels, types, roles, kinds, realis, outcomes);
- an ``integer`` is ``int32``, nullable where the schema allows ``null`` (counts and bounds);
- a value that may be a string or a number (an entity's TIMEX3 value or number) is a string,
  since one column holds one type; ``restore`` turns it back into a number for the harness;
- spans are structs ``{start, end, text}``; arrays are lists; every row carries the canary.

``as_predictions`` turns a row of any task config back into a predictions line, so rows can be
fed to the harness (``bench eval``) and a ``documents`` row to a baseline.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from afp_strikes_bench.schemas import contents

if TYPE_CHECKING:
    from afp_strikes_bench.gold import GoldSet

#: the canary of the dataset card: filter any document containing it out of training data
CANARY = "daf7b946-032e-4611-84ef-62758e23d6b5"
#: the folder of the gold that holds the view's data files
FOLDER = "datasets"
#: a schema node's shape, resolved: what a column holds
Node = dict[str, Any]


#: the IOB2 view of the entities: one row per sentence, as CoNLL-2003 users load first
TOKENS = "tokens"


def configs() -> list[str]:
    """The configs with a schema: the documents and one per task."""
    from afp_strikes_bench.tasks import task_names

    return ["documents", *task_names()]


def ner_tags() -> list[str]:
    """IOB2 tags over the OntoNotes 5 labels, ``O`` first (conll2003's convention)."""
    labels = contents("entities")["$defs"]["label"]["enum"]
    return ["O"] + [f"{prefix}-{label}" for label in labels for prefix in ("B", "I")]


def token_features() -> list[Node]:
    """The ``tokens`` config: ``doc_id``, ``sentence`` (its number in the document), the tokens
    (spaCy's English tokenizer) and their IOB2 ``ner_tags``."""
    names = {str(index): tag for index, tag in enumerate(ner_tags())}
    return [{"name": "doc_id", "dtype": "string"}, {"name": "sentence", "dtype": "int32"},
            {"name": "tokens", "list": {"dtype": "string"}},
            {"name": "ner_tags", "list": {"dtype": {"class_label": {"names": names}}}},
            {"name": "canary", "dtype": "string"}]


def token_rows(gold: GoldSet) -> list[dict]:
    """One row per sentence of every document, its entities as IOB2 tags. A gold mention that
    cuts a token or crosses a sentence cannot be encoded: the build is refused, naming it (the
    benchmark's gold has none; a test holds it so)."""
    from afp_strikes_bench.formats.conll import iob2_tags
    from afp_strikes_bench.formats.tokens import sentences

    found = []
    for doc_id, document in gold.documents.items():
        grouped = sentences(document)
        tags = iter(iob2_tags(gold.tasks.get("entities", {}).get(doc_id, []), grouped, document))
        for number, sentence in enumerate(grouped):
            found.append({"doc_id": doc_id, "sentence": number,
                          "tokens": [token.text for token in sentence],
                          "ner_tags": [next(tags) for _ in sentence], "canary": CANARY})
    return found


def _resolve(node: Node, schema: str) -> tuple[Node, str]:
    """A ``$ref`` followed (within a schema or to another ``urn:bench:schema:NAME``)."""
    while "$ref" in node:
        reference = node["$ref"]
        target, _, pointer = reference.partition("#")
        if target:
            schema = target.rsplit(":", 1)[-1]
        node = contents(schema)
        for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
            node = node[part]
    if "allOf" in node:  # an argument: its definition plus "text required"
        merged: Node = {}
        for part in node["allOf"]:
            resolved, _ = _resolve(part, schema)
            merged = {**merged, **resolved}
        node = merged
    return node, schema


def _variants(node: Node) -> list[Node]:
    """The non-null alternatives of a node (``anyOf``/``oneOf``, or a ``type`` list)."""
    options = node.get("anyOf") or node.get("oneOf")
    if options:
        return [option for option in options if option.get("type") != "null"]
    if isinstance(node.get("type"), list):
        return [{**node, "type": kind} for kind in node["type"] if kind != "null"]
    return [node]


def feature(node: Node, schema: str) -> Node:
    """The ``datasets`` feature (as the card's YAML writes it, without the name) of a node."""
    node, schema = _resolve(node, schema)
    variants = [_resolve(variant, schema) for variant in _variants(node)]
    if len(variants) > 1:  # a value that may be text or a number: one column, text
        return {"dtype": "string"}
    node, schema = variants[0]
    if "enum" in node:
        return {"dtype": {"class_label": {"names": {str(i): name
                                                     for i, name in enumerate(node["enum"])}}}}
    kind = node.get("type")
    if kind == "object":
        return {"struct": [{"name": name, **feature(child, schema)}
                           for name, child in node["properties"].items()]}
    if kind == "array":
        return {"list": feature(node["items"], schema)}
    dtypes = {"integer": "int32", "number": "float64", "boolean": "bool"}
    return {"dtype": dtypes.get(str(kind), "string")}


def _line_schema(config: str) -> Node:
    return contents(config)


def features(config: str) -> list[Node]:
    """The features of a config's rows: its line's fields, and the canary.

    >>> [f["name"] for f in features("entities")]
    ['doc_id', 'text', 'entities', 'canary']
    >>> next(f for f in features("entities")[2]["list"]["struct"] if f["name"] == "value")
    {'name': 'value', 'dtype': 'string'}
    """
    line = _line_schema(config)
    return [{"name": name, **feature(node, config)} for name, node in line["properties"].items()
            if name != "canary"] + [{"name": "canary", "dtype": "string"}]


def features_of(config: str) -> list[Node]:
    """The features of any config, the IOB2 ``tokens`` view included."""
    return token_features() if config == TOKENS else features(config)


def _row_value(value: Any, shape: Node) -> Any:
    """A JSON value in the shape of its feature: text where the feature is text."""
    if value is None:
        return None
    if "struct" in shape:
        return {field["name"]: _row_value(value.get(field["name"]), field)
                for field in shape["struct"]}
    if "list" in shape:
        return [_row_value(item, shape["list"]) for item in value]
    if shape.get("dtype") == "string" and not isinstance(value, str):
        return json.dumps(value)  # 9 -> "9", 2.5 -> "2.5": a number written as JSON
    return value


def rows(config: str, lines: list[dict]) -> list[dict]:
    """The view's rows of a config from the gold file's lines (every field present, values in
    their feature's type, the canary added)."""
    fields = features(config)
    return [{field["name"]: CANARY if field["name"] == "canary"
             else _row_value(line.get(field["name"]), field) for field in fields}
            for line in lines]


def build(gold_dir: Path, gold: GoldSet) -> dict[str, bytes]:
    """``datasets/<config>.parquet`` for every config with a gold file in ``gold_dir``, whose
    loaded (checked) gold is ``gold``."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq
    from afp_strikes_bench.io import read_jsonl

    def parquet(table_rows: list[dict]) -> bytes:
        buffer = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(table_rows), buffer)
        return buffer.getvalue()

    built = {}
    for config in configs():
        source = gold_dir / f"{config}.jsonl"
        if source.is_file():
            lines = [value for _, value in read_jsonl(source)]
            built[f"{FOLDER}/{config}.parquet"] = parquet(rows(config, lines))
    if "entities" in gold.tasks:
        built[f"{FOLDER}/{TOKENS}.parquet"] = parquet(token_rows(gold))
    return built


def same_file(existing: bytes, built: bytes) -> bool:
    """Whether two Parquet files hold the same table (their bytes name the pyarrow that wrote
    them, so bytes can differ where the data does not)."""
    import io

    import pyarrow.parquet as pq

    def read(data: bytes):
        # one thread: pyarrow 26's reader threads abort the process at exit (about one run in
        # two here) when a short-lived command ends right after reading
        return pq.read_table(io.BytesIO(data), use_threads=False)

    try:
        return read(existing).equals(read(built))
    except Exception:  # not Parquet, or damaged: not the same
        return False


def card_yaml(present: list[str]) -> str:
    """The ``configs`` and ``dataset_info`` of the card, for the configs ``present``."""
    import yaml

    data = {"configs": [{"config_name": config,
                         "data_files": [{"split": "test",
                                         "path": f"{FOLDER}/{config}.parquet"}]}
                        for config in present],
            "dataset_info": [{"config_name": config, "features": features_of(config)}
                             for config in present]}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def restore(config: str, row: dict) -> dict:
    """A row as the gold file had it: label names for class ids, numbers for numbers written
    as text, no canary (what ``as_predictions`` and the harness read)."""
    line = _line_schema(config)
    return {name: _restore(row.get(name), node, config)
            for name, node in line["properties"].items() if name in row and name != "canary"}


def _restore(value: Any, node: Node, schema: str) -> Any:
    node, schema = _resolve(node, schema)
    variants = [_resolve(variant, schema) for variant in _variants(node)]
    if value is None:
        return None
    if len(variants) > 1:
        return _number_or_text(value)
    node, schema = variants[0]
    if "enum" in node:
        return node["enum"][value] if isinstance(value, int) else value
    if node.get("type") == "object":
        return {name: _restore(value.get(name), child, schema)
                for name, child in node["properties"].items() if value.get(name) is not None
                or name in node.get("required", [])}
    if node.get("type") == "array":
        return [_restore(item, node["items"], schema) for item in value]
    return value


def _number_or_text(value: str) -> Any:
    """'9' -> 9, '2.5' -> 2.5, '2024-W03' stays.

    >>> _number_or_text("9"), _number_or_text("2.5"), _number_or_text("2024-W03")
    (9, 2.5, '2024-W03')
    """
    try:
        number = json.loads(value)
    except ValueError:
        return value
    return number if isinstance(number, (int, float)) and not isinstance(number, bool) else value


def as_predictions(config: str, row: dict) -> dict:
    """A row of a task config as one predictions line (``{"doc_id", TASK: [...]}``): what a
    perfect system would answer, for feeding rows back to the harness."""
    from afp_strikes_bench.tasks import get_task

    task = get_task(config)
    line = restore(config, row)
    return {"doc_id": line["doc_id"],
            config: [task.to_json(task.as_prediction(task.parse(item, gold=True)))
                     for item in line[config]]}


#: where the card's generated parts go (the rest of the card is written by hand)
YAML_MARK = "# configs and dataset_info, below: written by `bench build-gold` from the schemas"
FIELDS_START, FIELDS_END = "<!-- data-fields:start -->", "<!-- data-fields:end -->"


def card(text: str, present: list[str]) -> str:
    """The card ``text`` with its generated parts (the YAML of the configs and features, and
    the Data Fields section) written anew for the configs ``present``."""
    head, mark, rest = text.partition(YAML_MARK + "\n")
    if not mark:
        raise ValueError(f"the card has no line {YAML_MARK!r}")
    _, end, body = rest.partition("---\n")
    before, start, after = body.partition(FIELDS_START)
    _, stop, after = after.partition(FIELDS_END)
    if not (end and start and stop):
        raise ValueError("the card's front matter or its data-fields markers are missing")
    return (head + mark + card_yaml(present) + end + before + start + "\n"
            + data_fields(present) + stop + after)


def data_fields(present: list[str]) -> str:
    """Markdown: every field of every config with its type."""
    lines = []
    for config in present:
        lines += [f"**`{config}`**", "", "| field | type |", "|---|---|"]
        lines += [f"| `{path}` | {kind} |" for path, kind in _field_rows(features_of(config))]
        lines.append("")
    return "\n".join(lines)


def _field_rows(fields: list[Node], prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for field in fields:
        path = f"{prefix}{field['name']}"
        found += _shape_rows(field, path)
    return found


def _shape_rows(shape: Node, path: str) -> list[tuple[str, str]]:
    if "list" in shape:
        return _shape_rows(shape["list"], f"{path}[]")
    if "struct" in shape:
        return _field_rows(shape["struct"], f"{path}.")
    dtype = shape["dtype"]
    if isinstance(dtype, dict):
        names = list(dtype["class_label"]["names"].values())
        shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
        return [(path, f"ClassLabel ({shown})")]
    return [(path, dtype)]
