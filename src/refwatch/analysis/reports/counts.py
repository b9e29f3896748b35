"""Documented counts built from per-person rows, for glue that has rows rather than counts.

Each :class:`QuasiIdentifierRow` is one documented person in one event (the
glue sends distinct people after linkage). These functions count them; the
counts still go through disclosure control when a report or dataset is made.

>>> from datetime import date
>>> from refwatch.analysis.reports.model import QuasiIdentifierRow as Q
>>> rows = [Q(event_type="arrest", event_date=date(2022, 5, 1)),
...         Q(event_type="arrest", event_date=date(2023, 1, 9)),
...         Q(event_type="detention", event_date=date(2023, 2, 1))]
>>> [(c.event_type, c.count) for c in documented_counts(rows)]
[('arrest', 2), ('detention', 1)]
>>> event_year_table(rows).cells
((1, 1), (0, 1))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from refwatch.analysis.reports.model import (
    Bilingual,
    CountTable,
    EventCount,
    QuasiIdentifierRow,
)
from refwatch.reference.vocabulary import EVENT_TYPES

_ORDER = [t.code for t in EVENT_TYPES]
_LABELS = {t.code: Bilingual(t.label_en, t.label_ko) for t in EVENT_TYPES}


def documented_counts(rows: Iterable[QuasiIdentifierRow]) -> tuple[EventCount, ...]:
    """People per event type, in vocabulary order; rows without an event type are skipped."""
    counts = Counter(r.event_type for r in rows if r.event_type in _LABELS)
    return tuple(EventCount(code, counts[code]) for code in _ORDER if counts[code])


def event_year_table(
    rows: Iterable[QuasiIdentifierRow], *, key: str = "documented_by_event_and_year"
) -> CountTable:
    """People by event type (rows) and year of the event (columns), zeros included.

    Rows without an event type or an event date are left out of the table.
    Raises ``ValueError`` when no row has both.
    """
    pairs = Counter(
        (r.event_type, r.event_date.year)
        for r in rows
        if r.event_type in _LABELS and r.event_date is not None
    )
    if not pairs:
        raise ValueError("no row has both an event type and an event date")
    kinds = [code for code in _ORDER if any(k == code for k, _ in pairs)]
    years = sorted({y for _, y in pairs})
    return CountTable(
        key=key,
        title=Bilingual("Documented people by event type and year", "사건 유형·연도별 기록된 인원"),
        row_labels=tuple(_LABELS[k] for k in kinds),
        col_labels=tuple(Bilingual(str(y)) for y in years),
        cells=tuple(tuple(pairs[(k, y)] for y in years) for k in kinds),
    )
