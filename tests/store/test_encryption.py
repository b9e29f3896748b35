"""Identities are encrypted at rest, bound to their row, and rotate without downtime."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest

from refwatch.crypto import DecryptionError, KeyRing, associated_data

NAMES = ["림서윤", "Pak Chol-ung", "강혜진", "GANG HYEJIN", "도예람", "Ryu Sonhwa"]
BIRTH_DATES = ["1987.4.12", "12 May 1979", "85.03.15", "Mar 1990"]
TESTIMONY = "합성 증언: 우리는 밤에 트럭에 태워졌다"


def _identity_needles() -> list[bytes]:
    return [s.encode("utf-8") for s in NAMES + BIRTH_DATES + [TESTIMONY]]


def _add_testimony(cli: Any, home: Path, tmp_path: Path) -> None:
    statement = tmp_path / "testimony.txt"
    statement.write_text(TESTIMONY, encoding="utf-8")
    cli(home, "add-source", str(statement), "--kind", "testimony", "--lang", "ko")


def test_it_leaves_no_identity_in_the_sqlite_file(cli: Any, cli_home: Path, synthetic_list: Path, tmp_path: Path) -> None:
    cli(cli_home, "import-list", str(synthetic_list))
    _add_testimony(cli, cli_home, tmp_path)
    raw = b"".join(p.read_bytes() for p in cli_home.glob("refwatch.sqlite3*"))
    assert len(raw) > 100_000
    leaked = [n.decode() for n in _identity_needles() if n in raw]
    assert leaked == []


@pytest.mark.postgres
def test_it_leaves_no_identity_in_a_postgres_dump(cli: Any, postgres_url: str, synthetic_list: Path, tmp_path: Path) -> None:
    import psycopg

    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    name = f"refwatch_enc_{uuid.uuid4().hex[:8]}"
    admin_url = postgres_url.replace("postgres://", "postgresql://")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    db_url = admin_url.rsplit("/", 1)[0] + "/" + name
    try:
        env = {"DATABASE_URL": db_url}
        home = tmp_path / "pghome"
        pw = tmp_path / "pw"
        pw.write_text("a long synthetic passphrase")
        cli(home, "init", "--admin-password-file", str(pw), env=env)
        cli(home, "import-list", str(synthetic_list), env=env)
        statement = tmp_path / "testimony_pg.txt"
        statement.write_text(TESTIMONY + " (pg)", encoding="utf-8")
        cli(home, "add-source", str(statement), "--kind", "testimony", env=env)
        dump = subprocess.run(["pg_dump", "--no-owner", db_url], capture_output=True, check=True).stdout
        assert b"list_A" in dump or b"records_listrecord" in dump
        leaked = [n.decode() for n in _identity_needles() if n in dump]
        assert leaked == []
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_ciphertext_moved_to_another_row_does_not_decrypt() -> None:
    ring = KeyRing.generate()
    token = ring.encrypt("림서윤".encode(), associated_data("records_personname", "name", "row-1"))
    assert ring.decrypt(token, associated_data("records_personname", "name", "row-1")) == "림서윤".encode()
    with pytest.raises(DecryptionError):
        ring.decrypt(token, associated_data("records_personname", "name", "row-2"))
    with pytest.raises(DecryptionError):
        ring.decrypt(token, associated_data("records_personname", "other", "row-1"))


def test_the_blind_index_finds_equal_names_and_hides_them() -> None:
    ring = KeyRing.generate()
    assert ring.blind_index("Pak Chol-ung") == ring.blind_index("PAK CHOLUNG")
    assert ring.blind_index("Pak Chol-ung") != ring.blind_index("Pak Chol-su")
    assert "pak" not in ring.blind_index("Pak Chol-ung")
    other = KeyRing.generate()
    assert other.blind_index("Pak Chol-ung") != ring.blind_index("Pak Chol-ung")


def test_the_key_file_is_private(cli_home: Path) -> None:
    assert (cli_home / "keys.json").stat().st_mode & 0o777 == 0o600


def test_rotation_reencrypts_everything_and_stays_readable(cli: Any, cli_home: Path, synthetic_list: Path) -> None:
    import json

    cli(cli_home, "import-list", str(synthetic_list))
    before = json.loads((cli_home / "keys.json").read_text())["active"]
    out = cli(cli_home, "keys", "rotate").stdout
    ring = json.loads((cli_home / "keys.json").read_text())
    assert ring["active"] != before
    assert list(ring["data_keys"]) == [ring["active"]], "the old key is retired once unused"
    assert "re-encrypted rows" in out
    assert "all values under the active key" in cli(cli_home, "keys", "status").stdout
    export = cli_home / "export.csv"
    cli(cli_home, "export", "--out", str(export))
    assert export.read_text().count("\n") == 6


@pytest.mark.django_db
def test_an_interrupted_rotation_resumes(personas: dict[str, Any]) -> None:
    from refwatch.crypto import keyring, reload_keyring
    from refwatch.crypto.rotation import count_stale, rotate
    from refwatch.records.actions import create_person
    from refwatch.records.models import PersonName

    for i in range(3):
        create_person(names=[f"합성이름{i}"], acting_user=personas["documenter"], birth_date="1990")
    ring = keyring()
    old = ring.active
    ring.add_key()
    ring.save()
    reload_keyring()
    # Interrupted after one row: re-encrypt a single name by hand.
    first = PersonName.objects.order_by("id").first()
    assert first is not None and first.reseal()
    first.save()
    assert count_stale(), "values remain under the old key"
    assert old in keyring().data_keys, "the old key is kept while values use it"
    rotate(new_key=False)
    assert count_stale() == {}
    assert sorted(n.unseal("name") for n in PersonName.objects.all()) == ["합성이름0", "합성이름1", "합성이름2"]
    assert old not in keyring().data_keys
