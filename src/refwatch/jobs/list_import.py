"""What a documenter chooses when importing a list: which column holds which field, and as_of.

The wizard's preview and the API post the choices; the preview and the import
job both read the upload through :func:`read_upload`, so what the preview shows
is what the job imports. Problems carry a stable ``code`` (the web layer
translates it) and name columns or the as_of text, never a cell value.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from refwatch.analysis.lists.headers import CANONICAL_FIELDS, recognise_headers
from refwatch.analysis.lists.reader import (
    ListFormatError,
    ListReadResult,
    ListSource,
    read_headers,
    read_list,
)
from refwatch.analysis.lists.values import PartialDate, parse_date

IGNORE = "ignore"  # the column is left out entirely
EXTRA = ""  # the column is kept as an extra value (what unmapped columns get)
NAME_FIELDS = ("name", "surname", "given_name")
CHOICES = (*CANONICAL_FIELDS, IGNORE, EXTRA)

MESSAGES = {
    "bad_mapping": "mapping must be an object of column -> field",
    "unknown_column": "the file has no column {subject!r}",
    "unknown_field": "{subject!r} is not a field (use one of " + ", ".join(CANONICAL_FIELDS)
    + ", 'ignore', or '' to keep the column as an extra value)",
    "no_record_id": "map one column to record_id",
    "no_name": "map a column to name, or to surname and given_name",
    "bad_as_of": "as_of must be a date such as 2023, 2023-10 or 2023-10-09, not {subject!r}",
}


@dataclass(frozen=True)
class MappingProblem:
    """One reason the chosen mapping or as_of cannot be used."""

    code: str  # a key of MESSAGES
    subject: str = ""  # the column, field or as_of text concerned

    def __str__(self) -> str:
        return MESSAGES[self.code].format(subject=self.subject)


class MappingError(ValueError):
    def __init__(self, problems: list[MappingProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in problems))


@dataclass(frozen=True)
class ImportChoices:
    """``mapping``: column -> field, IGNORE or EXTRA; columns it does not name keep the
    field their header is recognised as. ``as_of`` anchors ages of rows without an event date."""

    mapping: dict[str, str] = field(default_factory=dict)
    as_of: PartialDate | None = None
    as_of_text: str = ""

    def as_params(self) -> dict[str, Any]:
        return {"mapping": dict(self.mapping), "as_of": self.as_of_text}


def choices_from_params(params: dict[str, Any]) -> ImportChoices:
    """The choices in job params or a form (``mapping``, ``as_of``); MappingError if malformed."""
    raw = params.get("mapping") or {}
    problems = []
    mapping: dict[str, str] = {}
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        problems.append(MappingProblem("bad_mapping"))
    else:
        for column, chosen in raw.items():
            if chosen not in CHOICES:
                problems.append(MappingProblem("unknown_field", chosen[:60]))
            mapping[column.strip()] = chosen
    text = str(params.get("as_of") or "").strip()
    as_of = None
    if text:
        try:
            as_of = parse_date(text)
        except ValueError:
            problems.append(MappingProblem("bad_as_of", text[:40]))
    if problems:
        raise MappingError(problems)
    return ImportChoices(mapping, as_of, text)


def resolve_fields(headers: tuple[str, ...], choices: ImportChoices) -> tuple[dict[str, str], list[MappingProblem]]:
    """column -> field (or IGNORE / EXTRA) for every header, and what is wrong with it."""
    fields = {h: EXTRA for h in headers if h}
    for chosen, columns in recognise_headers(list(headers)).items():
        for column in columns:
            fields[column] = chosen
    problems = [MappingProblem("unknown_column", c[:60]) for c in choices.mapping if c not in fields]
    fields.update({c: f for c, f in choices.mapping.items() if c in fields})
    taken = set(fields.values())
    if "record_id" not in taken:
        problems.append(MappingProblem("no_record_id"))
    if not taken & set(NAME_FIELDS):
        problems.append(MappingProblem("no_name"))
    return fields, problems


@dataclass(frozen=True)
class UploadReading:
    """An uploaded list read with the documenter's choices."""

    headers: tuple[str, ...]
    fields: dict[str, str]  # column -> field, IGNORE or EXTRA, as applied
    result: ListReadResult | None  # None when the file or the mapping cannot be used
    problems: tuple[MappingProblem, ...] = ()
    problem: str = ""  # a file-level problem (unreadable, empty...), or ""


def read_upload(content: bytes, *, suffix: str, filename: str, name: str,
                choices: ImportChoices | None = None) -> UploadReading:
    """Read a decrypted upload in a private temporary directory that is removed afterwards."""
    choices = choices or ImportChoices()
    folder = Path(tempfile.mkdtemp(prefix="refwatch-list-"))
    try:
        path = folder / f"upload{suffix}"
        path.write_bytes(content)
        path.chmod(0o600)
        try:
            headers = read_headers(ListSource(name=name, path=path))
        except ListFormatError as exc:
            return UploadReading((), {}, None, problem=str(exc).replace(str(path), filename))
        fields, problems = resolve_fields(headers, choices)
        if problems:
            return UploadReading(headers, fields, None, tuple(problems))
        columns: dict[str, tuple[str, ...]] = {}
        for column in headers:
            if fields.get(column) not in (None, IGNORE, EXTRA):
                columns[fields[column]] = (*columns.get(fields[column], ()), column)
        try:
            result = read_list(ListSource(name=name, path=path, columns=columns, as_of=choices.as_of))
        except ListFormatError as exc:
            return UploadReading(headers, fields, None, problem=str(exc).replace(str(path), filename))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ignored = {c for c, f in fields.items() if f == IGNORE}
    if ignored:
        result = replace(result, records=tuple(
            replace(r, extra={k: v for k, v in r.extra.items() if k not in ignored}) for r in result.records
        ))
    return UploadReading(headers, fields, result)
