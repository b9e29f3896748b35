"""``refwatch claims``: machine claims from stored sources, their review, incidents."""

from __future__ import annotations

from pathlib import Path

import click

from refwatch.cli.common import acting_user, setup_store


@click.group()
def claims() -> None:
    """Extract claims from stored sources, review them, rebuild incidents."""


@claims.command("extract")
@click.argument("source_uids", nargs=-1)
@click.option("--all", "all_sources", is_flag=True, help="every text source (news, reports, statements, UN, testimony)")
@click.option("--as", "as_user", help="act as this user (audited under their name)")
def claims_extract(source_uids: tuple[str, ...], all_sources: bool, as_user: str | None) -> None:
    """Save machine claims (unreviewed) for stored sources, then rebuild incidents."""
    setup_store()
    from refwatch.jobs.extraction import TEXT_KINDS, extract_source, rebuild_incidents
    from refwatch.records.models import Source

    user = acting_user(as_user)
    sources = (
        list(Source.objects.filter(kind__in=TEXT_KINDS).order_by("id")) if all_sources
        else [s for uid in source_uids for s in Source.objects.filter(uid=uid)]
    )
    if not sources:
        raise click.ClickException("no such source: give source uids (see `refwatch claims sources`) or --all")
    total = 0
    for source in sources:
        total += len(extract_source(source, acting_user=user))
    rebuilt = rebuild_incidents(acting_user=user)
    click.echo(f"{total} claims from {len(sources)} sources; {rebuilt.incidents} incidents")


@claims.command("sources")
def claims_sources() -> None:
    """List stored sources (uid, kind, date, publisher, SHA-256)."""
    setup_store()
    from refwatch.records.models import Source

    for s in Source.objects.order_by("id"):
        click.echo(f"{s.uid}\t{s.kind}\t{s.published or ''}\t{s.publisher}\t{s.sha256[:16]}")


@claims.command("list")
@click.option("--status", type=click.Choice(["unreviewed", "confirmed", "rejected", "all"]), default="unreviewed", show_default=True)
def claims_list(status: str) -> None:
    """List claims with their figures, dates, places and stance."""
    setup_store()
    from refwatch.records.models import Claim

    qs = Claim.objects.select_related("source").order_by("id")
    if status != "all":
        qs = qs.filter(status=status)
    for c in qs:
        count = "" if c.count_low is None else f"{c.count_low}" + ("" if c.count_high == c.count_low else f"–{c.count_high or ''}")
        click.echo(f"{c.uid}\t{c.status}\t{c.event_type}\t{count}\t{c.date_start or ''}\t{c.place_id or c.place_text}\t{c.hedging}\t{c.attributed_to}")


def _show(claim: object) -> str:
    c = claim  # a records.Claim
    sentence = c.sentence  # type: ignore[attr-defined]
    cue = c.hedge_cue  # type: ignore[attr-defined]
    marked = sentence.replace(cue, click.style(cue, bold=True)) if cue else sentence
    return (
        f"\n{click.style(c.event_type, fg='cyan')}  count {c.count_low}–{c.count_high} ({c.qualifier or '-'})  "  # type: ignore[attr-defined]
        f"date {c.date_start or '-'}..{c.date_end or '-'}  place {c.place_id or c.place_text or '-'}\n"  # type: ignore[attr-defined]
        f"hedging {c.hedging}  attributed to {c.attributed_to or '-'}  source {c.source.publisher} {c.source.published or ''}\n"  # type: ignore[attr-defined]
        f"  “{marked}”"
    )


@claims.command("review")
@click.option("--as", "as_user", required=True, help="the documenter reviewing")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def claims_review(as_user: str, password_file: Path | None) -> None:
    """Confirm, edit or reject unreviewed machine claims in the terminal."""
    setup_store()
    from refwatch.jobs.extraction import rebuild_incidents
    from refwatch.records.actions import review_claim
    from refwatch.records.models import Claim

    user = acting_user(as_user, password_file=password_file, require_password=True)
    if user is None or user.role not in ("admin", "documenter"):
        raise click.ClickException("only documenters and admins review claims")
    pending = list(Claim.objects.filter(status=Claim.Status.UNREVIEWED).select_related("source").order_by("id"))
    if not pending:
        click.echo("no claims to review")
        return
    for claim in pending:
        click.echo(_show(claim))
        choice = click.prompt("[c]onfirm, [e]dit count, [r]eject, [s]kip, [q]uit", type=click.Choice(list("cersq")), default="s")
        if choice == "q":
            break
        if choice == "s":
            continue
        edits = {}
        if choice == "e":
            edits["count_low"] = click.prompt("count low", type=int, default=claim.count_low or 0)
            edits["count_high"] = click.prompt("count high", type=int, default=claim.count_high or edits["count_low"])
        review_claim(claim, decision="reject" if choice == "r" else "confirm", edits=edits, acting_user=user)
    rebuilt = rebuild_incidents(acting_user=user)
    click.echo(f"incidents: {rebuilt.incidents}")


@claims.command("incidents")
def claims_incidents() -> None:
    """Rebuild incidents from the stored claims and list them."""
    setup_store()
    from refwatch.jobs.extraction import rebuild_incidents
    from refwatch.records.models import Incident

    rebuild_incidents(acting_user=None)
    for i in Incident.objects.order_by("date_start"):
        count = "" if i.count_low is None else f"{i.count_low}–{i.count_high}"
        click.echo(f"{i.uid}\t{i.event_type}\t{i.date_start or ''}\t{i.place_id or ''}\t{count}\t{i.claims.count()} claims")
