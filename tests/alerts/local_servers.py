"""Local test servers on 127.0.0.1: a minimal SMTP sink and a webhook receiver."""

from __future__ import annotations

import http.server
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from refwatch.alerts import verify_signature
from refwatch.alerts.channels import SIGNATURE_HEADER, TIMESTAMP_HEADER


@dataclass
class Mailbox:
    envelopes: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough of RFC 5321 for smtplib: EHLO, MAIL, RCPT, DATA, QUIT."""

    server: Any

    def _say(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self) -> None:
        self._say("220 127.0.0.1 test sink")
        sender, recipients = "", []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self._say("250-127.0.0.1")
                self._say("250 8BITMIME")
            elif verb == "HELO" or verb in ("NOOP", "RSET"):
                self._say("250 OK")
            elif verb == "MAIL":
                sender = command.split(":", 1)[1].strip().strip("<>").split(">")[0]
                self._say("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self._say("250 OK")
            elif verb == "DATA":
                self._say("354 end with .")
                chunks: list[bytes] = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    chunks.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                message = message_from_bytes(b"".join(chunks), policy=policy.default)
                self.server.mailbox.envelopes.append((sender, recipients, message))
                sender, recipients = "", []
                self._say("250 OK queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not implemented")


class _SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    mailbox: Mailbox


@contextmanager
def smtp_sink() -> Iterator[tuple[int, Mailbox]]:
    server = _SmtpServer(("127.0.0.1", 0), _SmtpHandler)
    server.mailbox = Mailbox()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], server.mailbox
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@dataclass
class Receiver:
    secret: bytes
    statuses: list[int] = field(default_factory=list)  # answers to give, then 204
    received: list[dict[str, Any]] = field(default_factory=list)


class _WebhookHandler(http.server.BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        return

    def do_POST(self) -> None:
        receiver: Receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        valid = verify_signature(
            receiver.secret,
            self.headers.get(TIMESTAMP_HEADER, ""),
            body,
            self.headers.get(SIGNATURE_HEADER, ""),
        )
        receiver.received.append({"body": body, "valid": valid, "headers": dict(self.headers)})
        status = receiver.statuses.pop(0) if receiver.statuses else (204 if valid else 401)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


@contextmanager
def webhook_receiver(
    secret: bytes, statuses: list[int] | None = None
) -> Iterator[tuple[str, Receiver]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _WebhookHandler)
    server.daemon_threads = True
    receiver = Receiver(secret, list(statuses or []))
    server.receiver = receiver  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
