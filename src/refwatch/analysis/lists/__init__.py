"""Organisations' lists: the list spec TOML, header recognition, value parsing.

This is the contract layer between a list file as delivered and everything
that uses it: ``refwatch import-list`` stores the records, ``refwatch link``
links them.
"""

from __future__ import annotations

from refwatch.analysis.lists.headers import CANONICAL_FIELDS, recognise_headers
from refwatch.analysis.lists.reader import (
    ListFormatError,
    ListReadResult,
    ListRecordData,
    ListSource,
    ListSpec,
    RowError,
    read_list,
    read_spec,
    source_for_file,
)
from refwatch.analysis.lists.values import (
    PartialDate,
    birth_range_from_age,
    parse_date,
    parse_sex,
)

__all__ = [
    "CANONICAL_FIELDS",
    "ListFormatError",
    "ListReadResult",
    "ListRecordData",
    "ListSource",
    "ListSpec",
    "PartialDate",
    "RowError",
    "birth_range_from_age",
    "parse_date",
    "parse_sex",
    "read_list",
    "read_spec",
    "recognise_headers",
    "source_for_file",
]
