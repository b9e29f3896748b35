"""Shared fixtures of the linkage engine's tests: one small synthetic run, linked once."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from refwatch.analysis.linkage.run import LinkResult, link_records
from refwatch.analysis.linkage.synth import generate_lists, write_lists
from refwatch.analysis.lists import ListRecordData, read_list, read_spec


@dataclass(frozen=True)
class LinkedLists:
    """Synthetic lists on disk, their records, the truth and one DuckDB run."""

    directory: Path
    records: dict[str, tuple[ListRecordData, ...]]
    truth: dict[tuple[str, str], str]
    result: LinkResult


def read_records(spec: Path) -> dict[str, tuple[ListRecordData, ...]]:
    return {source.name: read_list(source).records for source in read_spec(spec).lists}


def synthetic_lists(directory: Path, *, persons: int, lists: int, seed: int) -> LinkedLists:
    generated = generate_lists(persons=persons, lists=lists, seed=seed)
    write_lists(generated, directory)
    truth = {(lst, rid): pid for lst, rid, pid, _ in generated.truth()}
    records = read_records(directory / "lists.toml")
    return LinkedLists(directory, records, truth, link_records(records, seed=3))


@pytest.fixture(autouse=True)
def _quiet_splink() -> Iterator[None]:
    logger = logging.getLogger("splink")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture(scope="session")
def linked(tmp_path_factory: pytest.TempPathFactory) -> LinkedLists:
    logging.getLogger("splink").setLevel(logging.ERROR)
    return synthetic_lists(tmp_path_factory.mktemp("synth"), persons=400, lists=4, seed=11)
