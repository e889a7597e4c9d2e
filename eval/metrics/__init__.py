"""Metrics as pure functions over counts; see :mod:`eval.metrics.counts` for the containers."""
