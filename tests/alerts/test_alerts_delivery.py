"""Retries with backoff, the outbox, and nothing lost."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from refwatch.alerts import (
    DeliveryError,
    JsonFileOutbox,
    MemoryOutbox,
    RetryPolicy,
    WebhookChannel,
    deliver,
    retry_pending,
)

from .local_servers import webhook_receiver

ALERT = {
    "rule_id": "synthetic",
    "level": "high",
    "title": "Synthetic alert",
    "as_of": "2023-10-01",
    "fingerprint": "0123456789abcdef",
    "reasons": ["a synthetic reason"],
    "evidence": [],
}
CLOCK = dt.datetime(2023, 10, 1, 6, 0, tzinfo=dt.UTC)


class Flaky:
    """A channel that fails ``failures`` times, then succeeds."""

    def __init__(self, failures: int, name: str = "flaky") -> None:
        self.failures = failures
        self.name = name
        self.sent: list[Mapping[str, Any]] = []

    def send(self, alert: Mapping[str, Any]) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise DeliveryError("synthetic outage")
        self.sent.append(alert)


def test_it_retries_with_exponential_backoff_until_delivered() -> None:
    waits: list[float] = []
    channel = Flaky(2)
    outbox = MemoryOutbox()
    [entry] = deliver(
        ALERT,
        [channel],
        outbox,
        policy=RetryPolicy(base_s=2),
        sleep=waits.append,
        clock=lambda: CLOCK,
    )
    assert entry.status == "delivered"
    assert waits == [2.0, 4.0]
    assert [a.ok for a in entry.attempts] == [False, False, True]
    assert outbox.get(entry.id) == entry
    assert channel.sent == [ALERT]


def test_it_keeps_and_logs_a_delivery_that_keeps_failing(caplog: pytest.LogCaptureFixture) -> None:
    outbox = MemoryOutbox()
    with caplog.at_level(logging.WARNING, logger="refwatch.alerts"):
        [entry] = deliver(
            ALERT, [Flaky(99)], outbox, policy=RetryPolicy(max_attempts=3), sleep=lambda s: None
        )
    assert entry.status == "failed"
    assert len(entry.attempts) == 3 and entry.last_error == "synthetic outage"
    assert outbox.entries("failed") == [entry]
    assert sum("failed (attempt" in r.message for r in caplog.records) == 3
    assert any("kept in the outbox" in r.message for r in caplog.records)
    # Later, the channel is back: the kept entry goes out.
    recovered = Flaky(0)
    [again] = retry_pending(outbox, [recovered], sleep=lambda s: None)
    assert again.status == "delivered" and len(again.attempts) == 4
    assert recovered.sent == [ALERT]


def test_it_sends_a_standing_alert_once_and_new_evidence_again() -> None:
    channel = Flaky(0)
    outbox = MemoryOutbox()
    deliver(ALERT, [channel], outbox, sleep=lambda s: None)
    deliver(ALERT, [channel], outbox, sleep=lambda s: None)
    deliver({**ALERT, "as_of": "2023-10-02"}, [channel], outbox, sleep=lambda s: None)
    assert len(channel.sent) == 1
    deliver({**ALERT, "fingerprint": "fedcba9876543210"}, [channel], outbox, sleep=lambda s: None)
    assert len(channel.sent) == 2


def test_the_json_file_outbox_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "outbox.json"
    deliver(
        ALERT,
        [Flaky(99)],
        JsonFileOutbox(path),
        policy=RetryPolicy(max_attempts=2),
        sleep=lambda s: None,
    )
    reopened = JsonFileOutbox(path)
    [entry] = reopened.entries()
    assert entry.status == "failed" and entry.alert == ALERT and len(entry.attempts) == 2
    [done] = retry_pending(reopened, [Flaky(0)], sleep=lambda s: None)
    assert JsonFileOutbox(path).entries("delivered") == [done]


def test_it_retries_a_webhook_that_answers_500_then_accepts() -> None:
    secret = b"synthetic"
    waits: list[float] = []
    with webhook_receiver(secret, statuses=[500, 503]) as (url, receiver):
        [entry] = deliver(ALERT, [WebhookChannel(url, secret)], MemoryOutbox(), sleep=waits.append)
    assert entry.status == "delivered"
    assert [a.error for a in entry.attempts] == [f"{url}: HTTP 500", f"{url}: HTTP 503", ""]
    assert len(receiver.received) == 3 and all(r["valid"] for r in receiver.received)
    assert waits == [2.0, 4.0]


def test_the_backoff_is_capped_and_jitter_comes_from_the_callers_rng() -> None:
    import random

    policy = RetryPolicy(base_s=10, factor=3, max_s=60, jitter=0.5)
    assert [policy.delay(n) for n in range(4)] == [10, 30, 60, 60]
    a, b = random.Random(3), random.Random(3)
    assert policy.delay(1, a) == policy.delay(1, b) > 30
