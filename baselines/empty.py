"""The ``empty`` system: attempts every task and finds nothing. The floor of every leaderboard."""
from __future__ import annotations


def predict(document: dict) -> dict:
    """Every task attempted, nothing found.

    >>> predict({"id": "d", "text": "Nothing here."})["entities"]
    []
    """
    from afp_strikes_bench.tasks import task_names

    return {task: [] for task in task_names()}
