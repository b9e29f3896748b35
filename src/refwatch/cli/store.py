"""Store commands: init, user, keys, audit, add-source, import-list, export, backup, restore."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import secrets
import sys
from pathlib import Path

import click

from refwatch.cli.common import acting_user, progress_bar, read_password_file, setup_store

ROLES = ("admin", "documenter", "analyst", "observer")


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


# -- init -------------------------------------------------------------------------


def initialise_home(*, admin_username: str, admin_password: str | None, quiet: bool = False) -> None:
    """Create the data directory, key file, secret, database, reference data, admin."""
    from django.conf import settings

    home: Path = settings.HOME
    home.mkdir(parents=True, exist_ok=True)
    home.chmod(0o700)
    from refwatch.crypto import KeyRing, reload_keyring

    if not settings.KEY_FILE.exists():
        KeyRing.generate().save(settings.KEY_FILE)
        if not quiet:
            _echo_err(f"created key file {settings.KEY_FILE} (mode 0600): back it up apart from the data")
    reload_keyring()
    secret_file = home / "secret_key"
    if not secret_file.exists() and not os.environ.get("REFWATCH_SECRET_KEY"):
        fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from refwatch.accounts.actions import create_user
    from refwatch.accounts.models import User
    from refwatch.records.actions import load_reference_data

    counts = load_reference_data()
    if not quiet:
        _echo_err(
            f"database ready ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}); "
            f"reference data: {counts['places']} places, {counts['instruments']} instruments"
        )
    if User.objects.filter(role="admin").exists():
        return
    if admin_password is None:
        if not sys.stdin.isatty():
            raise click.ClickException(
                "no admin yet: give --admin-password-file FILE (no terminal to prompt on)"
            )
        admin_password = click.prompt(
            f"Password for the new admin {admin_username!r}", hide_input=True, confirmation_prompt=True
        )
    create_user(admin_username, role="admin", password=admin_password, acting_user=None)
    if not quiet:
        _echo_err(f"created admin {admin_username!r}")


@click.command()
@click.option("--admin-username", default="admin", show_default=True)
@click.option("--admin-password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def init(admin_username: str, admin_password_file: Path | None) -> None:
    """Create the data directory, key file, database and an admin account."""
    setup_store(migrate=True)
    password = read_password_file(admin_password_file) if admin_password_file else None
    _run(lambda: initialise_home(admin_username=admin_username, admin_password=password))
    from django.conf import settings

    click.echo(f"refwatch home ready at {settings.HOME}")


def _run(fn: object) -> object:
    """Turn expected failures into clean CLI errors (never a traceback with values)."""
    from django.core.exceptions import ValidationError

    try:
        return fn()  # type: ignore[operator]
    except ValidationError as exc:
        raise click.ClickException("; ".join(exc.messages)) from None


# -- users --------------------------------------------------------------------------


@click.group()
def user() -> None:
    """Manage accounts and roles (admin, documenter, analyst, observer)."""


@user.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def user_add(username: str, role: str, password_file: Path | None) -> None:
    """Create an account (password prompted unless --password-file)."""
    setup_store()
    from refwatch.accounts.actions import create_user

    password = (
        read_password_file(password_file)
        if password_file
        else click.prompt(f"Password for {username}", hide_input=True, confirmation_prompt=True)
    )
    _run(lambda: create_user(username, role=role, password=password, acting_user=None))
    click.echo(f"created {role} {username}")


@user.command("list")
def user_list() -> None:
    """List accounts with their roles."""
    setup_store()
    from refwatch.accounts.models import User

    for u in User.objects.order_by("username"):
        click.echo(f"{u.username}\t{u.role}\t{'active' if u.is_active else 'disabled'}")


@user.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
def user_set_role(username: str, role: str) -> None:
    """Change a user's role."""
    setup_store()
    from refwatch.accounts.actions import set_role

    set_role(_user(username), role, acting_user=None)
    click.echo(f"{username} is now {role}")


@user.command("disable")
@click.argument("username")
def user_disable(username: str) -> None:
    """Disable an account (it can no longer log in or use tokens)."""
    setup_store()
    from refwatch.accounts.actions import disable_user

    disable_user(_user(username), acting_user=None)
    click.echo(f"{username} disabled")


@user.command("reset-2fa")
@click.argument("username")
def user_reset_2fa(username: str) -> None:
    """Remove a user's authenticator and recovery codes; they enrol again at next login."""
    setup_store()
    from refwatch.accounts.twofactor import reset_device

    reset_device(_user(username), acting_user=None)
    click.echo(f"{username} will enrol a new authenticator at next login")


def _user(username: str):  # type: ignore[no-untyped-def]
    from refwatch.accounts.models import User

    found = User.objects.filter(username=username).first()
    if found is None:
        raise click.ClickException(f"no user {username!r}")
    return found


# -- keys ---------------------------------------------------------------------------


@click.group()
def keys() -> None:
    """Encryption keys: status and rotation."""


@keys.command("status")
def keys_status() -> None:
    """Show key ids, the active key, and values still under old keys."""
    setup_store()
    from refwatch.crypto import keyring
    from refwatch.crypto.rotation import count_stale

    ring = keyring()
    click.echo(f"key file: {ring.path}")
    for kid in ring.data_keys:
        click.echo(f"  {kid}{'  (active)' if kid == ring.active else ''}")
    stale = count_stale()
    click.echo("all values under the active key" if not stale else f"values under old keys: {stale}")


@keys.command("rotate")
@click.option("--resume", is_flag=True, help="finish an interrupted rotation without adding a key")
def keys_rotate(resume: bool) -> None:
    """Add a new key and re-encrypt every value under it (resumable; store stays readable)."""
    setup_store()
    from refwatch.audit.chain import record_event
    from refwatch.crypto import keyring
    from refwatch.crypto.rotation import rotate

    done = rotate(new_key=not resume)
    record_event(None, "keys.rotated", None, {"active": keyring().active, "rows": done})
    click.echo(f"active key {keyring().active}; re-encrypted rows: {sum(done.values())}")


# -- audit --------------------------------------------------------------------------


@click.group()
def audit() -> None:
    """The append-only, hash-chained audit log."""


@audit.command("verify")
def audit_verify() -> None:
    """Exit 0 if the chain is intact; otherwise name the first bad row and exit 1."""
    setup_store()
    from refwatch.audit.chain import verify_chain

    count, problem = verify_chain()
    if problem is not None:
        _echo_err(f"audit chain BROKEN at {problem} (after {count} good events)")
        sys.exit(1)
    click.echo(f"audit chain intact: {count} events")


@audit.command("show")
@click.option("--last", default=20, show_default=True)
def audit_show(last: int) -> None:
    """Print the latest events (ids and counts only; never identities)."""
    setup_store()
    from refwatch.audit.models import AuditEvent

    for e in reversed(list(AuditEvent.objects.order_by("-id")[:last])):
        click.echo(f"{e.id}\t{e.at:%Y-%m-%d %H:%M:%S}\t{e.actor_name}\t{e.action}\t{e.object_type}:{e.object_id}\t{json.dumps(e.data, ensure_ascii=False)}")


# -- sources ------------------------------------------------------------------------


@click.command("add-source")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(["news", "report", "statement", "un", "testimony", "list"]), required=True)
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--publisher", default="")
@click.option("--title", default="")
@click.option("--lang", type=click.Choice(["ko", "en"]))
@click.option("--reliability", type=click.Choice(list("ABCDEF")), default="F", show_default=True)
@click.option("--url", default="")
@click.option("--as", "as_user", help="act as this user (audited under their name)")
def add_source(file: Path, kind: str, published: dt.datetime | None, publisher: str, title: str,
               lang: str | None, reliability: str, url: str, as_user: str | None) -> None:
    """Preserve a document: hash it, encrypt the original, log custody."""
    setup_store()
    from refwatch.records.actions import DuplicateSource
    from refwatch.records.actions import add_source as add

    try:
        source = _run(lambda: add(
            file.read_bytes(), kind=kind, filename=file.name, acting_user=acting_user(as_user),
            title=title or file.stem, published=published.date() if published else None,
            publisher=publisher, lang=lang or "", reliability=reliability, url=url,
        ))
    except DuplicateSource as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"source {source.uid}  sha256 {source.sha256}  ({source.size} bytes)")  # type: ignore[attr-defined]


# -- lists --------------------------------------------------------------------------


def _write_rejects(path: Path, errors: list) -> Path:  # type: ignore[type-arg]
    target = path.with_name(f"{path.stem}.rejects.csv")
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "row", "column", "value", "reason"])
        for e in errors:
            writer.writerow([e.file, e.row, e.column, e.value, e.reason])
    return target


@click.command("import-list")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="list name (default: the file's stem); for a single CSV/XLSX")
@click.option("--skip-invalid", is_flag=True, help="import valid rows; write rejects to NAME.rejects.csv")
@click.option("--organisation", default="")
@click.option("--event-type", type=click.Choice(["arrest", "detention", "transfer", "forced_repatriation",
              "release", "disappearance", "death_in_custody"]),
              help="what happened to the people on the list (default: detention)")
@click.option("--as", "as_user", help="act as this user (audited under their name)")
def import_list(path: Path, name: str | None, skip_invalid: bool, organisation: str,
                event_type: str | None, as_user: str | None) -> None:
    """Import a list (CSV/XLSX) or every list of a list spec TOML. All-or-nothing by default."""
    setup_store()
    from django.db import transaction

    from refwatch.analysis.lists import ListFormatError, read_list, read_spec, source_for_file
    from refwatch.records.actions import ImportRejected
    from refwatch.records.actions import import_list as store_list

    try:
        sources = (
            list(read_spec(path).lists) if path.suffix.lower() == ".toml"
            else [source_for_file(path, name=name)]
        )
        results = [read_list(s) for s in sources]
    except ListFormatError as exc:
        raise click.ClickException(str(exc)) from None
    errors = [e for r in results for e in r.errors]
    if errors and not skip_invalid:
        for e in errors[:50]:
            _echo_err(f"rejected: {e}")
        if len(errors) > 50:
            _echo_err(f"... and {len(errors) - 50} more")
        raise click.ClickException(
            f"{len(errors)} invalid value(s) in {len({(e.file, e.row) for e in errors})} row(s); "
            "nothing was imported (fix them, or use --skip-invalid)"
        )
    user = acting_user(as_user)
    try:
        with transaction.atomic(), progress_bar("importing") as progress:
            reports = [
                store_list(r, original=r.source.path.read_bytes(), acting_user=user,
                           skip_invalid=skip_invalid, organisation=organisation,
                           event_type=event_type, progress=progress)
                for r in results
            ]
    except ImportRejected as exc:  # pragma: no cover - guarded above
        raise click.ClickException(str(exc)) from None
    for result, report in zip(results, reports, strict=True):
        click.echo(
            f"{report.list_name}: {report.added} added, {report.changed} changed, "
            f"{report.unchanged} unchanged, {report.rejected} rejected"
            + (f", {report.absent} absent from this delivery (kept)" if report.absent else "")
        )
        if result.errors:
            target = _write_rejects(result.source.path, list(result.errors))
            click.echo(f"  rejects written to {target}")


# -- export, backup, restore ----------------------------------------------------------


@click.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--identities", is_flag=True, help="include names and birth dates (documenters only; audited)")
@click.option("--as", "as_user", help="the documenter exporting identities (re-authenticates)")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def export(out: Path, fmt: str, identities: bool, as_user: str | None, password_file: Path | None) -> None:
    """Export list records: pseudonymised by default."""
    setup_store()
    from refwatch.jobs.exports import export_records

    user = None
    if identities:
        if as_user is None:
            raise click.ClickException("--identities needs --as USER (a documenter or admin)")
        user = acting_user(as_user, password_file=password_file, require_password=True)
        if user is None or not user.sees_identities:
            raise click.ClickException(f"{as_user} may not export identities")
    n = export_records(out, fmt=fmt, identities_for=user)
    click.echo(f"wrote {n} records to {out}" + (" (with identities; audited)" if identities else " (pseudonymised)"))


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Write an encrypted archive of the store (restore needs the same key file)."""
    setup_store()
    from refwatch.audit.chain import record_event
    from refwatch.jobs.backup import write_backup

    record_event(None, "store.backup", None, {"file": file.name})
    counts = write_backup(file)
    click.echo(f"backup written to {file}: {sum(counts.values())} rows")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="the key file of the store that was backed up (copied into the new home)")
def restore(file: Path, key_file: Path | None) -> None:
    """Restore an archive into an empty home; verify row counts and the audit chain."""
    from refwatch.site.bootstrap import setup

    setup()
    from django.conf import settings
    from django.core.management import call_command

    from refwatch.crypto import reload_keyring
    from refwatch.jobs.backup import BackupError, restore_backup

    settings.HOME.mkdir(parents=True, exist_ok=True)
    if key_file is not None:
        if settings.KEY_FILE.exists() and settings.KEY_FILE.read_bytes() != key_file.read_bytes():
            raise click.ClickException(f"{settings.KEY_FILE} exists and differs from {key_file}")
        settings.KEY_FILE.write_bytes(key_file.read_bytes())
        settings.KEY_FILE.chmod(0o600)
    if not settings.KEY_FILE.exists():
        raise click.ClickException(f"no key file at {settings.KEY_FILE}: give --key-file")
    reload_keyring()
    call_command("migrate", interactive=False, verbosity=0)
    try:
        report = restore_backup(file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"restored {sum(report.counts.values())} rows; audit chain intact ({report.audit_events} events)")


__all__ = ["add_source", "audit", "backup", "export", "import_list", "init", "keys", "restore", "user"]
