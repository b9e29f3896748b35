"""Web commands: serve (pages, API, static files, a job worker), worker, token."""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType

import click

from refwatch.cli.common import setup_store


def _stop_on_signals(stop: threading.Event) -> None:
    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def _apply_migrations() -> None:
    """Bring the database up to date (a store made by an older version gains its new tables)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        click.echo("applying database migrations", err=True)
        call_command("migrate", interactive=False, verbosity=0)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="request threads")
@click.option("--no-worker", is_flag=True, help="do not run background jobs in this process")
@click.option("--trusted-proxy", default=None,
              help="address of a reverse proxy whose X-Forwarded-For/-Proto headers are trusted")
def serve(host: str, port: int, threads: int, no_worker: bool, trusted_proxy: str | None) -> None:
    """Serve the pages, the API (/api/v1/) and static files, with a background job worker."""
    setup_store()
    _apply_migrations()
    from waitress import serve as waitress_serve

    from refwatch.jobs.queue import work
    from refwatch.site.wsgi import application

    stop = threading.Event()
    worker_thread = None
    if not no_worker:
        worker_thread = threading.Thread(target=work, kwargs={"stop": stop}, name="refwatch-worker",
                                         daemon=True)
        worker_thread.start()
    _stop_on_signals(stop)
    options: dict[str, object] = {"host": host, "port": port, "threads": threads, "ident": "refwatch"}
    if trusted_proxy:
        options |= {"trusted_proxy": trusted_proxy,
                    "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto x-forwarded-host"}
    click.echo(f"serving on http://{host}:{port}/ "
               f"({'with' if worker_thread else 'without'} a job worker); Ctrl+C stops", err=True)
    try:
        waitress_serve(application, **options)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        if worker_thread is not None:
            worker_thread.join(timeout=30)


@click.command()
@click.option("--once", is_flag=True, help="run the jobs queued now, then exit")
@click.option("--poll", default=2.0, show_default=True, type=click.FloatRange(0.1, 60),
              help="seconds between looks at an empty queue")
def worker(once: bool, poll: float) -> None:
    """Run background jobs (imports, linkage, ...) until stopped."""
    setup_store()
    _apply_migrations()
    from refwatch.jobs.models import Job
    from refwatch.jobs.queue import work

    def finished(job: Job) -> None:
        detail = f" ({job.error})" if job.error else ""
        click.echo(f"job {job.uid} {job.kind}: {job.status}{detail}", err=True)

    stop = threading.Event()
    if not once:
        _stop_on_signals(stop)
    try:
        ran = work(stop=stop, once=once, poll=poll, on_finish=finished)
    except KeyboardInterrupt:
        return
    click.echo(f"{ran} job(s) run", err=True)


@click.group()
def token() -> None:
    """API tokens (Authorization: Bearer TOKEN)."""


@token.command("create")
@click.argument("username")
@click.option("--label", default="", help="what the token is for")
def token_create(username: str, label: str) -> None:
    """Create a token for USERNAME and print it (shown once; only its hash is kept)."""
    setup_store()
    _apply_migrations()
    from refwatch.accounts.models import User
    from refwatch.api.tokens import create_token

    user = User.objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    try:
        _row, raw = create_token(user, label=label, acting_user=None)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(raw)
    if sys.stderr.isatty():
        click.echo("keep it secret: it will not be shown again", err=True)


@token.command("list")
@click.argument("username", required=False)
def token_list(username: str | None) -> None:
    """Tokens (id, user, last characters, label, created, last used, state)."""
    setup_store()
    from refwatch.api.models import ApiToken

    rows = ApiToken.objects.select_related("user").order_by("id")
    if username:
        rows = rows.filter(user__username=username)
    for row in rows:
        state = "revoked" if row.revoked_at else "active"
        used = row.last_used_at.isoformat(timespec="seconds") if row.last_used_at else "-"
        click.echo(f"{row.pk}\t{row.user.username}\t…{row.hint}\t{row.label or '-'}\t"
                   f"{row.created_at.isoformat(timespec='seconds')}\t{used}\t{state}")


@token.command("revoke")
@click.argument("token_id", type=int)
def token_revoke(token_id: int) -> None:
    """Revoke a token by its id (see `refwatch token list`)."""
    setup_store()
    from refwatch.api.models import ApiToken
    from refwatch.api.tokens import revoke_token

    row = ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True).first()
    if row is None:
        raise click.ClickException(f"no active token {token_id}")
    revoke_token(row, acting_user=None)
    click.echo(f"token {token_id} revoked", err=True)
