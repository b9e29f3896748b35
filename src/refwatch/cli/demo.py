"""``refwatch demo``: a fresh home with synthetic data, every stage run once.

Everything the demo stores is synthetic: the persons are composed from surname
and syllable tables, and the news-like documents are sentences written for the
demo. The lists it imported stay under ``DIR/demo/`` so anyone can check the
store against them.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

DEMO_PERSONS = 300
DEMO_LISTS = 4


def _stage(title: str) -> Callable[[Callable[[], str]], str]:
    def run(fn: Callable[[], str]) -> str:
        started = time.perf_counter()
        click.echo(f"• {title} …", err=True)
        summary = fn()
        click.echo(f"  {summary}  ({time.perf_counter() - started:.1f} s)", err=True)
        return summary

    return run


@click.command()
@click.option("--home", type=click.Path(file_okay=False, path_type=Path),
              help="data directory to create (default: a new temporary directory)")
@click.option("--persons", default=DEMO_PERSONS, show_default=True, type=click.IntRange(20, 5000))
@click.option("--seed", default=7, show_default=True)
def demo(home: Path | None, persons: int, seed: int) -> None:
    """Create a home with synthetic lists, sources and claims, and run every stage."""
    home = (home or Path(tempfile.mkdtemp(prefix="refwatch-demo-"))).resolve()
    if home.exists() and any(home.iterdir()):
        raise click.ClickException(f"{home} is not empty: the demo needs a fresh home")
    os.environ["REFWATCH_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REFWATCH_KEY_FILE", None)
    started = time.perf_counter()
    import logging

    logging.getLogger("splink").setLevel(logging.ERROR)
    from refwatch.cli.common import setup_store

    setup_store(migrate=True)
    from refwatch.cli.store import initialise_home

    demo_dir = home / "demo"
    demo_dir.mkdir(parents=True)
    password = secrets.token_urlsafe(18)
    password_file = demo_dir / "admin-password.txt"
    fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(password + "\n")

    summaries: list[str] = []
    summaries.append(_stage("initialising the home")(lambda: _init(initialise_home, password)))
    summaries.append(_stage("writing synthetic lists")(lambda: _synth(demo_dir, persons, seed)))
    summaries.append(_stage("importing the lists")(lambda: _import(demo_dir)))
    for title, stage in _optional_stages(demo_dir, seed):
        summaries.append(_stage(title)(stage))
    from refwatch.audit.chain import verify_chain

    events, problem = verify_chain()
    if problem is not None:  # pragma: no cover - would be a bug
        raise click.ClickException(f"audit chain broken: {problem}")
    click.echo("")
    click.echo(f"Refoulement Watch demo ready in {time.perf_counter() - started:.0f} s")
    click.echo(f"  home:            {home}")
    click.echo(f"  synthetic lists: {demo_dir} (lists.toml, truth.csv)")
    click.echo(f"  admin login:     admin / password in {password_file}")
    click.echo(f"  audit log:       {events} events, chain intact")
    for s in summaries:
        click.echo(f"  - {s}")
    click.echo("")
    click.echo("Try:")
    click.echo(f"  export REFWATCH_HOME={home}")
    click.echo("  refwatch audit verify")
    click.echo("  refwatch export --out records.csv        # pseudonymised")
    click.echo(f"  refwatch link {demo_dir}/lists.toml --out clusters.csv --histories histories.csv")
    click.echo("  refwatch estimate histories.csv --method all")
    click.echo("  refwatch report --from 2000-01-01 --to 2030-12-31 --format pdf --lang ko --out r.pdf")
    click.echo("  refwatch watch --backtest --from 2019-01-01 --to 2025-12-31")
    sys.stdout.flush()


def _init(initialise_home: Callable[..., None], password: str) -> str:
    initialise_home(admin_username="admin", admin_password=password, quiet=True)
    return "home initialised: key file, database, reference data, admin"


def _synth(demo_dir: Path, persons: int, seed: int) -> str:
    from refwatch.analysis.linkage.synth import generate_lists, write_lists

    result = generate_lists(persons=persons, lists=DEMO_LISTS, seed=seed)
    write_lists(result, demo_dir)
    records = sum(len(lst.records) for lst in result.lists)
    return f"{records} records of {persons} synthetic persons on {len(result.lists)} lists"


def _import(demo_dir: Path) -> str:
    from django.db import transaction

    from refwatch.analysis.lists import read_list, read_spec
    from refwatch.records.actions import import_list

    spec = read_spec(demo_dir / "lists.toml")
    added = 0
    # What each synthetic list's dates record (see its headers).
    event_types = {"A": "forced_repatriation", "B": "arrest"}
    with transaction.atomic():
        for source in spec.lists:
            result = read_list(source)
            report = import_list(result, original=source.path.read_bytes(), acting_user=None,
                                 skip_invalid=True, organisation="demo organisation",
                                 event_type=event_types.get(source.name, "detention"))
            added += report.added
    return f"{added} records imported from {len(spec.lists)} lists (identities encrypted)"


def _link(seed: int) -> str:
    from refwatch.jobs.linkage import link_store

    report = link_store(acting_user=None, seed=seed)
    return (f"linkage: {report.records} records -> {report.entities} persons; "
            f"{report.queued_for_review} uncertain pairs queued for review")


def _sources_and_claims(demo_dir: Path) -> str:
    import datetime as dt
    import json
    from importlib import resources

    from refwatch.jobs.extraction import extract_source, rebuild_incidents
    from refwatch.records.actions import add_source

    text = resources.files("refwatch.cli").joinpath("demo_documents.jsonl").read_text("utf-8")
    docs_dir = demo_dir / "documents"
    docs_dir.mkdir()
    claims = 0
    for line in text.splitlines():
        doc = json.loads(line)
        (docs_dir / f"{doc['id']}.txt").write_text(doc["text"], encoding="utf-8")
        source = add_source(
            doc["text"].encode(), kind="news", filename=f"{doc['id']}.txt", acting_user=None,
            title=doc["title"], published=dt.date.fromisoformat(doc["published"]),
            publisher=doc["publisher"], lang=doc["lang"], reliability="C",
        )
        claims += len(extract_source(source, acting_user=None))
    rebuilt = rebuild_incidents(acting_user=None)
    return (f"{len(text.splitlines())} demo news sources (written for the demo) -> {claims} machine "
            f"claims -> {rebuilt.incidents} incidents")


def _estimate(seed: int) -> str:
    from refwatch.jobs.estimation import estimate_store, set_estimate_published

    quick: dict[str, Any] = {"burn_in": 2_000, "samples": 500, "thinning": 10, "chains": 2}
    parts = []
    runs: tuple[tuple[str | None, dict[str, Any]], ...] = (("loglinear", {}), ("dga", {}), (None, quick))
    for method, settings in runs:
        row = estimate_store(acting_user=None, method=method, seed=seed, **settings)
        label = row.method + (f" + {row.settings['heterogeneity']}" if row.settings.get("heterogeneity") else "")
        parts.append(f"{label} {row.estimate:,.0f} ({row.interval_low:,.0f}–{row.interval_high:,.0f})")
    set_estimate_published(row, published=True, acting_user=None)
    return (f"estimates of everyone detained, listed or not (observed {row.observed}): "
            + "; ".join(parts) + " — the last is the method the CLI recommends for these data, "
            "published to observers")


def _watch() -> str:
    import datetime as dt

    from refwatch.analysis.warning import backtest, default_rules, evaluate
    from refwatch.jobs.watch import record_alerts, store_indicators

    indicators = store_indicators()
    report = backtest(default_rules(), indicators, dt.date(2019, 1, 1), dt.date(2025, 12, 31))
    raised = record_alerts(evaluate(default_rules(), indicators, dt.date(2023, 10, 1)), acting_user=None)
    return (f"early warning backtest 2019–2025 (shipped history + demo incidents): {report.summary().splitlines()[-1]}; "
            f"{len(raised)} alerts recorded as of 2023-10-01")


def _report(demo_dir: Path) -> str:
    import datetime as dt

    from refwatch.analysis.reports import PdfUnavailableError
    from refwatch.jobs.reports import write_report

    written = []
    for lang in ("en", "ko"):
        for fmt in ("html", "pdf"):
            out = demo_dir / f"report-{lang}.{fmt}"
            try:
                write_report(out, start=dt.date(2000, 1, 1), end=dt.date(2030, 12, 31), language=lang,
                             fmt=fmt, template="un-submission", acting_user=None)
            except PdfUnavailableError:
                continue
            written.append(out.name)
    return f"reports written under disclosure control: {', '.join(written)} in {demo_dir}"


def _optional_stages(demo_dir: Path, seed: int) -> list[tuple[str, Callable[[], str]]]:
    return [
        ("linking the lists into persons", lambda: _link(seed)),
        ("estimating the total from the linked lists", lambda: _estimate(seed)),
        ("reading claims from news sources", lambda: _sources_and_claims(demo_dir)),
        ("replaying the early-warning rules", _watch),
        ("writing the UN-submission report", lambda: _report(demo_dir)),
    ]
