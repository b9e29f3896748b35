"""refwatch link: list spec in, clusters and capture histories contracts out."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from refwatch.cli import main

from .conftest import LinkedLists

# The synthetic lists include an .xlsx file; openpyxl sometimes leaves its handle to the
# garbage collector, which pytest reports as an unraisable ResourceWarning.
pytestmark = pytest.mark.filterwarnings(
    r"ignore:Exception ignored in. <_io.FileIO name='.*\.xlsx':pytest.PytestUnraisableExceptionWarning"
)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_it_writes_clusters_histories_and_the_model(linked: LinkedLists, tmp_path: Path) -> None:
    out, histories = tmp_path / "clusters.csv", tmp_path / "histories.csv"
    result = CliRunner().invoke(
        main,
        [
            "link", str(linked.directory / "lists.toml"), "--out", str(out),
            "--histories", str(histories), "--stratify", "sex", "--seed", "3", "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output

    clusters = read_csv(out)
    assert list(clusters[0]) == ["list", "record_id", "entity_id", "match_probability"]
    assert {(r["list"], r["record_id"]) for r in clusters} == set(linked.truth)
    # the CLI runs the same model as the library: same seed, same entities
    assert {(r["list"], r["record_id"]): r["entity_id"] for r in clusters} == (
        linked.result.entity_of()
    )

    rows = read_csv(histories)
    lists = sorted(linked.records)
    assert list(rows[0]) == [*lists, "count", "stratum"]
    assert all(any(r[name] == "1" for name in lists) for r in rows)
    assert sum(int(r["count"]) for r in rows) == linked.result.n_entities
    assert {r["stratum"] for r in rows} <= {"F", "M", "unknown"}

    model = json.loads((tmp_path / "clusters.model.json").read_text(encoding="utf-8"))
    assert model["link_type"] == "dedupe_only"


def test_it_lists_every_option_in_its_help_and_in_the_docs() -> None:
    result = CliRunner().invoke(main, ["link", "--help"])
    assert result.exit_code == 0
    docs = (Path(__file__).parents[3] / "docs" / "linkage.md").read_text(encoding="utf-8")
    for option in ("--out", "--histories", "--stratify", "--threshold", "--backend",
                   "--spark-master", "--seed", "--model", "--compare", "--quiet"):
        assert option in result.output
        assert f"`{option}" in docs


def test_it_reports_an_unreadable_spec_without_a_traceback(tmp_path: Path) -> None:
    spec = tmp_path / "lists.toml"
    spec.write_text('[[lists]]\nname = "A"\npath = "missing.csv"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["link", str(spec), "--out", str(tmp_path / "c.csv")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_it_keeps_a_row_whose_birth_date_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        "번호,성명,생년월일\n1,김철수,1980.3.1\n2,리영희,어느 해\n3,박민준,1975\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(
        "record_id,surname,given_name,birth_date\nb1,Kim,Cheolsu,1980-03-01\nb2,Ri,Yonghui,1990\n",
        encoding="utf-8")
    (tmp_path / "lists.toml").write_text(
        '[[lists]]\nname = "A"\npath = "a.csv"\n[[lists]]\nname = "B"\npath = "b.csv"\n', encoding="utf-8")
    out = tmp_path / "clusters.csv"
    result = CliRunner().invoke(main, ["link", str(tmp_path / "lists.toml"), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert any(r.startswith("A,2,") for r in rows)
    assert len(rows) == 1 + 5
