"""Observers see only the estimates an analyst or admin published; publishing is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from .conftest import bearer

pytestmark = pytest.mark.django_db


def _uids(response: Any) -> set[str]:
    assert response.status_code == 200, response.content[:200]
    return {e["uid"] for e in response.json()}


def test_observers_list_only_published_estimates(store: dict[str, Any], tokens: dict[str, str]) -> None:
    observer = _uids(Client().get("/api/v1/estimates", **bearer(tokens["observer"])))
    analyst = _uids(Client().get("/api/v1/estimates", **bearer(tokens["analyst"])))
    assert store["estimate"].uid in observer and store["draft_estimate"].uid not in observer
    assert store["draft_estimate"].uid in analyst


def test_an_analyst_publishes_and_withdraws_and_the_audit_log_records_both(
    store: dict[str, Any], tokens: dict[str, str]
) -> None:
    from refwatch.audit.models import AuditEvent

    draft = store["draft_estimate"].uid
    url = f"/api/v1/estimates/{draft}/publication"
    answer = Client().put(url, {"published": True}, content_type="application/json",
                          **bearer(tokens["analyst"]))
    assert answer.status_code == 200 and answer.json()["published"] is True
    assert answer.json()["published_at"]
    assert draft in _uids(Client().get("/api/v1/estimates", **bearer(tokens["observer"])))
    Client().put(url, {"published": False}, content_type="application/json", **bearer(tokens["analyst"]))
    assert draft not in _uids(Client().get("/api/v1/estimates", **bearer(tokens["observer"])))
    actions = list(AuditEvent.objects.filter(object_id=draft).order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["estimate.published", "estimate.unpublished"]


def test_a_documenter_cannot_publish(store: dict[str, Any], tokens: dict[str, str]) -> None:
    draft = store["draft_estimate"]
    answer = Client().put(f"/api/v1/estimates/{draft.uid}/publication", {"published": True},
                          content_type="application/json", **bearer(tokens["documenter"]))
    assert answer.status_code == 403
    draft.refresh_from_db()
    assert draft.published is False


def test_the_publication_body_is_strict(store: dict[str, Any], tokens: dict[str, str]) -> None:
    answer = Client().put(f"/api/v1/estimates/{store['draft_estimate'].uid}/publication",
                          {"published": True, "extra": 1}, content_type="application/json",
                          **bearer(tokens["analyst"]))
    assert answer.status_code in (400, 422)


def test_the_operator_at_the_command_line_may_publish_and_it_is_audited(store: dict[str, Any]) -> None:
    from refwatch.audit.models import AuditEvent
    from refwatch.jobs.estimation import set_estimate_published

    draft = store["draft_estimate"]
    set_estimate_published(draft, published=True, acting_user=None)
    draft.refresh_from_db()
    assert draft.published and draft.published_at is not None
    assert AuditEvent.objects.filter(object_id=draft.uid, action="estimate.published").exists()
