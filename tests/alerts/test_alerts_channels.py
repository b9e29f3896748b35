"""E-mail to a local SMTP sink and signed webhooks to a local HTTP receiver."""

from __future__ import annotations

import json
import socket
import time

import pytest

from refwatch.alerts import (
    DeliveryError,
    SmtpChannel,
    WebhookChannel,
    sign_payload,
    verify_signature,
)
from refwatch.analysis.warning import default_rules, evaluate, example_history

from .local_servers import smtp_sink, webhook_receiver

SECRET = b"synthetic shared secret"


@pytest.fixture(scope="module")
def alert() -> dict[str, object]:
    import datetime as dt

    [first, *_] = evaluate(default_rules(), example_history(), dt.date(2023, 10, 1))
    return first.to_dict()


def test_it_emails_the_alert_with_its_evidence_and_sources(alert: dict[str, object]) -> None:
    with smtp_sink() as (port, mailbox):
        channel = SmtpChannel(
            host="127.0.0.1",
            port=port,
            sender="watch@example.org",
            recipients=["desk@example.org", "un-desk@example.org"],
            security="none",
        )
        channel.send(alert)
    [(sender, recipients, message)] = mailbox.envelopes
    assert sender == "watch@example.org"
    assert recipients == ["desk@example.org", "un-desk@example.org"]
    assert message["Subject"].startswith("[refwatch] HIGH: People held, border open")
    body = message.get_content()
    assert "Hangzhou Asian Games ends 2023-10-08" in body
    assert "border-2023-08-open" in body and "published 2023-08-27" in body
    assert message["X-Refwatch-Fingerprint"] == alert["fingerprint"]


def test_it_reports_an_unreachable_mail_server_as_a_delivery_error(
    alert: dict[str, object],
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound but not listening: connection refused
        channel = SmtpChannel(
            "127.0.0.1", port, "a@example.org", ["b@example.org"], security="none", timeout_s=2
        )
        with pytest.raises(DeliveryError, match=f"127.0.0.1:{port}"):
            channel.send(alert)


def test_it_signs_webhooks_so_the_receiver_can_verify_them(alert: dict[str, object]) -> None:
    with webhook_receiver(SECRET) as (url, receiver):
        WebhookChannel(url, SECRET).send(alert)
    [request] = receiver.received
    assert request["valid"] is True
    assert json.loads(request["body"])["rule_id"] == alert["rule_id"]


def test_a_receiver_with_another_secret_rejects_the_webhook(alert: dict[str, object]) -> None:
    with webhook_receiver(b"another secret") as (url, receiver):
        with pytest.raises(DeliveryError, match="HTTP 401"):
            WebhookChannel(url, SECRET).send(alert)
    assert receiver.received[0]["valid"] is False


def test_the_signature_breaks_on_a_changed_body_or_a_stale_timestamp() -> None:
    now = int(time.time())
    body = b'{"level":"high"}'
    signature = sign_payload(SECRET, now, body)
    assert verify_signature(SECRET, str(now), body, signature)
    assert not verify_signature(SECRET, str(now), b'{"level":"low"}', signature)
    assert not verify_signature(SECRET, str(now), body, signature, now=now + 3600)
    assert not verify_signature(SECRET, "not a time", body, signature)


def test_it_refuses_non_http_webhook_urls_and_empty_secrets() -> None:
    with pytest.raises(ValueError, match="http or https"):
        WebhookChannel("file:///etc/passwd", SECRET)
    with pytest.raises(ValueError, match="secret"):
        WebhookChannel("https://example.org/hook", b"")
