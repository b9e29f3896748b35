"""Encryption at rest: the key ring and its process-wide instance."""

from __future__ import annotations

from functools import cache

from refwatch.crypto.keyring import (
    DecryptionError,
    KeyError_,
    KeyRing,
    associated_data,
    normalise_for_index,
)


@cache
def keyring() -> KeyRing:
    """The key ring named by settings.KEY_FILE, loaded once per process."""
    from django.conf import settings

    return KeyRing.load(settings.KEY_FILE)


def reload_keyring() -> KeyRing:
    keyring.cache_clear()
    return keyring()


__all__ = [
    "DecryptionError",
    "KeyError_",
    "KeyRing",
    "associated_data",
    "keyring",
    "normalise_for_index",
    "reload_keyring",
]
