"""Small cells are withheld, and no withheld cell can be worked out from the margins."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from refwatch.analysis.reports.disclosure import (
    SuppressedTable,
    SuppressionPolicy,
    claim_withheld,
    published_vector,
    recoverable,
    suppress_table,
)
from refwatch.analysis.reports.model import Bilingual, ClaimFigure, CountTable


def _table(cells: list[list[int]]) -> CountTable:
    return CountTable(
        "t",
        Bilingual("t", "표"),
        tuple(Bilingual(f"r{i}") for i in range(len(cells))),
        tuple(Bilingual(f"c{j}") for j in range(len(cells[0]))),
        tuple(tuple(row) for row in cells),
    )


def _published_values(s: SuppressedTable) -> list[int | None]:
    return published_vector(s)[1]


def _true_values(cells: list[list[int]]) -> list[int]:
    n, m = len(cells), len(cells[0])
    values = [v for row in cells for v in row]
    if n > 1 and m > 1:
        values += [sum(r) for r in cells] + [sum(r[j] for r in cells) for j in range(m)]
    if n * m > 1:
        values.append(sum(values[: n * m]))
    return values


def _exactly_recoverable(s: SuppressedTable) -> list[int]:
    """Independent check: e_u in the row space of the constraints on the unknowns (ranks)."""
    equations, values = published_vector(s)
    unknown = [i for i, v in enumerate(values) if v is None]
    if not unknown or equations.shape[0] == 0:
        return []
    sub = equations[:, unknown]
    base = np.linalg.matrix_rank(sub)
    found = []
    for pos, var in enumerate(unknown):
        unit = np.zeros(len(unknown))
        unit[pos] = 1.0
        if np.linalg.matrix_rank(np.vstack([sub, unit])) == base:
            found.append(var)
    return found


def _bounds(s: SuppressedTable, var: int) -> tuple[float, float]:
    equations, values = published_vector(s)
    unknown = [i for i, v in enumerate(values) if v is None]
    known = [i for i, v in enumerate(values) if v is not None]
    a_eq = equations[:, unknown]
    b_eq = -equations[:, known] @ np.array([float(values[i] or 0) for i in known])
    c = np.zeros(len(unknown))
    c[unknown.index(var)] = 1.0
    lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * len(unknown), method="highs")
    hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * len(unknown), method="highs")
    return float(lo.fun), (float(-hi.fun) if hi.status == 0 else float("inf"))


def test_it_publishes_a_table_without_small_cells_untouched() -> None:
    s = suppress_table(_table([[10, 20], [30, 40]]), SuppressionPolicy())
    assert s.cells == ((10, 20), (30, 40))
    assert s.row_totals == (30, 70)
    assert s.col_totals == (40, 60)
    assert s.total == 100
    assert s.entries == ()


def test_it_withholds_a_small_cell_and_enough_others_to_protect_it() -> None:
    s = suppress_table(_table([[3, 20, 15], [30, 40, 12], [25, 25, 25]]), SuppressionPolicy())
    assert s.cells[0][0] is None
    assert s.n_suppressed >= 4  # a 2x2 rectangle at least
    assert recoverable(s) == []
    assert _exactly_recoverable(s) == []


def test_it_withholds_small_margins_too() -> None:
    s = suppress_table(_table([[1, 2], [30, 40]]), SuppressionPolicy())
    assert s.row_totals[0] is None
    assert recoverable(s) == []


def test_it_protects_a_single_small_cell_in_a_list_with_a_total() -> None:
    s = suppress_table(_table([[2], [40], [50]]), SuppressionPolicy())
    assert s.cells[0] == (None,)
    assert sum(1 for row in s.cells if row[0] is None) >= 2
    assert s.total == 92
    assert recoverable(s) == []


def test_it_honours_a_configurable_threshold() -> None:
    table = _table([[7, 20], [30, 40]])
    assert suppress_table(table, SuppressionPolicy(threshold=5)).entries == ()
    assert suppress_table(table, SuppressionPolicy(threshold=10)).cells[0][0] is None


def test_it_leaves_zeros_alone_unless_asked() -> None:
    table = _table([[0, 20], [30, 40]])
    assert suppress_table(table, SuppressionPolicy()).entries == ()
    assert suppress_table(table, SuppressionPolicy(suppress_zeros=True)).cells[0][0] is None


def test_it_does_not_say_which_withheld_cells_were_small_in_the_label() -> None:
    s = suppress_table(_table([[3, 20, 15], [30, 40, 12], [25, 25, 25]]), SuppressionPolicy())
    labels = {s.entry_label(e, "en") for e in s.entries}
    assert all("primary" not in label for label in labels)
    assert any(e.primary for e in s.entries) and any(not e.primary for e in s.entries)


def test_it_withholds_small_figures_from_private_sources_only() -> None:
    claim = ClaimFigure("S", 3, 3)
    assert claim_withheld(claim, "testimony", SuppressionPolicy())
    assert not claim_withheld(claim, "news", SuppressionPolicy())
    assert not claim_withheld(ClaimFigure("S", 30, 40), "list", SuppressionPolicy())


def test_it_refuses_a_meaningless_policy() -> None:
    with pytest.raises(ValueError):
        SuppressionPolicy(threshold=0)
    with pytest.raises(ValueError):
        SuppressionPolicy(k=0)


tables = st.integers(1, 4).flatmap(
    lambda n: st.integers(1, 4).flatmap(
        lambda m: st.lists(
            st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=m, max_size=m),
            min_size=n,
            max_size=n,
        )
    )
)


@settings(max_examples=40, deadline=None)
@given(tables, st.integers(2, 8), st.booleans())
def test_property_no_published_value_is_small(
    cells: list[list[int]], threshold: int, zeros: bool
) -> None:
    policy = SuppressionPolicy(threshold=threshold, suppress_zeros=zeros)
    s = suppress_table(_table(cells), policy)
    for value in _published_values(s):
        assert value is None or not policy.is_small(value)


@settings(max_examples=40, deadline=None)
@given(tables, st.integers(2, 8))
def test_property_no_withheld_value_is_recoverable_from_the_margins(
    cells: list[list[int]], threshold: int
) -> None:
    s = suppress_table(_table(cells), SuppressionPolicy(threshold=threshold))
    assert _exactly_recoverable(s) == []
    truth = _true_values(cells)
    for var, value in enumerate(_published_values(s)):
        if value is None:
            lo, hi = _bounds(s, var)
            assert hi - lo >= 1 - 1e-9, f"withheld value {var} pinned to [{lo}, {hi}]"
            assert lo - 1e-6 <= truth[var] <= hi + 1e-6


@settings(max_examples=40, deadline=None)
@given(tables)
def test_property_published_values_are_the_true_values(cells: list[list[int]]) -> None:
    s = suppress_table(_table(cells), SuppressionPolicy())
    for published, true in zip(_published_values(s), _true_values(cells), strict=True):
        assert published is None or published == true
