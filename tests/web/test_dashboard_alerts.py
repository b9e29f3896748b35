"""The dashboard shows the early-warning alerts the store recorded, to every role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.mark.parametrize("role", ["admin", "analyst", "observer"])
def test_recorded_alerts_are_on_the_dashboard(client_for: Any, role: str) -> None:
    from refwatch.analysis.warning import default_rules, evaluate, example_history
    from refwatch.jobs.watch import record_alerts

    alerts = evaluate(default_rules(), example_history(), dt.date(2023, 10, 1))
    record_alerts(alerts, acting_user=None)
    page = client_for(role).get("/").content.decode()
    assert "Early-warning alerts" in page
    assert alerts[0].title in page


def test_the_dashboard_says_when_no_alert_was_raised(client_for: Any) -> None:
    page = client_for("observer").get("/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "조기 경보" in page
