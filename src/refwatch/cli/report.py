"""``refwatch report`` and ``refwatch export-public``: outputs for the public, nobody identifiable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from refwatch.cli.common import acting_user, setup_store


@click.command()
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), required=True)
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), required=True)
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), default="html", show_default=True)
@click.option("--template", type=click.Choice(["un-submission", "briefing"]), default="un-submission",
              show_default=True)
@click.option("--small-cell", type=click.IntRange(min=1),
              help="suppress counts below this (default REFWATCH_SMALL_CELL, 5)")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--as", "as_user", help="act as this user (audited under their name)")
def report(start: dt.datetime, end: dt.datetime, lang: str, fmt: str, template: str,
           small_cell: int | None, out: Path, as_user: str | None) -> None:
    """Write an advocacy or UN-submission report (HTML or PDF) for a period."""
    setup_store()
    from refwatch.analysis.reports import DisclosureError, PdfUnavailableError
    from refwatch.jobs.reports import write_report

    if start > end:
        raise click.UsageError("--from must not be after --to")
    try:
        summary = write_report(out, start=start.date(), end=end.date(), language=lang, fmt=fmt,
                               template=template, acting_user=acting_user(as_user), threshold=small_cell)
    except PdfUnavailableError as exc:
        raise click.ClickException(str(exc)) from None
    except DisclosureError as exc:
        raise click.ClickException(f"report refused by disclosure control: {exc}") from None
    click.echo(f"wrote {out} ({fmt}, {lang}): {summary['incidents']} incidents, "
               f"{len(summary['sources'])} sources cited with their SHA-256")


@click.command("export-public")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), default="1990-01-01", show_default=True)
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), default="2100-12-31", show_default=True)
@click.option("--small-cell", type=click.IntRange(min=1))
@click.option("--as", "as_user", help="act as this user (audited under their name)")
def export_public(out: Path, start: dt.datetime, end: dt.datetime, small_cell: int | None,
                  as_user: str | None) -> None:
    """Write the public dataset (incidents, claims, counts; CSV, JSON, data dictionary)."""
    setup_store()
    from refwatch.analysis.reports import DisclosureError
    from refwatch.jobs.reports import write_public_export

    try:
        files = write_public_export(out, start=start.date(), end=end.date(),
                                    acting_user=acting_user(as_user), threshold=small_cell)
    except DisclosureError as exc:
        raise click.ClickException(f"export refused by disclosure control: {exc}") from None
    click.echo(f"wrote {len(files)} files to {out}")
