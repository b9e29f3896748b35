"""Exports of list records: pseudonymised by default, identities only for documenters."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from refwatch.accounts.models import User
from refwatch.audit.chain import record_event
from refwatch.crypto import keyring
from refwatch.records.models import ListRecord

PSEUDONYMISED_FIELDS = ["list", "record_id", "person", "sex", "birth_year_low", "birth_year_high", "event_date"]
IDENTITY_FIELDS = ["name", "surname", "given_name", "name_alt", "birth_date", "home", "event_place"]


def _rows(identities: bool) -> list[dict[str, Any]]:
    ring = keyring()
    rows = []
    for record in ListRecord.objects.select_related("list", "person").order_by("list__name", "row"):
        data = record.unseal_json("data")
        birth = data.get("birth_date") or {}
        row: dict[str, Any] = {
            "list": record.list.name,
            "record_id": record.record_id,
            "person": ring.pseudonym(record.person.uid) if record.person else "",
            "sex": record.sex,
            "birth_year_low": birth.get("year") or birth.get("year_low") or "",
            "birth_year_high": birth.get("year") or birth.get("year_high") or "",
            "event_date": data.get("event_date") or "",
        }
        if identities:
            row |= {k: data.get(k) or "" for k in IDENTITY_FIELDS if k != "birth_date"}
            row["birth_date"] = birth.get("iso", "")
        rows.append(row)
    return rows


def export_records(out: Path, *, fmt: str, identities_for: User | None) -> int:
    """Write every list record; names and birth dates only when ``identities_for``
    is a user who may see them (checked again here; the export is audited)."""
    identities = identities_for is not None
    if identities and not identities_for.sees_identities:  # type: ignore[union-attr]
        raise PermissionError("this user may not export identities")
    rows = _rows(identities)
    fields = PSEUDONYMISED_FIELDS + (IDENTITY_FIELDS if identities else [])
    if fmt == "json":
        out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    if identities:
        out.chmod(0o600)
    record_event(identities_for, "identity.exported" if identities else "records.exported", None,
                 {"records": len(rows), "format": fmt, "file": out.name})
    return len(rows)
