"""Population estimates from the stored, linked lists, saved as Estimate rows.

Each row records the fingerprint of the capture histories it was computed
from, so a figure in a report can be traced to exactly the data behind it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

import numpy as np
from django.db import transaction

from refwatch.accounts.models import User
from refwatch.audit.chain import record_event
from refwatch.records.models import Estimate, List, ListRecord


def store_histories(*, stratify: str | None = None) -> Any:
    """Capture histories of the stored persons over the stored lists.

    ``stratify="sex"`` splits by the persons' sex. Records not yet linked to a
    person are each their own person (the conservative reading).
    """
    from refwatch.analysis.estimation import CaptureHistories

    lists = list(List.objects.order_by("name").values_list("name", flat=True))
    if len(lists) < 2:
        raise ValueError("estimation needs at least two imported lists")
    column = {name: i for i, name in enumerate(lists)}
    captured: dict[str, set[int]] = {}
    stratum_of: dict[str, str] = {}
    for person_uid, record_uid, list_name, sex in ListRecord.objects.values_list(
        "person__uid", "uid", "list__name", "sex"
    ):
        key = person_uid or f"record:{record_uid}"
        captured.setdefault(key, set()).add(column[list_name])
        if sex:
            stratum_of.setdefault(key, sex)
    tally: Counter[tuple[tuple[int, ...], str | None]] = Counter()
    for key, where in captured.items():
        pattern = tuple(1 if i in where else 0 for i in range(len(lists)))
        stratum = (stratum_of.get(key) or "unknown") if stratify == "sex" else None
        tally[(pattern, stratum)] += 1
    items = sorted(tally.items(), key=lambda kv: (kv[0][1] or "", kv[0][0]))
    return CaptureHistories(
        lists=tuple(lists),
        patterns=np.array([p for (p, _), _ in items], dtype=np.int64),
        counts=np.array([n for _, n in items], dtype=np.int64),
        strata=tuple(s or "" for (_, s), _ in items) if stratify else None,
    )


def fingerprint(histories: Any) -> str:
    rows = sorted(
        (list(map(int, p)), int(n), (histories.strata[i] if histories.strata else None))
        for i, (p, n) in enumerate(zip(histories.patterns, histories.counts, strict=True))
    )
    payload = json.dumps({"lists": list(histories.lists), "rows": rows}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


@transaction.atomic
def estimate_store(
    *, acting_user: User | None, method: str | None = None, seed: int | None = 1,
    stratify: str | None = None, **settings: Any,
) -> Estimate:
    """Estimate from the stored lists and save the result with its provenance."""
    from refwatch.analysis.estimation import estimate_population

    histories = store_histories(stratify=stratify)
    result = estimate_population(histories, method, seed=seed, stratify=bool(stratify), **settings)
    return save_estimate(result, histories, acting_user=acting_user, stratum=stratify or "")


@transaction.atomic
def save_estimate(result: Any, histories: Any, *, acting_user: User | None, stratum: str = "") -> Estimate:
    """Store an analysis ``Estimate`` with the fingerprint of its histories; audited."""
    data = result.to_json_dict()
    row = Estimate.objects.create(
        method=data["method"], stratum=stratum, observed=data["observed"],
        estimate=data["estimate"], interval_low=data["interval"][0], interval_high=data["interval"][1],
        level=data["level"], settings=data.get("settings") or {}, seed=data.get("seed"),
        diagnostics={**(data.get("diagnostics") or {}), "reason": data.get("reason")},
        inputs_fingerprint=fingerprint(histories), created_by=acting_user,
    )
    record_event(acting_user, "estimate.created", row, {
        "method": row.method, "observed": row.observed, "estimate": round(row.estimate, 1),
        "fingerprint": row.inputs_fingerprint,
    })
    return row


PUBLISHERS = frozenset({User.Role.ADMIN, User.Role.ANALYST})


def may_publish(user: User) -> bool:
    """Analysts and admins decide which estimates observers see."""
    return bool(user.is_authenticated and user.is_active and user.role in PUBLISHERS)


@transaction.atomic
def set_estimate_published(row: Estimate, *, published: bool, acting_user: User | None) -> Estimate:
    """Publish an estimate to observers, or withdraw it; audited. PermissionDenied unless
    the actor is an analyst or admin (``None``: the operator at the command line, e.g. the demo)."""
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    if acting_user is not None and not may_publish(acting_user):
        raise PermissionDenied("only analysts and admins publish estimates")
    if row.published == published:
        return row
    row.published = published
    row.published_at = timezone.now() if published else None
    row.save(update_fields=["published", "published_at"])
    record_event(acting_user, "estimate.published" if published else "estimate.unpublished", row,
                 {"method": row.method, "stratum": row.stratum})
    return row
