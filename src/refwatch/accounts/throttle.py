"""Login throttling kept in the database (SQLite or PostgreSQL, no cache server).

Every password or code attempt is a :class:`LoginAttempt` row. Once a username
(or an address) has too many failures inside the window, further attempts are
refused without checking the password, until the window moves past them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from refwatch.accounts.models import LoginAttempt


def _policy() -> dict[str, Any]:
    return dict(settings.REFWATCH_ACCOUNTS)


def client_address(request: HttpRequest) -> str | None:
    """The peer address (REMOTE_ADDR; a trusted proxy sets it, see docs/web-platform.md)."""
    return request.META.get("REMOTE_ADDR") or None


def _normalise(username: str) -> str:
    return username.strip().lower()[:150]


def is_locked(username: str, address: str | None, *, now: dt.datetime | None = None) -> bool:
    """True if this username or address has used up its failures in the window."""
    policy = _policy()
    since = (now or timezone.now()) - dt.timedelta(seconds=policy["LOGIN_WINDOW_SECONDS"])
    failures = LoginAttempt.objects.filter(at__gte=since, succeeded=False)
    if failures.filter(username=_normalise(username)).count() >= policy["LOGIN_MAX_FAILURES"]:
        return True
    return bool(
        address
        and failures.filter(address=address).count() >= policy["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    )


def note_attempt(
    username: str, address: str | None, *, succeeded: bool, stage: str = "password"
) -> None:
    """Record one attempt; prune rows older than ten windows."""
    now = timezone.now()
    LoginAttempt.objects.create(
        username=_normalise(username), address=address, at=now, succeeded=succeeded, stage=stage
    )
    horizon = now - dt.timedelta(seconds=10 * _policy()["LOGIN_WINDOW_SECONDS"])
    LoginAttempt.objects.filter(at__lt=horizon).delete()
