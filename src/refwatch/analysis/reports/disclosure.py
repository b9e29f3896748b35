"""Disclosure control for published counts: small cells, complementary suppression.

A table of documented people is published with its margins (row, column and
grand totals). A count below ``policy.threshold`` could point at one family, so it
is *primary*-suppressed; margins below the threshold are suppressed too. Because
a reader can subtract published cells from a published total, more cells are
*complementarily* suppressed until no suppressed value can be recovered:

* **exactly**, by linear algebra: a suppressed value is determined when its unit
  vector lies in the row space of the table's sum constraints restricted to the
  suppressed entries (equivalently, every null-space vector is zero there);
* **by bounds**: counts are non-negative, so a value can also be pinned by
  linear programming; the feasible interval of every suppressed value must be
  wider than a point.

Publications print *that* a cell was suppressed, never *why* (primary or
complementary), since the reason itself would reveal a small count.

>>> from refwatch.analysis.reports.model import Bilingual, CountTable
>>> t = CountTable("t", Bilingual("t"), (Bilingual("a"), Bilingual("b")),
...                (Bilingual("x"), Bilingual("y")), ((2, 10), (9, 12)))
>>> s = suppress_table(t, SuppressionPolicy(threshold=5))
>>> s.cells
((None, None), (None, None))
>>> s.total
33
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.linalg import null_space
from scipy.optimize import linprog

from refwatch.analysis.reports.model import (
    Bilingual,
    ClaimFigure,
    CountTable,
    Incident,
    ReportData,
    SourceRef,
)

EntryKind = Literal["cell", "row_total", "col_total", "total"]
# Sources that are not public themselves: a small figure from them can point at a family.
PRIVATE_SOURCE_KINDS: tuple[str, ...] = ("testimony", "list")
_TOL = 1e-9


@dataclass(frozen=True)
class SuppressionPolicy:
    """How small counts are handled.

    ``threshold``: counts 1..threshold-1 are suppressed (default 5).
    ``k``: every published combination of quasi-identifiers covers at least k people.
    ``suppress_zeros``: also suppress zero counts (off by default: a zero names nobody).
    ``max_record_suppression``: share of people the quasi-identifier release may
    drop (rather than coarsen further) to reach k.
    """

    threshold: int = 5
    k: int = 5
    suppress_zeros: bool = False
    max_record_suppression: float = 0.05

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError("threshold must be at least 1")
        if self.k < 1:
            raise ValueError("k must be at least 1")
        if not 0 <= self.max_record_suppression < 1:
            raise ValueError("max_record_suppression must be in [0, 1)")

    def is_small(self, value: int) -> bool:
        """True when ``value`` may not be published."""
        if value == 0:
            return self.suppress_zeros and self.threshold > 1
        return value < self.threshold


@dataclass(frozen=True)
class SuppressionEntry:
    """One withheld value of a table. ``primary`` is for the audit, never for print."""

    table_key: str
    kind: EntryKind
    row: int | None
    col: int | None
    primary: bool


@dataclass(frozen=True)
class SuppressedTable:
    """A table as published: ``None`` marks a withheld value.

    Totals that a table of its shape does not publish are empty tuples
    (a one-column table publishes only its grand total).
    """

    key: str
    title: Bilingual
    row_labels: tuple[Bilingual, ...]
    col_labels: tuple[Bilingual, ...]
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    col_totals: tuple[int | None, ...]
    total: int | None
    entries: tuple[SuppressionEntry, ...]

    @property
    def n_suppressed(self) -> int:
        return len(self.entries)

    def entry_label(self, entry: SuppressionEntry, lang: Literal["en", "ko"]) -> str:
        """Human position of a withheld value, e.g. ``arrest × 2021``."""
        if entry.kind == "total":
            return "total" if lang == "en" else "합계"
        if entry.kind == "row_total" and entry.row is not None:
            return self.row_labels[entry.row].text(lang) + (
                " (total)" if lang == "en" else " (합계)"
            )
        if entry.kind == "col_total" and entry.col is not None:
            return self.col_labels[entry.col].text(lang) + (
                " (total)" if lang == "en" else " (합계)"
            )
        assert entry.row is not None and entry.col is not None
        row = self.row_labels[entry.row].text(lang)
        if len(self.col_labels) == 1:
            return row
        return f"{row} × {self.col_labels[entry.col].text(lang)}"


@dataclass(frozen=True)
class _Layout:
    """Variables of a table (cells, then row totals, column totals, grand total)."""

    n: int
    m: int
    has_margins_2d: bool
    has_total: bool
    equations: NDArray[np.float64]
    kinds: tuple[tuple[EntryKind, int | None, int | None], ...]


def _layout(n: int, m: int) -> _Layout:
    two_d = n > 1 and m > 1
    has_total = n * m > 1
    kinds: list[tuple[EntryKind, int | None, int | None]] = [
        ("cell", i, j) for i in range(n) for j in range(m)
    ]
    if two_d:
        kinds += [("row_total", i, None) for i in range(n)]
        kinds += [("col_total", None, j) for j in range(m)]
    if has_total:
        kinds.append(("total", None, None))
    size = len(kinds)
    rows: list[NDArray[np.float64]] = []
    if two_d:
        for i in range(n):
            eq = np.zeros(size)
            eq[[i * m + j for j in range(m)]] = 1.0
            eq[n * m + i] = -1.0
            rows.append(eq)
        for j in range(m):
            eq = np.zeros(size)
            eq[[i * m + j for i in range(n)]] = 1.0
            eq[n * m + n + j] = -1.0
            rows.append(eq)
        eq = np.zeros(size)
        eq[n * m : n * m + n] = 1.0
        eq[size - 1] = -1.0
        rows.append(eq)
    elif has_total:
        eq = np.zeros(size)
        eq[: n * m] = 1.0
        eq[size - 1] = -1.0
        rows.append(eq)
    equations = np.array(rows) if rows else np.zeros((0, size))
    return _Layout(n, m, two_d, has_total, equations, tuple(kinds))


def _values(table: CountTable, layout: _Layout) -> list[int]:
    values = [v for row in table.cells for v in row]
    if layout.has_margins_2d:
        values += [sum(row) for row in table.cells]
        values += [sum(row[j] for row in table.cells) for j in range(layout.m)]
    if layout.has_total:
        values.append(sum(values[: layout.n * layout.m]))
    return values


def determined_entries(equations: NDArray[np.float64], unknown: Sequence[int]) -> list[int]:
    """Unknown variables fixed by the linear sum constraints alone.

    ``equations`` has one row per constraint ``sum(coef * var) = 0`` over all
    variables; the known variables only move into the right-hand side, so
    whether an unknown is determined depends on the unknown columns alone: it is
    determined exactly when every null-space vector of those columns is zero at it.
    """
    if not unknown:
        return []
    sub = equations[:, list(unknown)]
    if sub.shape[0] == 0:
        return []
    basis = null_space(sub)
    if basis.size == 0:
        return list(unknown)
    return [var for pos, var in enumerate(unknown) if np.all(np.abs(basis[pos]) < 1e-8)]


def feasible_intervals(
    equations: NDArray[np.float64], values: Sequence[int | None]
) -> dict[int, tuple[float, float]]:
    """Range each unknown (``None``) can take given the known values and non-negativity.

    Solves two linear programmes per unknown; assumes the published values are
    consistent (they are, when they come from :func:`suppress_table`). An
    unbounded maximum is returned as ``inf``.
    """
    unknown = [i for i, v in enumerate(values) if v is None]
    known = [i for i, v in enumerate(values) if v is not None]
    if not unknown:
        return {}
    a_eq = equations[:, unknown]
    b_eq = -equations[:, known] @ np.array([float(values[i] or 0) for i in known])
    out: dict[int, tuple[float, float]] = {}
    for pos, var in enumerate(unknown):
        c = np.zeros(len(unknown))
        c[pos] = 1.0
        bounds = [(0.0, None)] * len(unknown)
        low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        lo = float(low.fun) if low.status == 0 else 0.0
        hi = float(-high.fun) if high.status == 0 else float("inf")
        out[var] = (lo, hi)
    return out


def _wide_by_certificate(basis: NDArray[np.float64], truth: NDArray[np.float64], pos: int) -> bool:
    """Cheap proof that unknown ``pos`` can move by at least 1 while all stay non-negative.

    The true values are a feasible point; moving along a null-space direction
    keeps every sum, and the step is limited only by non-negativity. If some
    direction lets ``pos`` travel 1 or more, no bound pins it (no LP needed).
    """
    for d in basis.T:
        if abs(d[pos]) < 1e-8:
            continue
        lows = [-truth[i] / d[i] for i in range(len(d)) if d[i] > 1e-12]
        highs = [-truth[i] / d[i] for i in range(len(d)) if d[i] < -1e-12]
        t_min = max(lows, default=-np.inf)
        t_max = min(highs, default=np.inf)
        if (t_max - t_min) * abs(d[pos]) >= 1 - _TOL:
            return True
    return False


def _exposed(layout: _Layout, values: Sequence[int], suppressed: set[int]) -> list[int]:
    unknown = sorted(suppressed)
    exposed = determined_entries(layout.equations, unknown)
    if exposed:
        return exposed
    basis = (
        null_space(layout.equations[:, unknown])
        if layout.equations.shape[0]
        else np.eye(len(unknown))
    )
    truth = np.array([float(values[i]) for i in unknown])
    doubtful = [
        var for pos, var in enumerate(unknown) if not _wide_by_certificate(basis, truth, pos)
    ]
    if not doubtful:
        return []
    published: list[int | None] = [None if i in suppressed else v for i, v in enumerate(values)]
    return sorted(
        var
        for var, (lo, hi) in feasible_intervals(layout.equations, published).items()
        if var in doubtful and hi - lo < 1 - _TOL
    )


def _candidates(
    layout: _Layout, values: Sequence[int], suppressed: set[int], target: int
) -> list[int]:
    """Published variables ordered by how cheaply they protect ``target``."""
    _, t_row, t_col = layout.kinds[target]

    def cost(var: int) -> tuple[int, int, int, int]:
        kind, row, col = layout.kinds[var]
        aligned = (t_row is not None and row == t_row) or (t_col is not None and col == t_col)
        return (
            0 if kind == "cell" else 1,
            0 if aligned else 1,
            1 if values[var] == 0 else 0,
            values[var],
        )

    free = [i for i in range(len(values)) if i not in suppressed]
    return sorted(free, key=cost)


def suppress_table(table: CountTable, policy: SuppressionPolicy) -> SuppressedTable:
    """Withhold small counts and enough others that none can be recovered.

    Primary suppression takes every cell and margin that ``policy.is_small``;
    complementary suppression then adds, greedily and cheapest first (cells before
    margins, same row or column first, smallest values first), a value at a time
    until no withheld value is determined by the published ones, exactly or by
    non-negativity bounds. Returns the table as it may be published.
    """
    n, m = len(table.row_labels), len(table.col_labels)
    layout = _layout(n, m)
    values = _values(table, layout)
    primary = {i for i, v in enumerate(values) if policy.is_small(v)}
    suppressed = set(primary)
    while suppressed:
        exposed = _exposed(layout, values, suppressed)
        if not exposed:
            break
        target = exposed[0]
        chosen: int | None = None
        for var in _candidates(layout, values, suppressed, target):
            if target not in determined_entries(layout.equations, sorted(suppressed | {var})):
                chosen = var
                break
        if chosen is None:
            remaining = _candidates(layout, values, suppressed, target)
            if not remaining:
                break
            chosen = remaining[0]
        suppressed.add(chosen)
    return _published(table, layout, values, suppressed, primary)


def _published(
    table: CountTable,
    layout: _Layout,
    values: Sequence[int],
    suppressed: set[int],
    primary: set[int],
) -> SuppressedTable:
    shown: list[int | None] = [None if i in suppressed else v for i, v in enumerate(values)]
    n, m = layout.n, layout.m
    cells = tuple(tuple(shown[i * m + j] for j in range(m)) for i in range(n))
    row_totals: tuple[int | None, ...] = ()
    col_totals: tuple[int | None, ...] = ()
    if layout.has_margins_2d:
        row_totals = tuple(shown[n * m : n * m + n])
        col_totals = tuple(shown[n * m + n : n * m + n + m])
    total = shown[-1] if layout.has_total else shown[0]
    entries = tuple(
        SuppressionEntry(
            table.key, layout.kinds[i][0], layout.kinds[i][1], layout.kinds[i][2], i in primary
        )
        for i in sorted(suppressed)
    )
    return SuppressedTable(
        key=table.key,
        title=table.title,
        row_labels=table.row_labels,
        col_labels=table.col_labels,
        cells=cells,
        row_totals=row_totals,
        col_totals=col_totals,
        total=total,
        entries=entries,
    )


def published_vector(table: SuppressedTable) -> tuple[NDArray[np.float64], list[int | None]]:
    """The sum constraints of a published table and its values (``None`` withheld).

    This is what a reader can reconstruct from the publication alone; feed it to
    :func:`determined_entries` and :func:`feasible_intervals` to audit a release.
    """
    n, m = len(table.row_labels), len(table.col_labels)
    layout = _layout(n, m)
    values: list[int | None] = [v for row in table.cells for v in row]
    if layout.has_margins_2d:
        values += list(table.row_totals) + list(table.col_totals)
    if layout.has_total:
        values.append(table.total)
    return layout.equations, values


def recoverable(table: SuppressedTable) -> list[int]:
    """Indices of withheld values a reader could pin down from the publication.

    Empty for every table :func:`suppress_table` returns; the tests hold it to that.
    """
    equations, values = published_vector(table)
    unknown = [i for i, v in enumerate(values) if v is None]
    pinned = set(determined_entries(equations, unknown))
    for var, (lo, hi) in feasible_intervals(equations, values).items():
        if hi - lo < 1 - _TOL:
            pinned.add(var)
    return sorted(pinned)


_PRIVATE_TITLES: dict[str, Bilingual] = {
    "testimony": Bilingual("Testimony (title withheld)", "증언(제목 비공개)"),
    "list": Bilingual("List of names (title withheld)", "명단(제목 비공개)"),
}


def public_source_title(source: SourceRef) -> Bilingual:
    """The title a publication may print: withheld for testimonies and lists.

    A testimony's or a list's title can carry a name or a place that points at a
    family; publications name them by kind and key only (the hash still
    identifies the preserved original for those who hold it).
    """
    return _PRIVATE_TITLES.get(source.kind, Bilingual(source.title))


def public_source_url(source: SourceRef) -> str:
    """The address a publication may print: none for testimonies and lists."""
    return "" if source.kind in PRIVATE_SOURCE_KINDS else source.url


def claim_withheld(claim: ClaimFigure, source_kind: str, policy: SuppressionPolicy) -> bool:
    """True when a claim's figure must not be published.

    Figures from public sources (news, reports, statements, UN documents) are
    already public and are shown as asserted. A figure below the threshold from a
    private source (a testimony or a list, :data:`PRIVATE_SOURCE_KINDS`) is withheld.
    """
    if source_kind not in PRIVATE_SOURCE_KINDS:
        return False
    return any(v is not None and policy.is_small(v) for v in (claim.low, claim.high))


def published_range(
    incident: Incident, data: ReportData, policy: SuppressionPolicy
) -> tuple[int | None, int | None]:
    """The incident's range over the claims whose figures may be published."""
    kinds = {s.key: s.kind for s in data.sources}
    kept = [
        c for c in incident.claims if not claim_withheld(c, kinds.get(c.source_key, ""), policy)
    ]
    lows = [c.low for c in kept if c.low is not None]
    highs = [h for h in ((c.high if c.high is not None else c.low) for c in kept) if h is not None]
    return (min(lows) if lows else None, max(highs) if highs else None)
