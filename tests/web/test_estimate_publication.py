"""Estimates pages: observers see only published estimates; analysts publish and withdraw."""

from __future__ import annotations

from typing import Any

import pytest
from tests.web.conftest import Store

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # splink training notes


def test_observers_see_only_published_estimates(store: Store, client_for: Any) -> None:
    observer, analyst = client_for("observer"), client_for("analyst")
    draft, published = store.uids["draft_estimate"], store.uids["estimate"]
    assert draft not in observer.get("/estimates/").content.decode()
    assert draft not in observer.get("/").content.decode()
    assert published in observer.get("/estimates/").content.decode()
    assert draft in analyst.get("/estimates/").content.decode()


def test_an_analyst_publishes_then_withdraws_an_estimate(store: Store, client_for: Any) -> None:
    from refwatch.audit.models import AuditEvent

    analyst, observer = client_for("analyst"), client_for("observer")
    draft = store.uids["draft_estimate"]
    page = analyst.get(f"/estimates/{draft}/").content.decode()
    assert 'id="publish-form"' in page and 'data-published="0"' in page
    answer = analyst.post(f"/estimates/{draft}/publish/", {"published": "1"})
    assert answer.status_code == 302 and answer["Location"] == f"/estimates/{draft}/"
    assert observer.get(f"/estimates/{draft}/").status_code == 200
    analyst.post(f"/estimates/{draft}/publish/", {"published": "0"})
    assert observer.get(f"/estimates/{draft}/").status_code == 404
    actions = list(AuditEvent.objects.filter(object_id=draft).order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["estimate.published", "estimate.unpublished"]


def test_documenters_see_the_state_but_no_publish_button(store: Store, client_for: Any) -> None:
    page = client_for("documenter").get(f"/estimates/{store.uids['draft_estimate']}/").content.decode()
    assert 'data-published="0"' in page and 'id="publish-form"' not in page


def test_a_bad_choice_publishes_nothing(store: Store, client_for: Any) -> None:
    from refwatch.records.models import Estimate

    draft = store.uids["draft_estimate"]
    client_for("admin").post(f"/estimates/{draft}/publish/", {"published": "yes"})
    assert Estimate.objects.get(uid=draft).published is False
