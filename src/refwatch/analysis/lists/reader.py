"""Reading one organisation's list (CSV or XLSX) into canonical records.

The reader never loses a row silently: every row becomes a record or one or
more :class:`RowError` naming file, row, column, value and reason. Values keep
the precision their authors gave them; columns the contract does not know are
kept as ``extra``.

>>> result = read_list(ListSource(name="A", path=Path("list_A.csv")))  # doctest: +SKIP
>>> result.records[0].birth_date.iso()  # doctest: +SKIP
'1985-03'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from refwatch.analysis.lists.headers import (
    CANONICAL_FIELDS,
    DATE_FIELDS,
    recognise_headers,
)
from refwatch.analysis.lists.values import (
    PartialDate,
    birth_range_from_age,
    parse_date,
    parse_sex,
)


class ListFormatError(ValueError):
    """The file as a whole cannot be read as a list (not a row-level problem)."""


@dataclass(frozen=True)
class ListSource:
    """One list to read: its name, file, and canonical field -> header(s).

    An empty ``columns`` mapping means "recognise the headers by themselves".
    ``as_of`` anchors ages when a row has no event date.
    """

    name: str
    path: Path
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sheet: str | None = None
    as_of: PartialDate | None = None


@dataclass(frozen=True)
class ListSpec:
    """The lists of one run, as named by a list spec TOML file."""

    path: Path | None
    lists: tuple[ListSource, ...]


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, column {self.column!r}: {self.reason}"


@dataclass(frozen=True)
class ListRecordData:
    """One row of a list in canonical form (identities still in clear: handle with care)."""

    list_name: str
    row: int
    record_id: str
    name: str | None
    surname: str | None
    given_name: str | None
    name_alt: str | None
    sex: str | None
    birth_date: PartialDate | None
    age: str | None
    home: str | None
    event_date: PartialDate | None
    event_place: str | None
    extra: dict[str, str]

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        return " ".join(p for p in (self.surname, self.given_name) if p)


@dataclass(frozen=True)
class ListReadResult:
    source: ListSource
    headers: tuple[str, ...]
    mapping: dict[str, list[str]]
    records: tuple[ListRecordData, ...]
    errors: tuple[RowError, ...]
    rows_read: int
    warnings: tuple[RowError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def read_spec(path: Path) -> ListSpec:
    """Read a list spec TOML (DESIGN.md): ``[[lists]]`` with name, path, columns."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ListFormatError(f"{path}: not valid TOML: {exc}") from exc
    entries = data.get("lists")
    if not isinstance(entries, list) or not entries:
        raise ListFormatError(f"{path}: needs at least one [[lists]] table")
    sources = []
    for i, entry in enumerate(entries, start=1):
        if "path" not in entry:
            raise ListFormatError(f"{path}: list {i} has no path")
        file_path = (path.parent / entry["path"]).resolve()
        columns: dict[str, tuple[str, ...]] = {}
        for key, value in entry.get("columns", {}).items():
            if key not in CANONICAL_FIELDS:
                raise ListFormatError(
                    f"{path}: list {i}: unknown field {key!r} (known: {', '.join(CANONICAL_FIELDS)})"
                )
            columns[key] = (value,) if isinstance(value, str) else tuple(value)
        as_of = parse_date(str(entry["as_of"])) if "as_of" in entry else None
        sources.append(
            ListSource(
                name=str(entry.get("name", file_path.stem)),
                path=file_path,
                columns=columns,
                sheet=entry.get("sheet"),
                as_of=as_of,
            )
        )
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise ListFormatError(f"{path}: list names must be unique, got {names}")
    return ListSpec(path=path, lists=tuple(sources))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_rows(source: ListSource) -> tuple[list[str], Iterator[list[str]]]:
    suffix = source.path.suffix.lower()
    if not source.path.exists():
        raise ListFormatError(f"{source.path}: no such file")
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        book = openpyxl.load_workbook(source.path, read_only=True, data_only=True)
        try:
            sheet = book[source.sheet] if source.sheet else book.worksheets[0]
            table = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
        rows = iter(table)
    elif suffix in (".csv", ".tsv", ".txt"):
        raw = source.path.read_bytes()
        for encoding in ("utf-8-sig", "cp949"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ListFormatError(f"{source.path}: neither UTF-8 nor CP949 (EUC-KR) text")
        sample = text[:4096]
        delimiter = "\t" if suffix == ".tsv" or sample.count("\t") > sample.count(",") else ","
        rows = (list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter))
    else:
        raise ListFormatError(f"{source.path}: lists must be .csv or .xlsx, not {suffix!r}")
    try:
        header = next(rows)
    except StopIteration:
        raise ListFormatError(f"{source.path}: the file is empty") from None
    return [h.strip() for h in header], rows


def read_headers(source: ListSource) -> tuple[str, ...]:
    """The header row of a list file, stripped (ListFormatError if the file cannot be read).

    Lets a caller map columns to fields itself before :func:`read_list`.
    """
    headers, _ = _read_rows(source)
    return tuple(headers)


def _mapping(source: ListSource, headers: list[str]) -> dict[str, list[str]]:
    if source.columns:
        mapping = {k: list(v) for k, v in source.columns.items()}
    else:
        mapping = recognise_headers(headers)
    missing = [h for hs in mapping.values() for h in hs if h not in headers]
    if missing:
        raise ListFormatError(
            f"{source.path}: the spec names columns the file lacks: {', '.join(missing)}"
        )
    if "record_id" not in mapping:
        raise ListFormatError(
            f"{source.path}: no record_id column recognised among {headers}; "
            'name it in a list spec TOML ([lists.columns] record_id = "...")'
        )
    if "name" not in mapping and "surname" not in mapping and "given_name" not in mapping:
        raise ListFormatError(
            f"{source.path}: no name column recognised among {headers}; "
            'name it in a list spec TOML ([lists.columns] name = "...")'
        )
    return mapping


def read_list(source: ListSource, *, lenient: bool = False) -> ListReadResult:
    """Read every row of a list; rows that fail become errors, never vanish.

    ``lenient`` (for linkage, where a row must not disappear because of one bad
    value) keeps a row whose only problems are unreadable or empty values: they
    become ``warnings`` and the value is left out. A row without a record_id, or
    repeating one, is an error either way.
    """
    headers, rows = _read_rows(source)
    mapping = _mapping(source, headers)
    position = {h: i for i, h in enumerate(headers)}
    file_label = source.path.name
    records: list[ListRecordData] = []
    errors: list[RowError] = []
    warnings: list[RowError] = []
    seen_ids: dict[str, int] = {}
    rows_read = 0
    for row_number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        rows_read += 1
        cells = cells + [""] * (len(headers) - len(cells))
        record, row_errors = _read_row(source, mapping, position, cells, row_number)
        record_id = ", ".join(
            v for v in (cells[position[h]].strip() for h in mapping["record_id"]) if v
        )
        fatal: list[RowError] = []
        if record_id and record_id in seen_ids:
            fatal.append(
                RowError(
                    file_label, row_number, mapping["record_id"][0], record_id,
                    f"record_id repeats the one on row {seen_ids[record_id]}",
                )
            )
        elif record_id:
            seen_ids[record_id] = row_number
        if record is None or fatal or (row_errors and not lenient):
            errors.extend(row_errors + fatal)
            continue
        warnings.extend(row_errors)
        records.append(record)
    return ListReadResult(
        source=source,
        headers=tuple(headers),
        mapping=mapping,
        records=tuple(records),
        errors=tuple(errors),
        rows_read=rows_read,
        warnings=tuple(warnings),
    )


def _read_row(
    source: ListSource,
    mapping: dict[str, list[str]],
    position: dict[str, int],
    cells: list[str],
    row_number: int,
) -> tuple[ListRecordData | None, list[RowError]]:
    """One row to a record (None without a record_id) and every problem found in it."""
    errors: list[RowError] = []
    mapped = {h for hs in mapping.values() for h in hs}

    def values(fld: str) -> list[tuple[str, str]]:
        found = ((h, cells[position[h]].strip()) for h in mapping.get(fld, []))
        return [(h, v) for h, v in found if v]

    def fail(column: str, value: str, reason: str) -> None:
        errors.append(RowError(source.path.name, row_number, column, value, reason))

    def text(fld: str) -> str | None:
        found = values(fld)
        return ", ".join(v for _, v in found) if found else None

    def date(fld: str) -> PartialDate | None:
        for header, value in values(fld):  # first non-empty column wins
            try:
                return parse_date(value)
            except ValueError as exc:
                fail(header, value, str(exc))
                return None
        return None

    record_id = text("record_id")
    if record_id is None:
        fail(mapping["record_id"][0], "", "record_id is empty")
    name, surname, given = text("name"), text("surname"), text("given_name")
    if not (name or surname or given):
        column = (mapping.get("name") or mapping.get("surname") or mapping["given_name"])[0]
        fail(column, "", "the name is empty")
    sex = None
    for header, value in values("sex")[:1]:
        try:
            sex = parse_sex(value)
        except ValueError as exc:
            fail(header, value, str(exc))
    birth_date = date("birth_date")
    event_date = date("event_date")
    age = text("age")
    if age is not None:
        anchor = event_date or source.as_of
        try:
            from_age = birth_range_from_age(
                age, reference_year=anchor.last_year if anchor else 2000
            )
        except ValueError as exc:
            fail(mapping["age"][0], age, str(exc))
        else:
            if birth_date is None and anchor is not None:
                birth_date = from_age
    if record_id is None:
        return None, errors
    return ListRecordData(
        list_name=source.name,
        row=row_number,
        record_id=record_id,
        name=name,
        surname=surname,
        given_name=given,
        name_alt=text("name_alt"),
        sex=sex,
        birth_date=birth_date,
        age=age,
        home=text("home"),
        event_date=event_date,
        event_place=text("event_place"),
        extra={
            h: cells[i].strip()
            for h, i in position.items()
            if h and h not in mapped and cells[i].strip()
        },
    ), errors


def source_for_file(path: Path, *, name: str | None = None) -> ListSource:
    """A source for a bare CSV/XLSX whose headers are recognised by themselves."""
    return ListSource(name=name or path.stem, path=path.resolve())


__all__ = [
    "DATE_FIELDS",
    "ListFormatError",
    "ListReadResult",
    "ListRecordData",
    "ListSource",
    "ListSpec",
    "RowError",
    "read_headers",
    "read_list",
    "read_spec",
    "source_for_file",
]
