"""Fixtures of the page tests: a small synthetic store built through actions, clients per persona.

Everything stored is synthetic: the lists come from refwatch.analysis.linkage.synth
and the news text below was written for these tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

NEWS_TEXT = (
    "Rights groups said on Monday that police in Tumen sent back about 40 North Korean "
    "escapees held near the border on 3 March 2024. "
    "A ministry spokesman in Beijing denied that anyone had been returned against their will."
)
PASSWORD = "a long synthetic passphrase"
TESTIMONY_TEXT = "A synthetic testimony written for the page tests; it names nobody."


@dataclass
class Store:
    """What the fixture stored, with the uids the page tests open."""

    names: set[str]
    lists: dict[str, Path]
    users: dict[str, Any]
    uids: dict[str, str] = field(default_factory=dict)


def list_names(result: Any) -> set[str]:
    """Every name as written in the synthetic lists (any script), for "no name visible" checks."""
    names: set[str] = set()
    for lst in result.lists:
        for record in lst.records:
            for header, value in record.cells.items():
                # Whole names only: a bare romanised surname ("Chang") is also part of
                # ordinary words ("Changed"); it is checked through "surname given_name".
                if header.lower().replace(" ", "_") in {
                    "성명", "name", "full_name", "name_hangul",
                } and len(str(value).strip()) >= 2:
                    names.add(str(value).strip())
            surname = next((v for h, v in record.cells.items() if h == "surname"), "")
            given = next((v for h, v in record.cells.items() if h == "given_name"), "")
            if surname and given:
                names.add(f"{surname} {given}")
    return names


def write_synthetic_lists(out: Path, *, persons: int = 60, lists: int = 3, seed: int = 11) -> tuple[Any, dict[str, Path]]:
    from refwatch.analysis.linkage.synth import generate_lists, write_lists

    result = generate_lists(persons=persons, lists=lists, seed=seed)
    write_lists(result, out)
    return result, {lst.name: out / lst.filename for lst in result.lists}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is what production uses (tests/store checks it); here it would only slow sign-ins.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def build_store(tmp: Path) -> Store:
    """Personas, two... three imported and linked lists, an estimate, a news source with
    claims and an incident, a testimony, an intervention and a queued job of the admin."""
    from refwatch.accounts.actions import create_user
    from refwatch.analysis.lists import read_list, read_spec
    from refwatch.jobs.estimation import estimate_store, set_estimate_published
    from refwatch.jobs.extraction import extract_source, rebuild_incidents
    from refwatch.jobs.linkage import link_store
    from refwatch.jobs.queue import enqueue
    from refwatch.records.actions import (
        add_intervention,
        add_source,
        import_list,
        load_reference_data,
    )
    from refwatch.records.models import Claim, Incident, PairReview, Person, Source

    load_reference_data()
    users = {role: create_user(role, role=role, password=PASSWORD, acting_user=None)
             for role in ("admin", "documenter", "analyst", "observer")}
    outsider = create_user("outsider", role="observer", password=PASSWORD, acting_user=None)
    outsider.is_active = False
    outsider.save()
    users["outsider"] = outsider
    documenter, analyst, admin = users["documenter"], users["analyst"], users["admin"]
    result, paths = write_synthetic_lists(tmp / "lists")
    for source in read_spec(tmp / "lists" / "lists.toml").lists:
        import_list(read_list(source), original=source.path.read_bytes(), acting_user=documenter,
                    skip_invalid=True, organisation="synthetic organisation")
    link_store(acting_user=analyst, seed=1, review_floor=0.2)
    estimate = estimate_store(acting_user=analyst, method="loglinear", seed=1)
    set_estimate_published(estimate, published=True, acting_user=analyst)
    draft = estimate_store(acting_user=analyst, method="loglinear", seed=2)  # not published
    news = add_source(NEWS_TEXT.encode(), kind="news", filename="wire.txt", acting_user=documenter,
                      title="Escapees returned (a text written for the tests)",
                      published=dt.date(2024, 3, 5), publisher="Example Wire (fictional)",
                      lang="en", reliability="C", media_type="text/plain")
    extract_source(news, acting_user=documenter)
    rebuild_incidents(acting_user=documenter)
    testimony = add_source(TESTIMONY_TEXT.encode(), kind="testimony", filename="t.txt",
                           acting_user=documenter, title="Testimony T-1 (synthetic)",
                           media_type="text/plain")
    incident = Incident.objects.order_by("id").first()
    add_intervention(date=dt.date(2024, 3, 6), kind="demand", by="Example coalition (fictional)",
                     summary="Asked that no one be returned.", acting_user=documenter,
                     incidents=[incident] if incident else [])
    job = enqueue("estimate", {"method": "loglinear"}, acting_user=admin)
    claim, person = Claim.objects.order_by("id").first(), Person.objects.order_by("id").first()
    pair = PairReview.objects.order_by("id").first()
    list_source = Source.objects.filter(kind="list").order_by("id").first()
    assert claim and person and pair and incident and list_source, "the synthetic store lacks a page"
    return Store(
        names=list_names(result), lists=paths, users=users,
        uids={"news": news.uid, "testimony": testimony.uid, "estimate": estimate.uid,
              "draft_estimate": draft.uid,
              "job": job.uid, "claim": claim.uid, "incident": incident.uid, "person": person.uid,
              "pair": pair.uid, "list": sorted(paths)[0], "list_source": list_source.uid},
    )


@pytest.fixture(scope="module")
def store(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The synthetic store, built once per test module inside a transaction rolled back after it.

    Each test still runs in its own (nested) transaction through the ``db`` fixture.
    """
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_store(tmp_path_factory.mktemp("web-store"))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def client_for(store: Store, db: Any) -> Any:
    """``client_for(role)``: a client signed in as that persona (None: anonymous)."""

    def make(role: str | None) -> Client:
        client = Client(SERVER_NAME="localhost")
        if role is not None:
            client.force_login(store.users[role])
        return client

    return make
