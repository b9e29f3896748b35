"""Encrypted backups of the whole store, and their verified restore.

A backup is the store's rows as Django serialises them (sealed columns stay
ciphertext), gzipped and encrypted with AES-256-GCM under a key derived from the
key file. Restoring needs the same key file: keep a copy of it somewhere other
than the backups. Restore refuses a non-empty store, then checks row counts and
the audit chain against what the backup recorded.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction

from refwatch import __version__
from refwatch.audit.chain import verify_chain
from refwatch.crypto import keyring

MAGIC = b"REFWATCH-BACKUP-1\n"
AAD = b"refwatch-backup-v1"
APPS = ("accounts", "audit", "records")


class BackupError(Exception):
    pass


def _models() -> list[Any]:
    # Dependency order: referenced tables first.
    from django.core.serializers import sort_dependencies

    app_list = [(apps.get_app_config(label), None) for label in APPS]
    return sort_dependencies(app_list, allow_cycles=True)


def write_backup(path: Path) -> dict[str, int]:
    """Write an encrypted archive of every row; return row counts per model."""
    counts: dict[str, int] = {}
    tables: dict[str, Any] = {}
    for model in _models():
        qs = model._default_manager.order_by("pk")
        counts[model._meta.label] = qs.count()
        tables[model._meta.label] = json.loads(serializers.serialize("json", qs))
    archive = {
        "format": 1,
        "refwatch": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(),
        "counts": counts,
        "tables": tables,
    }
    plain = gzip.compress(json.dumps(archive, ensure_ascii=False).encode(), compresslevel=6)
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(keyring().derived_key("backup")).encrypt(nonce, plain, AAD)
    path.write_bytes(MAGIC + nonce + sealed)
    path.chmod(0o600)
    return counts


def read_backup(path: Path) -> dict[str, Any]:
    blob = path.read_bytes()
    if not blob.startswith(MAGIC):
        raise BackupError(f"{path} is not a refwatch backup")
    body = blob[len(MAGIC) :]
    try:
        plain = AESGCM(keyring().derived_key("backup")).decrypt(body[:12], body[12:], AAD)
    except InvalidTag:
        raise BackupError(
            f"{path} does not decrypt with this key file (wrong key file, or the archive was altered)"
        ) from None
    archive: dict[str, Any] = json.loads(gzip.decompress(plain))
    return archive


@dataclass(frozen=True)
class RestoreReport:
    counts: dict[str, int]
    audit_events: int


def restore_backup(path: Path) -> RestoreReport:
    """Restore into an empty store and verify counts and the audit chain."""
    archive = read_backup(path)
    models = _models()
    for model in models:
        if model._default_manager.exists():
            raise BackupError(
                f"the store is not empty ({model._meta.label} has rows): restore needs an empty home"
            )
    with transaction.atomic():
        for model in models:
            rows = archive["tables"].get(model._meta.label, [])
            if not rows:
                continue
            for obj in serializers.deserialize("json", json.dumps(rows)):
                obj.save()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    counts = {m._meta.label: m._default_manager.count() for m in models}
    if counts != archive["counts"]:
        diff = {k: (archive["counts"].get(k), v) for k, v in counts.items() if archive["counts"].get(k) != v}
        raise BackupError(f"row counts differ after restore (expected, found): {diff}")
    n, problem = verify_chain()
    if problem is not None:
        raise BackupError(f"the restored audit chain does not verify: {problem}")
    return RestoreReport(counts=counts, audit_events=n)
