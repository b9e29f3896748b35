"""`refwatch extract` and `refwatch incidents`: claims from news files, incidents from claims.

Both commands work on files only (no store): ``extract`` reads plain-text articles
or a documents JSONL and writes claims JSONL; ``incidents`` reads claims JSONL and
writes incidents JSON. See docs/extraction.md.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from refwatch.analysis.extraction import extract_claims, group_incidents
from refwatch.analysis.extraction.dates import parse_published

__all__ = ["extract", "incidents"]


def _documents(path: Path) -> Iterator[dict[str, Any]]:
    """Documents of a JSONL file; a broken line stops the run with its line number."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                document = json.loads(line)
            except json.JSONDecodeError as exc:
                raise click.ClickException(f"{path}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(document, dict) or not isinstance(document.get("text"), str):
                raise click.ClickException(f"{path}:{number}: a document needs a \"text\" string")
            if document.get("id") is None:
                raise click.ClickException(f"{path}:{number}: a document needs an \"id\"")
            lang = document.get("lang")
            if lang not in (None, "", "ko", "en"):
                raise click.ClickException(f"{path}:{number}: lang must be ko or en, not {lang!r}")
            yield document


def _write(claims: list[dict[str, Any]], handle: IO[str]) -> None:
    for claim in claims:
        handle.write(json.dumps(claim, ensure_ascii=False) + "\n")


@click.command("extract")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published", metavar="DATE",
              help="Publication date of FILES: YYYY, YYYY-MM or YYYY-MM-DD (relative dates resolve against it).")
@click.option("--lang", type=click.Choice(["ko", "en"]),
              help="Language of FILES (detected per sentence when omitted).")
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help='Documents JSONL: one {"id", "text", "published", "lang"} per line.')
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the claims JSONL here instead of standard output.")
def extract(files: tuple[Path, ...], published: str | None, lang: str | None, batch: Path | None,
            out: Path | None) -> None:
    """Extract claims (event, count, dates, place, perpetrator, source, hedging) from news.

    Give article FILES (plain UTF-8 text, one paragraph per line) with --published,
    or a documents JSONL with --batch. Claims are written as JSONL, one per line.
    """
    if not files and batch is None:
        raise click.UsageError("give FILE... with --published, or --batch documents.jsonl")
    if files and batch is not None:
        raise click.UsageError("give either FILE... or --batch, not both")
    if files and not published:
        raise click.UsageError("--published DATE is required with FILE arguments")
    if published and parse_published(published) is None:
        raise click.BadParameter(f"not a date: {published!r}", param_hint="--published")
    rows: list[dict[str, Any]] = []
    n_documents = 0
    if batch is not None:
        for document in _documents(batch):
            n_documents += 1
            claims = extract_claims(
                document["text"], published=document.get("published"),
                lang=document.get("lang") or None, doc_id=str(document["id"]),
                url=document.get("url"),
            )
            rows.extend(c.to_dict() for c in claims)
    else:
        for path in files:
            n_documents += 1
            text = path.read_text(encoding="utf-8")
            claims = extract_claims(text, published=published, lang=lang, doc_id=path.stem)
            rows.extend(c.to_dict() for c in claims)
    if out is None:
        _write(rows, sys.stdout)
    else:
        with out.open("w", encoding="utf-8") as handle:
            _write(rows, handle)
        click.echo(f"{len(rows)} claims from {n_documents} documents -> {out}", err=True)


@click.command("incidents")
@click.argument("claims_file", metavar="CLAIMS.jsonl",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the incidents JSON here instead of standard output.")
def incidents(claims_file: Path, out: Path | None) -> None:
    """Group claims from many documents into incidents with their range of figures.

    Claims join an incident when they have the same event type, overlapping date
    windows and compatible places. Output: {"incidents": [...], "unassigned": [...]}.
    """
    claims: list[dict[str, Any]] = []
    with claims_file.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                claim = json.loads(line)
            except json.JSONDecodeError as exc:
                raise click.ClickException(f"{claims_file}:{number}: not JSON ({exc.msg})") from exc
            for key in ("doc_id", "claim_id", "event_type"):
                if not isinstance(claim, dict) or claim.get(key) in (None, ""):
                    raise click.ClickException(f"{claims_file}:{number}: a claim needs {key!r}")
            claims.append(claim)
    report = group_incidents(claims)
    text = json.dumps(report.to_dict(), ensure_ascii=False, indent=1)
    if out is None:
        click.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"{len(report.incidents)} incidents from {len(claims)} claims -> {out}", err=True)
