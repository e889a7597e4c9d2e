"""Adapters: the systems people already have, as benchmark systems, by name and argument
(``--system spacy:en_core_web_sm``, ``--system hf:path/to/checkpoint``). Each is a factory
class (see :mod:`afp_strikes_bench.systems`): built with its options, it maps a document to
predictions, conforming the spans its model returns to the benchmark's convention and nothing
more, and reports what it ran as ``metadata``. Heavy libraries load only inside the adapter that
needs them.
"""
