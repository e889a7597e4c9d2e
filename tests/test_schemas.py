"""The schemas and the code that cannot read its sets from them agree."""
from __future__ import annotations

from afp_strikes_bench.schemas import contents, enum
from afp_strikes_bench.tasks import task_names
from afp_strikes_bench.tasks.events import ROLES


def test_the_event_role_table_matches_the_schema():
    assert sorted(ROLES) == sorted(enum("events", "/$defs/type"))
    assert sorted({role for roles in ROLES.values() for role in roles}) == sorted(
        enum("events", "/$defs/role"))


def test_every_registered_task_has_a_schema_for_its_gold_lines_and_predictions():
    for name in task_names():
        schema = contents(name)
        assert schema["$id"] == f"urn:bench:schema:{name}"
        assert {"gold_item", "prediction_item", "predictions"} <= set(schema["$defs"])
