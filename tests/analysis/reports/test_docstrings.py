"""The examples in the reports modules' docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = (
    "anonymity",
    "counts",
    "disclosure",
    "figures",
    "legal",
    "model",
    "render",
    "sample",
    "text",
)


@pytest.mark.parametrize("name", MODULES)
def test_it_keeps_the_docstring_examples_true(name: str) -> None:
    module = importlib.import_module(f"refwatch.analysis.reports.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
