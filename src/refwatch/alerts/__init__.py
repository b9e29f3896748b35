"""Alert delivery: e-mail (SMTP) and signed webhooks, with retries and an outbox.

The engine (:mod:`refwatch.analysis.warning`) decides *what* to say; this
package says it.  Every message is written to an :class:`Outbox` before the
first attempt and updated after each one, so a failure is logged and kept for
a later :func:`retry_pending`, never lost.  The store implements
:class:`Outbox` with a table; the CLI uses :class:`JsonFileOutbox`.
"""

from __future__ import annotations

from refwatch.alerts.channels import (
    Channel,
    DeliveryError,
    SmtpChannel,
    WebhookChannel,
    sign_payload,
    verify_signature,
)
from refwatch.alerts.delivery import RetryPolicy, deliver, retry_pending
from refwatch.alerts.message import alert_body, alert_subject, canonical_json
from refwatch.alerts.outbox import JsonFileOutbox, MemoryOutbox, Outbox, OutboxEntry

__all__ = [
    "Channel",
    "DeliveryError",
    "JsonFileOutbox",
    "MemoryOutbox",
    "Outbox",
    "OutboxEntry",
    "RetryPolicy",
    "SmtpChannel",
    "WebhookChannel",
    "alert_body",
    "alert_subject",
    "canonical_json",
    "deliver",
    "retry_pending",
    "sign_payload",
    "verify_signature",
]
