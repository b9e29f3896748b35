"""The public dataset: CSV and JSON with a data dictionary, under disclosure control."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from refwatch.analysis.reports import (
    Bilingual,
    DisclosureError,
    ReportData,
    SuppressionPolicy,
    sample_report_data,
    write_public_dataset,
)
from refwatch.analysis.reports.public import DATASETS

from .conftest import SyntheticPerson


@pytest.fixture(scope="module")
def out(report_en: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("public")
    write_public_dataset(report_en, target)
    return target


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_it_writes_csv_and_json_for_every_dataset_with_a_dictionary(out: Path) -> None:
    dictionary = json.loads((out / "data_dictionary.json").read_text("utf-8"))
    described = {d["name"]: [c["name"] for c in d["columns"]] for d in dictionary["datasets"]}
    for ds in DATASETS:
        rows = _read(out / f"{ds.name}.csv")
        assert list(rows[0].keys()) == described[ds.name]
        assert len(json.loads((out / f"{ds.name}.json").read_text("utf-8"))) == len(rows)
    assert "## claims.csv" in (out / "data_dictionary.md").read_text("utf-8")


def test_it_keeps_every_claim_side_by_side(report_en: ReportData, out: Path) -> None:
    claims = _read(out / "claims.csv")
    assert len(claims) == sum(len(i.claims) for i in report_en.incidents)
    mass = [c for c in claims if c["incident_key"] == "2023-10-mass-return"]
    assert sorted(c["low"] for c in mass) == ["200", "500", "600", "650"]


def test_it_states_the_hash_of_every_source(report_en: ReportData, out: Path) -> None:
    hashes = {row["sha256"] for row in _read(out / "sources.csv")}
    assert hashes == {s.sha256 for s in report_en.sources}


def test_it_publishes_no_small_count_and_marks_withheld_ones(out: Path) -> None:
    rows = _read(out / "counts.csv")
    for row in rows:
        if row["withheld"] == "true":
            assert row["count"] == ""
        else:
            assert int(row["count"]) == 0 or int(row["count"]) >= 5
    assert any(row["withheld"] == "true" for row in rows)


def test_it_releases_people_only_in_groups_of_at_least_k(out: Path) -> None:
    rows = _read(out / "people_by_characteristics.csv")
    assert rows and all(int(r["count"]) >= 5 for r in rows)


def test_it_lists_every_file_with_its_hash_in_the_manifest(out: Path) -> None:
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert len(manifest["files"]) == len(DATASETS) * 2 + 3
    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]


def test_it_never_writes_a_name_or_birth_date(people: list[SyntheticPerson], out: Path) -> None:
    text = "\n".join(p.read_text("utf-8") for p in out.iterdir())
    for person in people:
        for needle in person.forbidden():
            assert needle not in text


def test_it_writes_nothing_when_a_forbidden_string_would_leak(tmp_path: Path) -> None:
    data = sample_report_data()
    leaked = dataclasses.replace(data.incidents[0], title=Bilingual("Arrest of Kim Ga-sang"))
    data = dataclasses.replace(data, incidents=(leaked, *data.incidents[1:]))
    with pytest.raises(DisclosureError):
        write_public_dataset(data, tmp_path / "out", forbidden=["Kim Ga-sang"])
    assert not (tmp_path / "out").exists()


def test_it_follows_a_stricter_policy(report_en: ReportData, tmp_path: Path) -> None:
    write_public_dataset(report_en, tmp_path, SuppressionPolicy(threshold=50, k=20))
    disclosure = json.loads((tmp_path / "disclosure.json").read_text("utf-8"))
    assert disclosure["threshold"] == 50 and disclosure["k"] == 20
    rows = _read(tmp_path / "people_by_characteristics.csv")
    assert all(int(r["count"]) >= 20 for r in rows)
