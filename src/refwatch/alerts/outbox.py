"""The outbox: every message to deliver, with its attempts, until it is delivered.

:class:`Outbox` is the interface the store implements (one row per entry);
:class:`MemoryOutbox` serves tests and :class:`JsonFileOutbox` the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

Status = Literal["pending", "delivered", "failed"]


@dataclass(frozen=True)
class Attempt:
    at: dt.datetime
    ok: bool
    error: str = ""


@dataclass(frozen=True)
class OutboxEntry:
    """One alert to one channel.  ``failed`` means attempts ran out for now;
    :func:`refwatch.alerts.retry_pending` tries failed and pending entries again."""

    id: str
    channel: str
    alert: dict[str, Any]
    created: dt.datetime
    status: Status = "pending"
    attempts: tuple[Attempt, ...] = field(default=())

    @property
    def last_error(self) -> str:
        return next((a.error for a in reversed(self.attempts) if not a.ok), "")

    def with_attempt(self, at: dt.datetime, error: str | None) -> OutboxEntry:
        """A copy with one more attempt recorded (``error`` None means it succeeded)."""
        attempt = Attempt(at, error is None, error or "")
        status: Status = "delivered" if error is None else self.status
        return replace(self, attempts=(*self.attempts, attempt), status=status)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "channel": self.channel,
            "alert": self.alert,
            "created": self.created.isoformat(),
            "status": self.status,
            "attempts": [
                {"at": a.at.isoformat(), "ok": a.ok, "error": a.error} for a in self.attempts
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OutboxEntry:
        return cls(
            id=data["id"],
            channel=data["channel"],
            alert=data["alert"],
            created=dt.datetime.fromisoformat(data["created"]),
            status=data["status"],
            attempts=tuple(
                Attempt(dt.datetime.fromisoformat(a["at"]), bool(a["ok"]), a.get("error", ""))
                for a in data.get("attempts", [])
            ),
        )


class Outbox(Protocol):
    """Where messages wait.  ``put`` inserts or replaces by ``id`` and must be durable
    when it returns (the store: a committed row)."""

    def put(self, entry: OutboxEntry) -> None: ...

    def get(self, entry_id: str) -> OutboxEntry | None: ...

    def entries(self, status: Status | None = None) -> list[OutboxEntry]: ...


class MemoryOutbox:
    """An outbox in memory (tests, one-shot runs)."""

    def __init__(self) -> None:
        self._items: dict[str, OutboxEntry] = {}
        self._lock = threading.Lock()

    def put(self, entry: OutboxEntry) -> None:
        with self._lock:
            self._items[entry.id] = entry

    def get(self, entry_id: str) -> OutboxEntry | None:
        return self._items.get(entry_id)

    def entries(self, status: Status | None = None) -> list[OutboxEntry]:
        return [e for e in self._items.values() if status is None or e.status == status]


class JsonFileOutbox:
    """An outbox kept in one JSON file, rewritten atomically on every ``put``."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def _load(self) -> dict[str, OutboxEntry]:
        if not self.path.exists():
            return {}
        data = json.loads(self.path.read_text("utf-8") or "[]")
        return {item["id"]: OutboxEntry.from_dict(item) for item in data}

    def put(self, entry: OutboxEntry) -> None:
        with self._lock:
            items = self._load()
            items[entry.id] = entry
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".outbox-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(
                        [e.to_dict() for e in items.values()], handle, ensure_ascii=False, indent=1
                    )
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise

    def get(self, entry_id: str) -> OutboxEntry | None:
        return self._load().get(entry_id)

    def entries(self, status: Status | None = None) -> list[OutboxEntry]:
        return [e for e in self._load().values() if status is None or e.status == status]
