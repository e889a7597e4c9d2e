"""Baseline systems: each maps one document (a dict) to its predictions (a dict of task keys).

Baselines never read the gold and carry none of the article's own strings: they are judged by
how they would do on the next article.
"""
