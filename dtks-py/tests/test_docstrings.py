"""Runs the examples in the docstrings (modules, classes, stubs' examples are
covered by the same objects at run time)."""

from __future__ import annotations

import doctest
import types
from typing import List

import pytest

import dtks
import dtks.bulk
import dtks.columns
import dtks.regions
import dtks.scale

OBJECTS: List[object] = [dtks, dtks.bulk, dtks.columns, dtks.regions, dtks.scale, dtks.Nik, dtks.NoKk, dtks.Household,
                         dtks.Region, dtks.Problem, dtks.Report]


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: getattr(o, "__name__", str(o)))
def test_docstring_examples(obj: object) -> None:
    finder = doctest.DocTestFinder(recurse=isinstance(obj, types.ModuleType))
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = [t for t in finder.find(obj, getattr(obj, "__name__", "obj"), globs={"dtks": dtks}) if t.examples]
    assert tests, f"{obj} has no example"
    for t in tests:
        runner.run(t)
    assert runner.failures == 0
