"""Capture histories: who was seen on which list, as a table of pattern counts.

A capture history is a 0/1 vector over the lists (1 = the person appears on that
list). Estimation only needs how many people share each observed pattern, so a
:class:`CaptureHistories` holds the distinct patterns with their counts, and
optionally a stratum for each row (region, sex, period...). The all-zero pattern
(people on no list) is what estimation predicts: it never appears in the data.

Two contracts of DESIGN.md feed it:

* the capture histories CSV: one 0/1 column per list, a ``count`` column and an
  optional ``stratum`` column (:meth:`CaptureHistories.from_csv`);
* the clusters CSV written by ``refwatch link``: ``list,record_id,entity_id`` and
  optionally ``match_probability`` (:meth:`CaptureHistories.from_clusters_csv`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "CaptureHistories",
    "ClusterRow",
    "HistoriesError",
    "read_clusters_csv",
]

COUNT_HEADERS = ("count", "freq", "frequency")
STRATUM_HEADER = "stratum"
CLUSTER_HEADERS = ("list", "record_id", "entity_id")


class HistoriesError(ValueError):
    """Capture histories that estimation cannot use, with the reason in plain words."""


@dataclass(frozen=True, eq=False)
class CaptureHistories:
    """Counts of observed capture patterns over ``k_lists`` lists.

    Attributes:
        lists: list names, in column order (at least two, unique, non-empty).
        patterns: int array of shape ``(n_patterns, k_lists)`` with 0/1 cells; the
            all-zero row is refused.
        counts: int array of shape ``(n_patterns,)``, non-negative.
        strata: ``None``, or one stratum label per pattern row.

    Rows are unique per (pattern, stratum): the constructors sum duplicates.
    Arrays are copied and made read-only, so an instance can be shared freely.

    Example:
        >>> h = CaptureHistories.from_rows(["A", "B"], [((1, 0), 30), ((0, 1), 20), ((1, 1), 10)])
        >>> h.n_observed, h.k_lists
        (60, 2)
    """

    lists: tuple[str, ...]
    patterns: NDArray[np.int64]
    counts: NDArray[np.int64]
    strata: tuple[str, ...] | None = None
    _index: dict[tuple[tuple[int, ...], str | None], int] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        lists = tuple(str(name) for name in self.lists)
        if len(lists) < 2:
            raise HistoriesError(
                f"capture-recapture needs at least 2 lists, got {len(lists)}: {list(lists)}"
            )
        if any(not name.strip() for name in lists):
            raise HistoriesError("list names must not be empty")
        if len(set(lists)) != len(lists):
            dupes = sorted({name for name in lists if lists.count(name) > 1})
            raise HistoriesError(f"list names must be unique; repeated: {dupes}")
        raw_patterns = np.asarray(self.patterns)
        if raw_patterns.ndim != 2 or raw_patterns.shape[1] != len(lists):
            raise HistoriesError(
                f"patterns must have shape (n_patterns, {len(lists)}), got {raw_patterns.shape}"
            )
        if raw_patterns.size and not np.isin(raw_patterns, (0, 1)).all():
            bad = np.argwhere(~np.isin(raw_patterns, (0, 1)))[0]
            raise HistoriesError(
                f"pattern cells must be 0 or 1; row {int(bad[0]) + 1}, list "
                f"{lists[int(bad[1])]!r} has {raw_patterns[bad[0], bad[1]]!r}"
            )
        patterns = raw_patterns.astype(np.int64).reshape(-1, len(lists))
        raw_counts = np.asarray(self.counts)
        if raw_counts.ndim != 1 or raw_counts.shape[0] != patterns.shape[0]:
            raise HistoriesError(
                f"counts must have one value per pattern ({patterns.shape[0]}), "
                f"got shape {raw_counts.shape}"
            )
        if raw_counts.size and not np.all(np.isfinite(raw_counts.astype(float))):
            raise HistoriesError("counts must be finite numbers")
        if raw_counts.size and not np.all(np.equal(np.mod(raw_counts.astype(float), 1.0), 0.0)):
            raise HistoriesError("counts must be whole numbers (people, not weights)")
        counts = raw_counts.astype(np.int64)
        if (counts < 0).any():
            row = int(np.argmax(counts < 0))
            raise HistoriesError(f"counts must not be negative; row {row + 1} has {counts[row]}")
        if patterns.shape[0] and (patterns.sum(axis=1) == 0).any():
            row = int(np.argmax(patterns.sum(axis=1) == 0))
            raise HistoriesError(
                f"row {row + 1} has the all-zero pattern (on no list): those people are what "
                "estimation predicts and cannot be observed; remove the row"
            )
        strata: tuple[str, ...] | None = None
        if self.strata is not None:
            strata = tuple(str(s) for s in self.strata)
            if len(strata) != patterns.shape[0]:
                raise HistoriesError(
                    f"strata must have one label per pattern ({patterns.shape[0]}), "
                    f"got {len(strata)}"
                )
        index: dict[tuple[tuple[int, ...], str | None], int] = {}
        for row_no, cells in enumerate(patterns.tolist()):
            key = (tuple(int(v) for v in cells), None if strata is None else strata[row_no])
            if key in index:
                raise HistoriesError(
                    f"pattern {key[0]}"
                    + ("" if key[1] is None else f" in stratum {key[1]!r}")
                    + " appears twice; use CaptureHistories.from_rows to sum duplicates"
                )
            index[key] = row_no
        patterns.setflags(write=False)
        counts.setflags(write=False)
        object.__setattr__(self, "lists", lists)
        object.__setattr__(self, "patterns", patterns)
        object.__setattr__(self, "counts", counts)
        object.__setattr__(self, "strata", strata)
        object.__setattr__(self, "_index", index)

    # ------------------------------------------------------------------ views
    @property
    def k_lists(self) -> int:
        """Number of lists."""
        return len(self.lists)

    @property
    def n_patterns(self) -> int:
        """Number of pattern rows (per stratum when stratified)."""
        return int(self.patterns.shape[0])

    @property
    def n_observed(self) -> int:
        """Number of distinct people observed on at least one list."""
        return int(self.counts.sum())

    @property
    def is_stratified(self) -> bool:
        """Whether rows carry stratum labels."""
        return self.strata is not None

    def stratum_names(self) -> tuple[str, ...]:
        """Stratum labels in order of first appearance (empty when unstratified)."""
        if self.strata is None:
            return ()
        return tuple(dict.fromkeys(self.strata))

    def count_of(self, pattern: Sequence[int], stratum: str | None = None) -> int:
        """Observed count of one pattern (0 when absent); sums strata when ``stratum`` is None."""
        key = tuple(int(v) for v in pattern)
        if self.strata is None or stratum is not None:
            row = self._index.get((key, stratum))
            return 0 if row is None else int(self.counts[row])
        return sum(int(self.counts[row]) for (p, _), row in self._index.items() if p == key)

    def collapsed(self) -> CaptureHistories:
        """The same people with strata summed away (self when unstratified)."""
        if self.strata is None:
            return self
        return CaptureHistories.from_rows(
            self.lists,
            zip((tuple(p) for p in self.patterns.tolist()), self.counts.tolist(), strict=True),
        )

    def by_stratum(self) -> dict[str, CaptureHistories]:
        """One unstratified :class:`CaptureHistories` per stratum label."""
        if self.strata is None:
            return {}
        out: dict[str, CaptureHistories] = {}
        for name in self.stratum_names():
            rows = [i for i, s in enumerate(self.strata) if s == name]
            out[name] = CaptureHistories(
                self.lists, self.patterns[rows], self.counts[rows], strata=None
            )
        return out

    def full_table(self) -> NDArray[np.int64]:
        """Counts of all ``2**k_lists`` patterns, strata summed, cell 0 (unobserved) = 0.

        Cell index is ``sum(pattern[j] << j)``: the first list is the fastest-varying
        bit, the order of an R array ``array(.., dim = rep(2, k))``.
        """
        table = np.zeros(2**self.k_lists, dtype=np.int64)
        weights = 1 << np.arange(self.k_lists, dtype=np.int64)
        np.add.at(table, self.patterns @ weights, self.counts)
        return table

    def list_totals(self) -> dict[str, int]:
        """How many observed people each list holds."""
        totals = self.counts @ self.patterns
        return {name: int(total) for name, total in zip(self.lists, totals, strict=True)}

    def fingerprint(self) -> str:
        """SHA-256 of a canonical text form: the same data always gives the same digest."""
        lines = [",".join(self.lists)]
        keys = sorted(self._index)
        for pattern, stratum in keys:
            row = self._index[(pattern, stratum)]
            cells = "".join(str(v) for v in pattern)
            lines.append(f"{cells},{int(self.counts[row])},{'' if stratum is None else stratum}")
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

    def to_rows(self) -> list[dict[str, Any]]:
        """Rows of the histories CSV contract (list columns, ``count``, ``stratum`` if any)."""
        rows: list[dict[str, Any]] = []
        for i, pattern in enumerate(self.patterns.tolist()):
            row: dict[str, Any] = dict(zip(self.lists, pattern, strict=True))
            row["count"] = int(self.counts[i])
            if self.strata is not None:
                row[STRATUM_HEADER] = self.strata[i]
            rows.append(row)
        return rows

    def to_csv(self) -> str:
        """The histories CSV contract as text."""
        buffer = io.StringIO()
        fields = [*self.lists, "count"] + ([STRATUM_HEADER] if self.strata is not None else [])
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.to_rows())
        return buffer.getvalue()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CaptureHistories):
            return NotImplemented
        return self.lists == other.lists and self.fingerprint() == other.fingerprint()

    def __hash__(self) -> int:
        return hash(self.fingerprint())

    def __repr__(self) -> str:
        strata = "" if self.strata is None else f", strata={len(self.stratum_names())}"
        return (
            f"CaptureHistories(lists={list(self.lists)}, patterns={self.n_patterns}, "
            f"n_observed={self.n_observed}{strata})"
        )

    # ---------------------------------------------------------- constructors
    @classmethod
    def from_rows(
        cls,
        lists: Sequence[str],
        rows: Iterable[tuple[Sequence[int], int]] | Iterable[tuple[Sequence[int], int, str]],
    ) -> CaptureHistories:
        """Build from ``(pattern, count)`` or ``(pattern, count, stratum)`` tuples.

        Duplicate (pattern, stratum) rows are summed; rows with count 0 are kept out.
        Either every row has a stratum or none has.
        """
        sums: dict[tuple[tuple[int, ...], str | None], int] = {}
        has_stratum: bool | None = None
        for row in rows:
            if len(row) not in (2, 3):
                raise HistoriesError(f"a row is (pattern, count[, stratum]), got {row!r}")
            pattern = tuple(_cell(v) for v in row[0])
            count = _whole(row[1])
            stratum = str(row[2]) if len(row) == 3 else None
            if has_stratum is None:
                has_stratum = stratum is not None
            elif has_stratum != (stratum is not None):
                raise HistoriesError("either every row has a stratum or none has")
            if count < 0:
                raise HistoriesError(f"counts must not be negative; pattern {pattern} has {count}")
            key = (pattern, stratum)
            sums[key] = sums.get(key, 0) + count
        keys = [key for key, count in sums.items() if count > 0]
        k = len(lists)
        patterns = np.array([key[0] for key in keys], dtype=np.int64).reshape(-1, k)
        counts = np.array([sums[key] for key in keys], dtype=np.int64)
        strata = tuple(str(key[1]) for key in keys) if has_stratum else None
        return cls(tuple(lists), patterns, counts, strata)

    @classmethod
    def from_csv(
        cls,
        source: str | Path | io.TextIOBase,
        *,
        lists: Sequence[str] | None = None,
        strata: Sequence[str] | None = None,
    ) -> CaptureHistories:
        """Read the capture histories CSV contract.

        Assumes a header row; ``count`` (or ``freq``) holds the number of people with the
        pattern; a ``stratum`` column, when present, labels strata. Other columns are lists
        unless ``lists`` names them, in which case unnamed columns are refused; ``strata``
        names covariate columns whose joined values (``"a|b"``) become the stratum label.

        Raises:
            HistoriesError: with the row and column at fault.
        """
        reader = _csv_rows(_read_text(source))
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise HistoriesError("the histories CSV is empty") from None
        lowered = [h.lower() for h in header]
        count_col = next((lowered.index(h) for h in COUNT_HEADERS if h in lowered), None)
        if count_col is None:
            raise HistoriesError(f"the histories CSV needs a 'count' column; header: {header}")
        strata_cols: list[int] = []
        if strata:
            for name in strata:
                if name not in header:
                    raise HistoriesError(f"stratum column {name!r} is not in the header {header}")
                strata_cols.append(header.index(name))
        elif STRATUM_HEADER in lowered:
            strata_cols.append(lowered.index(STRATUM_HEADER))
        if lists is not None:
            missing = [name for name in lists if name not in header]
            if missing:
                raise HistoriesError(f"list columns {missing} are not in the header {header}")
            list_cols = [header.index(name) for name in lists]
            others = set(range(len(header))) - set(list_cols) - set(strata_cols) - {count_col}
            if others:
                names = [header[i] for i in sorted(others)]
                raise HistoriesError(f"columns {names} are neither lists, count nor strata")
        else:
            list_cols = [i for i in range(len(header)) if i != count_col and i not in strata_cols]
        if len(set(header)) != len(header):
            raise HistoriesError(f"column names must be unique; header: {header}")
        list_names = [header[i] for i in list_cols]
        parsed: list[tuple[tuple[int, ...], int, str]] = []
        for line_no, cells in enumerate(reader, start=2):
            if not cells or all(not c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise HistoriesError(
                    f"line {line_no}: {len(cells)} cells for {len(header)} columns"
                )
            pattern: list[int] = []
            for i in list_cols:
                try:
                    pattern.append(_cell(cells[i]))
                except HistoriesError:
                    raise HistoriesError(
                        f"line {line_no}, column {header[i]!r}: {cells[i]!r} is not 0 or 1 "
                        "(if it is a covariate, name it as a stratum column)"
                    ) from None
            try:
                count = _whole(cells[count_col])
            except HistoriesError as exc:
                raise HistoriesError(f"line {line_no}, column 'count': {exc}") from None
            if count < 0:
                raise HistoriesError(f"line {line_no}: counts must not be negative, got {count}")
            if not any(pattern):
                if count == 0:
                    continue
                raise HistoriesError(
                    f"line {line_no} has the all-zero pattern with count {count}: people on "
                    "no list cannot be observed; remove the row"
                )
            stratum = "|".join(cells[i].strip() for i in strata_cols)
            parsed.append((tuple(pattern), count, stratum))
        if not parsed:
            raise HistoriesError("the histories CSV has no observed people")
        if strata_cols:
            return cls.from_rows(list_names, parsed)
        return cls.from_rows(list_names, [(p, c) for p, c, _ in parsed])

    @classmethod
    def from_clusters(
        cls,
        rows: Iterable[ClusterRow],
        *,
        lists: Sequence[str] | None = None,
        threshold: float | None = None,
        strata: Mapping[str, str] | None = None,
    ) -> CaptureHistories:
        """Turn linked records into capture histories: one person per entity.

        Each entity's pattern has a 1 for every list holding one of its records (two records
        of one entity on the same list count once). With ``threshold``, a record whose
        ``match_probability`` is below it is detached from its entity and counted as a
        person of its own; records without a probability stay linked. ``strata`` maps
        entity ids to stratum labels (every entity must have one). ``lists`` fixes the
        column order and may name lists with no records; by default lists are sorted.
        """
        members: dict[str, set[str]] = {}
        seen_lists: set[str] = set()
        for row in rows:
            seen_lists.add(row.list)
            entity = row.entity_id
            if (
                threshold is not None
                and row.match_probability is not None
                and row.match_probability < threshold
            ):
                entity = f"\x00unlinked\x00{row.list}\x00{row.record_id}"
            members.setdefault(entity, set()).add(row.list)
        names = tuple(lists) if lists is not None else tuple(sorted(seen_lists))
        unknown = seen_lists - set(names)
        if unknown:
            raise HistoriesError(f"records on lists {sorted(unknown)} not named in {list(names)}")
        position = {name: j for j, name in enumerate(names)}
        out: list[tuple[tuple[int, ...], int, str]] = []
        for entity, on_lists in members.items():
            pattern = [0] * len(names)
            for name in on_lists:
                pattern[position[name]] = 1
            if strata is None:
                out.append((tuple(pattern), 1, ""))
                continue
            key = entity
            if entity.startswith("\x00unlinked\x00"):
                raise HistoriesError("strata by entity cannot be combined with a threshold")
            if key not in strata:
                raise HistoriesError(f"entity {entity!r} has no stratum")
            out.append((tuple(pattern), 1, strata[key]))
        if not out:
            raise HistoriesError("the clusters hold no records")
        if strata is None:
            return cls.from_rows(names, [(p, c) for p, c, _ in out])
        return cls.from_rows(names, out)

    @classmethod
    def from_clusters_csv(
        cls,
        source: str | Path | io.TextIOBase,
        *,
        lists: Sequence[str] | None = None,
        threshold: float | None = None,
    ) -> CaptureHistories:
        """Read the clusters CSV contract (``list,record_id,entity_id[,match_probability]``)."""
        return cls.from_clusters(read_clusters_csv(source), lists=lists, threshold=threshold)


@dataclass(frozen=True)
class ClusterRow:
    """One linked record: which list it came from and which entity it was assigned to."""

    list: str
    record_id: str
    entity_id: str
    match_probability: float | None = None


def read_clusters_csv(source: str | Path | io.TextIOBase) -> list[ClusterRow]:
    """Parse the clusters CSV contract; refuses missing columns, repeated records, bad probabilities."""
    reader = _csv_rows(_read_text(source))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise HistoriesError("the clusters CSV is empty") from None
    missing = [h for h in CLUSTER_HEADERS if h not in header]
    if missing:
        raise HistoriesError(f"the clusters CSV needs columns {missing}; header: {header}")
    i_list, i_rec, i_ent = (header.index(h) for h in CLUSTER_HEADERS)
    i_prob = header.index("match_probability") if "match_probability" in header else None
    rows: list[ClusterRow] = []
    seen: set[tuple[str, str]] = set()
    for line_no, cells in enumerate(reader, start=2):
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise HistoriesError(f"line {line_no}: {len(cells)} cells for {len(header)} columns")
        list_name, record_id, entity = (cells[i].strip() for i in (i_list, i_rec, i_ent))
        if not list_name or not record_id or not entity:
            raise HistoriesError(f"line {line_no}: list, record_id and entity_id are required")
        if (list_name, record_id) in seen:
            raise HistoriesError(
                f"line {line_no}: record {record_id!r} of list {list_name!r} repeats"
            )
        seen.add((list_name, record_id))
        probability: float | None = None
        if i_prob is not None and cells[i_prob].strip():
            try:
                probability = float(cells[i_prob])
            except ValueError:
                raise HistoriesError(
                    f"line {line_no}: match_probability {cells[i_prob]!r} is not a number"
                ) from None
            if not 0.0 <= probability <= 1.0:
                raise HistoriesError(
                    f"line {line_no}: match_probability {probability} is outside [0, 1]"
                )
        rows.append(ClusterRow(list_name, record_id, entity, probability))
    return rows


def _csv_rows(text: str) -> Iterator[list[str]]:
    """CSV rows of ``text``; malformed CSV becomes a :class:`HistoriesError`."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        yield from reader
    except csv.Error as exc:
        raise HistoriesError(f"line {reader.line_num}: malformed CSV ({exc})") from None


def _read_text(source: str | Path | io.TextIOBase) -> str:
    if isinstance(source, io.TextIOBase):
        text = source.read()
    else:
        text = Path(source).read_text(encoding="utf-8-sig")
    return text.lstrip("\ufeff")


def _cell(value: object) -> int:
    text = str(value).strip().strip('"')
    if text in ("0", "1"):
        return int(text)
    try:
        number = float(text)
    except ValueError:
        raise HistoriesError(f"{value!r} is not 0 or 1") from None
    if number in (0.0, 1.0):
        return int(number)
    raise HistoriesError(f"{value!r} is not 0 or 1")


def _whole(value: object) -> int:
    if isinstance(value, bool):
        raise HistoriesError(f"{value!r} is not a whole number")
    if isinstance(value, int | np.integer):
        return int(value)
    text = str(value).strip().strip('"')
    try:
        number = float(text)
    except ValueError:
        raise HistoriesError(f"{value!r} is not a whole number") from None
    if not math.isfinite(number) or number != math.floor(number):
        raise HistoriesError(f"{value!r} is not a whole number")
    return int(number)
