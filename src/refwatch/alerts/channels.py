"""Delivery channels: SMTP e-mail and HMAC-SHA256-signed webhooks.

A channel sends one alert (its JSON-ready dict) or raises
:class:`DeliveryError`; retrying is the caller's job (:mod:`.delivery`).

Webhook signature: the request carries ``X-Refwatch-Timestamp`` (Unix
seconds) and ``X-Refwatch-Signature: sha256=<hex>``, the HMAC-SHA256 under
the shared secret of ``<timestamp>.`` followed by the exact body bytes.
Receivers check it with :func:`verify_signature`, which also rejects stale
timestamps (replays).
"""

from __future__ import annotations

import hashlib
import hmac
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Protocol

from refwatch.alerts.message import alert_body, alert_subject, canonical_json

SIGNATURE_HEADER = "X-Refwatch-Signature"
TIMESTAMP_HEADER = "X-Refwatch-Timestamp"


class DeliveryError(Exception):
    """One attempt to deliver failed; the message says why (never the secret)."""


class Channel(Protocol):
    @property
    def name(self) -> str: ...

    def send(self, alert: Mapping[str, Any]) -> None: ...


def sign_payload(secret: bytes, timestamp: int, body: bytes) -> str:
    """The signature header value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(
    secret: bytes,
    timestamp: str,
    body: bytes,
    signature: str,
    *,
    now: float | None = None,
    tolerance_s: int = 300,
) -> bool:
    """True when ``signature`` matches and ``timestamp`` is within ``tolerance_s`` of now."""
    try:
        stamp = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - stamp) > tolerance_s:
        return False
    return hmac.compare_digest(sign_payload(secret, stamp, body), signature)


@dataclass(frozen=True)
class WebhookChannel:
    """POST the alert as JSON to ``url`` (http or https), signed with ``secret``."""

    url: str
    secret: bytes = field(repr=False)
    timeout_s: float = 10.0
    name: str = "webhook"

    def __post_init__(self) -> None:
        scheme = urllib.parse.urlsplit(self.url).scheme
        if scheme not in ("http", "https"):
            raise ValueError(f"webhook URL must be http or https, not {scheme!r}")
        if not self.secret:
            raise ValueError("a webhook needs a non-empty secret")

    def send(self, alert: Mapping[str, Any]) -> None:
        body = canonical_json(alert)
        stamp = int(time.time())
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __post_init__
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "refwatch-alerts",
                TIMESTAMP_HEADER: str(stamp),
                SIGNATURE_HEADER: sign_payload(self.secret, stamp, body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"{self.url}: HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise DeliveryError(f"{self.url}: {exc}") from exc
        if not 200 <= status < 300:
            raise DeliveryError(f"{self.url}: HTTP {status}")


@dataclass(frozen=True)
class SmtpChannel:
    """Send the alert as a plain-text e-mail through an SMTP server.

    ``security`` is ``"starttls"`` (default), ``"ssl"`` (implicit TLS) or
    ``"none"`` (only for a relay on the same machine or a test server).
    """

    host: str
    port: int
    sender: str
    recipients: Sequence[str]
    security: str = "starttls"
    username: str = ""
    password: str = field(default="", repr=False)
    timeout_s: float = 10.0
    name: str = "email"

    def __post_init__(self) -> None:
        if self.security not in ("starttls", "ssl", "none"):
            raise ValueError("security must be starttls, ssl or none")
        if not self.recipients:
            raise ValueError("an e-mail channel needs at least one recipient")

    def message(self, alert: Mapping[str, Any]) -> EmailMessage:
        """The e-mail for ``alert`` (text body, JSON-free)."""
        msg = EmailMessage()
        msg["Subject"] = alert_subject(alert)
        msg["From"] = self.sender
        msg["To"] = ", ".join(self.recipients)
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = make_msgid(domain="refwatch.local")
        msg["X-Refwatch-Fingerprint"] = str(alert.get("fingerprint", ""))
        msg.set_content(alert_body(alert))
        return msg

    def send(self, alert: Mapping[str, Any]) -> None:
        msg = self.message(alert)
        context = ssl.create_default_context()
        try:
            client: smtplib.SMTP
            if self.security == "ssl":
                client = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout_s, context=context
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout_s)
            with client:
                if self.security == "starttls":
                    client.starttls(context=context)
                if self.username:
                    client.login(self.username, self.password)
                refused = client.send_message(msg)
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"smtp {self.host}:{self.port}: {exc}") from exc
        if refused:
            raise DeliveryError(f"smtp {self.host}:{self.port}: refused {sorted(refused)}")
