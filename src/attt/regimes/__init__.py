"""Versioned rule sets ("regimes") as data: level criteria, requirement catalogues, duties, clocks.

The YAML files live in ``data/``; the pure rule engine that reads them lives in ``rules/``.
"""
