"""Blocking rules: which record pairs are scored at all, on small and on national lists."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refwatch.analysis.linkage import model
from refwatch.analysis.linkage.engine import open_engine
from refwatch.analysis.linkage.features import birth_bands, features_table
from refwatch.analysis.lists import ListRecordData, PartialDate


def _record(
    record_id: str, name: str, birth: PartialDate | None = None, sex: str | None = "F"
) -> ListRecordData:
    return ListRecordData(
        list_name="A", row=1, record_id=record_id, name=name, surname=None,
        given_name=None, name_alt=None, sex=sex, birth_date=birth, age=None,
        home=None, event_date=None, event_place=None, extra={},
    )


def _blocked(records: list[ListRecordData], *, large: bool) -> set[tuple[str, str]]:
    """The record-id pairs that prediction would score under the chosen rules."""
    from splink import Linker

    table, keys = features_table({"A": records})
    with open_engine("duckdb") as engine:
        linker = Linker(engine.register(table, "records"), model.settings(large=large), log_level=None)
        blocked: Any = linker.inference.compute_blocked_pairs_for_predict()
        pairs = blocked.as_pyarrow_table()
        left = pairs.column("join_key_l").to_pylist()
        right = pairs.column("join_key_r").to_pylist()
    return {
        tuple(sorted((keys[int(a)][1], keys[int(b)][1])))  # type: ignore[misc]
        for a, b in zip(left, right, strict=True)
    }


@settings(max_examples=200, deadline=None)
@given(st.integers(1900, 2020), st.integers(0, 30))
def test_birth_bands_meet_within_nine_years_and_never_beyond_fourteen(year: int, apart: int) -> None:
    shared = set(birth_bands([year])) & set(birth_bands([year + apart]))
    if apart <= 9:
        assert shared
    if apart >= 15:
        assert not shared


def test_birth_bands_of_an_age_range_cover_every_possible_year() -> None:
    assert set(birth_bands([1984, 1985, 1986])) == set(birth_bands([1984])) | set(birth_bands([1986]))
    assert birth_bands([]) == ()


@pytest.mark.parametrize("large", [False, True])
def test_the_same_name_is_blocked_with_a_missing_or_an_age_based_birth_date(large: bool) -> None:
    records = [
        _record("dated", "김영희", PartialDate(1983, 5, 2)),
        _record("no-date", "Kim Young Hee"),
        _record("aged", "KIM YONG HUI", PartialDate(None, precision="range", year_low=1986, year_high=1987)),
    ]
    pairs = _blocked(records, large=large)
    assert ("dated", "no-date") in pairs
    assert ("aged", "dated") in pairs
    assert ("aged", "no-date") in pairs


def test_large_lists_do_not_pair_a_shared_name_decades_apart() -> None:
    records = [
        _record("old", "김영희", PartialDate(1941, 5, 2)),
        _record("young", "김영희", PartialDate(1990, 8, 9)),
        _record("sound", "박영희", PartialDate(1960, 1, 1)),
        _record("sound-young", "최영희", PartialDate(1991, 3, 3)),
    ]
    assert ("old", "young") in _blocked(records, large=False)
    large = _blocked(records, large=True)
    assert ("old", "young") not in large
    assert ("sound", "sound-young") not in large


def test_large_lists_still_pair_a_misread_surname_born_the_same_year() -> None:
    records = [
        _record("a", "리영희", PartialDate(1970, 5, 2)),
        _record("b", "Yonghui Pak", PartialDate(1970, 11, 20)),
    ]
    assert ("a", "b") in _blocked(records, large=True)


def test_scoring_in_slices_of_records_gives_the_same_entities(
    linked: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from refwatch.analysis.linkage import run

    monkeypatch.setattr(run, "SCORE_CHUNK_RECORDS", 150)
    sliced = run.link_records(linked.records, seed=3)
    assert len(linked.result.clusters) > 3 * 150
    assert sliced.entity_of() == linked.result.entity_of()
    assert [(p.left, p.right, p.match_probability) for p in sliced.pairs] == [
        (p.left, p.right, p.match_probability) for p in linked.result.pairs
    ]
