"""Dependencies point inward: nothing under refwatch.analysis imports Django or the apps."""

from __future__ import annotations

import ast
from pathlib import Path

import refwatch

SRC = Path(refwatch.__file__).parent
FORBIDDEN = ("django", "refwatch.records", "refwatch.accounts", "refwatch.audit", "refwatch.api",
             "refwatch.jobs", "refwatch.site", "refwatch.web", "refwatch.crypto", "refwatch.cli")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_analysis_imports_nothing_of_django() -> None:
    files = sorted((SRC / "analysis").rglob("*.py"))
    assert len(files) > 5
    offending = {
        str(path.relative_to(SRC)): name
        for path in files
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    }
    assert offending == {}


def test_the_checker_would_catch_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\nimport refwatch.records.models\n")
    assert _imports(bad) == ["django.db", "refwatch.records.models"]
