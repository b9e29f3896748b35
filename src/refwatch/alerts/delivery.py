"""Deliver alerts through channels with retries and backoff, via the outbox.

Order of work for each channel: write the entry to the outbox (so it exists
before anything can fail), try to send, record the attempt, back off, try
again up to ``max_attempts``; then leave the entry ``failed`` for
:func:`retry_pending`.  Failures are logged on the ``refwatch.alerts``
logger with the channel and the error; nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from refwatch.alerts.channels import Channel, DeliveryError
from refwatch.alerts.outbox import Outbox, OutboxEntry
from refwatch.analysis.warning import Alert

logger = logging.getLogger("refwatch.alerts")


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: ``base_s * factor**n`` seconds after the n-th failure
    (n from 0), capped at ``max_s``, stretched by up to ``jitter`` (a fraction)
    drawn from the caller's ``rng``."""

    max_attempts: int = 5
    base_s: float = 2.0
    factor: float = 2.0
    max_s: float = 300.0
    jitter: float = 0.0

    def delay(self, failures: int, rng: random.Random | None = None) -> float:
        wait = min(self.max_s, self.base_s * self.factor**failures)
        if self.jitter and rng is not None:
            wait *= 1.0 + self.jitter * rng.random()
        return wait


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _entry_id(alert: Mapping[str, Any], channel: str) -> str:
    # The fingerprint names the situation (rule + evidence), not the day: a daily
    # run re-raising the same alert does not notify again; new evidence does.
    return f"{alert.get('rule_id', '')}:{alert.get('fingerprint', '')}:{channel}"


def _attempt(
    entry: OutboxEntry,
    channel: Channel,
    outbox: Outbox,
    policy: RetryPolicy,
    sleep: Callable[[float], None],
    clock: Callable[[], dt.datetime],
    rng: random.Random | None,
) -> OutboxEntry:
    for n in range(policy.max_attempts):
        try:
            channel.send(entry.alert)
        except DeliveryError as exc:
            entry = entry.with_attempt(clock(), str(exc))
            outbox.put(entry)
            logger.warning(
                "delivery of %s via %s failed (attempt %d of %d): %s",
                entry.id,
                channel.name,
                n + 1,
                policy.max_attempts,
                exc,
            )
            if n + 1 < policy.max_attempts:
                sleep(policy.delay(n, rng))
            continue
        entry = entry.with_attempt(clock(), None)
        outbox.put(entry)
        logger.info("delivered %s via %s", entry.id, channel.name)
        return entry
    entry = replace(entry, status="failed")
    outbox.put(entry)
    logger.error("giving up for now on %s via %s; kept in the outbox", entry.id, channel.name)
    return entry


def deliver(
    alert: Alert | Mapping[str, Any],
    channels: Sequence[Channel],
    outbox: Outbox,
    *,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], dt.datetime] = _utcnow,
    rng: random.Random | None = None,
) -> list[OutboxEntry]:
    """Send ``alert`` (an :class:`~refwatch.analysis.warning.Alert` or its dict)
    through every channel; returns the outbox entries after the attempts.

    Idempotent: an alert already delivered to a channel with the same rule and
    fingerprint (the same evidence) is not sent again, whatever the day.
    """
    payload: dict[str, Any] = alert.to_dict() if isinstance(alert, Alert) else dict(alert)
    policy = policy or RetryPolicy()
    results: list[OutboxEntry] = []
    for channel in channels:
        entry_id = _entry_id(payload, channel.name)
        existing = outbox.get(entry_id)
        if existing is not None and existing.status == "delivered":
            results.append(existing)
            continue
        entry = existing or OutboxEntry(entry_id, channel.name, payload, clock())
        if existing is None:
            outbox.put(entry)
        results.append(_attempt(entry, channel, outbox, policy, sleep, clock, rng))
    return results


def retry_pending(
    outbox: Outbox,
    channels: Iterable[Channel],
    *,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], dt.datetime] = _utcnow,
    rng: random.Random | None = None,
) -> list[OutboxEntry]:
    """Try again every pending or failed entry whose channel is given (by name).

    Entries for channels not given stay as they are (and are logged)."""
    by_name = {c.name: c for c in channels}
    policy = policy or RetryPolicy()
    done: list[OutboxEntry] = []
    for entry in [*outbox.entries("pending"), *outbox.entries("failed")]:
        channel = by_name.get(entry.channel)
        if channel is None:
            logger.warning(
                "no channel %r configured for %s; left in the outbox", entry.channel, entry.id
            )
            continue
        done.append(
            _attempt(replace(entry, status="pending"), channel, outbox, policy, sleep, clock, rng)
        )
    return done
