"""A small synthetic store (invented names) and one API token per persona."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

# Invented people: none of these is a real person.
NAMES = ("여다솔", "Ro Min-jae", "탁보름", "Seo Ara-mi", "구하율", "Ro Minjae")
LIST_A = [("A-1", "여다솔", "여", "1988.2.3", "함북 무산"), ("A-2", "Ro Min-jae", "M", "4 June 1975", "Hyesan"),
          ("A-3", "탁보름", "여", "1993", "양강도")]
LIST_B = [("B-1", "여다솔", "F", "1988-02-03", "Musan"), ("B-2", "Ro Minjae", "M", "1975", "Hyesan"),
          ("B-3", "Seo Ara-mi", "F", "1990", "Hoeryong")]
IDENTITY_NEEDLES = (*NAMES, "1988-02-03", "1988.2.3", "4 June 1975", "무산", "합성 증언")


def write_list(path: Path, rows: list[tuple[str, ...]]) -> Path:
    path.write_text("\n".join(["번호,성명,성별,생년월일,출신지", *(",".join(r) for r in rows)]) + "\n",
                    encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tokens(personas: dict[str, Any]) -> dict[str, str]:
    """role -> bearer token; the outsider's token was made before the account was disabled."""
    from refwatch.api.models import ApiToken
    from refwatch.api.tokens import _mac, create_token

    out = {role: create_token(personas[role], acting_user=None)[1]
           for role in ("admin", "documenter", "analyst", "observer")}
    out["outsider"] = "rw_outsider-token-made-while-the-account-was-active-0000"
    ApiToken.objects.create(user=personas["outsider"], token_mac=_mac(out["outsider"]), hint="0000")
    return out


@pytest.fixture
def store(personas: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """Two imported lists, a person, a linkage run with a pending pair, sources,
    claims, an incident and an estimate, all with synthetic content."""
    from refwatch.analysis.lists import read_list, source_for_file
    from refwatch.jobs import queue
    from refwatch.records.actions import add_source, create_person, import_list
    from refwatch.records.models import (
        Claim,
        Estimate,
        Incident,
        LinkageRun,
        ListRecord,
        PairReview,
    )

    documenter = personas["documenter"]
    for name, rows in (("list_A", LIST_A), ("list_B", LIST_B)):
        path = write_list(tmp_path / f"{name}.csv", rows)
        import_list(read_list(source_for_file(path)), original=path.read_bytes(), acting_user=documenter)
    person = create_person(names=["여다솔", "Yo Dasol"], sex="F", birth_date="1988-02-03",
                           testimony="합성 증언: 이 문장은 시험용이다", acting_user=documenter)
    ListRecord.objects.filter(record_id__in=["A-1", "B-1"]).update(person=person)
    run = LinkageRun.objects.create(created_by=personas["analyst"], backend="duckdb", seed=1, threshold=0.9,
                                    review_floor=0.5, lists=["list_A", "list_B"], records=6, entities=5)
    left, right = ListRecord.objects.get(record_id="A-2"), ListRecord.objects.get(record_id="B-2")
    pair = PairReview.objects.create(run=run, left=left, right=right, match_probability=0.7)
    news = add_source(b"synthetic news text about a return", kind="news", filename="news.txt",
                      acting_user=documenter, title="Synthetic wire story", publisher="Test Wire",
                      published=dt.date(2023, 10, 12), reliability="B")
    testimony = add_source("합성 증언 원문 여다솔".encode(), kind="testimony", filename="t.txt",
                           acting_user=documenter, title="Testimony of 여다솔")
    incident = Incident.objects.create(title="forced repatriation 2023-10-09", event_type="forced_repatriation",
                                       date_start=dt.date(2023, 10, 9), count_low=500, count_high=600)
    public_claim = Claim.objects.create(source=news, incident=incident, event_type="forced_repatriation",
                                        count_low=600, count_high=600, count_text="about 600",
                                        sentence="About 600 people were sent back, a group said.")
    private_claim = Claim.objects.create(source=testimony, incident=incident, event_type="detention",
                                         count_text="탁보름 and two others",
                                         sentence="탁보름 saw 여다솔 taken away.")
    estimate = Estimate.objects.create(method="loglinear", observed=5, estimate=7.5, interval_low=5,
                                       interval_high=14, settings={}, diagnostics={},
                                       inputs_fingerprint="0" * 64, published=True)
    # Not published: observers must not see it. The second is withdrawn by the role probe.
    draft, to_withdraw = (
        Estimate.objects.create(method=method, observed=5, estimate=8.0, interval_low=5, interval_high=20,
                                settings={}, diagnostics={}, inputs_fingerprint="1" * 64, published=published)
        for method, published in (("lcmcr", False), ("dga", True))
    )
    job = queue.enqueue("link", {"seed": 1}, acting_user=documenter)
    return {"person": person, "run": run, "pair": pair, "news": news, "testimony": testimony,
            "incident": incident, "public_claim": public_claim, "private_claim": private_claim,
            "estimate": estimate, "draft_estimate": draft, "estimate_to_withdraw": to_withdraw,
            "job": job, **personas}


def bearer(token: str | None) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}


@pytest.fixture
def api() -> Client:
    return Client()
