"""Re-encrypting every sealed value under a new key, resumably.

Rotation adds a key and makes it active first, so new writes use it and old
values stay readable with the old key while the walk goes on. The walk commits
in batches and picks up only values still under an old key, so an interrupted
rotation is finished by running it again. Old keys are retired only when no
value uses them any more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.apps import apps
from django.db import transaction

from refwatch.crypto import keyring, reload_keyring
from refwatch.crypto.sealed import Sealed

BATCH = 500


def sealed_models() -> Iterator[type[Sealed]]:
    for model in apps.get_models():
        if issubclass(model, Sealed) and (model.SEALED_COLUMNS or hasattr(model, "original_enc")):
            yield model


def _reseal_blob(obj: Sealed) -> bool:
    blob = getattr(obj, "original_enc", None)
    if not blob:
        return False
    ring = keyring()
    if ring.blob_key_id(bytes(blob)) == ring.active:
        return False
    aad = obj._aad("original")
    obj.original_enc = ring.encrypt_bytes(ring.decrypt_bytes(bytes(blob), aad), aad)  # type: ignore[attr-defined]
    return True


def count_stale() -> dict[str, int]:
    """Values per model still encrypted under a key other than the active one."""
    ring = keyring()
    stale: dict[str, int] = {}
    for model in sealed_models():
        n = 0
        for obj in model._default_manager.iterator(chunk_size=BATCH):
            tokens = [getattr(obj, f"{c}_enc") for c in model.SEALED_COLUMNS]
            n += sum(1 for t in tokens if t and ring.key_id_of(t) != ring.active)
            blob = getattr(obj, "original_enc", None)
            if blob:
                n += ring.blob_key_id(bytes(blob)) != ring.active
        if n:
            stale[model._meta.label] = n
    return stale


def rotate(*, new_key: bool = True, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Make a new key active (unless resuming) and re-encrypt all values under it.

    Returns the number of rows re-encrypted per model. Retires keys no longer used.
    """
    ring = keyring()
    if new_key:
        ring.add_key()
        ring.save()
        ring = reload_keyring()
    done: dict[str, int] = {}
    for model in sealed_models():
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        changed = 0
        for start in range(0, len(pks), BATCH):
            with transaction.atomic():
                batch = model._default_manager.select_for_update().filter(pk__in=pks[start : start + BATCH])
                for obj in batch:
                    touched = obj.reseal()
                    touched = _reseal_blob(obj) or touched
                    if touched:
                        fields = [f"{c}_enc" for c in model.SEALED_COLUMNS]
                        if hasattr(obj, "original_enc"):
                            fields.append("original_enc")
                        obj.save(update_fields=fields)
                        changed += 1
            if progress is not None:
                progress(model._meta.label, min(start + BATCH, len(pks)))
        done[model._meta.label] = changed
    if not count_stale():
        for kid in [k for k in ring.data_keys if k != ring.active]:
            ring.retire(kid)
        ring.save()
        reload_keyring()
    return done
