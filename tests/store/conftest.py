"""A small synthetic list (invented names) written as CSV for the store tests."""

from __future__ import annotations

from pathlib import Path

import pytest

SYNTHETIC_ROWS = [
    # record_id, name, sex, birth date, home, testimony-like note
    ("A-001", "림서윤", "여", "1987.4.12(음)", "함북 무산"),
    ("A-002", "Pak Chol-ung", "M", "12 May 1979", "Hyesan"),
    ("A-003", "GANG HYEJIN (강혜진)", "F", "1991", "양강도"),
    ("A-004", "도예람", "여", "85.03.15", "함북"),
    ("A-005", "Ryu Sonhwa", "female", "Mar 1990", "Chongjin"),
]
BAD_ROW = ("A-003b", "황보다솜", "여", "1990-13-45", "회령")


def write_list(path: Path, rows: list[tuple[str, ...]]) -> Path:
    lines = ["번호,성명,성별,생년월일,출신지"]
    lines += [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def synthetic_list(tmp_path: Path) -> Path:
    return write_list(tmp_path / "list_A.csv", SYNTHETIC_ROWS)


@pytest.fixture
def list_with_bad_row(tmp_path: Path) -> Path:
    rows = [*SYNTHETIC_ROWS[:2], BAD_ROW, *SYNTHETIC_ROWS[2:]]
    return write_list(tmp_path / "list_bad.csv", rows)
