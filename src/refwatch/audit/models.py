"""The append-only, hash-chained audit log.

Each row's ``chain_hash`` is an HMAC-SHA256 (keyed from the key file, which is
not in the database) over the previous row's hash and this row's canonical
content. Someone with raw database access can change rows but cannot compute
valid hashes, so ``refwatch audit verify`` finds alterations, deletions and
reorderings. ``AuditHead`` carries the count and last hash (also keyed), so
cutting rows off the end is found too. The ORM refuses updates and deletes, and
database triggers (see the migrations) refuse them on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("the audit log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the audit log is append-only")


class AuditEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    chain_hash = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.id} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the audit log is append-only")

    def canonical(self) -> bytes:
        """The content the chain hash covers, in a stable serialisation."""
        return json.dumps(
            [
                self.id,
                self.at.isoformat(),
                self.actor_id,
                self.actor_name,
                self.action,
                self.object_type,
                self.object_id,
                self.data,
                self.prev_hash,
            ],
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()


class AuditHead(models.Model):
    """One row: how many events there are and the last hash, keyed."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    count = models.BigIntegerField(default=0)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    head_mac = models.CharField(max_length=64, default="")
