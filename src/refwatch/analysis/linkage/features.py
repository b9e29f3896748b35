"""Comparison features of list records: one flat row per record for the SQL engine.

Everything Korean-specific happens here, in Python, before any SQL runs: names
become sets of candidate Hangul readings and a canonical key, birth dates become
year/month/day plus their solar candidates, places become gazetteer ids. The
engine (DuckDB or Spark) then only compares plain columns and arrays, so the
same model gives the same scores on both.

A record is anything with the attributes of
:class:`refwatch.analysis.lists.ListRecordData` (see :class:`LinkableRecord`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import pyarrow as pa

from refwatch.analysis.linkage import dates, names, places
from refwatch.analysis.lists import PartialDate

__all__ = [
    "FEATURE_SCHEMA",
    "LinkableRecord",
    "RecordFeatures",
    "RecordKey",
    "birth_bands",
    "extra_column",
    "extra_value",
    "features_table",
    "record_features",
]

RecordKey = tuple[str, str]
"""(list name, record_id): a record's identity across a run."""


class LinkableRecord(Protocol):
    """What the linker reads from a record (ListRecordData has all of it)."""

    @property
    def record_id(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def surname(self) -> str | None: ...
    @property
    def given_name(self) -> str | None: ...
    @property
    def name_alt(self) -> str | None: ...
    @property
    def sex(self) -> str | None: ...
    @property
    def birth_date(self) -> PartialDate | None: ...
    @property
    def home(self) -> str | None: ...
    @property
    def event_date(self) -> PartialDate | None: ...
    @property
    def event_place(self) -> str | None: ...


@dataclass(frozen=True)
class RecordFeatures:
    """The comparison features of one record (see module docstring).

    Name keys are canonical Hangul (South orthography) of the best reading;
    ``*_set`` hold every plausible reading, ``full_block`` the few best for
    blocking; sound keys are romanisation-blind (see ``names.sound_key``).
    ``birth_solar`` holds ISO dates the birth date may be in the solar
    calendar (itself, and its lunar-to-solar conversion when it may be lunar),
    ``birth_years`` every year it may fall in; ``birth_low``/``birth_high``
    bound the birth year (from an age or an approximate date); ``birth_wide``
    those years and their neighbours, ``birth_band`` the five-year bands of
    those years and their neighbours (year-bounded blocking keys that
    tolerate a wrong year, and ages). Places are
    gazetteer ids, most specific first.
    """

    surname: str | None
    given: str | None
    surname_set: tuple[str, ...]
    given_set: tuple[str, ...]
    full_set: tuple[str, ...]
    full_block: tuple[str, ...]
    given_sound: str | None
    full_sound: str | None
    surname_sound: str | None
    birth_year: int | None
    birth_month: int | None
    birth_day: int | None
    birth_solar: tuple[str, ...]
    birth_years: tuple[str, ...]
    birth_low: int | None
    birth_high: int | None
    birth_wide: tuple[str, ...]
    birth_band: tuple[str, ...]
    sex: str | None
    home_set: tuple[str, ...]
    home_best: str | None
    home_region: str | None
    event_place: str | None
    event_month: str | None


FEATURE_SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("list_name", pa.string()),
        ("record_id", pa.string()),
        ("surname", pa.string()),
        ("given", pa.string()),
        ("surname_set", pa.list_(pa.string())),
        ("given_set", pa.list_(pa.string())),
        ("full_set", pa.list_(pa.string())),
        ("full_block", pa.list_(pa.string())),
        ("given_sound", pa.string()),
        ("full_sound", pa.string()),
        ("surname_sound", pa.string()),
        ("birth_year", pa.int32()),
        ("birth_month", pa.int32()),
        ("birth_day", pa.int32()),
        ("birth_solar", pa.list_(pa.string())),
        ("birth_years", pa.list_(pa.string())),
        ("birth_low", pa.int32()),
        ("birth_high", pa.int32()),
        ("birth_wide", pa.list_(pa.string())),
        ("birth_band", pa.list_(pa.string())),
        ("sex", pa.string()),
        ("home_set", pa.list_(pa.string())),
        ("home_best", pa.string()),
        ("home_region", pa.string()),
        ("event_place", pa.string()),
        ("event_month", pa.string()),
    ]
)


BLOCKING_READINGS = 3
"""How many of a name's best readings take part in blocking (all take part in scoring)."""


def record_features(record: LinkableRecord) -> RecordFeatures:
    """Compute the comparison features of one record.

    Assumes the record's fields were read by ``refwatch.analysis.lists``
    (sex as 'F'/'M', dates as PartialDate). Never raises on odd values: what
    cannot be read becomes None or an empty set.
    """
    return _assemble(record, _name_features(_name_key(record)))


NameKey = tuple[str | None, str | None, str | None, str | None]
"""A record's raw name fields: (name, surname, given_name, name_alt)."""


@dataclass(frozen=True)
class _NameFeatures:
    surname: str | None
    given: str | None
    surname_set: tuple[str, ...]
    given_set: tuple[str, ...]
    full_set: tuple[str, ...]
    given_sound: str | None
    full_sound: str | None
    surname_sound: str | None


def _name_key(record: LinkableRecord) -> NameKey:
    return (record.name, record.surname, record.given_name, record.name_alt)


def _name_features(key: NameKey) -> _NameFeatures:
    name, surname, given, alt = key
    read = names.read_name(name, surname=surname, given=given, alt=alt)
    best = read.best
    return _NameFeatures(
        surname=best.surname_key if best else None,
        given=best.given_key if best else None,
        surname_set=read.surname_keys,
        given_set=read.given_keys,
        full_set=read.keys,
        given_sound=read.given_sound or None,
        full_sound=read.full_sound or None,
        surname_sound=read.surname_sound or None,
    )


def _assemble(record: LinkableRecord, name: _NameFeatures) -> RecordFeatures:
    birth = dates.read_birth(record.birth_date)
    home = places.resolve_place(record.home)
    event = record.event_date
    event_month = None
    if event is not None and event.year is not None and event.month is not None:
        event_month = f"{event.year:04d}-{event.month:02d}"
    years = tuple(str(y) for y in sorted(birth.years))
    return RecordFeatures(
        surname=name.surname,
        given=name.given,
        surname_set=name.surname_set,
        given_set=name.given_set,
        full_set=name.full_set,
        full_block=name.full_set[:BLOCKING_READINGS],
        given_sound=name.given_sound,
        full_sound=name.full_sound,
        surname_sound=name.surname_sound,
        birth_year=birth.year,
        birth_month=birth.month,
        birth_day=birth.day,
        birth_solar=birth.solar_iso(),
        birth_years=years,
        birth_low=birth.low,
        birth_high=birth.high,
        birth_wide=tuple(str(y) for y in sorted({y + step for y in birth.years for step in (-1, 0, 1)})),
        birth_band=birth_bands(birth.years),
        sex=record.sex if record.sex in ("F", "M") else None,
        home_set=home.ids,
        home_best=home.best,
        home_region=home.province,
        event_place=_event_place(record.event_place),
        event_month=event_month,
    )


BAND_YEARS = 5
"""Width of the birth-year bands of ``birth_band``."""


def birth_bands(years: Iterable[int]) -> tuple[str, ...]:
    """The five-year bands of ``years`` and their neighbours, sorted, as text.

    Two records share a band when some of their possible years are at most
    nine apart, and never when all are 15 or more apart:

    >>> birth_bands([1983])
    ('395', '396', '397')
    >>> set(birth_bands([1983])) & set(birth_bands([1987]))
    {'396', '397'}
    """
    bands = {y // BAND_YEARS + step for y in years for step in (-1, 0, 1)}
    return tuple(str(b) for b in sorted(bands))


def _event_place(text: str | None) -> str | None:
    match = places.resolve_place(text)
    if match.best is not None:
        return match.best
    folded = names.sound_key(text) if text else ""
    return folded or None


PARALLEL_ABOVE = 20_000
"""Above this many distinct name renderings, names are read in worker processes."""


def extra_column(field_name: str) -> str:
    """The feature column of an extra field compared as is (``--compare``)."""
    return "x_" + re.sub(r"[^0-9a-z]+", "_", field_name.casefold()).strip("_")


def extra_value(record: LinkableRecord, field_name: str) -> str | None:
    """A record's value of an extra column (or attribute), folded for comparison."""
    extra = getattr(record, "extra", None)
    value = extra.get(field_name) if isinstance(extra, Mapping) else None
    if value is None:
        value = getattr(record, field_name, None)
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFKC", str(value)).casefold().split())
    return text or None


def features_table(
    records_by_list: Mapping[str, Sequence[LinkableRecord]],
    *,
    extra_fields: Sequence[str] = (),
    workers: int | None = None,
) -> tuple[pa.Table, tuple[RecordKey, ...]]:
    """Build the engine's input table: one row per record, lists in name order.

    ``extra_fields`` are further columns (from a record's ``extra`` or its
    attributes) added as ``x_<field>`` for plain string comparison. Above
    :data:`PARALLEL_ABOVE` distinct name renderings the names are read by
    ``workers`` processes (default: one per CPU). Returns the Arrow table (schema
    :data:`FEATURE_SCHEMA` plus the extra columns) and the record keys in
    ``unique_id`` order, so ``keys[unique_id]`` is (list, record_id).
    Raises ``ValueError`` when a record_id repeats within a list.
    """
    keys: list[RecordKey] = []
    records: list[LinkableRecord] = []
    for list_name in sorted(records_by_list):
        seen: set[str] = set()
        for record in records_by_list[list_name]:
            if record.record_id in seen:
                raise ValueError(f"record_id {record.record_id!r} repeats in list {list_name!r}")
            seen.add(record.record_id)
            keys.append((list_name, record.record_id))
            records.append(record)
    rows = _all_features(records, workers)
    table = _to_arrow(keys, rows)
    columns = [extra_column(f) for f in extra_fields]
    if len(set(columns)) != len(columns):
        raise ValueError(f"extra fields collide once folded: {list(extra_fields)}")
    for field_name, column in zip(extra_fields, columns, strict=True):
        values = [extra_value(r, field_name) for r in records]
        table = table.append_column(column, pa.array(values, type=pa.string()))
    return table, tuple(keys)


def _name_chunk(keys: Sequence[NameKey]) -> list[_NameFeatures]:
    return [_name_features(k) for k in keys]


def _all_features(records: Sequence[LinkableRecord], workers: int | None) -> list[RecordFeatures]:
    """Features of every record, reading each distinct name rendering once.

    Names are the cost (about 0.2 ms a rendering) and national lists repeat
    them: 993k synthetic records hold about 390k distinct renderings. Dates
    and places are cached per value in their modules and assembled here.
    """
    distinct = list(dict.fromkeys(_name_key(r) for r in records))
    read = dict(zip(distinct, _read_names(distinct, workers), strict=True))
    return [_assemble(r, read[_name_key(r)]) for r in records]


def _read_names(keys: Sequence[NameKey], workers: int | None) -> list[_NameFeatures]:
    count = workers or os.cpu_count() or 1
    if len(keys) <= PARALLEL_ABOVE or count < 2:
        return _name_chunk(keys)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _name_features(keys[0])  # load the tables once, before the workers fork
    size = max(1000, len(keys) // (count * 8))
    chunks = [keys[i : i + size] for i in range(0, len(keys), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        return [row for chunk in pool.map(_name_chunk, chunks) for row in chunk]


def _to_arrow(keys: Sequence[RecordKey], rows: Sequence[RecordFeatures]) -> pa.Table:
    def col(values: Iterable[object]) -> list[object]:
        return list(values)

    def arr(values: Iterable[tuple[str, ...]]) -> list[list[str] | None]:
        return [list(v) if v else None for v in values]

    data = {
        "unique_id": list(range(len(keys))),
        "list_name": col(k[0] for k in keys),
        "record_id": col(k[1] for k in keys),
        "surname": col(r.surname for r in rows),
        "given": col(r.given for r in rows),
        "surname_set": arr(r.surname_set for r in rows),
        "given_set": arr(r.given_set for r in rows),
        "full_set": arr(r.full_set for r in rows),
        "full_block": arr(r.full_block for r in rows),
        "given_sound": col(r.given_sound for r in rows),
        "full_sound": col(r.full_sound for r in rows),
        "surname_sound": col(r.surname_sound for r in rows),
        "birth_year": col(r.birth_year for r in rows),
        "birth_month": col(r.birth_month for r in rows),
        "birth_day": col(r.birth_day for r in rows),
        "birth_solar": arr(r.birth_solar for r in rows),
        "birth_years": arr(r.birth_years for r in rows),
        "birth_low": col(r.birth_low for r in rows),
        "birth_high": col(r.birth_high for r in rows),
        "birth_wide": arr(r.birth_wide for r in rows),
        "birth_band": arr(r.birth_band for r in rows),
        "sex": col(r.sex for r in rows),
        "home_set": arr(r.home_set for r in rows),
        "home_best": col(r.home_best for r in rows),
        "home_region": col(r.home_region for r in rows),
        "event_place": col(r.event_place for r in rows),
        "event_month": col(r.event_month for r in rows),
    }
    return pa.Table.from_pydict(data, schema=FEATURE_SCHEMA)
