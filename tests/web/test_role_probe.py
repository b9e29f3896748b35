"""Every page, requested as every persona, answers as the access rules say.

Anonymous visitors and disabled accounts are sent to sign-in; a signed-in user
who may not see a page gets 404 (never 403), so existence does not leak.
Observers see aggregates only (dashboard, published estimates, legal); analysts see
pseudonyms and never a name; admins alone see the audit log and users.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.web.conftest import Store

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # splink training notes

PERSONAS = ("admin", "documenter", "analyst", "observer", "outsider", None)
ALL = {"admin", "documenter", "analyst", "observer"}
RECORDS = {"admin", "documenter", "analyst"}
IDENTITIES = {"admin", "documenter"}
ADMINS = {"admin"}
PUBLISHERS = {"admin", "analyst"}


def page_rules(store: Store) -> list[tuple[str, set[str]]]:
    """Each page URL with the personas that may open it."""
    u = store.uids
    return [
        ("/", ALL),
        ("/reports/", ALL),
        ("/estimates/", ALL),
        (f"/estimates/{u['estimate']}/", ALL),
        (f"/estimates/{u['draft_estimate']}/", RECORDS),  # not published: observers get 404
        ("/legal/", ALL),
        ("/sources/", RECORDS),
        (f"/sources/{u['news']}/", RECORDS),
        (f"/sources/{u['testimony']}/", RECORDS),
        ("/claims/", RECORDS),
        ("/claims/?status=all", RECORDS),
        (f"/claims/{u['claim']}/", RECORDS),
        ("/incidents/", RECORDS),
        (f"/incidents/{u['incident']}/", RECORDS),
        ("/lists/", RECORDS),
        (f"/lists/{u['list']}/", RECORDS),
        (f"/lists/import/{u['list_source']}/?name=X", IDENTITIES),
        ("/persons/", RECORDS),
        (f"/persons/{u['person']}/", RECORDS),
        ("/linkage/", RECORDS),
        (f"/linkage/pairs/{u['pair']}/", RECORDS),
        ("/interventions/", RECORDS),
        ("/audit/", ADMINS),
        ("/audit/?verify=1", ADMINS),
        ("/users/", ADMINS),
        (f"/jobs/{u['job']}/", ADMINS),  # a job is seen by its owner (and admins)
        ("/sources/00000000000000000000000000000000/", set()),
        ("/persons/00000000000000000000000000000000/", set()),
    ]


def test_it_answers_every_page_as_the_access_rules_say(store: Store, client_for: Any) -> None:
    wrong = []
    for persona in PERSONAS:
        client = client_for(persona)
        for url, allowed in page_rules(store):
            response = client.get(url)
            if persona in (None, "outsider"):
                expected = 302
            else:
                expected = 200 if persona in allowed else 404
            if response.status_code != expected:
                wrong.append(f"{persona or 'anonymous'} GET {url}: {response.status_code}, expected {expected}")
            elif expected == 302 and not response["Location"].startswith("/accounts/login/"):
                wrong.append(f"{persona or 'anonymous'} GET {url}: redirected to {response['Location']}")
    assert not wrong, "\n".join(wrong)


def test_it_refuses_writes_to_roles_that_may_not_make_them(store: Store, client_for: Any) -> None:
    u = store.uids
    writes = [
        ("/sources/", {"kind": "news", "text": "x", "reliability": "F"}, IDENTITIES),
        (f"/claims/{u['claim']}/", {"decision": "reject"}, IDENTITIES),
        ("/lists/", {"name": "Z"}, IDENTITIES),
        ("/claims/extract/", {}, IDENTITIES),
        ("/interventions/", {"date": "2024-01-01", "kind": "demand", "by": "x", "summary": "x"}, IDENTITIES),
        (f"/linkage/pairs/{u['pair']}/decision/", {"decision": "bogus"}, RECORDS),
        ("/linkage/", {"threshold": "2"}, RECORDS),
        ("/estimates/", {"seed": "-1"}, RECORDS),
        (f"/estimates/{u['draft_estimate']}/publish/", {"published": "1"}, PUBLISHERS),
        ("/users/1/role/", {"role": "observer"}, ADMINS),
        (f"/jobs/{u['job']}/cancel/", {}, ADMINS),
    ]
    wrong = []
    for persona in ("documenter", "analyst", "observer"):
        client = client_for(persona)
        for url, data, allowed in writes:
            status = client.post(url, data).status_code
            refused = status == 404
            if refused == (persona in allowed):
                wrong.append(f"{persona} POST {url}: {status}")
    assert not wrong, "\n".join(wrong)


def test_it_never_shows_an_analyst_a_name(store: Store, client_for: Any) -> None:
    analyst, documenter = client_for("analyst"), client_for("documenter")
    pages = [url for url, allowed in page_rules(store) if "analyst" in allowed]
    pages += [f"/lists/{name}/" for name in store.lists]
    shown_to_documenter = set()
    for url in pages:
        text = analyst.get(url).content.decode()
        leaked = sorted(n for n in store.names if n in text)
        assert not leaked, f"{url} shows names to an analyst: {len(leaked)}"
        seen = documenter.get(url).content.decode()
        shown_to_documenter |= {n for n in store.names if n in seen}
    # The check can fail: the same pages do show the names to a documenter.
    assert len(shown_to_documenter) > 20


def test_it_asks_for_recent_authentication_before_a_role_change(
    store: Store, client_for: Any
) -> None:
    from refwatch.accounts.sudo import AUTH_AT

    admin = client_for("admin")
    target = store.users["observer"]
    response = admin.post(f"/users/{target.pk}/role/", {"role": "analyst"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauth/")
    target.refresh_from_db()
    assert target.role == "observer"
    import time

    session = admin.session
    session[AUTH_AT] = int(time.time())
    session.save()
    response = admin.post(f"/users/{target.pk}/role/", {"role": "analyst"})
    assert response.status_code == 302 and response["Location"] == "/users/"
    target.refresh_from_db()
    assert target.role == "analyst"


def test_it_lets_the_owner_of_a_job_follow_and_cancel_it(store: Store, client_for: Any) -> None:
    admin = client_for("admin")
    status = admin.get(f"/jobs/{store.uids['job']}/")
    assert status.status_code == 200 and b'hx-trigger="load delay:1s"' in status.content
    cancelled = admin.post(f"/jobs/{store.uids['job']}/cancel/")
    assert cancelled.status_code == 200
    assert b'data-status="cancelled"' in cancelled.content
    assert b"hx-trigger" not in cancelled.content  # a finished job stops polling


def test_it_speaks_korean_with_localised_dates(store: Store, client_for: Any) -> None:
    from django.conf import settings

    observer = client_for("observer")
    observer.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    page = observer.get("/").content.decode()
    assert "<h1>대시보드</h1>" in page and 'lang="ko"' in page
    legal = observer.get("/legal/").content.decode()
    assert "1982년 9월 24일" in legal  # China's accession to the Refugee Convention
    observer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Sept. 24, 1982" in observer.get("/legal/").content.decode()
