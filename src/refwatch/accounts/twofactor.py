"""TOTP two-factor authentication and recovery codes.

The TOTP secret is sealed in :class:`TOTPDevice`; a code is accepted once
(within one step either side of now, for clock drift) and never again.
Recovery codes are kept as keyed hashes and each works once.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

import pyotp
from django.db import transaction
from django.utils import timezone

from refwatch.accounts.models import RecoveryCode, TOTPDevice, User
from refwatch.audit.chain import record_event
from refwatch.crypto import keyring

ISSUER = "Refoulement Watch"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


@transaction.atomic
def start_enrolment(user: User) -> TOTPDevice:
    """A new, unconfirmed device with a fresh secret (replaces an unconfirmed one).

    A confirmed device is not replaced here: resetting it is an admin action.
    """
    existing = TOTPDevice.objects.select_for_update().filter(user=user).first()
    if existing is not None and existing.confirmed_at is not None:
        raise ValueError("this account already has an authenticator")
    device = existing or TOTPDevice(user=user)
    device.seal("secret", pyotp.random_base32())
    device.last_step = 0
    device.save()
    return device


def secret_of(device: TOTPDevice) -> str:
    secret = device.unseal("secret")
    if not secret:
        raise ValueError("device has no secret")
    return secret


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(secret_of(device)).provisioning_uri(
        name=device.user.get_username(), issuer_name=ISSUER
    )


def _matching_step(secret: str, code: str, now: dt.datetime) -> int | None:
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    step_now = totp.timecode(now)
    for offset in (-1, 0, 1):
        step = step_now + offset
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


@transaction.atomic
def check_code(device: TOTPDevice, code: str, *, now: dt.datetime | None = None) -> bool:
    """True if ``code`` is valid now and was not used before (then it is used up)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    step = _matching_step(secret_of(device), code, now or timezone.now())
    if step is None or step <= device.last_step:
        return False
    device.last_step = step
    device.save(update_fields=["last_step"])
    return True


@transaction.atomic
def confirm_enrolment(device: TOTPDevice, code: str) -> bool:
    """Confirm a new device with its first code; audited."""
    if not check_code(device, code):
        return False
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    record_event(device.user, "auth.2fa_enrolled", device.user)
    return True


def enrol(user: User, *, acting_user: User | None = None) -> str:
    """Enrol and confirm a device at once; return its secret (for the CLI and tests)."""
    device = start_enrolment(user)
    secret = secret_of(device)
    with transaction.atomic():
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed_at"])
        record_event(acting_user, "auth.2fa_enrolled", user)
    return secret


@transaction.atomic
def reset_device(user: User, *, acting_user: User | None) -> None:
    """Remove a user's authenticator and recovery codes (they enrol again at next login)."""
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    record_event(acting_user, "auth.2fa_reset", user)


def _code_mac(code: str) -> str:
    return keyring().mac("recovery-code", "".join(code.lower().split()).replace("-", "").encode())


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; the codes are returned once and kept only hashed."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        RecoveryCode.objects.create(user=user, code_mac=_code_mac(raw))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    record_event(user, "auth.recovery_codes_created", user, {"count": len(codes)})
    return codes


@transaction.atomic
def use_recovery_code(user: User, code: str) -> bool:
    row = (
        RecoveryCode.objects.select_for_update()
        .filter(user=user, code_mac=_code_mac(code), used_at__isnull=True)
        .first()
    )
    if row is None:
        return False
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    record_event(user, "auth.recovery_code_used", user)
    return True


def verify_second_factor(user: User, code: str) -> bool:
    """A TOTP code or an unused recovery code."""
    device = confirmed_device(user)
    if device is not None and check_code(device, code):
        return True
    cleaned = "".join(code.split()).replace("-", "")
    return len(cleaned) == 10 and use_recovery_code(user, cleaned)
