"""Code that reads a report wrongly: `mypy --strict` must reject it
(tests/python/run.sh checks that it does), which shows that the TypedDicts
of `dtks.records` really check user code."""

from __future__ import annotations

from dtks import bulk


def misuse(path: str) -> str:
    report = bulk.validate_file(path)
    rows: str = report.summary["rows_read"]  # an int, not a str
    length: str = report.problems[0]["context"]["len"]  # a context value may be a number
    return rows + length + report.summary["rows_raed"]  # no such key
