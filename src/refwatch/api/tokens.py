"""Creating, checking and revoking API tokens.

A token is ``rw_`` followed by 43 random URL-safe characters (256 bits). The
database keeps only an HMAC of it under a key derived from the key file, so a
copy of the database alone neither reveals nor verifies tokens.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from refwatch.accounts.models import User
from refwatch.api.models import ApiToken
from refwatch.audit.chain import record_event
from refwatch.crypto import keyring

PREFIX = "rw_"
# last_used_at is refreshed at most this often, so reads do not write on every call.
TOUCH_INTERVAL = dt.timedelta(minutes=5)


def _mac(token: str) -> str:
    return keyring().mac("api-token", token.encode())


@transaction.atomic
def create_token(user: User, *, label: str = "", acting_user: User | None) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token (shown once, never stored)."""
    if not user.is_active:
        raise ValueError(f"user {user.get_username()!r} is disabled")
    raw = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, token_mac=_mac(raw), hint=raw[-4:], label=label[:120])
    record_event(acting_user, "api.token_created", user, {"token": row.pk, "label": label[:120]})
    return row, raw


def user_for_token(raw: str) -> User | None:
    """The active user a live token belongs to, or None."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(token_mac=_mac(raw), revoked_at__isnull=True).first()
    )
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


@transaction.atomic
def revoke_token(row: ApiToken, *, acting_user: User | None) -> None:
    row.revoked_at = timezone.now()
    row.save(update_fields=["revoked_at"])
    record_event(acting_user, "api.token_revoked", row.user, {"token": row.pk})
