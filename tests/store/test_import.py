"""List import: every documented form parses; bad rows stop the import; re-imports update."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from refwatch.analysis.lists import (
    ListFormatError,
    ListSource,
    birth_range_from_age,
    parse_date,
    parse_sex,
    read_list,
    read_spec,
    source_for_file,
)


@pytest.mark.parametrize(
    ("text", "iso", "precision", "lunar", "approximate"),
    [
        ("1985-03-15", "1985-03-15", "day", False, False),
        ("1985.3.15", "1985-03-15", "day", False, False),
        ("85.03.15", "1985-03-15", "day", False, False),
        ("1985. 3. 15.", "1985-03-15", "day", False, False),
        ("19850315", "1985-03-15", "day", False, False),
        ("1985년", "1985", "year", False, False),
        ("1985년 3월", "1985-03", "month", False, False),
        ("1985년 3월 15일", "1985-03-15", "day", False, False),
        ("15 March 1985", "1985-03-15", "day", False, False),
        ("March 15, 1985", "1985-03-15", "day", False, False),
        ("Mar 1985", "1985-03", "month", False, False),
        ("c. 1985", "1985", "year", False, True),
        ("1985경", "1985", "year", False, True),
        ("15/03/1985", "1985-03-15", "day", False, False),
        ("03/15/1985", "1985-03-15", "day", False, False),
        ("1985", "1985", "year", False, False),
        ("1985-03", "1985-03", "month", False, False),
        ("1985.3.15(음)", "1985-03-15", "day", True, False),
        ("음력 1985.3.15", "1985-03-15", "day", True, False),
        ("1985-03-15 (lunar)", "1985-03-15", "day", True, False),
        ("02.11.07", "2002-11-07", "day", False, False),
        ("1975년생", "1975", "year", False, False),
        ("75년 3월", "1975-03", "month", False, False),
        ("1975年3月12日", "1975-03-12", "day", False, False),
        ("3/1975", "1975-03", "month", False, False),
        ("Mar-75", "1975-03", "month", False, False),
        ("12-Mar-1975", "1975-03-12", "day", False, False),
        ("1975-03-12 00:00:00", "1975-03-12", "day", False, False),
        ("음 1975.1.30", "1975-01-30", "day", True, False),
        ("1975.01.30 음", "1975-01-30", "day", True, False),
    ],
)
def test_each_documented_date_form_parses_with_its_precision(
    text: str, iso: str, precision: str, lunar: bool, approximate: bool
) -> None:
    date = parse_date(text)
    assert (date.iso(), date.precision, date.lunar, date.approximate) == (iso, precision, lunar, approximate)


@pytest.mark.parametrize("text", ["1985-13-01", "1985-02-30", "31/31/1985", "someday", "", "1700"])
def test_impossible_dates_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("36", 1986, 1988), ("36세", 1986, 1988), ("만 36세", 1986, 1987), ("about 36", 1984, 1990), ("36살", 1986, 1988)],
)
def test_ages_become_birth_year_ranges_relative_to_the_event(text: str, low: int, high: int) -> None:
    date = birth_range_from_age(text, reference_year=2023)
    assert (date.precision, date.year_low, date.year_high) == ("range", low, high)


@pytest.mark.parametrize(("text", "sex"), [("F", "F"), ("m", "M"), ("여", "F"), ("남", "M"), ("female", "F"), ("Male", "M"), ("여성", "F")])
def test_sex_forms(text: str, sex: str) -> None:
    assert parse_sex(text) == sex


def test_a_list_spec_maps_headers_and_joins_text(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text(
        "id,family,given,born,year_of_birth,prov,county,arrested\n"
        "B1,Ri,Yong Chol,,1980,North Hamgyong,Musan,9 October 2023\n"
        "B2,Kim,Sun Hui,1975.2.1(음),,Ryanggang,,\n",
        encoding="utf-8",
    )
    (tmp_path / "spec.toml").write_text(
        '[[lists]]\nname = "B"\npath = "b.csv"\n[lists.columns]\nrecord_id = "id"\nsurname = "family"\n'
        'given_name = "given"\nbirth_date = ["born", "year_of_birth"]\nhome = ["prov", "county"]\nevent_date = "arrested"\n',
        encoding="utf-8",
    )
    spec = read_spec(tmp_path / "spec.toml")
    result = read_list(spec.lists[0])
    assert result.ok
    first, second = result.records
    assert (first.surname, first.given_name, first.home) == ("Ri", "Yong Chol", "North Hamgyong, Musan")
    assert first.birth_date is not None and first.birth_date.iso() == "1980"
    assert second.birth_date is not None and second.birth_date.lunar
    assert first.event_date is not None and first.event_date.iso() == "2023-10-09"


def test_headers_are_recognised_in_english_and_korean(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("No.,Full Name,Gender,DOB,Age,Hometown,Date of arrest,Detention place,Notes\n"
                    "1,CHOI MYONG SUK,F,,about 40,Hoeryong,2020-05-01,Tumen,x\n", encoding="utf-8")
    result = read_list(source_for_file(path))
    assert set(result.mapping) == {"record_id", "name", "sex", "birth_date", "age", "home", "event_date", "event_place"}
    record = result.records[0]
    assert record.birth_date is not None and (record.birth_date.year_low, record.birth_date.year_high) == (1977, 1983)
    assert record.extra == {"Notes": "x"}


def test_xlsx_lists_are_read(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["번호", "성명", "생년월일"])
    sheet.append([1, "합성일", dt.datetime(1990, 1, 2)])
    sheet.append([2, "합성이", 1991])
    book.save(tmp_path / "d.xlsx")
    result = read_list(ListSource(name="D", path=tmp_path / "d.xlsx"))
    assert [r.birth_date.iso() for r in result.records if r.birth_date] == ["1990-01-02", "1991"]


def test_a_list_without_a_name_column_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("번호,생년월일\n1,1990\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match="no name column"):
        read_list(source_for_file(path))


def test_every_bad_value_is_reported_with_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("번호,성명,성별,생년월일\n1,합성일,여,1990\n1,합성이,X,1990-13-01\n3,,남,\n", encoding="utf-8")
    result = read_list(source_for_file(path))
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert set(reasons) == {(3, "성별"), (3, "생년월일"), (3, "번호"), (4, "성명")}
    assert "repeats" in reasons[(3, "번호")]
    assert len(result.records) == 1


def test_lenient_reading_keeps_a_row_with_one_bad_value(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("번호,성명,성별,생년월일\n1,합성일,여,언젠가\n2,,남,1990\n2,합성삼,남,1991\n,합성사,남,1992\n",
                    encoding="utf-8")
    strict = read_list(source_for_file(path))
    lenient = read_list(source_for_file(path), lenient=True)
    assert [r.record_id for r in strict.records] == []
    assert [r.record_id for r in lenient.records] == ["1", "2"]
    assert lenient.records[0].birth_date is None
    assert {(w.row, w.column) for w in lenient.warnings} == {(2, "생년월일"), (3, "성명")}
    assert {(e.row, e.column) for e in lenient.errors} == {(4, "번호"), (5, "번호")}


def _rows(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def test_a_bad_row_in_the_middle_leaves_the_database_unchanged(
    cli: Any, cli_home: Path, list_with_bad_row: Path
) -> None:
    db = cli_home / "refwatch.sqlite3"
    before = (_rows(db, "records_listrecord"), _rows(db, "records_source"), db.read_bytes().count(b"list_bad"))
    result = cli(cli_home, "import-list", str(list_with_bad_row), check=False)
    assert result.returncode != 0
    assert "row 4" in result.stderr and "생년월일" in result.stderr
    assert "nothing was imported" in result.stderr
    assert (_rows(db, "records_listrecord"), _rows(db, "records_source"), 0) == before


def test_skip_invalid_imports_the_rest_and_writes_the_rejects(
    cli: Any, cli_home: Path, list_with_bad_row: Path
) -> None:
    out = cli(cli_home, "import-list", str(list_with_bad_row), "--skip-invalid").stdout
    assert "5 added" in out and "1 rejected" in out
    rejects = list_with_bad_row.with_name("list_bad.rejects.csv").read_text(encoding="utf-8")
    assert "1990-13-45" in rejects and ",4," in rejects


def test_a_second_import_changes_nothing_and_a_changed_row_updates(
    cli: Any, cli_home: Path, synthetic_list: Path
) -> None:
    assert "5 added" in cli(cli_home, "import-list", str(synthetic_list)).stdout
    assert "0 added, 0 changed, 5 unchanged" in cli(cli_home, "import-list", str(synthetic_list)).stdout
    text = synthetic_list.read_text(encoding="utf-8").replace("Hyesan", "Hyesan City")
    synthetic_list.write_text(text + "A-006,합성삼,남,1970,온성\n", encoding="utf-8")
    assert "1 added, 1 changed, 4 unchanged" in cli(cli_home, "import-list", str(synthetic_list)).stdout
    assert _rows(cli_home / "refwatch.sqlite3", "records_listrecord") == 6
