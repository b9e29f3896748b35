"""CSV import and export of indicator series, and the shipped example history.

A history is either a directory of CSV files named after the indicator
(``border.csv``, ``calendar.csv``, ``backlog.csv``, ``arrests.csv``,
``repatriations.csv``, ``interventions.csv``; any subset) or one CSV file
with a ``kind`` column naming the indicator of each row.

Columns shared by all kinds: ``id`` (required, unique), ``key`` (revision
group, default ``id``), ``refers_from`` (required), ``refers_to``, ``known``
(required: the day it became public), ``source_publisher`` (required),
``source_date`` (default ``known``), ``source_url``, ``uncertain``
(yes/no), ``note``.  Dates are ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``: a
partial ``refers_from`` means the first day of the period, a partial
``refers_to`` (or a missing one) the last day, and a partial ``known`` the
*last* day of the period, so that nothing is used before it was surely public.

Kind-specific columns: border ``state`` (closed / partly_open / open),
``crossing``; calendar ``name``, ``event_kind``, ``host``, ``major``,
``status`` (scheduled / postponed / cancelled); backlog,
arrests and repatriations ``low``, ``high``, ``qualifier``, ``place``,
``asserted_by``; repatriations also ``incident``, ``contested``;
interventions ``actor``, ``action``, ``summary``.
"""

from __future__ import annotations

import calendar as _calendar
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from refwatch.analysis.warning.indicators import (
    INDICATOR_NAMES,
    ArrestReport,
    BacklogClaim,
    BorderState,
    BorderStatus,
    CalendarEvent,
    CountedObservation,
    EventKind,
    EventStatus,
    Indicators,
    Intervention,
    Observation,
    RepatriationReport,
    SourceRef,
)

KINDS: tuple[str, ...] = tuple(INDICATOR_NAMES.values())
COMMON_COLUMNS: tuple[str, ...] = (
    "id",
    "key",
    "refers_from",
    "refers_to",
    "known",
    "source_publisher",
    "source_date",
    "source_url",
    "uncertain",
    "note",
)
COUNT_COLUMNS: tuple[str, ...] = ("low", "high", "qualifier", "place", "asserted_by")
KIND_COLUMNS: dict[str, tuple[str, ...]] = {
    "border": ("state", "crossing"),
    "calendar": ("name", "event_kind", "host", "major", "status"),
    "backlog": COUNT_COLUMNS,
    "arrests": COUNT_COLUMNS,
    "repatriations": (*COUNT_COLUMNS, "incident", "contested"),
    "interventions": ("actor", "action", "summary"),
}

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


class HistoryFormatError(ValueError):
    """One or more rows of a history file could not be read; ``problems`` lists them all."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:20]) + (" ..." if len(problems) > 20 else ""))
        self.problems = problems


def parse_date(text: str, *, end: bool) -> dt.date:
    """Parse ``YYYY[-MM[-DD]]``; a partial date becomes the first (``end=False``)
    or last (``end=True``) day of its period.  Raises ValueError otherwise."""
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    year = int(m.group(1))
    if m.group(3):
        return dt.date(year, int(m.group(2)), int(m.group(3)))
    if m.group(2):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"month out of range: {text!r}")
        last = _calendar.monthrange(year, month)[1]
        return dt.date(year, month, last if end else 1)
    return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"not yes/no: {text!r}")


def _int(text: str) -> int | None:
    value = text.strip().replace(",", "")
    return int(value) if value else None


def _common(row: Mapping[str, str]) -> dict[str, object]:
    obs_id = row.get("id", "").strip()
    if not obs_id:
        raise ValueError("missing id")
    start_text = row.get("refers_from", "").strip()
    if not start_text:
        raise ValueError("missing refers_from")
    end_text = row.get("refers_to", "").strip() or start_text
    known_text = row.get("known", "").strip()
    if not known_text:
        raise ValueError("missing known (the day the fact became public)")
    publisher = row.get("source_publisher", "").strip()
    if not publisher:
        raise ValueError("missing source_publisher")
    known = parse_date(known_text, end=True)
    source_date = row.get("source_date", "").strip()
    return {
        "id": obs_id,
        "key": row.get("key", "").strip(),
        "refers_from": parse_date(start_text, end=False),
        "refers_to": parse_date(end_text, end=True),
        "known": known,
        "source": SourceRef(
            publisher=publisher,
            published=parse_date(source_date, end=True) if source_date else known,
            url=row.get("source_url", "").strip(),
        ),
        "uncertain": _bool(row.get("uncertain", "")),
        "note": row.get("note", "").strip(),
    }


def _counts(row: Mapping[str, str]) -> dict[str, object]:
    return {
        "low": _int(row.get("low", "")),
        "high": _int(row.get("high", "")),
        "qualifier": row.get("qualifier", "").strip(),
        "place": row.get("place", "").strip(),
        "asserted_by": row.get("asserted_by", "").strip(),
    }


def _border(row: Mapping[str, str]) -> Observation:
    return BorderStatus(
        **_common(row),  # type: ignore[arg-type]
        state=BorderState(row.get("state", "").strip()),
        crossing=row.get("crossing", "").strip() or "CN-KP",
    )


def _calendar_row(row: Mapping[str, str]) -> Observation:
    name = row.get("name", "").strip()
    if not name:
        raise ValueError("missing name")
    return CalendarEvent(
        **_common(row),  # type: ignore[arg-type]
        name=name,
        kind=EventKind(row.get("event_kind", "").strip()),
        host=row.get("host", "").strip(),
        major=_bool(row.get("major", "")),
        status=EventStatus(row.get("status", "").strip() or "scheduled"),
    )


def _backlog(row: Mapping[str, str]) -> Observation:
    return BacklogClaim(**_common(row), **_counts(row))  # type: ignore[arg-type]


def _arrests(row: Mapping[str, str]) -> Observation:
    return ArrestReport(**_common(row), **_counts(row))  # type: ignore[arg-type]


def _repatriations(row: Mapping[str, str]) -> Observation:
    return RepatriationReport(
        **_common(row),  # type: ignore[arg-type]
        **_counts(row),  # type: ignore[arg-type]
        incident=row.get("incident", "").strip(),
        contested=_bool(row.get("contested", "")),
    )


def _interventions(row: Mapping[str, str]) -> Observation:
    actor = row.get("actor", "").strip()
    action = row.get("action", "").strip()
    if not actor or not action:
        raise ValueError("missing actor or action")
    return Intervention(
        **_common(row),  # type: ignore[arg-type]
        actor=actor,
        action=action,
        summary=row.get("summary", "").strip(),
    )


_PARSERS: dict[str, Callable[[Mapping[str, str]], Observation]] = {
    "border": _border,
    "calendar": _calendar_row,
    "backlog": _backlog,
    "arrests": _arrests,
    "repatriations": _repatriations,
    "interventions": _interventions,
}


def read_csv_text(
    text: str, *, kind: str | None = None, origin: str = "<csv>"
) -> list[Observation]:
    """Parse CSV text into observations.

    ``kind`` names the indicator of every row; without it each row needs a
    ``kind`` column.  Every row is either returned or reported: on any problem
    a :class:`HistoryFormatError` lists all bad rows with their line numbers.
    """
    if kind is not None and kind not in _PARSERS:
        raise HistoryFormatError([f"{origin}: unknown indicator kind {kind!r}"])
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    observations: list[Observation] = []
    problems: list[str] = []
    try:
        for row in reader:
            line = reader.line_num
            clean = {(k or "").strip(): (v if isinstance(v, str) else "") for k, v in row.items()}
            if not any(value.strip() for value in clean.values()):
                continue  # a blank line is not a row
            row_kind = kind or clean.get("kind", "").strip()
            parser = _PARSERS.get(row_kind)
            if parser is None:
                problems.append(f"{origin}:{line}: unknown or missing kind {row_kind!r}")
                continue
            try:
                observations.append(parser(clean))
            except (ValueError, TypeError) as exc:
                problems.append(f"{origin}:{line}: {exc}")
    except csv.Error as exc:
        problems.append(f"{origin}:{reader.line_num}: not valid CSV: {exc}")
    if problems:
        raise HistoryFormatError(problems)
    return observations


def observations_from_rows(
    rows: Iterable[Mapping[str, object]], *, kind: str | None = None, origin: str = "<rows>"
) -> list[Observation]:
    """Build observations from mappings with the CSV column names (for the store's glue).

    Values are converted with ``str`` (``None`` becomes empty; dates may be
    ``datetime.date``); errors are collected as in :func:`read_csv_text`.
    """
    observations: list[Observation] = []
    problems: list[str] = []
    for n, row in enumerate(rows, 1):
        clean = {k: "" if v is None else str(v) for k, v in row.items()}
        row_kind = kind or clean.get("kind", "")
        parser = _PARSERS.get(row_kind)
        if parser is None:
            problems.append(f"{origin}[{n}]: unknown or missing kind {row_kind!r}")
            continue
        try:
            observations.append(parser(clean))
        except (ValueError, TypeError) as exc:
            problems.append(f"{origin}[{n}]: {exc}")
    if problems:
        raise HistoryFormatError(problems)
    return observations


def load_history(path: Path | str) -> Indicators:
    """Load a history from a directory of per-indicator CSV files or one combined CSV.

    Raises :class:`HistoryFormatError` (all problems listed) or FileNotFoundError.
    """
    target = Path(path)
    observations: list[Observation] = []
    if target.is_dir():
        found = False
        for kind in KINDS:
            file = target / f"{kind}.csv"
            if file.exists():
                found = True
                observations += read_csv_text(file.read_text("utf-8"), kind=kind, origin=str(file))
        if not found:
            raise FileNotFoundError(f"no indicator CSV files ({', '.join(KINDS)}) in {target}")
    else:
        text = target.read_text("utf-8")
        file_kind = target.stem if target.stem in _PARSERS else None
        observations = read_csv_text(text, kind=file_kind, origin=str(target))
    try:
        return Indicators.from_observations(observations)
    except ValueError as exc:
        raise HistoryFormatError([f"{target}: {exc}"]) from exc


def example_history() -> Indicators:
    """The shipped 2019–2025 history of the China–DPRK case (see data/history/README.md)."""
    root = resources.files("refwatch.analysis.warning") / "data" / "history"
    observations: list[Observation] = []
    for kind in KINDS:
        file = root / f"{kind}.csv"
        if file.is_file():
            observations += read_csv_text(
                file.read_text("utf-8"), kind=kind, origin=f"example/{kind}.csv"
            )
    return Indicators.from_observations(observations)


def _row(obs: Observation) -> dict[str, str]:
    row = {
        "kind": obs.indicator,
        "id": obs.id,
        "key": "" if obs.key == obs.id else obs.key,
        "refers_from": obs.refers_from.isoformat(),
        "refers_to": obs.refers_to.isoformat(),
        "known": obs.known.isoformat(),
        "source_publisher": obs.source.publisher,
        "source_date": obs.source.published.isoformat(),
        "source_url": obs.source.url,
        "uncertain": "yes" if obs.uncertain else "no",
        "note": obs.note,
    }
    if isinstance(obs, BorderStatus):
        row |= {"state": obs.state.value, "crossing": obs.crossing}
    elif isinstance(obs, CalendarEvent):
        row |= {
            "name": obs.name,
            "event_kind": obs.kind.value,
            "host": obs.host,
            "major": "yes" if obs.major else "no",
            "status": obs.status.value,
        }
    elif isinstance(obs, Intervention):
        row |= {"actor": obs.actor, "action": obs.action, "summary": obs.summary}
    if isinstance(obs, CountedObservation):
        row |= {
            "low": "" if obs.low is None else str(obs.low),
            "high": "" if obs.high is None else str(obs.high),
            "qualifier": obs.qualifier,
            "place": obs.place,
            "asserted_by": obs.asserted_by,
        }
    if isinstance(obs, RepatriationReport):
        row |= {
            "incident": "" if obs.incident == obs.key else obs.incident,
            "contested": "yes" if obs.contested else "no",
        }
    return row


def write_csv_text(observations: Iterable[Observation]) -> str:
    """Write observations of any kinds as one combined CSV (with a ``kind`` column)
    that :func:`read_csv_text` reads back to equal observations."""
    columns = ["kind", *COMMON_COLUMNS]
    for extra in KIND_COLUMNS.values():
        columns += [c for c in extra if c not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for obs in observations:
        writer.writerow(_row(obs))
    return out.getvalue()


@dataclass(frozen=True)
class HistorySummary:
    """Counts per indicator, for CLI and docs."""

    counts: dict[str, int]
    first_known: dt.date | None
    last_known: dt.date | None


def summarise(indicators: Indicators) -> HistorySummary:
    """Count observations per indicator and the span of publication dates."""
    counts = {kind: len(getattr(indicators, kind)) for kind in KINDS}
    dates = indicators.knowledge_dates()
    return HistorySummary(counts, dates[0] if dates else None, dates[-1] if dates else None)
