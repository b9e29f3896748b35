"""Synthetic lists: readable by the list importer, overlapping, noisy the documented ways."""

from __future__ import annotations

import csv
import gc
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from refwatch.analysis.linkage.romanization import is_hangul_syllable
from refwatch.analysis.linkage.synth import generate_lists, write_lists
from refwatch.analysis.lists import read_list, read_spec


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return generate_lists(persons=600, lists=6, seed=11)


@pytest.fixture(scope="module")
def written(result, tmp_path_factory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("synth")
    write_lists(result, out)
    return out


def test_it_is_deterministic_for_a_seed() -> None:
    a = generate_lists(persons=80, lists=4, seed=5)
    b = generate_lists(persons=80, lists=4, seed=5)
    c = generate_lists(persons=80, lists=4, seed=6)
    assert a.truth() == b.truth()
    assert [r.cells for lst in a.lists for r in lst.records] == [
        r.cells for lst in b.lists for r in lst.records
    ]
    assert a.truth() != c.truth()


def test_it_writes_lists_spec_and_truth(written: Path) -> None:
    names = sorted(p.name for p in written.iterdir())
    assert names == [
        "list_A.csv", "list_B.csv", "list_C.csv", "list_D.xlsx", "list_E.csv", "list_F.csv",
        "lists.toml", "truth.csv",
    ]  # fmt: skip


# The importer leaves openpyxl's read-only workbook for the garbage collector
# (reported to the lead); collect it inside this test so the warning stays here.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in.*list_D.xlsx:pytest.PytestUnraisableExceptionWarning"
)
def test_every_row_reads_without_error_through_the_list_importer(result, written: Path) -> None:  # type: ignore[no-untyped-def]
    spec = read_spec(written / "lists.toml")
    assert [s.name for s in spec.lists] == ["A", "B", "C", "D", "E", "F"]
    with (written / "truth.csv").open(encoding="utf-8") as f:
        truth = {(r["list"], r["record_id"]) for r in csv.DictReader(f)}
    read = set()
    for source in spec.lists:
        outcome = read_list(source)
        assert outcome.errors == (), outcome.errors[:3]
        read |= {(source.name, rec.record_id) for rec in outcome.records}
    assert read == truth
    gc.collect()


def test_record_ids_are_unique_and_truth_covers_every_record(result) -> None:  # type: ignore[no-untyped-def]
    keys = [(lst, rid) for lst, rid, _, _ in result.truth()]
    assert len(keys) == len(set(keys))
    assert sum(len(lst.records) for lst in result.lists) == len(keys)


def test_lists_overlap_and_repeat_people_within_a_list(result) -> None:  # type: ignore[no-untyped-def]
    per_person = Counter(pid for _, _, pid, _ in result.truth())
    on_lists = Counter()
    for lst in result.lists:
        for pid in {r.person_id for r in lst.records}:
            on_lists[pid] += 1
    assert any(n >= 3 for n in on_lists.values())
    assert any(n == 1 for n in on_lists.values())
    # some persons are never recorded: capture-recapture has something to estimate
    assert len(on_lists) < len(result.persons)
    for lst in result.lists:
        ids = Counter(r.person_id for r in lst.records)
        assert max(ids.values()) >= 2, f"list {lst.name} has no within-list duplicate"
    assert max(per_person.values()) >= 3


def test_capture_varies_by_person(result) -> None:  # type: ignore[no-untyped-def]
    on_lists = Counter()
    for lst in result.lists:
        for pid in {r.person_id for r in lst.records}:
            on_lists[pid] += 1
    high = [p for p in result.persons if p.propensity > 1.0]
    low = [p for p in result.persons if p.propensity < -1.0]
    mean = lambda ps: sum(on_lists[p.person_id] for p in ps) / len(ps)  # noqa: E731
    assert mean(high) > 2 * mean(low)


def test_the_hangul_list_keeps_north_korean_orthography(result) -> None:  # type: ignore[no-untyped-def]
    names = [r.cells["성명"] for r in result.lists[0].records]
    assert all(all(is_hangul_syllable(c) or c == " " for c in n) for n in names)
    assert sum(n.startswith(("리", "림", "류")) for n in names) > 0.05 * len(names)
    south = [r.cells["성"] for r in result.lists[4].records]
    assert "이" in south


def test_the_mr_list_has_breves_lost_kept_and_curly_apostrophes(result) -> None:  # type: ignore[no-untyped-def]
    names = " ".join(r.cells["Name"] for r in result.lists[2].records)
    assert "ŏ" in names and "\u2019" in names and "'" in names
    flags = Counter(f for r in result.lists[2].records for f in r.noise_flags)
    assert flags["mr_marks"] > 0


def test_the_english_list_mixes_orders_cases_and_brackets(result) -> None:  # type: ignore[no-untyped-def]
    records = result.lists[3].records
    flags = Counter(f for r in records for f in r.noise_flags)
    assert flags["given_first"] > 0 and flags["hangul_bracket"] > 0
    names = [r.cells["FULL NAME"] for r in records]
    assert any(n.isupper() for n in names) and any(not n.isupper() for n in names)
    assert any("(" in n and is_hangul_syllable(n[n.index("(") + 1]) for n in names)


def test_birth_dates_are_partial_lunar_swapped_or_ages(result) -> None:  # type: ignore[no-untyped-def]
    flags = Counter(f for lst in result.lists for r in lst.records for f in r.noise_flags)
    for flag in ("lunar", "partial", "age_only", "no_birth"):
        assert flags[flag] > 0, flag
    cells = [v for r in result.lists[0].records for v in r.cells.values()]
    assert any("(음)" in v or "음력" in v for v in cells)
    assert any(v.endswith("세") for v in cells)


def test_chinese_towns_appear_in_three_scripts(result) -> None:  # type: ignore[no-untyped-def]
    places = {r.cells.get("구금장소", "") for r in result.lists[0].records}
    assert {"도문", "투먼"} <= places
    flags = Counter(f for lst in result.lists for r in lst.records for f in r.noise_flags)
    assert flags["place_sino"] and flags["place_sound"] and flags["place_zh"]


def test_the_cli_writes_the_files(tmp_path: Path) -> None:
    from refwatch.cli.synth import synth

    out = tmp_path / "lists"
    outcome = CliRunner().invoke(
        synth, ["--persons", "40", "--lists", "3", "--seed", "2", "--out", str(out)]
    )
    assert outcome.exit_code == 0, outcome.output
    assert (out / "truth.csv").exists() and (out / "lists.toml").exists()
    assert "persons appear on at least one list" in outcome.output


def test_it_refuses_zero_persons() -> None:
    with pytest.raises(ValueError):
        generate_lists(persons=0, lists=2, seed=1)


def test_the_workbook_stores_typed_dates_as_date_cells(written: Path) -> None:
    import datetime as dt

    from openpyxl import load_workbook

    book = load_workbook(written / "list_D.xlsx")
    try:
        values = [c.value for row in book.worksheets[0].iter_rows(min_row=2) for c in row]
    finally:
        book.close()
    assert any(isinstance(v, dt.datetime | dt.date) for v in values)
    assert any(isinstance(v, str) and "/" in v for v in values)


@pytest.mark.parametrize("module", ["synth"])
def test_the_docstring_examples_hold(module: str) -> None:
    import doctest
    import importlib

    outcome = doctest.testmod(importlib.import_module(f"refwatch.analysis.linkage.{module}"))
    assert outcome.failed == 0 and outcome.attempted > 0


def test_it_can_write_every_list_as_csv(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_lists(result, tmp_path, xlsx=False)
    assert (tmp_path / "list_D.csv").exists() and not (tmp_path / "list_D.xlsx").exists()
    spec = read_spec(tmp_path / "lists.toml")
    assert {s.path.name for s in spec.lists} >= {"list_D.csv"}
    assert read_list(spec.lists[3]).errors == ()
