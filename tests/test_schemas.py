"""The schemas and the code that cannot read its sets from them agree."""
from __future__ import annotations

from afp_strikes_bench.schemas import contents, enum
from afp_strikes_bench.tasks import TASK_NAMES
from afp_strikes_bench.tasks.events import ROLES


def test_the_event_role_table_matches_the_schema():
    assert sorted(ROLES) == sorted(enum("events", "/$defs/type"))
    assert sorted({role for roles in ROLES.values() for role in roles}) == sorted(
        enum("events", "/$defs/role"))


def test_predictions_schema_has_every_registered_task_and_no_other():
    properties = set(contents("predictions")["properties"])
    assert properties == {"doc_id", *TASK_NAMES}
