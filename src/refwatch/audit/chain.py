"""Recording audit events and verifying the chain.

``record_event`` is called inside the transaction of the action it records,
so an action and its audit row commit or roll back together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from refwatch.audit.models import AuditEvent, AuditHead
from refwatch.crypto import keyring

GENESIS = "0" * 64


def _chain_hash(event: AuditEvent) -> str:
    return keyring().mac("audit-chain", event.canonical())


def _head_mac(count: int, last_id: int, last_hash: str) -> str:
    return keyring().mac("audit-head", f"{count}:{last_id}:{last_hash}".encode())


def _object_ref(obj: Any) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        return str(obj[0]), str(obj[1])
    if isinstance(obj, models.Model):
        ref = getattr(obj, "uid", None) or obj.pk
        return obj._meta.label_lower, str(ref)
    return type(obj).__name__, str(obj)


def record_event(actor: Any, action: str, obj: Any = None, data: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event: who (a User, a name for system actors, or None), did what, to what.

    ``data`` must never hold identities (names, birth dates, testimony): ids,
    counts and hashes only.
    """
    object_type, object_id = _object_ref(obj)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        if head.count and head.head_mac != _head_mac(head.count, head.last_id, head.last_hash):
            raise RuntimeError("the audit head does not verify; run `refwatch audit verify`")
        is_user = actor is not None and isinstance(actor, models.Model)
        now = dt.datetime.now(dt.UTC)
        event = AuditEvent(
            id=head.last_id + 1,
            # Millisecond precision: what every backend and Django's JSON serialiser
            # keep, so a restored row hashes as it did when written.
            at=now.replace(microsecond=now.microsecond // 1000 * 1000),
            actor=actor if is_user else None,
            actor_name=(actor.get_username() if is_user else str(actor or "system")),
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=data or {},
            prev_hash=head.last_hash,
        )
        # JSON round-trip so the hash covers exactly what the database returns.
        event.data = AuditEvent._meta.get_field("data").to_python(event.data)
        event.chain_hash = _chain_hash(event)
        event.save(force_insert=True)
        head.count += 1
        head.last_id = event.id
        head.last_hash = event.chain_hash
        head.head_mac = _head_mac(head.count, head.last_id, head.last_hash)
        head.save()
    return event


@dataclass(frozen=True)
class ChainProblem:
    row: int | None
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "the head"
        return f"{where}: {self.reason}"


def _events() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("id").iterator(chunk_size=2000)


def verify_chain() -> tuple[int, ChainProblem | None]:
    """Walk the chain in id order; return (events checked, first problem or None)."""
    previous = GENESIS
    count = 0
    last_id = 0
    for event in _events():
        if event.prev_hash != previous:
            return count, ChainProblem(
                event.id, "does not follow the previous row (a row was removed, inserted or reordered)"
            )
        if event.chain_hash != _chain_hash(event):
            return count, ChainProblem(event.id, "content does not match its hash (altered)")
        previous = event.chain_hash
        last_id = event.id
        count += 1
    head = AuditHead.objects.filter(id=1).first()
    if head is None:
        if count:
            return count, ChainProblem(None, "missing while events exist")
        return count, None
    if head.head_mac != _head_mac(head.count, head.last_id, head.last_hash):
        return count, ChainProblem(None, "does not verify (altered)")
    if (head.count, head.last_id, head.last_hash) != (count, last_id, previous):
        return count, ChainProblem(
            None, f"records {head.count} events ending at row {head.last_id}, found {count} ending at row {last_id} (rows removed from the end?)"
        )
    return count, None
