"""Metrics as pure functions over counts; see :mod:`afp_strikes_bench.metrics.counts` for the
containers."""
