"""Encrypted columns on Django models.

A sealed column is a nullable TextField named ``<column>_enc`` holding a
ciphertext bound to the table, the column and the row's ``uid``. Models mix
in :class:`Sealed` and call ``seal``/``unseal``; only the access-checked query
functions call ``unseal`` for people who may see identities.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import models

from refwatch.crypto import associated_data, keyring


def new_uid() -> str:
    return uuid.uuid4().hex


class Sealed(models.Model):
    """Abstract base: a stable ``uid`` (used as associated data) and seal/unseal."""

    uid = models.CharField(max_length=32, unique=True, default=new_uid, editable=False)

    SEALED_COLUMNS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def _aad(self, column: str) -> bytes:
        return associated_data(self._meta.db_table, column, self.uid)

    def seal(self, column: str, value: str | None) -> None:
        if column not in self.SEALED_COLUMNS:
            raise ValueError(f"{type(self).__name__}.{column} is not a sealed column")
        token = None if value is None else keyring().encrypt(value.encode(), self._aad(column))
        setattr(self, f"{column}_enc", token)

    def unseal(self, column: str) -> str | None:
        token = getattr(self, f"{column}_enc")
        if token is None:
            return None
        return keyring().decrypt(token, self._aad(column)).decode()

    def seal_json(self, column: str, value: Any) -> None:
        self.seal(column, None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True))

    def unseal_json(self, column: str) -> Any:
        text = self.unseal(column)
        return None if text is None else json.loads(text)

    def reseal(self) -> bool:
        """Re-encrypt every sealed column under the active key; True if anything changed."""
        ring = keyring()
        changed = False
        for column in self.SEALED_COLUMNS:
            token = getattr(self, f"{column}_enc")
            if token is not None and ring.key_id_of(token) != ring.active:
                plain = ring.decrypt(token, self._aad(column))
                setattr(self, f"{column}_enc", ring.encrypt(plain, self._aad(column)))
                changed = True
        return changed
