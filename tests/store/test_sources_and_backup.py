"""Sources are preserved and hashed; backups restore into an empty home and verify."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest


def test_add_source_hashes_and_refuses_a_duplicate(cli: Any, cli_home: Path, tmp_path: Path) -> None:
    doc = tmp_path / "statement.txt"
    doc.write_bytes("합성 성명서: 강제송환을 중단하라".encode())
    out = cli(cli_home, "add-source", str(doc), "--kind", "statement", "--published", "2023-10-12",
              "--publisher", "Example NGO", "--lang", "ko", "--reliability", "B").stdout
    assert hashlib.sha256(doc.read_bytes()).hexdigest() in out
    again = cli(cli_home, "add-source", str(doc), "--kind", "news", check=False)
    assert again.returncode != 0 and "already added as source" in again.stderr


@pytest.mark.django_db
def test_a_preserved_original_comes_back_intact_and_its_access_is_logged(personas: dict[str, Any]) -> None:
    from refwatch.records.actions import add_source, read_original

    source = add_source(b"synthetic testimony bytes", kind="testimony", filename="t.txt",
                        acting_user=personas["documenter"])
    assert bytes(source.original_enc).find(b"synthetic testimony") == -1
    assert read_original(source, acting_user=personas["documenter"], purpose="review") == b"synthetic testimony bytes"
    assert [c.action for c in source.custody.all()] == ["received", "accessed"]


def test_backup_restores_into_an_empty_home_and_verifies(cli: Any, cli_home: Path, synthetic_list: Path, tmp_path: Path) -> None:
    cli(cli_home, "import-list", str(synthetic_list))
    archive = tmp_path / "store.rwbackup"
    cli(cli_home, "backup", str(archive))
    assert b"\xeb\xa6\xbc" not in archive.read_bytes()  # no Hangul (e.g. 림) in clear
    new_home = tmp_path / "restored"
    out = cli(new_home, "restore", str(archive), "--key-file", str(cli_home / "keys.json")).stdout
    assert "audit chain intact" in out
    assert cli(new_home, "audit", "verify").returncode == 0
    export = tmp_path / "e.json"
    cli(new_home, "export", "--out", str(export), "--format", "json")
    assert len(json.loads(export.read_text())) == 5
    # A second restore into the now non-empty home is refused.
    again = cli(new_home, "restore", str(archive), check=False)
    assert again.returncode != 0 and "not empty" in again.stderr


def test_a_backup_does_not_open_with_another_key_file(cli: Any, cli_home: Path, tmp_path: Path) -> None:
    archive = tmp_path / "store.rwbackup"
    cli(cli_home, "backup", str(archive))
    other = tmp_path / "other"
    pw = tmp_path / "pw"
    pw.write_text("a long synthetic passphrase")
    cli(other, "init", "--admin-password-file", str(pw))
    result = cli(tmp_path / "third", "restore", str(archive), "--key-file", str(other / "keys.json"), check=False)
    assert result.returncode != 0 and "does not decrypt" in result.stderr
