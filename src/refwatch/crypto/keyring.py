"""The key ring: AES-256-GCM field encryption, blind indexes, pseudonyms.

The key file (JSON, mode 0600, outside the database) holds:

- ``data_keys``: id -> 256-bit key; ``active`` names the one new ciphertexts use.
  Old keys stay until ``refwatch keys rotate`` has re-encrypted every value, so
  the store stays readable during a rotation.
- ``index_secret``: a separate secret from which HKDF derives the blind-index
  key (HMAC-SHA256 over normalised names), the pseudonym key, the audit-chain
  key and the backup key. It is not rotated with the data keys, because blind
  indexes, pseudonyms and the audit chain must stay stable.

A ciphertext is ``rw1:<key id>:<base64(nonce || ciphertext+tag)>``. Its
associated data binds it to table, column and row uid, so a ciphertext copied
into another row or column fails to decrypt instead of lying.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "rw1"
_PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O/1/I


class KeyError_(Exception):
    """A key problem: missing key file, unknown key id, or a ciphertext that fails."""


class DecryptionError(KeyError_):
    """A ciphertext did not authenticate (wrong key, wrong row, or tampered)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))


def associated_data(table: str, column: str, row_uid: str) -> bytes:
    return f"{table}\x1f{column}\x1f{row_uid}".encode()


@dataclass
class KeyRing:
    data_keys: dict[str, bytes]
    active: str
    index_secret: bytes
    path: Path | None = None
    _derived: dict[str, bytes] = field(default_factory=dict, repr=False)

    # -- persistence -------------------------------------------------------
    @classmethod
    def generate(cls) -> KeyRing:
        kid = new_key_id()
        return cls({kid: AESGCM.generate_key(bit_length=256)}, kid, secrets.token_bytes(32))

    @classmethod
    def load(cls, path: Path) -> KeyRing:
        if not path.exists():
            raise KeyError_(
                f"no key file at {path}: run `refwatch init` or set REFWATCH_KEY_FILE"
            )
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise KeyError_(f"key file {path} is readable by others (mode {mode:o}); chmod 600 it")
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            data_keys={k: _unb64(v) for k, v in data["data_keys"].items()},
            active=data["active"],
            index_secret=_unb64(data["index_secret"]),
            path=path,
        )

    def save(self, path: Path | None = None) -> None:
        """Write atomically with mode 0600 (never readable by others, even briefly)."""
        target = path or self.path
        if target is None:
            raise KeyError_("no path to save the key ring to")
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(
            {
                "format": 1,
                "active": self.active,
                "data_keys": {k: _b64(v) for k, v in self.data_keys.items()},
                "index_secret": _b64(self.index_secret),
            },
            indent=2,
        )
        tmp = target.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
        os.replace(tmp, target)
        os.chmod(target, 0o600)
        self.path = target

    # -- rotation -----------------------------------------------------------
    def add_key(self) -> str:
        """Add a new data key and make it active; old keys stay for reading."""
        kid = new_key_id()
        self.data_keys[kid] = AESGCM.generate_key(bit_length=256)
        self.active = kid
        return kid

    def retire(self, kid: str) -> None:
        if kid == self.active:
            raise KeyError_("cannot retire the active key")
        self.data_keys.pop(kid, None)

    # -- encryption ----------------------------------------------------------
    def encrypt(self, plaintext: bytes, aad: bytes) -> str:
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self.data_keys[self.active]).encrypt(nonce, plaintext, aad)
        return f"{PREFIX}:{self.active}:{_b64(nonce + sealed)}"

    def decrypt(self, token: str, aad: bytes) -> bytes:
        try:
            prefix, kid, body = token.split(":", 2)
        except ValueError:
            raise DecryptionError("not a refwatch ciphertext") from None
        if prefix != PREFIX:
            raise DecryptionError("not a refwatch ciphertext")
        key = self.data_keys.get(kid)
        if key is None:
            raise DecryptionError(f"ciphertext uses key {kid}, which the key file lacks")
        raw = _unb64(body)
        try:
            return AESGCM(key).decrypt(raw[:12], raw[12:], aad)
        except InvalidTag:
            raise DecryptionError("ciphertext does not authenticate for this row") from None

    @staticmethod
    def key_id_of(token: str) -> str:
        return token.split(":", 2)[1]

    def encrypt_bytes(self, data: bytes, aad: bytes) -> bytes:
        """Binary form for large blobs: key id, NUL, nonce, ciphertext."""
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self.data_keys[self.active]).encrypt(nonce, data, aad)
        return self.active.encode("ascii") + b"\0" + nonce + sealed

    def decrypt_bytes(self, blob: bytes, aad: bytes) -> bytes:
        kid, _, rest = bytes(blob).partition(b"\0")
        key = self.data_keys.get(kid.decode("ascii", "replace"))
        if key is None:
            raise DecryptionError("blob uses a key the key file lacks")
        try:
            return AESGCM(key).decrypt(rest[:12], rest[12:], aad)
        except InvalidTag:
            raise DecryptionError("blob does not authenticate for this row") from None

    @staticmethod
    def blob_key_id(blob: bytes) -> str:
        return bytes(blob).partition(b"\0")[0].decode("ascii", "replace")

    # -- derived keys --------------------------------------------------------
    def derived_key(self, purpose: str) -> bytes:
        if purpose not in self._derived:
            hkdf = HKDF(
                algorithm=hashes.SHA256(),
                length=32,
                salt=b"refwatch-derived-keys-v1",
                info=purpose.encode(),
            )
            self._derived[purpose] = hkdf.derive(self.index_secret)
        return self._derived[purpose]

    def blind_index(self, name: str) -> str:
        """Keyed HMAC of a normalised name: equal names, equal index; no name back."""
        key = self.derived_key("blind-index")
        return hmac.new(key, normalise_for_index(name).encode(), hashlib.sha256).hexdigest()

    def pseudonym(self, uid: str) -> str:
        """A stable, keyed pseudonym such as ``P-7K3F9Q`` for a person uid."""
        digest = hmac.new(self.derived_key("pseudonym"), uid.encode(), hashlib.sha256).digest()
        number = int.from_bytes(digest[:8], "big")
        chars = []
        for _ in range(6):
            number, rem = divmod(number, len(_PSEUDONYM_ALPHABET))
            chars.append(_PSEUDONYM_ALPHABET[rem])
        return "P-" + "".join(chars)

    def mac(self, purpose: str, message: bytes) -> str:
        return hmac.new(self.derived_key(purpose), message, hashlib.sha256).hexdigest()


def new_key_id() -> str:
    return "k" + secrets.token_hex(4)


def normalise_for_index(name: str) -> str:
    """Compatibility-normalise, case-fold and drop spaces and punctuation."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return "".join(c for c in text if c.isalnum())
