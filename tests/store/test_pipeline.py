"""The store's pipeline: linked persons, reviewed pairs, claims and incidents, estimates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from refwatch.analysis.lists import read_list, read_spec
from refwatch.audit.models import AuditEvent
from refwatch.records.actions import add_source, import_list, review_claim
from refwatch.records.models import Claim, Estimate, Incident, ListRecord, PairReview, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked_lists(personas: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    from refwatch.analysis.linkage.synth import generate_lists, write_lists

    write_lists(generate_lists(persons=120, lists=3, seed=11), tmp_path)
    for source in read_spec(tmp_path / "lists.toml").lists:
        import_list(read_list(source), original=source.path.read_bytes(),
                    acting_user=personas["documenter"], skip_invalid=True)
    return personas


def test_linking_the_store_makes_persons_and_keeps_them_across_runs(linked_lists: dict[str, Any]) -> None:
    from refwatch.jobs.linkage import link_store

    first = link_store(acting_user=linked_lists["analyst"], seed=3)
    assert first.entities == Person.objects.count() == first.persons_created
    assert not ListRecord.objects.filter(person__isnull=True).exists()
    persons_before = dict(ListRecord.objects.values_list("uid", "person__uid"))
    second = link_store(acting_user=linked_lists["analyst"], seed=3)
    assert second.persons_created == 0
    assert dict(ListRecord.objects.values_list("uid", "person__uid")) == persons_before
    assert AuditEvent.objects.filter(action="linkage.run").count() == 2


def test_a_reviewers_decision_overrides_the_model(linked_lists: dict[str, Any]) -> None:
    from refwatch.jobs.linkage import decide_pair, link_store

    link_store(acting_user=None, seed=3, threshold=0.99, review_floor=0.01)
    pair = PairReview.objects.filter(status="pending").order_by("-match_probability").first()
    assert pair is not None, "a low floor queues some pairs"
    decide_pair(pair, same=True, acting_user=linked_lists["documenter"])
    link_store(acting_user=None, seed=3, threshold=0.99, review_floor=0.01)
    pair.left.refresh_from_db()
    pair.right.refresh_from_db()
    assert pair.left.person_id == pair.right.person_id
    assert PairReview.objects.filter(status="pending", left=pair.left, right=pair.right).count() == 0


def test_estimates_from_the_store_record_their_inputs(linked_lists: dict[str, Any]) -> None:
    from refwatch.jobs.estimation import estimate_store, store_histories
    from refwatch.jobs.linkage import link_store

    link_store(acting_user=None, seed=3)
    histories = store_histories()
    assert int(histories.counts.sum()) == Person.objects.count()
    row = estimate_store(acting_user=linked_lists["analyst"], method="loglinear")
    assert row.observed == Person.objects.count()
    assert row.interval_low <= row.estimate <= row.interval_high
    assert row.estimate >= row.observed
    assert len(row.inputs_fingerprint) == 64
    again = estimate_store(acting_user=None, method="dga")
    assert again.inputs_fingerprint == row.inputs_fingerprint
    assert Estimate.objects.count() == 2


def test_machine_claims_are_reviewed_and_make_incidents(personas: dict[str, Any]) -> None:
    from refwatch.jobs.extraction import extract_source, rebuild_incidents

    docs = [
        ("Police in Tumen arrested 15 North Korean refugees on March 3, 2022, a rights group said.", "2022-03-06"),
        ("Fifteen North Koreans were detained in Tumen on March 3, 2022, activists said.", "2022-03-07"),
    ]
    sources = [
        add_source(text.encode(), kind="news", filename=f"d{i}.txt", acting_user=personas["documenter"],
                   published=dt.date.fromisoformat(day), lang="en")
        for i, (text, day) in enumerate(docs)
    ]
    claims = [c for s in sources for c in extract_source(s, acting_user=personas["documenter"])]
    assert claims and all(c.status == "unreviewed" and c.origin == "machine" for c in claims)
    assert Claim.objects.filter(place_id="cn-jl-tumen").exists()
    rebuild_incidents(acting_user=None)
    incident = Incident.objects.get(event_type="arrest")
    assert (incident.count_low, incident.date_start) == (15, dt.date(2022, 3, 3))
    arrest = Claim.objects.filter(event_type="arrest").first()
    assert arrest is not None
    review_claim(arrest, decision="confirm", edits={"count_high": 16}, acting_user=personas["documenter"])
    rebuild_incidents(acting_user=None)
    assert Incident.objects.get(pk=incident.pk).count_high == 16, "the incident kept its identity"
    for c in Claim.objects.all():
        review_claim(c, decision="reject", acting_user=personas["documenter"])
    rebuild_incidents(acting_user=None)
    assert not Incident.objects.exists()
    assert AuditEvent.objects.filter(action="claim.rejected").count() == Claim.objects.count()



def test_estimate_store_from_the_command_line(linked_lists: dict[str, Any]) -> None:
    import json

    from click.testing import CliRunner

    from refwatch.cli import main
    from refwatch.jobs.linkage import link_store

    link_store(acting_user=None, seed=3)
    result = CliRunner().invoke(main, ["estimate", "--store", "--method", "loglinear", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["method"] == "loglinear" and data["estimate"] >= data["observed"] == Person.objects.count()
    assert Estimate.objects.get().inputs_fingerprint
    assert CliRunner().invoke(main, ["estimate"]).exit_code != 0


def test_link_store_and_review_from_the_command_line(cli: Any, cli_home: Path, tmp_path: Path) -> None:
    from refwatch.analysis.linkage.synth import generate_lists, write_lists

    write_lists(generate_lists(persons=60, lists=3, seed=4), tmp_path / "lists")
    cli(cli_home, "import-list", str(tmp_path / "lists" / "lists.toml"), "--skip-invalid")
    first = cli(cli_home, "link", "--store", "-q", "--threshold", "0.99", "--review-floor", "0.05").stdout
    assert "persons" in first and "queued for review" in first
    pw = tmp_path / "pw"
    pw.write_text("a long synthetic passphrase")
    out = cli(cli_home, "review", "--as", "admin", "--password-file", str(pw), input="y\nq\n").stdout
    assert "match probability" in out and "1 decisions recorded" in out
    assert "linkage.pair_decided" in cli(cli_home, "audit", "show", "--last", "50").stdout
    again = cli(cli_home, "link", "--store", "-q", "--threshold", "0.99", "--review-floor", "0.05").stdout
    assert "(0 new)" in again
    wrong = cli(cli_home, "review", "--as", "admin", "--password-file", str(tmp_path / "lists" / "lists.toml"), check=False)
    assert wrong.returncode != 0 and "re-authentication failed" in wrong.stderr
