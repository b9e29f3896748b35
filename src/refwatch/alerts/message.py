"""Rendering an alert (as its JSON-ready dict) for e-mail and webhooks."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def canonical_json(payload: Mapping[str, Any]) -> bytes:
    """UTF-8 JSON with sorted keys and no spaces: the exact bytes that are signed."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def alert_subject(alert: Mapping[str, Any]) -> str:
    """A one-line subject, e.g. ``[refwatch] HIGH: People held... (2023-10-01)``."""
    return f"[refwatch] {str(alert.get('level', '')).upper()}: {alert.get('title', '')} ({alert.get('as_of', '')})"


def alert_body(alert: Mapping[str, Any]) -> str:
    """Plain text: level, reasons, and each observation with its source and publication day."""
    lines = [
        f"Early-warning alert {alert.get('rule_id', '')} ({alert.get('level', '')}) as of {alert.get('as_of', '')}",
        str(alert.get("title", "")),
        "",
    ]
    if alert.get("rationale"):
        lines += [f"Why this rule exists: {alert['rationale']}", ""]
    lines.append("Conditions met:")
    lines += [f"  - {reason}" for reason in alert.get("reasons", [])]
    lines += ["", "Based on (only information published by the alert day):"]
    for ev in alert.get("evidence", []):
        source = ev.get("source", {})
        flag = " [uncertain]" if ev.get("uncertain") else ""
        lines.append(
            f"  - {ev.get('observation_id')}: {ev.get('summary')}{flag}; published {ev.get('known')}"
            f" by {source.get('publisher', '?')}"
            + (f" <{source['url']}>" if source.get("url") else "")
        )
    lines += ["", f"Fingerprint: {alert.get('fingerprint', '')}"]
    return "\n".join(lines) + "\n"
