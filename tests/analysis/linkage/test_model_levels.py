"""Comparison levels that depend on another field: sex where the given names agree."""

from __future__ import annotations

import duckdb

from refwatch.analysis.linkage import model


def _sex_levels() -> list[object]:
    for creator in model.comparisons():
        comparison = creator.get_comparison("duckdb")
        if comparison.output_column_name == "sex":
            return list(comparison.comparison_levels)
    raise AssertionError("no sex comparison")


def _level_of(
    levels: list[object], left: dict[str, str | None], right: dict[str, str | None]
) -> str:
    con = duckdb.connect()
    values = {f"{k}_l": v for k, v in left.items()} | {f"{k}_r": v for k, v in right.items()}
    columns = ", ".join(f'CAST(? AS VARCHAR) AS "{k}"' for k in values)
    con.execute(f"CREATE TABLE pair AS SELECT {columns}", list(values.values()))
    for level in levels:
        sql = str(level.sql_condition)  # type: ignore[attr-defined]
        if sql.strip().upper() == "ELSE":
            return str(level.label_for_charts)  # type: ignore[attr-defined]
        if con.execute(f"SELECT count(*) FROM pair WHERE {sql}").fetchall() == [(1,)]:
            return str(level.label_for_charts)  # type: ignore[attr-defined]
    raise AssertionError("no level matched")


def test_same_sex_is_no_evidence_between_records_with_one_given_name() -> None:
    levels = _sex_levels()
    assert levels[0].is_null_level  # type: ignore[attr-defined]
    same_name = _level_of(levels, {"sex": "F", "given": "영희"}, {"sex": "F", "given": "영희"})
    other_names = _level_of(levels, {"sex": "F", "given": "영희"}, {"sex": "F", "given": "순희"})
    unknown = _level_of(levels, {"sex": None, "given": "영희"}, {"sex": "F", "given": "순희"})
    assert same_name == unknown == levels[0].label_for_charts  # type: ignore[attr-defined]
    assert other_names != same_name
