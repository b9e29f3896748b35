"""`refwatch extract` and `refwatch incidents` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from refwatch.cli import main

ARTICLE_EN = "SEOUL - Chinese police detained 14 North Koreans in Tumen on March 2, 2024, activists said.\n"
ARTICLE_KO = "대북 소식통에 따르면 지난 2일 투먼에서 탈북민 10여 명이 체포됐다.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_it_extracts_claims_from_files(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(ARTICLE_EN, encoding="utf-8")
    code, out, _ = run("extract", str(article), "--published", "2024-03-05")
    assert code == 0
    claims = [json.loads(line) for line in out.splitlines()]
    assert [(c["doc_id"], c["event_type"], c["count_low"], c["date_start"]) for c in claims] == [
        ("story", "detention", 14, "2024-03-02")]


def test_it_needs_a_publication_date_for_files(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(ARTICLE_EN, encoding="utf-8")
    code, _, err = run("extract", str(article))
    assert code != 0 and "--published" in err
    code, _, err = run("extract", str(article), "--published", "yesterday")
    assert code != 0


def test_it_runs_a_batch_and_detects_the_language(tmp_path: Path) -> None:
    documents = tmp_path / "documents.jsonl"
    documents.write_text(
        json.dumps({"id": "e1", "text": ARTICLE_EN, "published": "2024-03-05", "lang": "en"}) + "\n"
        + json.dumps({"id": "k1", "text": ARTICLE_KO, "published": "2024-03-05"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "claims.jsonl"
    code, _, err = run("extract", "--batch", str(documents), "--out", str(out))
    assert code == 0 and "2 claims from 2 documents" in err
    claims = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(c["doc_id"], c["lang"], c["date_start"]) for c in claims] == [
        ("e1", "en", "2024-03-02"), ("k1", "ko", "2024-03-02")]

    incidents_file = tmp_path / "incidents.json"
    code, _, _ = run("incidents", str(out), "--out", str(incidents_file))
    assert code == 0
    report = json.loads(incidents_file.read_text(encoding="utf-8"))
    assert len(report["incidents"]) == 2  # a detention and an arrest
    assert report["unassigned"] == []


def test_it_reports_a_broken_batch_line(tmp_path: Path) -> None:
    documents = tmp_path / "documents.jsonl"
    documents.write_text('{"id": "a", "text": "x"}\n{not json\n', encoding="utf-8")
    code, _, err = run("extract", "--batch", str(documents))
    assert code != 0 and ":2:" in err


def test_it_refuses_files_and_batch_together(tmp_path: Path) -> None:
    documents = tmp_path / "documents.jsonl"
    documents.write_text("", encoding="utf-8")
    code, _, _ = run("extract", str(documents), "--batch", str(documents), "--published", "2024")
    assert code != 0


def test_every_option_is_documented() -> None:
    docs = (Path(__file__).parents[3] / "docs" / "extraction.md").read_text(encoding="utf-8")
    for option in ("--published", "--lang", "--batch", "--out", "refwatch extract", "refwatch incidents"):
        assert option in docs
