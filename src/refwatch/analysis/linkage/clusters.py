"""From scored record pairs to entities, and from entities to capture histories.

Clustering is done here, in Python, over the pairs the engine scored above the
threshold, so DuckDB and Spark runs cluster identically and reviewers'
decisions can be honoured:

* accepted pairs join first, whatever their score;
* then pairs join best score first (ties broken by record order) unless the
  join would put a rejected pair into one entity; rejected pairs never join.

Without decisions this is exactly connected components at the threshold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "CaptureHistoryTable",
    "EntityAssignment",
    "capture_histories",
    "cluster_pairs",
]


@dataclass(frozen=True)
class EntityAssignment:
    """The entity of every record, by record index, with each record's best link.

    ``entity[i]`` is the entity number of record ``i`` (0..n_entities-1,
    numbered by each entity's first record); ``probability[i]`` is the highest
    match probability between record ``i`` and another record of its entity
    (None for a record alone in its entity).
    """

    entity: tuple[int, ...]
    probability: tuple[float | None, ...]
    n_entities: int


class _Forest:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n
        self.cannot: dict[int, set[int]] = {}

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def forbidden(self, ra: int, rb: int) -> bool:
        small, other = (ra, rb) if len(self.cannot.get(ra, ())) <= len(self.cannot.get(rb, ())) else (rb, ra)
        return any(self.find(y) == other for y in self.cannot.get(small, ()))

    def union(self, ra: int, rb: int) -> None:
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        if rb in self.cannot:
            self.cannot.setdefault(ra, set()).update(self.cannot.pop(rb))


def _directly_linked(
    left: dict[str, list[int]], right: dict[str, list[int]], direct: set[tuple[int, int]]
) -> bool:
    """Whether every pair of same-list records across two clusters has its own link."""
    for group, xs in left.items():
        for y in right.get(group, ()):
            for x in xs:
                if (min(x, y), max(x, y)) not in direct:
                    return False
    return True


def cluster_pairs(
    n_records: int,
    pairs: Iterable[tuple[int, int, float]],
    *,
    threshold: float,
    accepted: Iterable[tuple[int, int]] = (),
    rejected: Iterable[tuple[int, int]] = (),
    groups: Sequence[str] | None = None,
) -> EntityAssignment:
    """Group records 0..n_records-1 into entities from scored pairs.

    ``pairs`` are (i, j, match_probability); pairs below ``threshold`` are
    ignored. ``accepted``/``rejected`` are reviewers' decisions on (i, j).
    Deterministic: the result depends only on the inputs, not their order.

    >>> cluster_pairs(3, [(0, 1, 0.99), (1, 2, 0.2)], threshold=0.5).entity
    (0, 0, 1)
    """
    forest = _Forest(n_records)
    rejected_set = {(min(a, b), max(a, b)) for a, b in rejected if a != b}
    for a, b in rejected_set:
        forest.cannot.setdefault(a, set()).add(b)
        forest.cannot.setdefault(b, set()).add(a)
    best_score: dict[tuple[int, int], float] = {}
    for a, b, p in pairs:
        # engines differ in the last bits of a probability; that must not reorder joins
        p = round(p, 9)
        if a != b and p >= threshold:
            key = (min(a, b), max(a, b))
            best_score[key] = max(p, best_score.get(key, p))
    scored = sorted(best_score.items(), key=lambda item: (-item[1], item[0]))
    forced = sorted({(min(a, b), max(a, b)) for a, b in accepted if a != b} - rejected_set)
    direct = set(best_score) | set(forced)
    members: dict[int, dict[str, list[int]]] = (
        {i: {groups[i]: [i]} for i in range(n_records)} if groups is not None else {}
    )
    forced_set = set(forced)
    for a, b in [*forced, *(pair for pair, _ in scored)]:
        if (a, b) in rejected_set:
            continue
        ra, rb = forest.find(a), forest.find(b)
        if ra == rb or forest.forbidden(ra, rb):
            continue
        if groups is not None and (a, b) not in forced_set:
            if not _directly_linked(members[ra], members[rb], direct):
                continue
        forest.union(ra, rb)
        if groups is not None:
            root = forest.find(ra)
            other = rb if root == ra else ra
            for group, items in members.pop(other).items():
                members[root].setdefault(group, []).extend(items)

    number: dict[int, int] = {}
    entity: list[int] = []
    for i in range(n_records):
        entity.append(number.setdefault(forest.find(i), len(number)))
    best: list[float | None] = [None] * n_records
    for (a, b), p in scored:
        if entity[a] == entity[b]:
            for x in (a, b):
                current = best[x]
                if current is None or p > current:
                    best[x] = p
    for a, b in forced:
        if entity[a] == entity[b]:
            best[a] = best[b] = 1.0
    return EntityAssignment(tuple(entity), tuple(best), len(number))


@dataclass(frozen=True)
class CaptureHistoryTable:
    """Counts of entities per capture pattern (the capture-histories contract).

    ``rows`` are (pattern, stratum, count) with one 0/1 per list of ``lists``;
    the all-zero pattern never occurs; ``stratum`` is None when unstratified.
    Rows are sorted by stratum, then pattern (most lists first).
    """

    lists: tuple[str, ...]
    rows: tuple[tuple[tuple[int, ...], str | None, int], ...]
    stratified: bool

    def header(self) -> list[str]:
        """CSV header: one column per list, ``count``, and ``stratum`` if stratified."""
        return [*self.lists, "count", *(["stratum"] if self.stratified else [])]

    def csv_rows(self) -> list[list[str]]:
        """CSV body rows matching :meth:`header`."""
        out: list[list[str]] = []
        for pattern, stratum, count in self.rows:
            row = [str(v) for v in pattern] + [str(count)]
            if self.stratified:
                row.append(stratum or "")
            out.append(row)
        return out


def capture_histories(
    lists: Sequence[str],
    record_lists: Sequence[str],
    entity: Sequence[int],
    *,
    strata: Sequence[str | None] | None = None,
    unknown_stratum: str = "unknown",
) -> CaptureHistoryTable:
    """Count entities by the lists they appear on (and by stratum).

    ``record_lists[i]`` and ``entity[i]`` are the list and entity of record
    ``i``; ``strata[i]`` its stratum value, if stratifying. An entity's
    stratum is its records' most common non-empty value (ties: the smallest),
    ``unknown_stratum`` when none has one.
    """
    index = {name: k for k, name in enumerate(lists)}
    members: dict[int, list[int]] = {}
    for i, e in enumerate(entity):
        members.setdefault(e, []).append(i)
    counts: Counter[tuple[tuple[int, ...], str | None]] = Counter()
    for records in members.values():
        pattern = [0] * len(lists)
        for i in records:
            pattern[index[record_lists[i]]] = 1
        stratum: str | None = None
        if strata is not None:
            values = Counter(v for v in (strata[i] for i in records) if v)
            if values:
                top = max(values.values())
                stratum = min(v for v, c in values.items() if c == top)
            else:
                stratum = unknown_stratum
        counts[(tuple(pattern), stratum)] += 1
    rows = sorted(
        ((p, s, c) for (p, s), c in counts.items()),
        key=lambda r: (r[1] or "", [-v for v in r[0]]),
    )
    return CaptureHistoryTable(tuple(lists), tuple(rows), strata is not None)

