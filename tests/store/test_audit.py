"""The audit log is append-only and its keyed hash chain finds any tampering."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from refwatch.audit.chain import record_event, verify_chain
from refwatch.audit.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


def _drop_triggers() -> None:
    """What someone with raw database access would do first."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update_delete ON audit_auditevent")


def _events(n: int = 5) -> list[AuditEvent]:
    return [record_event(None, "test.event", ("thing", str(i)), {"i": i}) for i in range(n)]


def test_an_intact_chain_verifies() -> None:
    _events()
    count, problem = verify_chain()
    assert problem is None
    assert count == 5


def test_the_orm_refuses_updates_and_deletes() -> None:
    event = _events(1)[0]
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_raw_updates_and_deletes() -> None:
    from django.db import DatabaseError, transaction

    _events(1)
    for sql in ("UPDATE audit_auditevent SET action = 'forged'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.filter(action="test.event").count() == 1


def test_an_altered_row_is_found() -> None:
    events = _events()
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"i": 99}', events[2].id])
    _, problem = verify_chain()
    assert problem is not None and problem.row == events[2].id


def test_a_deleted_row_is_found() -> None:
    events = _events()
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].id])
    _, problem = verify_chain()
    assert problem is not None and problem.row == events[2].id


def test_a_row_cut_off_the_end_is_found() -> None:
    events = _events()
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].id])
    _, problem = verify_chain()
    assert problem is not None and problem.row is None and "end" in problem.reason


def test_reordered_rows_are_found() -> None:
    events = _events()
    a, b = events[1].id, events[3].id
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET id = %s WHERE id = %s", [-1, a])
        cursor.execute("UPDATE audit_auditevent SET id = %s WHERE id = %s", [a, b])
        cursor.execute("UPDATE audit_auditevent SET id = %s WHERE id = %s", [b, -1])
    _, problem = verify_chain()
    assert problem is not None and problem.row == a


def test_a_recomputed_plain_hash_does_not_fool_it() -> None:
    import hashlib

    events = _events()
    _drop_triggers()
    target = AuditEvent.objects.get(id=events[2].id)
    target.data = {"i": 1234}
    forged = hashlib.sha256(target.canonical()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET data = %s, chain_hash = %s WHERE id = %s",
                       ['{"i": 1234}', forged, target.id])
    _, problem = verify_chain()
    assert problem is not None and problem.row == target.id


def test_audit_verify_exits_nonzero_after_raw_sql_tampering(cli: Any, cli_home: Path) -> None:
    assert cli(cli_home, "audit", "verify").returncode == 0
    db = sqlite3.connect(cli_home / "refwatch.sqlite3")
    db.execute("DROP TRIGGER audit_event_no_update")
    db.execute("UPDATE audit_auditevent SET action = 'user.deleted' WHERE id = 2")
    db.commit()
    db.close()
    result = cli(cli_home, "audit", "verify", check=False)
    assert result.returncode != 0
    assert "row 2" in result.stderr
